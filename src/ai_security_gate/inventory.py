"""What the system is, for the auditors' reports: its name and owner, the models and datasets
it declares with the hashes the evidence stage computed, and the dated reviews its manifest
records. Pure: reads the loaded manifest, the evidence facts and the schema, never files.

Nothing here decides anything; the reports show it beside the decision (design: report)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .results import Asset, Inventory, JsonPath, Review

DATE_REF = "#/$defs/date"
# Dates that are not reviews: when a waiver ends, when a dataset was collected.
NOT_REVIEWS = frozenset({"expires", "collected"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")


def build(manifest: dict[str, Any], evidence: dict[str, Any], schema: dict[str, Any]) -> Inventory:
    system = _dict(manifest.get("system"))
    owner = _dict(system.get("owner"))
    return Inventory(
        system=_text(system.get("name")),
        description=_text(system.get("description")),
        owner=_text(owner.get("name")),
        assets=tuple(_assets(manifest, evidence)),
        reviews=tuple(sorted(_reviews(manifest, review_keys(schema)), key=_review_order)),
    )


def review_keys(schema: dict[str, Any]) -> frozenset[str]:
    """Property names the schema types as a date, less those that are not reviews: a new
    `last_audited: date` field in the schema is picked up without a change here."""
    out: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                if isinstance(sub, dict) and sub.get("$ref") == DATE_REF:
                    out.add(name)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return frozenset(out - NOT_REVIEWS)


def _review_order(r: Review) -> tuple[str, str]:
    return (r.date, repr(r.path))


def _reviews(node: Any, keys: frozenset[str]) -> list[Review]:
    out: list[Review] = []
    _collect_reviews(node, keys, (), out)
    return out


def _collect_reviews(node: Any, keys: frozenset[str], path: JsonPath, out: list[Review]) -> None:
    # appends, and goes down only into mappings and lists: a generator per value handed every
    # review up through each level, and made a path for every scalar (0.3 s at 10,000 models)
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, str) and _DATE.match(value):
                out.append(Review((*path, key), value))
            elif isinstance(value, (dict, list)):
                _collect_reviews(value, keys, (*path, key), out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, (dict, list)):
                _collect_reviews(value, keys, (*path, i), out)


def _assets(manifest: dict[str, Any], evidence: dict[str, Any]) -> Iterator[Asset]:
    files = evidence.get("files") or {}
    signatures = {
        tuple(s.get("path", ()))[:2]: str(s.get("status", ""))
        for s in evidence.get("signatures") or []
        if isinstance(s, dict)
    }
    for section, kind, where in (("models", "model", "artefact"), ("datasets", "dataset", "path")):
        items = manifest.get(section)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            local = _text(item.get(where))
            fact = files.get(local) if local else None
            declared = _text(item.get("sha256"))
            yield Asset(
                kind=kind,
                name=_text(item.get("name")) or f"{section}[{i}]",
                path=(section, i),
                version=_text(item.get("version") or item.get("revision")),
                supplier=_text(item.get("supplier")),
                location=local or _text(item.get("uri") or item.get("origin")),
                declared_sha256=declared.lower() if _HEX64.match(declared) else "",
                file_sha256=_file_hash(fact),
                signature=signatures.get((section, i), ""),
                datasets=tuple(
                    str(d) for d in _list(item.get("datasets")) if isinstance(d, str) and d
                )
                if kind == "model"
                else (),
            )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _file_hash(fact: Any) -> str:
    if not isinstance(fact, dict):
        return ""
    value = fact.get("sha256") or (fact.get("lfs") or {}).get("oid") or ""
    return value.lower() if isinstance(value, str) and _HEX64.match(value) else ""


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)
