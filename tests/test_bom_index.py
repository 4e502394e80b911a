"""The collect stage's join of manifest entries to AI-BOM components (evidence/bom_index.py),
and that the drift rule reads it: a drifted component is still found at any size."""

from __future__ import annotations

from ai_security_gate.evidence.bom_index import bom_matches

MODEL = "machine-learning-model"


def _c(kind: str, name: str) -> dict[str, str]:
    return {"type": kind, "name": name}


def test_matches_by_type_and_name_ignoring_case() -> None:
    components = [_c(MODEL, "Helpdesk-LLM"), _c("data", "helpdesk-llm"), _c(MODEL, "other")]
    manifest = {
        "models": [{"name": "helpdesk-llm"}, {"name": "missing"}, "not an entry", {"name": 3}],
        "datasets": [{"name": "HELPDESK-llm"}],
    }
    got = bom_matches(manifest, components)
    assert got == {"models": [[0], [], [], []], "datasets": [[1]]}


def test_every_component_of_a_name_is_matched() -> None:
    """Two components with one name (a BOM listing a model twice) are both compared: a
    second, drifted copy cannot hide behind a first, correct one."""
    components = [_c(MODEL, "m"), _c(MODEL, "M")]
    assert bom_matches({"models": [{"name": "m"}]}, components)["models"] == [[0, 1]]


def test_sections_that_are_not_lists_have_no_matches() -> None:
    got = bom_matches({"models": {"name": "m"}}, [_c(MODEL, "m")])
    assert got == {"models": [], "datasets": []}


def test_unicode_case_folds_alike() -> None:
    components = [_c(MODEL, "STRASSE-7B")]
    assert bom_matches({"models": [{"name": "straße-7b"}]}, components)["models"] == [[0]]


def test_a_package_component_stands_for_a_model_or_dataset() -> None:
    """Tools that know no ML types list them as packages; the drift rule compares those too."""
    components = [_c("package", "m"), _c(MODEL, "m"), _c("library", "m")]
    got = bom_matches({"models": [{"name": "m"}], "datasets": [{"name": "m"}]}, components)
    assert got == {"models": [[0, 1]], "datasets": [[0]]}
