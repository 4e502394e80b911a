"""Every Rego unit test of the shipped policies, run on the embedded engine, plus the rule
that every policy rule has a test that makes it fire and one that does not."""

from __future__ import annotations

import pytest

from ai_security_gate.catalogue import policytest
from ai_security_gate.policies import load_policies, rego_test_modules

_MODULES, _TESTS = policytest.discover()


def test_policies_have_tests():
    assert _TESTS, "no Rego tests found under policies/"


@pytest.fixture(scope="module")
def outcomes():
    return {o.test.id: o for o in policytest.run("regorus")}


@pytest.mark.parametrize("test_id", [t.id for t in _TESTS])
def test_rego(outcomes, test_id):
    outcome = outcomes[test_id]
    assert outcome.passed, f"{test_id} ({outcome.test.module}): {outcome.detail}"


def _rules_by_package() -> dict[str, set[str]]:
    return load_policies().index.rules_by_package()


@pytest.mark.parametrize("package", sorted(_rules_by_package()))
def test_every_rule_fires_and_passes_in_a_test(package):
    """Computed from the rule index (each rule's METADATA custom.rule) vs test rule names."""
    rules = _rules_by_package()[package]
    tests = {
        t.name for t in _TESTS if t.package in (package, f"{package}_test", f"{package}_met_test")
    }
    missing = sorted(
        f"test_{r}_{kind}"
        for r in rules
        for kind in ("fires", "passes")
        if f"test_{r}_{kind}" not in tests
    )
    assert not missing, f"{package}: rules without tests: {missing}"


def test_rule_ids_are_not_shared_across_files_of_a_package():
    """One rule may have several bodies in its file; two files must not reuse an id."""
    seen: dict[tuple[str, str], str] = {}
    entries = load_policies().index.entries
    assert entries
    for e in entries:
        key = (e.package, e.rule)
        assert seen.setdefault(key, e.file) == e.file, f"rule {e.rule} in {seen[key]} and {e.file}"


def test_rego_test_modules_are_found():
    assert all(name.endswith("_test.rego") for name, _ in rego_test_modules())
