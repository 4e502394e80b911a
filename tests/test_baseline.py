"""Baselines: known findings are accepted (waived, never pass), new ones fail, fixed ones are
reported; a new violation under the same provision is never absorbed; a pull request cannot
record its own findings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from ai_security_gate.baseline import apply, parse, snapshot
from ai_security_gate.cli import main
from ai_security_gate.results import Status
from conftest import EXAMPLES, TODAY, git
from reporters_support import sample_decision


def check(repo: Path, *args: str):
    return CliRunner().invoke(main, ["check", str(repo), "--today", TODAY, "-f", "json", *args])


def failing_copy(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "failing", repo)
    return repo


def test_known_findings_pass_the_gate_as_waived_never_as_pass(tmp_path):
    repo = failing_copy(tmp_path)
    base = tmp_path / "baseline.json"
    before = check(repo, "--write-baseline", str(base))
    assert before.exit_code == 1
    failed = {p["id"] for p in json.loads(before.output)["provisions"] if p["status"] == "fail"}
    after = check(repo, "--baseline", str(base))
    assert after.exit_code == 0, after.output
    report = json.loads(after.output)
    statuses = {p["id"]: p["status"] for p in report["provisions"]}
    assert failed and all(statuses[i] == "waived" for i in failed)
    assert all("baselined" in p["reason"] for p in report["provisions"] if p["id"] in failed)


def test_a_new_violation_under_a_known_provision_fails(tmp_path):
    repo = failing_copy(tmp_path)
    base = tmp_path / "baseline.json"
    check(repo, "--write-baseline", str(base))
    manifest = repo / "ai-security.yaml"
    text = manifest.read_text("utf-8")
    # a second model with the same problems as the first: same provisions, other paths
    first = text.index("  - name: acme-large")
    end = text.index("\n", text.index("datasets: [clause-library-2023]", first)) + 1
    manifest.write_text(
        text[:end] + text[first:end].replace("acme-large", "acme-small") + text[end:], "utf-8"
    )
    result = check(repo, "--baseline", str(base))
    assert result.exit_code == 1
    report = json.loads(result.output)
    new = [f for p in report["provisions"] if p["status"] == "fail" for f in p["findings"]]
    # every problem of the new model is new, also under provisions with known findings
    assert {f["provision"] for f in new if "acme-small" in f["message"]} >= {"5.2.1-1", "5.2.3-1"}
    # (the model after it moved from models[1] to models[2]: list indexes are part of a
    # finding's identity, so its findings show as new too; noisy, never lenient)


def test_a_second_copy_of_a_known_finding_is_new():
    decision = sample_decision()
    failed = next(r for r in decision.results if r.status is Status.FAIL and r.findings)
    baseline = parse(snapshot(decision), "b.json")
    failed.findings.append(failed.findings[0])  # the same finding once more
    apply(decision, baseline)
    assert failed.status is Status.FAIL and len(failed.findings) == 1
    assert not decision.passed


def test_fixed_findings_are_reported(tmp_path):
    repo = failing_copy(tmp_path)
    base = tmp_path / "baseline.json"
    check(repo, "--write-baseline", str(base))
    doc = json.loads(base.read_text("utf-8"))
    doc["findings"].append(
        {"fingerprint": "0" * 32, "provision": "5.2.1-1", "path": "models[7]", "message": "gone"}
    )
    base.write_text(json.dumps(doc), "utf-8")
    report = json.loads(check(repo, "--baseline", str(base)).output)
    assert any(
        "fixed since the baseline: 5.2.1-1 models[7]: gone" in n["message"]
        for n in report["notices"]
    )


def test_a_broken_baseline_is_a_clear_error(tmp_path):
    repo = failing_copy(tmp_path)
    bad = tmp_path / "baseline.json"
    bad.write_text("{not json", "utf-8")
    result = check(repo, "--baseline", str(bad))
    assert result.exit_code == 2
    assert f"{bad}: not a baseline (invalid JSON at line 1" in result.output
    assert "Traceback" not in result.output


def test_pull_request_cannot_baseline_its_own_findings(tmp_path):
    repo = failing_copy(tmp_path)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.email=t@e.x", "-c", "user.name=T", "add", "-A")
    git(repo, "-c", "user.email=t@e.x", "-c", "user.name=T", "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "feature")
    check(repo, "--write-baseline", str(repo / "baseline.json"))
    git(repo, "add", "baseline.json")
    git(repo, "-c", "user.email=t@e.x", "-c", "user.name=T", "commit", "-qm", "absorb")
    # outside pull-request mode the branch's file is used...
    assert check(repo, "--baseline", str(repo / "baseline.json")).exit_code == 0
    # ...in pull-request mode the base has no baseline: every finding is new
    result = check(repo, "--baseline", str(repo / "baseline.json"), "--base-ref", "main")
    assert result.exit_code == 1, result.output
