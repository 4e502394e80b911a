"""docs/manifest.md is written by hand from the schema: fail when a schema field is missing
from it, so a new field cannot land undocumented."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from conftest import ROOT

SCHEMA = json.loads((ROOT / "schemas" / "ai-security.schema.json").read_text())
DOC = (ROOT / "docs" / "manifest.md").read_text()


def _fields(node: dict, prefix: str, refs: frozenset[str] = frozenset()) -> Iterator[str]:
    ref = node.get("$ref")
    if ref and ref not in refs:
        yield from _fields(SCHEMA["$defs"][ref.split("/")[-1]], prefix, refs | {ref})
    for branch in node.get("anyOf", []) + node.get("oneOf", []):
        yield from _fields(branch, prefix, refs)
    if isinstance(node.get("items"), dict):  # the doc writes list items as `threats[].id`
        yield from _fields(node["items"], f"{prefix}[]" if prefix else "", refs)
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        yield path
        yield from _fields(sub, path, refs)


def _documented(section: str, field: str) -> bool:
    """A field row names the field by its path below its section, e.g. `threats[].id`."""
    part = DOC.split(f"## `{section}`", 1)
    body = part[1].split("\n## ", 1)[0] if len(part) == 2 else ""
    return re.search(rf"`{re.escape(field)}`", body) is not None


def test_every_schema_field_is_in_the_manifest_reference():
    missing = []
    for section, sub in SCHEMA["properties"].items():
        if f"## `{section}`" not in DOC:
            missing.append(section)
            continue
        missing += [f"{section}.{f}" for f in _fields(sub, "") if not _documented(section, f)]
    assert not missing, f"add these fields to docs/manifest.md: {missing}"
