"""SARIF 2.1.0: valid against the official schema, read by sarif-tools, shaped for GitHub code
scanning (rules per provision, severities, locations, stable fingerprints)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from ai_security_gate.catalog import load_catalog
from ai_security_gate.cli import main
from ai_security_gate.pipeline import git_prefix
from ai_security_gate.reporters import ReportOptions, get_renderer
from ai_security_gate.reporters.common import PROVISION_DOCS_URL
from conftest import EXAMPLES, TODAY
from reporters_support import MANIFEST, passing_decision, sample_decision

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
SARIF_TOOL = Path(sys.executable).with_name("sarif")


def render(decision) -> str:
    return get_renderer("sarif")(decision, ReportOptions())


def assert_valid_sarif(text: str) -> dict:
    """Validate against the official SARIF 2.1.0 schema (draft-04), formats included."""
    pytest.importorskip("rfc3986_validator", reason="needed to check the `uri` format")
    doc = json.loads(text)
    validator = jsonschema.Draft4Validator(
        SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)
    ]
    assert not errors, errors[:10]
    return doc


def run_of(doc: dict) -> dict:
    assert len(doc["runs"]) == 1
    return doc["runs"][0]


def test_sample_is_valid_sarif_with_one_rule_per_provision():
    run = run_of(assert_valid_sarif(render(sample_decision())))
    rules = run["tool"]["driver"]["rules"]
    catalog = load_catalog()
    assert [r["id"] for r in rules] == [p.id for p in catalog] + [
        "manifest-schema",
        "manifest-error",
    ]
    for rule, p in zip(rules[: len(catalog)], catalog, strict=True):
        assert rule["helpUri"] == f"{PROVISION_DOCS_URL}{p.id}.md"
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert "ai-security.yaml" in rule["help"]["text"]
        assert p.title in rule["fullDescription"]["text"]
        assert rule["shortDescription"]["text"].startswith(p.id)
        tags = rule["properties"]["tags"]
        assert f"principle-{p.principle}" in tags
        assert f"phase-{p.phase.replace('_', '-')}" in tags
        assert f"level-{p.level}" in tags
        assert rule["properties"]["security-severity"] == {"shall": "7.0", "should": "4.0"}[p.level]
        assert (
            rule["defaultConfiguration"]["level"]
            == {"shall": "error", "should": "warning"}[p.level]
        )


def test_organisational_provisions_say_how_to_attest():
    decision = sample_decision()
    first = decision.results[0]
    decision.results[0] = dataclasses.replace(
        first, provision=dataclasses.replace(first.provision, attestation=True)
    )
    rule = run_of(json.loads(render(decision)))["tool"]["driver"]["rules"][0]
    assert "`attestations:`" in rule["help"]["markdown"]
    assert f"provision: {first.provision.id}" in rule["help"]["text"]


def test_results_levels_locations_and_what_is_left_out():
    decision = sample_decision()
    run = run_of(json.loads(render(decision)))
    results = run["results"]
    rules = run["tool"]["driver"]["rules"]
    by_rule = {}
    for r in results:
        by_rule.setdefault(r["ruleId"], []).append(r)
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        physical = r["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == MANIFEST  # repository-relative
        assert physical["region"]["startLine"] > 0 and physical["region"]["startColumn"] > 0

    failed_shall, failed_should = (
        r for r in decision.results if r.status.value == "fail"
    )  # catalogue order: the shall comes first in the sample
    assert [r["level"] for r in by_rule[failed_shall.provision.id]] == ["error", "error"]
    assert [
        r["region"]["startLine"]
        for r in (x["locations"][0]["physicalLocation"] for x in by_rule[failed_shall.provision.id])
    ] == [f.location.line for f in failed_shall.findings]
    assert [r["level"] for r in by_rule[failed_should.provision.id]] == ["warning"]
    assert [r["level"] for r in by_rule["manifest-schema"]] == ["error"]
    assert [r["level"] for r in by_rule["manifest-error"]] == ["error"]
    waived = next(r for r in decision.results if r.status.value == "waived")
    assert waived.provision.id not in by_rule  # waived findings are not alerts
    assert run["properties"]["result"] == "fail"
    assert run["properties"]["counts"] == decision.counts()
    assert run["automationDetails"]["id"] == f"ai-security-gate/{MANIFEST}/"


def test_fail_on_should_makes_should_results_errors():
    decision = sample_decision(fail_on="should")
    results = run_of(json.loads(render(decision)))["results"]
    should = next(
        r for r in decision.results if r.status.value == "fail" and r.provision.level == "should"
    )
    assert {r["level"] for r in results if r["ruleId"] == should.provision.id} == {"error"}


def test_fingerprints_ignore_line_moves_and_tell_findings_apart():
    def prints(decision):
        return [
            (r["ruleId"], r["partialFingerprints"]["aiSecurityGate/v1"])
            for r in run_of(json.loads(render(decision)))["results"]
        ]

    before, after = prints(sample_decision()), prints(sample_decision(line_shift=7))
    assert before == after
    assert len({fp for _, fp in before}) == len(before)


def test_passing_decision_has_no_results_but_all_rules():
    run = run_of(assert_valid_sarif(render(passing_decision())))
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == len(load_catalog()) + 2
    assert run["invocations"][0]["exitCode"] == 0


def test_hostile_text_stays_valid_and_loses_control_characters():
    text = render(sample_decision())
    run = run_of(assert_valid_sarif(text))
    hostile = next(r for r in run["results"] if "<script>" in r["message"]["text"])
    assert "\x1b" not in hostile["message"]["text"] and "\x00" not in hostile["message"]["text"]
    assert "\n" in hostile["message"]["text"]  # newlines are fine in SARIF messages
    assert render(sample_decision()) == text  # deterministic


def test_sarif_tools_reads_it(tmp_path):
    path = tmp_path / "gate.sarif"
    path.write_text(render(sample_decision()), encoding="utf-8")
    summary = subprocess.run(
        [str(SARIF_TOOL), "summary", str(path)], capture_output=True, text=True, check=True
    ).stdout
    # 2 manifest errors + 2 findings of the unmet shall; 1 warning for the unmet should
    assert "error: 4" in summary
    assert "warning: 1" in summary
    assert "manifest-schema" in summary
    checked = subprocess.run(
        [str(SARIF_TOOL), "--check", "error", "summary", str(path)], capture_output=True, text=True
    )
    assert checked.returncode != 0  # sarif-tools sees the errors as errors


# --- the real CLI on the examples --------------------------------------------------------


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_failing_example_sarif_validates_and_sarif_tools_summarises(tmp_path):
    out = tmp_path / "gate.sarif"
    result = cli("check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", f"sarif:{out}")
    assert result.exit_code == 1, result.output
    doc = assert_valid_sarif(out.read_text(encoding="utf-8"))
    run = run_of(doc)
    assert run["results"], "the failing example has findings"
    assert any(r["level"] == "error" for r in run["results"])
    for r in run["results"]:
        physical = r["locations"][0]["physicalLocation"]
        # relative to the git top level (the examples sit inside this repository's work tree)
        expected = f"{git_prefix(EXAMPLES / 'failing')}/ai-security.yaml".lstrip("/")
        assert physical["artifactLocation"]["uri"] == expected
        assert physical["region"]["startLine"] >= 1
    summary = subprocess.run(
        [str(SARIF_TOOL), "summary", str(out)], capture_output=True, text=True, check=True
    ).stdout
    errors = sum(r["level"] == "error" for r in run["results"])
    assert f"error: {errors}" in summary


def test_passing_example_sarif_has_no_errors(tmp_path):
    out = tmp_path / "gate.sarif"
    result = cli("check", str(EXAMPLES / "passing"), "--today", TODAY, "-f", f"sarif:{out}")
    assert result.exit_code == 0, result.output
    run = run_of(assert_valid_sarif(out.read_text(encoding="utf-8")))
    assert not [r for r in run["results"] if r["level"] == "error"]


def test_sarif_is_byte_identical_across_runs(tmp_path):
    outputs = []
    for i in range(2):
        out = tmp_path / f"run{i}.sarif"
        subprocess.run(
            [
                str(Path(sys.executable).with_name("ai-security-gate")),
                "check",
                str(EXAMPLES / "failing"),
                "--today",
                TODAY,
                "-f",
                f"sarif:{out}",
            ],
            capture_output=True,
            check=False,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] and outputs[0] == outputs[1]
