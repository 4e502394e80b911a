"""The schema fast path: jsonschema-rs confirms that a manifest is valid.

jsonschema (pure Python) takes most of a large manifest's run and is the heaviest import of
a small one; jsonschema-rs validates the same schema natively. It only answers "valid or
not": an invalid manifest still goes through jsonschema (schema.py) for its located,
explained findings, so the findings are the same either way. For that, jsonschema-rs must
never accept what jsonschema rejects:

- formats: jsonschema-rs's own checks differ from jsonschema's (which uses rfc3986-validator
  for `uri`, a regular expression and `date.fromisoformat` for `date`, an "@" for `email`),
  so each format the schema uses is checked here by the same code as jsonschema's. A schema
  with a format not in FORMATS gets no fast path.
- patterns: Rust's `$` matches only at the very end, Python's also before a final newline,
  so jsonschema-rs is the stricter of the two; an answer of "invalid" costs only time.

tests/test_schema_fast.py holds both to the same verdict on every case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

_RE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)  # as jsonschema._format


def _is_date(instance: str) -> bool:
    try:
        return bool(_RE_DATE.fullmatch(instance) and date.fromisoformat(instance))
    except ValueError:
        return False


def _is_email(instance: str) -> bool:
    return "@" in instance


@cache
def _uri_checker() -> Callable[[str], bool] | None:
    """jsonschema checks `uri` with rfc3987 where it is installed, else rfc3986-validator,
    else not at all; the same order here."""
    try:
        import rfc3987

        def check(instance: str) -> bool:
            try:
                return bool(rfc3987.parse(instance, rule="URI"))
            except ValueError:
                return False

        return check
    except ImportError:
        pass
    try:
        from rfc3986_validator import validate_rfc3986
    except ImportError:
        return None
    return lambda instance: bool(validate_rfc3986(instance, rule="URI"))


# a URI that is certainly valid under RFC 3986 (scheme://host[:port][/path][?query][#fragment],
# unreserved and sub-delimiter characters only, no user info or percent-escapes): a subset
# of what rfc3986-validator and rfc3987 accept (tests/test_schema_fast.py), answered without
# importing either, whose expressions take 8 ms to compile. Anything else goes to them.
_PCHAR = r"[A-Za-z0-9._~!$&'()*+,;=:@-]"
_PLAIN_URI = re.compile(
    rf"[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9._~-]+(?::[0-9]+)?(?:/{_PCHAR}*)*"
    rf"(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?",
    re.ASCII,
)


def _is_uri(instance: str) -> bool:
    if _PLAIN_URI.fullmatch(instance):
        return True
    checker = _uri_checker()
    return True if checker is None else checker(instance)


FORMATS: dict[str, Callable[[str], bool]] = {
    "date": _is_date,
    "email": _is_email,
    "uri": _is_uri,
}


def build(schema: dict[str, Any]) -> Any:
    """A validator for `schema`; None when the fast path cannot be trusted for it (a format
    not in FORMATS) or jsonschema-rs is not installed."""
    if not formats_used(schema) <= set(FORMATS):
        return None
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.Draft202012Validator(
        schema, formats=FORMATS, validate_formats=True, ignore_unknown_formats=False
    )


def is_valid(validator: Any, instance: Any) -> bool:
    """True: valid, nothing more to do. False: ask jsonschema (invalid, or no fast path)."""
    if validator is None:
        return False
    try:
        return bool(validator.is_valid(instance))
    except Exception:  # a value jsonschema-rs cannot convert: let jsonschema judge it
        return False


def formats_used(node: Any) -> set[str]:
    """Every `format` keyword a schema uses (the fast validators check exactly these)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("format"), str):
                found.add(item["format"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
