"""SARIF as GitHub code scanning reads it: alert identity, repository-relative paths, one
category per manifest (a monorepo with two manifests), rule names, precision, help links."""

from __future__ import annotations

import json
import shutil
import subprocess

from click.testing import CliRunner

from ai_security_gate import __version__
from ai_security_gate.cli import main
from ai_security_gate.reporters import ReportOptions, get_renderer
from conftest import EXAMPLES, TODAY, git
from reporters_support import sample_decision
from test_reporters_sarif import SARIF_TOOL, assert_valid_sarif, run_of


def gate(*args: str):
    """The real CLI in process: what is tested is the SARIF it writes, not a process start."""
    return CliRunner().invoke(main, list(args))


def line_hashes(decision) -> list[tuple[str, str]]:
    run = run_of(json.loads(get_renderer("sarif")(decision, ReportOptions())))
    return [
        (r["ruleId"], r["partialFingerprints"]["primaryLocationLineHash"]) for r in run["results"]
    ]


def test_primary_location_line_hash_is_our_stable_fingerprint():
    before, after = line_hashes(sample_decision()), line_hashes(sample_decision(line_shift=7))
    assert before == after  # an edit above the findings keeps every alert's identity
    hashes = [h for _, h in before]
    assert len(set(hashes)) == len(hashes)  # findings that share a line stay apart
    run = run_of(json.loads(get_renderer("sarif")(sample_decision(), ReportOptions())))
    for r in run["results"]:
        fp = r["partialFingerprints"]
        assert fp["primaryLocationLineHash"].startswith(fp["aiSecurityGate/v1"] + ":")


def test_equal_fingerprints_are_numbered_not_merged():
    d = sample_decision()
    failed = next(r for r in d.results if r.findings and r.status.value == "fail")
    # same provision, rule, path and message up to a number: the same stable fingerprint
    first = failed.findings[0]
    twin = type(first)(**{**first.__dict__, "message": first.message + " (seen 3 times)"})
    triplet = type(first)(**{**first.__dict__, "message": first.message + " (seen 4 times)"})
    failed.findings[:] = [twin, triplet]
    assert twin.fingerprint == triplet.fingerprint
    hashes = [h for rule, h in line_hashes(d) if rule == failed.provision.id]
    assert hashes == [f"{twin.fingerprint}:1", f"{twin.fingerprint}:2"]


def test_rules_have_names_precision_and_versioned_help():
    run = run_of(assert_valid_sarif(get_renderer("sarif")(sample_decision(), ReportOptions())))
    rules = run["tool"]["driver"]["rules"]
    names = [r["name"] for r in rules]
    assert all(n and n[0].isupper() and " " not in n for n in names)
    assert all(r["properties"]["precision"] == "very-high" for r in rules)
    assert all(f"/blob/v{__version__}/" in r["helpUri"] for r in rules)
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    for r in run["results"]:
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["endLine"] == region["startLine"]


def test_monorepo_two_manifests_upload_side_by_side(tmp_path):
    repo = tmp_path / "mono"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for name in ("a", "b"):
        shutil.copytree(EXAMPLES / "failing", repo / "services" / name)
    docs = {}
    for name in ("a", "b"):
        out = tmp_path / f"{name}.sarif"
        result = gate(
            "check", str(repo / "services" / name), "--today", TODAY, "-f", f"sarif:{out}"
        )
        assert result.exit_code == 1, result.output
        docs[name] = run_of(assert_valid_sarif(out.read_text(encoding="utf-8")))
        summary = subprocess.run(
            [str(SARIF_TOOL), "summary", str(out)], capture_output=True, text=True, check=True
        ).stdout
        assert "error:" in summary
    for name, run in docs.items():
        assert (
            run["automationDetails"]["id"] == f"ai-security-gate/services/{name}/ai-security.yaml/"
        )
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
        }
        assert uris == {f"services/{name}/ai-security.yaml"}
        # the uri names a real file from the git top level, where code scanning looks
        assert all((repo / u).is_file() for u in uris)
    assert docs["a"]["automationDetails"]["id"] != docs["b"]["automationDetails"]["id"]


def test_checked_at_the_top_the_paths_have_no_prefix(tmp_path):
    repo = tmp_path / "single"
    shutil.copytree(EXAMPLES / "failing", repo)
    git(repo, "init", "-q", "-b", "main")
    out = tmp_path / "gate.sarif"
    assert gate("check", str(repo), "--today", TODAY, "-f", f"sarif:{out}").exit_code == 1
    run = run_of(json.loads(out.read_text(encoding="utf-8")))
    assert run["automationDetails"]["id"] == "ai-security-gate/ai-security.yaml/"
    assert {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    } == {"ai-security.yaml"}
