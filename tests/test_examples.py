"""The two example repositories through the real command line: the complete one passes with
every applicable provision `pass` or `attested`; the badly governed one fails on provisions
of at least 8 principles, and its findings point at the manifest lines that cause them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ai_security_gate.catalog import load_catalog
from ai_security_gate.cli import main
from ai_security_gate.pipeline import git_prefix
from conftest import EXAMPLES, TODAY

ARGS = ("--format", "json", "--today", TODAY, "--offline")
COMMAND = Path(sys.executable).parent / "ai-security-gate"


def _cli(example: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["check", str(EXAMPLES / example), *ARGS])
    return result.exit_code, json.loads(result.output)


def _subprocess(example: str) -> tuple[int, dict[str, Any]]:
    result = subprocess.run(
        [str(COMMAND), "check", str(EXAMPLES / example), *ARGS],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout, result.stderr
    return result.returncode, json.loads(result.stdout)


RUNNERS = {"cli": _cli, "subprocess": _subprocess}


@pytest.fixture(scope="module", params=sorted(RUNNERS))
def runner(request):
    return RUNNERS[request.param]


@pytest.fixture(scope="module")
def failing() -> dict[str, Any]:
    code, report = _cli("failing")
    assert code == 1
    return report


def test_passing_example_passes_with_every_provision_met(runner):
    code, report = runner("passing")
    assert code == 0, json.dumps(report, indent=1)
    assert report["result"] == "pass"
    assert report["manifest_findings"] == []
    assert len(report["provisions"]) == 72
    unmet = {p["id"]: p["status"] for p in report["provisions"]}
    unmet = {k: v for k, v in unmet.items() if v not in ("pass", "attested", "not_applicable")}
    assert not unmet, unmet
    # it plays developer, operator and data custodian: only provisions whose catalogue
    # condition does not hold are not applicable (it uses no poorly documented model and
    # shares no weights), each with the reason
    by_id = {p.id: p for p in load_catalog()}
    not_applicable = [p for p in report["provisions"] if p["status"] == "not_applicable"]
    assert {p["id"] for p in not_applicable} == {"5.2.3-2", "5.2.3-2.1", "5.2.3-2.2", "5.2.4-1.2"}
    for p in not_applicable:
        assert by_id[p["id"]].applies_when and p["reason"].startswith("applies only where")
    assert report["counts"]["attested"] > 0
    # every pass was earned: each lists what verified it
    assert all(p["verified"] for p in report["provisions"] if p["status"] == "pass")


def test_failing_example_fails_in_at_least_8_principles(runner):
    code, report = runner("failing")
    assert code == 1
    assert report["result"] == "fail"
    assert report["counts"]["not_assessed"] == 0
    principles = {p["principle"] for p in report["provisions"] if p["status"] == "fail"}
    assert len(principles) >= 8, sorted(principles)
    blocking = {p["principle"] for p in report["provisions"] if p["blocking"]}
    assert len(blocking) >= 8, sorted(blocking)


# --- findings point at the right line -------------------------------------------------------

MANIFEST = (EXAMPLES / "failing" / "ai-security.yaml").read_text("utf-8").splitlines()


def line_of(pattern: str, after: str | None = None) -> int:
    """1-based number of the first manifest line matching `pattern` (a regex), searching
    after the first line matching `after` when given."""
    start = line_of(after) if after else 0
    for number, text in enumerate(MANIFEST[start:], start + 1):
        if re.search(pattern, text) and not text.lstrip().startswith("#"):
            return number
    raise AssertionError(f"no line matches {pattern!r}")


# (provision, rule, path in the manifest, the line that causes the finding)
EXPECTED = [
    (
        "5.1.2-1.1",
        "p02_design.custodian_in_design",
        ["system", "design_assessment", "participants"],
        lambda: line_of(r"^    participants: \[developer\]$"),
    ),
    (
        "5.1.2-6",
        "p02_design.integration_least_privilege",
        ["system", "integrations", 0, "permissions", 1],
        lambda: line_of(r"permissions: \[sites:read\.all, sites:write\.all\]"),
    ),
    (
        "5.1.3-1.3",
        "p03_threats.accepted_risk_rationale",
        ["threat_model", "threats", 1, "rationale"],
        lambda: line_of(r"- id: T2$"),  # the threat entry that lacks it
    ),
    (
        "5.1.3-1",
        "p03_threats.ai_threat_coverage",
        ["threat_model", "threats"],
        lambda: line_of(r"^  threats:$", after=r"^threat_model:$"),
    ),
    (
        "5.1.4-3",
        "p04_human_oversight.oversight_tested",
        ["human_oversight", "mechanisms", 0, "test"],
        lambda: line_of(r"- name: procurement officer reads the summary$"),
    ),
    (
        "5.2.1-1",
        "p05_assets.model_datasets_declared",
        ["models", 0, "datasets", 0],
        lambda: line_of(r"^    datasets: \[clause-library-2023\]$"),
    ),
    (
        "5.2.2-2",
        "p06_infrastructure.api_authenticated",
        ["infrastructure", "api", "authentication"],
        lambda: line_of(r"^    authentication: none$"),
    ),
    (
        "5.2.2-3",
        "p06_infrastructure.environment_separated",
        ["infrastructure", "environments", 0, "separated"],
        lambda: line_of(r"^      separated: false$"),
    ),
    (
        "5.2.5-1",
        "p09_testing.model_version_tested",
        ["models", 1, "version"],
        lambda: line_of(r'^    version: "0\.4"$'),
    ),
    (
        "5.2.3-4",
        "p07_supply_chain.model_update_notice",
        ["end_users", "model_update_notice_days"],
        lambda: line_of(r"^  model_update_notice_days: 0$"),
    ),
    (
        "5.4.1-2",
        "p11_updates.major_update_reevaluated",
        ["updates", "major_version_reevaluation"],
        lambda: line_of(r"^  major_version_reevaluation: false$"),
    ),
    # evidence that does not prove anything (issue 10)
    (
        "5.1.2-5",
        "p02_design.dataset_use_approved",
        ["models", 1, "datasets", 0],
        lambda: line_of(r"^    datasets: \[supplier-contracts\]$"),
    ),
    (
        "5.1.2-7",
        "evidence.evidence_file_unusable",
        ["supply_chain", "suppliers", 0, "due_diligence"],
        lambda: line_of(r"^      due_diligence: docs/suppliers/acme-ai\.md$"),
    ),
    (
        "5.1.2-4",
        "evidence.evidence_file_unusable",
        ["supply_chain", "suppliers", 0, "due_diligence"],
        lambda: line_of(r"^      due_diligence: docs/suppliers/acme-ai\.md$"),
    ),
    (
        "5.1.3-1",
        "evidence.evidence_file_unusable",
        ["threat_model", "document"],
        lambda: line_of(r"^  document: docs/threat-model\.md$"),
    ),
    (
        "5.2.1-1",
        "p05_assets.sbom_inventory_gap",
        ["supply_chain", "sbom"],
        lambda: line_of(r"^  sbom: sbom/bom\.json$"),
    ),
    (
        "5.2.3-1",
        "p07_supply_chain.sbom_drift",
        ["supply_chain", "sbom"],
        lambda: line_of(r"^  sbom: sbom/bom\.json$"),
    ),
    (
        "5.2.3-1",
        "evidence.evidence_file_unusable",
        ["supply_chain", "lockfiles", 0],
        lambda: line_of(r"^  lockfiles: \[requirements\.txt\]$"),
    ),
    (
        "5.2.4-2",
        "p08_documentation.public_data_provenance",
        ["datasets", 1],
        lambda: line_of(r"^  - name: public-contract-templates$"),
    ),
    (
        "5.4.1-1",
        "evidence.evidence_file_unusable",
        ["updates", "dependency_updates"],
        lambda: line_of(r"^  dependency_updates: \.github/workflows/ci\.yml$"),
    ),
    (
        "5.4.2-1",
        "p12_monitoring.logging_declared",
        ["logging", "retention_days"],
        lambda: line_of(r"^logging:$"),  # missing key: the section that should hold it
    ),
]


@pytest.mark.parametrize(
    ("provision", "rule", "path", "line"), EXPECTED, ids=[f"{e[0]}-{e[1]}" for e in EXPECTED]
)
def test_failing_finding_points_at_the_manifest_line(failing, provision, rule, path, line):
    result = next(p for p in failing["provisions"] if p["id"] == provision)
    assert result["status"] == "fail"
    found = [f for f in result["findings"] if f["rule"] == rule and f["path"] == path]
    assert found, [(f["rule"], f["path"]) for f in result["findings"]]
    # reports name the manifest from the git top level (this project's own repository, when
    # the tests run in a git checkout)
    prefix = git_prefix(EXAMPLES / "failing")
    assert found[0]["location"]["file"] == (f"{prefix}/" if prefix else "") + "ai-security.yaml"
    assert found[0]["location"]["line"] == line()


def test_every_failing_finding_has_a_line_and_says_what_to_do(failing):
    """Messages say what is wrong, then (after `; ` or `: `) what to change."""
    for p in failing["provisions"]:
        for f in p["findings"]:
            assert f["location"]["line"] >= 1, f
            assert f["provision"] == p["id"], f
            wrong, _, fix = re.split(r"(; |: )", f["message"], maxsplit=1)
            assert wrong and fix, f["message"]
