"""Real OPA is the reference: every Rego unit test and every example manifest must give the
same result on OPA (v1.20.2 in-process, PyPI opa-golib-python-bindings) as on the embedded
regorus engine: the same tests passing, the same violations, the same statuses.

Test-only: where the OPA bindings cannot be installed these tests are reported as SKIPPED
with the reason, never passed silently. `.ci/run` installs them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from ai_security_gate import policytest
from ai_security_gate.engines import get_engine
from ai_security_gate.errors import GateError
from ai_security_gate.pipeline import CheckOptions, run_check
from ai_security_gate.policies import load_policies
from ai_security_gate.reporters.json_report import as_dict
from conftest import EXAMPLES, TODAY

try:
    from opa_bindings import OpaEngine

    OpaEngine().close()
except Exception as exc:  # not installed, or its native library does not load on this machine
    pytest.skip(
        f"real OPA in-process is not available ({type(exc).__name__}: {exc}); install it with "
        "`pip install --no-deps --ignore-requires-python opa-golib-python-bindings==0.4.4`",
        allow_module_level=True,
    )


ENGINES = ("regorus", "opa")


def _run(engine_name: str) -> dict[str, bool]:
    """test id -> passed, for every Rego test, evaluating each test package as one document.

    OPA prepares every distinct query anew (about 0.25 s), so one query per test, as
    policytest.run does, takes minutes for the whole suite; a package at a time takes
    seconds. A test passes when its rule is true in the package document, as in
    policytest.run; a package whose evaluation fails is run test by test."""
    modules, tests = policytest.discover()
    engine = get_engine(engine_name)
    engine.load(load_policies().sources() + modules, {})
    out: dict[str, bool] = {}
    for package in sorted({t.package for t in tests}):
        mine = [t for t in tests if t.package == package]
        try:
            document = engine.document(package, {}) or {}
        except GateError:
            document = None
        for t in mine:
            if document is not None:
                out[t.id] = document.get(t.name) is True
                continue
            try:
                out[t.id] = engine.document(t.id, {}) is True
            except GateError:
                out[t.id] = False
    return out


@pytest.fixture(scope="module")
def outcomes() -> dict[str, dict[str, bool]]:
    return {e: _run(e) for e in ENGINES}


def test_package_runner_agrees_with_the_project_runner(outcomes):
    """The faster runner above gives policytest.run's verdicts (checked on regorus)."""
    assert outcomes["regorus"] == {o.test.id: o.passed for o in policytest.run("regorus")}


def test_both_engines_ran_the_same_tests(outcomes):
    assert len(outcomes["opa"]) > 300, "the Rego test suite did not run on OPA"
    assert sorted(outcomes["opa"]) == sorted(outcomes["regorus"])


def test_every_rego_test_passes_on_real_opa(outcomes):
    failed = sorted(t for t, ok in outcomes["opa"].items() if not ok)
    assert not failed, f"Rego tests failing on real OPA: {failed}"


def test_every_rego_test_has_the_same_outcome_on_both_engines(outcomes):
    differ = sorted(t for t, ok in outcomes["opa"].items() if ok != outcomes["regorus"][t])
    assert not differ, f"outcome differs between OPA and regorus: {differ}"


def _report(repo: Path, engine: str) -> dict[str, Any]:
    decision = run_check(
        CheckOptions(
            repo=repo,
            engine=engine,
            today=dt.date.fromisoformat(TODAY),
            offline=True,
            use_cache=False,
        )
    )
    report = as_dict(decision)
    report.pop("engine")
    return report


def _minimal(tmp_path: Path) -> Path:
    """A manifest with only the required keys: nearly every rule fires on it."""
    (tmp_path / "ai-security.yaml").write_text(
        "version: 1\nsystem:\n  name: bare\n  roles: [developer, system_operator]\n", "utf-8"
    )
    return tmp_path


@pytest.mark.parametrize("example", ["passing", "failing", "minimal"])
def test_example_manifests_give_identical_reports(example, tmp_path):
    repo = _minimal(tmp_path) if example == "minimal" else EXAMPLES / example
    on_opa = _report(repo, "opa")
    on_regorus = _report(repo, "regorus")
    assert json.dumps(on_opa, indent=1, sort_keys=True) == json.dumps(
        on_regorus, indent=1, sort_keys=True
    )
    # the comparison is not vacuous: the reports carry statuses, and findings where expected
    statuses = {p["status"] for p in on_opa["provisions"]}
    assert len(on_opa["provisions"]) == 72
    if example == "passing":
        assert statuses <= {"pass", "attested", "not_applicable"}
    else:
        assert "fail" in statuses
        assert sum(len(p["findings"]) for p in on_opa["provisions"]) > 40
