"""The schema index walks the schema once: $ref, anyOf/oneOf/allOf and cycles resolved in
one place; fields carry their x-provisions, evidence types their x-evidence."""

from __future__ import annotations

import re

from ai_security_gate.catalog import load_catalog
from ai_security_gate.schema_index import build_schema_index, shipped_schema_index

SCHEMA = {
    "type": "object",
    "properties": {
        "doc": {
            "description": "A document (9.9-1).",
            "x-provisions": ["9.9-1"],
            "$ref": "#/$defs/doc",
        },
        "items": {
            "x-provisions": ["9.9-2"],
            "type": "array",
            "items": {"$ref": "#/$defs/item"},
        },
        "either": {
            "oneOf": [
                {"type": "object", "properties": {"a": {"$ref": "#/$defs/path"}}},
                {
                    "type": "object",
                    "properties": {"b": {"x-provisions": ["9.9-3"], "type": "string"}},
                },
            ]
        },
    },
    "$defs": {
        "path": {"x-evidence": "repo_path", "type": "string"},
        "doc": {"x-evidence": "doc_ref", "type": "string"},
        "item": {
            "type": "object",
            "properties": {
                "file": {"x-provisions": ["9.9-2"], "$ref": "#/$defs/path"},
                "child": {"$ref": "#/$defs/item"},  # a cycle: not entered again
            },
        },
    },
}


def test_fields_paths_provisions_and_evidence():
    index = build_schema_index(SCHEMA)
    got = {f.display: (f.provisions, f.evidence) for f in index.fields}
    assert got == {
        "doc": (("9.9-1",), "doc_ref"),
        "items": (("9.9-2",), None),
        "items[]": (("9.9-2",), None),
        "items[].file": (("9.9-2",), "repo_path"),
        "items[].child": ((), None),
        "either": ((), None),
        "either.a": ((), "repo_path"),
        "either.b": (("9.9-3",), None),
    }
    assert index.describe("doc") == "A document (9.9-1)."
    assert [f.display for f in index.fields_for("9.9-2")] == [
        "items",
        "items[].file",
    ]
    assert index.engine_data() == [
        {"path": ["doc"], "provisions": ["9.9-1"]},
        {"path": ["items", "*", "file"], "provisions": ["9.9-2"]},
    ]
    assert index.evidence_provisions() == ("9.9-1", "9.9-2")


def test_the_shipped_schema_marks_what_its_descriptions_say():
    """A description naming a provision and the field's x-provisions cannot drift apart."""
    ids = [p.id for p in load_catalog()]
    index = shipped_schema_index()
    assert len(index.fields) > 150
    drift = []
    for f in index.fields:
        named = {
            i for i in ids if re.search(rf"(?<![\d.]){re.escape(i)}(?![\d.]*\d)", f.description)
        }
        if not named <= set(f.provisions):
            drift.append((f.display, sorted(named - set(f.provisions))))
    assert not drift, f"fields whose description names provisions x-provisions lacks: {drift}"
    assert {p for f in index.fields for p in f.provisions} <= set(ids)


def test_the_shipped_evidence_fields_include_the_known_ones():
    evidence = {f.display: f for f in shipped_schema_index().evidence_fields()}
    assert evidence["threat_model.document"].evidence in ("repo_path", "doc_ref")
    assert "5.1.3-1" in evidence["threat_model.document"].provisions
    assert evidence["models[].artefact"].provisions
    assert "attestations[].evidence" in evidence
    assert "system.name" not in evidence
