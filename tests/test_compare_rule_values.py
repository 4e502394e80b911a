"""bench/compare_rule_values.py, the check that a policy rewrite for speed (issue 15) changed
no result, can fail: a copy of the policies that lost one rule body, as a careless rewrite
would, differs on the committed examples; an untouched copy does not. Its near-miss variants
are schema-valid and the same for the same seed (a comparison is repeatable).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from ai_security_gate.schema import schema_document

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> Any:
    sys.path.insert(0, str(ROOT / "bench"))  # it imports profile_queries from there
    spec = importlib.util.spec_from_file_location(
        "compare_rule_values", ROOT / "bench" / "compare_rule_values.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> Any:
    return _bench()


@pytest.fixture(scope="module")
def inputs(bench: Any) -> list[tuple[str, str]]:
    return list(bench.example_inputs())


def _differences(bench: Any, other: Path, inputs: list[tuple[str, str]]) -> list[str]:
    here, there = bench.engine_for(ROOT / "policies"), bench.engine_for(other)
    out = []
    for _, doc_json in inputs:
        a, _ = bench.rule_values(here, doc_json)
        b, _ = bench.rule_values(there, doc_json)
        out += bench.differences(a, b)
    return out


def test_an_untouched_copy_gives_the_same_values(
    bench: Any, inputs: list[tuple[str, str]], tmp_path: Path
) -> None:
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    assert _differences(bench, tmp_path / "policies", inputs) == []


def test_a_rewrite_that_loses_a_body_is_caught(
    bench: Any, inputs: list[tuple[str, str]], tmp_path: Path
) -> None:
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    module = tmp_path / "policies" / "p07_supply_chain" / "supply_chain.rego"
    source = module.read_text(encoding="utf-8")
    # the first body (supply_chain_controls, which fires on the failing example) renamed away
    assert source.count("violations contains v if {") > 1
    module.write_text(
        source.replace("violations contains v if {", "lost contains v if {", 1), encoding="utf-8"
    )
    found = _differences(bench, tmp_path / "policies", inputs)
    assert any(line.startswith("data.ai_security.p07_supply_chain.violations") for line in found)


def test_near_miss_variants_are_schema_valid_and_repeatable(
    bench: Any, inputs: list[tuple[str, str]]
) -> None:
    doc = json.loads(inputs[0][1])
    validator = Draft202012Validator(schema_document())
    made = [bench.mutated(doc, seed) for seed in range(12)]
    kept = [variant for variant in made if variant is not None]
    assert kept, "no schema-valid variant in 12 seeds"
    assert all(validator.is_valid(variant["manifest"]) for variant in kept)
    assert any(variant["manifest"] != doc["manifest"] for variant in kept)
    assert made == [bench.mutated(doc, seed) for seed in range(12)]
