"""The CycloneDX fast path (evidence/bom_fast.py) never accepts a BOM the library's strict
validator rejects, and it takes a large BOM in linear time where the library is quadratic."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from ai_security_gate.evidence import bom_fast
from ai_security_gate.evidence.bom import validate_cyclonedx
from conftest import EXAMPLES

EXAMPLE = json.loads((EXAMPLES / "passing" / "sbom" / "ai-bom.cdx.json").read_text())
MODEL = 1  # an index into EXAMPLE["components"] of a component with hashes and licences


def _set(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(EXAMPLE)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


def _del(path: tuple[Any, ...]) -> dict[str, Any]:
    doc = copy.deepcopy(EXAMPLE)
    node = doc
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return doc


def _duplicate_component() -> dict[str, Any]:
    doc = copy.deepcopy(EXAMPLE)
    doc["components"].append(copy.deepcopy(doc["components"][0]))
    return doc


def _model_key() -> int:
    return next(i for i, c in enumerate(EXAMPLE["components"]) if c.get("hashes"))


CASES = {
    "the example": EXAMPLE,
    "a timestamp that is not a date-time": _set(("metadata", "timestamp"), "18 Sept 2026"),
    "a timestamp with a trailing newline": _set(
        ("metadata", "timestamp"), "2026-09-18T10:00:00Z\n"
    ),
    "an email without @": _set(("metadata", "authors", 0, "email"), "dana.example.com"),
    "a url that is not an iri": _set(("metadata", "manufacturer", "url", 0), "http://a b"),
    "a serial number off the pattern": _set(("serialNumber",), "urn:uuid:not-a-uuid"),
    "a serial number with a final newline": _set(
        ("serialNumber",), "urn:uuid:6f1c2a4e-93b7-4d5e-8a21-0c9e4b7d3f58\n"
    ),
    "an unknown property (strict)": _set(("metadata", "colour"), "blue"),
    "a component without a name": _del(("components", 0, "name")),
    "an unknown component type": _set(("components", 0, "type"), "spaceship"),
    "a licence id not in SPDX": _set(
        ("components", 0, "licenses"), [{"license": {"id": "Not-A-Licence"}}]
    ),
    "a version that is a number": _set(("version",), "1"),
    "a duplicated component (uniqueItems)": _duplicate_component(),
    "components not a list": _set(("components",), {}),
}


def _library_verdict(doc: dict[str, Any]) -> bool:
    version = SchemaVersion.from_version(doc["specVersion"])
    return JsonStrictValidator(version).validate_str(json.dumps(doc)) is None


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_fast_path_never_accepts_what_the_library_rejects(name):
    """The fast path may say "not known valid" where the library accepts (Rust's `$` is
    stricter), never the reverse; the gate's verdict is the library's either way."""
    doc = CASES[name]
    version = SchemaVersion.from_version(doc["specVersion"])
    library = _library_verdict(doc)
    if bom_fast.is_valid(doc, version):
        assert library, f"{name}: the fast path accepted what the library rejects"
    assert (validate_cyclonedx(json.dumps(doc).encode(), doc["specVersion"]) is None) == library


def test_the_corpus_has_both_verdicts_and_the_fast_path_decides_most():
    verdicts = {name: _library_verdict(doc) for name, doc in CASES.items()}
    fast = {name: bom_fast.is_valid(doc, SchemaVersion.V1_6) for name, doc in CASES.items()}
    assert sum(not v for v in verdicts.values()) >= 8, verdicts
    assert fast["the example"]


def test_a_hash_mismatch_in_pattern_is_judged_the_same():
    i = _model_key()
    doc = _set(("components", i, "hashes", 0, "content"), "not-hex")
    version = SchemaVersion.from_version(doc["specVersion"])
    assert bom_fast.is_valid(doc, version) is False
    assert _library_verdict(doc) is False


def test_a_large_valid_bom_never_reaches_the_quadratic_validator():
    """The library's validator is quadratic (uniqueItems: 3.4 s at 2,000 components, minutes
    at 20,000): a large valid BOM must be confirmed by the linear fast path, so the library
    never runs for it. Checked by the path taken, not by a time (timings flake on a shared
    machine; bench/bench_scale.py measures the cost)."""
    from ai_security_gate.evidence.bom import _fast_valid

    template = EXAMPLE["components"][0]
    doc = copy.deepcopy(EXAMPLE)
    doc["components"] = [
        {**template, "bom-ref": f"c{i}", "name": f"adapter-{i:05d}"} for i in range(8_000)
    ]
    raw = json.dumps(doc).encode()
    assert _fast_valid(raw, SchemaVersion.from_version(doc["specVersion"])) is True
    assert validate_cyclonedx(raw, EXAMPLE["specVersion"]) is None
