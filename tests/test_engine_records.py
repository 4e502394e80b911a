"""A policy's `violations` and `met` records must be objects naming their provision: anything
else is a policy error (exit 2 in the CLI) naming the package and what is missing, on the real
embedded engine, never a silently dropped or half-read record."""

from __future__ import annotations

import pytest

from ai_security_gate.engines import get_engine
from ai_security_gate.errors import GateError

GOOD = {
    "violations": '{"provision": "5.2.1-1", "rule": "r", "message": "m", "path": ["a", 0]}',
    "met": '{"provision": "5.2.1-1", "rule": "r", "what": "w", "path": ["a"]}',
}
WANTS = {"violations": "'message'", "met": "'what'"}
WHAT = {"violations": "a violation", "met": "a `met` record"}


def _evaluate(rule: str, record: str):
    engine = get_engine("regorus")
    module = f"package ai_security.custom.t\n\nimport rego.v1\n\n{rule} contains {record} if true\n"
    engine.load([("t.rego", module)], {})
    return engine.evaluate({})


@pytest.mark.parametrize("rule", sorted(GOOD))
def test_a_well_formed_record_is_read_whole(rule):
    results = _evaluate(rule, GOOD[rule])
    read = results.violations if rule == "violations" else results.met
    assert len(read) == 1
    assert (read[0].package, read[0].rule, read[0].provision) == ("custom.t", "r", "5.2.1-1")


@pytest.mark.parametrize("rule", sorted(GOOD))
@pytest.mark.parametrize("record", ['"just text"', '{"message": "m", "what": "w"}', "42"])
def test_a_record_without_a_provision_is_a_policy_error(rule, record):
    with pytest.raises(GateError) as err:
        _evaluate(rule, record)
    text = str(err.value)
    assert text.startswith(f"policy package custom.t: {WHAT[rule]} must be an object")
    assert f"'provision', {WANTS[rule]} and 'path'" in text


@pytest.mark.parametrize("name", ["regorus", "opa"])
def test_an_undefined_or_missing_rule_hides_no_other_package(name):
    """The embedded engine reads every package's rules in one query (issue 15): a package
    without `met`, or whose `violations` is a complete rule left undefined, must not make the
    other packages' findings disappear (a plain `x := rule` binding would: fail-open)."""
    try:
        engine = get_engine(name)
    except GateError as exc:  # real OPA bindings are optional here
        pytest.skip(f"{name} not available: {exc}")
    head = "package ai_security.custom.{}\n\nimport rego.v1\n\n"
    modules = [
        ("a.rego", head.format("a") + f"violations contains {GOOD['violations']} if true\n"),
        ("b.rego", head.format("b") + f"violations := [{GOOD['violations']}] if false\n"),
        ("c.rego", head.format("c") + f"met contains {GOOD['met']} if input.ok\n"),
    ]
    engine.load(modules, {})
    results = engine.evaluate({"ok": True})
    assert [v.package for v in results.violations] == ["custom.a"]
    assert [m.package for m in results.met] == ["custom.c"]
