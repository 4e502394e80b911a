"""Dates mean what they say.

Every date field in the manifest schema records something that happened (a review, an
exercise, a test, a collection) except the expiries of waivers. A date that has not
happened yet proves nothing: it is a finding under the provisions the date serves. Dates the
engine cannot compare (Rego time values are int64 nanoseconds: 1678-2261) are schema findings,
so they never make a run fail with exit 2.

The date fields are read from the schema (every `$ref: #/$defs/date`), so a new one is
picked up without code changes; tests/test_dates.py fails until SERVES says which provisions
it serves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from typing import Any

from .results import Finding, JsonPath, SourceMap

# JSON-path pattern ("*" is any list index) -> the provisions that date serves.
SERVES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("system", "design_assessment", "date"): ("5.1.2-1",),
    ("models", "*", "evaluation", "date"): ("5.2.3-3",),
    ("datasets", "*", "collected"): ("5.2.4-2.1",),
    ("threat_model", "last_reviewed"): ("5.1.3-1", "5.1.3-1.1"),
    ("infrastructure", "access_control", "last_reviewed"): ("5.2.2-1", "5.1.3-4"),
    ("infrastructure", "disaster_recovery", "last_tested"): ("5.2.1-3",),
    ("infrastructure", "rollback", "last_tested"): ("5.2.1-3.1",),
    ("supply_chain", "suppliers", "*", "reviewed"): ("5.1.2-7",),
    ("testing", "security_tests", "*", "date"): ("5.2.5-1",),
    ("testing", "pre_deployment", "date"): ("5.2.5-2",),
    ("incident_response", "last_exercised"): ("5.2.2-5",),
}
# Dates in the future by design, or checked where their provision is known per entry.
FUTURE_ALLOWED = {("waivers", "*", "expires")}
CHECKED_ELSEWHERE = {("attestations", "*", "date"), ("not_applicable", "*", "reviewed")}

# Rego compares dates as int64 nanoseconds since 1970: about 1677-09-21 to 2262-04-11.
FIRST_YEAR, LAST_YEAR = 1678, 2261


@cache
def date_fields() -> tuple[tuple[str, ...], ...]:
    """The JSON-path patterns of every date field in the manifest schema."""
    from .schema import schema_document

    schema = schema_document()
    defs = schema.get("$defs", {})
    out: list[tuple[str, ...]] = []

    def walk(node: Any, path: tuple[str, ...], seen: frozenset[str]) -> None:
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if ref == "#/$defs/date":
            out.append(path)
            return
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                walk(defs.get(name), path, seen | {name})
        for key, sub in node.get("properties", {}).items():
            walk(sub, (*path, key), seen)
        if "items" in node:
            walk(node["items"], (*path, "*"), seen)
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in node.get(key, []):
                walk(sub, path, seen)

    walk(schema, (), frozenset())
    return tuple(dict.fromkeys(out))


def values(data: Any, pattern: tuple[str, ...]) -> Iterator[tuple[JsonPath, Any]]:
    """(path, value) of each value in `data` at the pattern."""

    def walk(node: Any, rest: tuple[str, ...], path: JsonPath) -> Iterator[tuple[JsonPath, Any]]:
        if not rest:
            yield path, node
            return
        head, tail = rest[0], rest[1:]
        if head == "*":
            if isinstance(node, list):
                for i, item in enumerate(node):
                    yield from walk(item, tail, (*path, i))
        elif isinstance(node, dict) and head in node:
            yield from walk(node[head], tail, (*path, head))

    yield from walk(data, pattern, ())


def parse(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10]) if len(value) == 10 else None
    except ValueError:
        return None


def unrepresentable(data: Any, source_map: SourceMap) -> list[Finding]:
    """Schema findings for valid dates outside the years the engine can compare."""
    out = []
    for pattern in date_fields():
        for path, value in values(data, pattern):
            day = parse(value)
            if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
                out.append(
                    Finding(
                        source="schema",
                        rule="schema.format",  # hidden from the engine like any bad date
                        path=path,
                        location=source_map.locate(path),
                        message=f"{value!r} is outside the years {FIRST_YEAR}-{LAST_YEAR} the gate "
                        "can compare; write the real date",
                    )
                )
    return out


def future(data: Any, source_map: SourceMap, today: dt.date) -> list[Finding]:
    """A finding, under each provision it serves, for every recorded event dated after today."""
    out = []
    for pattern, provisions in SERVES.items():
        for path, value in values(data, pattern):
            day = parse(value)
            if day is None or day <= today or not FIRST_YEAR <= day.year <= LAST_YEAR:
                continue
            for pid in provisions:
                out.append(
                    Finding(
                        source="policy",
                        rule="dates.future",
                        provision=pid,
                        path=path,
                        location=source_map.locate(path),
                        message=f"{_text(path)} is {value}, after today ({today}): a date records "
                        "something that happened; write the date it happened",
                    )
                )
    return out


def _text(path: JsonPath) -> str:
    from .results import format_path

    return format_path(path)
