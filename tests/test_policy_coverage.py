"""`verify --coverage`: the policy lines the Rego tests execute (the embedded engine's
coverage report) and the rule bodies no test makes fire. The shipped policies are at 100 %
and every body fires; CI fails otherwise."""

from __future__ import annotations

from click.testing import CliRunner

from ai_security_gate.catalogue.policy_coverage import coverage_text, ranges
from ai_security_gate.catalogue.policytest import run_with_coverage
from ai_security_gate.cli import main
from ai_security_gate.policies import load_policies

META = (
    "# METADATA\n# title: Owner\n# description: The system names its owner.\n"
    '# custom:\n#   provision: ["5.2.4-1"]\n#   rule: owner\n'
)
POLICY = (
    "package ai_security.org\n\nimport rego.v1\n\n"
    + META
    + "violations contains v if {\n"
    + "\tnot input.manifest.system.owner\n"
    + '\tv := {"provision": "5.2.4-1", "rule": "owner", "message": "m", "path": ["system"]}\n'
    + "}\n\n"
    + META
    + "violations contains v if {\n"
    + '\tinput.manifest.system.owner == ""\n'
    + '\tv := {"provision": "5.2.4-1", "rule": "owner", "message": "m", "path": ["system"]}\n'
    + "}\n"
)
TESTS = (
    "package ai_security.org_test\n\nimport rego.v1\nimport data.ai_security.org\n\n"
    'test_owner_fires if count(org.violations) == 1 with input as {"manifest": {}}\n\n'
    "test_owner_passes if count(org.violations) == 0 with input as "
    '{"manifest": {"system": {"owner": "x"}}}\n'
)


def test_the_shipped_policies_are_fully_covered_and_every_body_fires():
    outcomes, cov = run_with_coverage()
    assert outcomes and all(o.passed for o in outcomes)
    assert cov.lines > 1000, "the coverage report holds no policy lines"
    # every shipped module is in the report: one the tests never load cannot hide there
    shipped = {m.name for m in load_policies().modules}
    assert shipped == {f.name for f in cov.files}
    assert cov.complete and cov.percent == 100.0, coverage_text(cov)


def test_a_body_no_test_makes_fire_is_reported_with_its_lines(tmp_path):
    (tmp_path / "org.rego").write_text(POLICY, encoding="utf-8")
    (tmp_path / "org_test.rego").write_text(TESTS, encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", "--coverage", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "2 passed, 0 failed" in result.output
    name = f"{tmp_path.name}/org.rego"
    assert f"{name}: never executed: 22, 24" in result.output  # the second body
    assert f"{name}:22: no test makes this body of org.owner fire" in result.output
    assert f"{name}:11:" not in result.output  # the first body fires


def test_full_coverage_exits_0(tmp_path):
    fired = TESTS + (
        "\ntest_owner_fires_when_empty if count(org.violations) == 1 with input as "
        '{"manifest": {"system": {"owner": ""}}}\n'
    )
    (tmp_path / "org.rego").write_text(POLICY, encoding="utf-8")
    (tmp_path / "org_test.rego").write_text(fired, encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", "--coverage", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "policy coverage: 100.0 %" in result.output


def test_coverage_needs_the_embedded_engine():
    result = CliRunner().invoke(main, ["verify", "--coverage", "--engine", "opa"])
    assert result.exit_code == 2
    assert "--coverage needs the embedded engine" in result.output


def test_ranges():
    assert ranges((3, 4, 5, 9, 11, 12)) == "3-5, 9, 11-12"
    assert ranges(()) == ""
