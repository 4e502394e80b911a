"""docs/manifest.md is written by hand from the schema: fail when a schema field is missing
from it, so a new field cannot land undocumented."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ai_security_gate.schema_index import ITEM, SchemaField, shipped_schema_index
from conftest import ROOT

SCHEMA = json.loads((ROOT / "schemas" / "ai-security.schema.json").read_text())
DOC = (ROOT / "docs" / "manifest.md").read_text()


def _fields() -> Iterator[tuple[str, str]]:
    """(section, field path below it as the doc writes it, e.g. `threats[].id`), from the
    schema index; a top-level list's items are written without `[]`."""
    for f in shipped_schema_index().fields:
        if len(f.path) < 2 or f.path[-1] == ITEM:
            continue
        rest = f.path[1:]
        if rest[0] == ITEM:
            rest = rest[1:]
        yield f.path[0], SchemaField(rest, "", (), None).display


def _documented(section: str, field: str) -> bool:
    """A field row names the field by its path below its section, e.g. `threats[].id`."""
    part = DOC.split(f"## `{section}`", 1)
    body = part[1].split("\n## ", 1)[0] if len(part) == 2 else ""
    return re.search(rf"`{re.escape(field)}`", body) is not None


def test_every_schema_field_is_in_the_manifest_reference():
    missing = [section for section in SCHEMA["properties"] if f"## `{section}`" not in DOC]
    fields = list(_fields())
    assert len(fields) > 100
    missing += [f"{section}.{f}" for section, f in fields if not _documented(section, f)]
    assert not missing, f"add these fields to docs/manifest.md: {missing}"
