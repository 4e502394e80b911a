"""Evidence end to end: the real pipeline and CLI on copies of examples/passing, tampered
with, and turned into git repositories with pull requests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ai_security_gate import schema
from ai_security_gate.catalog import load_catalog
from ai_security_gate.cli import main
from ai_security_gate.errors import GateError
from ai_security_gate.evidence import collect
from ai_security_gate.loader import load_manifest
from ai_security_gate.pipeline import CheckOptions, run_check
from ai_security_gate.schema_index import shipped_schema_index
from conftest import EXAMPLES, TODAY

DATE = __import__("datetime").date.fromisoformat(TODAY)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("AI_SECURITY_GATE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def findings(repo: Path, **options) -> dict[str, list[str]]:
    """rule id (package.rule) -> provisions it failed, for the evidence rules and all others."""
    decision = run_check(CheckOptions(repo=repo, today=DATE, **options))
    out: dict[str, list[str]] = {}
    for r in decision.results:
        for f in r.findings:
            out.setdefault(f.rule or f.source, []).append(r.provision.id)
    return out


def messages(repo: Path, rule: str, **options) -> list[str]:
    decision = run_check(CheckOptions(repo=repo, today=DATE, **options))
    return [f.message for r in decision.results for f in r.findings if f.rule == rule]


def test_the_passing_example_has_real_evidence(passing_copy):
    loaded = load_manifest(passing_copy / "ai-security.yaml")
    facts = collect(passing_copy.resolve(), loaded.data, schema.schema_document())
    problems = {ref: f["problem"] for ref, f in facts["files"].items() if "problem" in f}
    assert problems == {}
    (sig,) = facts["signatures"]
    assert sig["verified"] is True and "adapter.safetensors" in sig["signed_files"]
    assert (
        facts["files"]["models/helpdesk-llm/adapter.safetensors"]["sha256"]
        == (loaded.data["models"][0]["sha256"])
    )
    assert all(r["pinned"] for r in facts["remotes"])
    assert facts["model_cards"]["models/helpdesk-llm/README.md"]["front_matter"] is True
    assert facts["boms"]["sbom/ai-bom.cdx.json"]["format"] == "CycloneDX"
    assert facts["git"]["available"] is False  # a copy in a temporary folder: no history
    evidence_rules = {r for r in findings(passing_copy) if ".evidence" in r or "_" in r}
    assert not {r for r in evidence_rules if r.split(".")[-1] in EVIDENCE_RULES}


EVIDENCE_RULES = {
    "evidence_file_unusable",
    "artefact_hash_mismatch",
    "model_signature_unverified",
    "sbom_inventory_gap",
    "sbom_drift",
    "remote_artefact_unpinned",
    "model_card_drift",
    "document_stale",
    "threat_model_not_rereviewed",
    "changelog_not_updated",
    "model_changed_same_version",
    "model_changed_without_tests",
    "pull_request_changes_unknown",
}


def test_a_tampered_model_fails_on_hash_and_signature(passing_copy):
    adapter = passing_copy / "models" / "helpdesk-llm" / "adapter.safetensors"
    data = bytearray(adapter.read_bytes())
    data[100] ^= 0xFF
    adapter.write_bytes(bytes(data))
    got = findings(passing_copy)
    assert got["p05_assets.artefact_hash_mismatch"] == ["5.2.1-2"]
    assert got["p05_assets.model_signature_unverified"] == ["5.2.1-2"]
    (msg,) = messages(passing_copy, "p05_assets.model_signature_unverified")
    assert "adapter.safetensors" in msg and "not the ones that were signed" in msg


def test_a_file_slipped_into_the_signed_model_directory_fails(passing_copy):
    (passing_copy / "models" / "helpdesk-llm" / "extra_layer.safetensors").write_bytes(b"x")
    (msg,) = messages(passing_copy, "p05_assets.model_signature_unverified")
    assert "extra_layer.safetensors" in msg


def test_deleted_and_escaping_evidence(passing_copy, tmp_path):
    (passing_copy / "docs" / "security" / "threat-model.md").unlink()
    outside = tmp_path / "outside.md"
    outside.write_text("# privacy notice kept elsewhere")
    notice = passing_copy / "docs" / "privacy-notice.md"
    notice.unlink()
    notice.symlink_to(outside)
    got = findings(passing_copy)
    # one library rule, under every provision the citing field serves (the schema index)
    assert {"5.1.3-1", "5.3.1-1"} <= set(got["evidence.evidence_file_unusable"])
    msgs = messages(passing_copy, "evidence.evidence_file_unusable")
    assert any("threat-model.md does not exist" in m for m in msgs)
    assert any(
        "privacy-notice.md is a symlink that points outside the repository" in m for m in msgs
    )


def test_model_card_and_bom_drift(passing_copy):
    card = passing_copy / "models" / "helpdesk-llm" / "README.md"
    card.write_text(card.read_text().replace("license: apache-2.0", "license: mit", 1))
    bom_path = passing_copy / "sbom" / "ai-bom.cdx.json"
    bom = json.loads(bom_path.read_text())
    bom["components"][0]["hashes"][0]["content"] = "0" * 64
    bom_path.write_text(json.dumps(bom))
    got = findings(passing_copy)
    assert got["p08_documentation.model_card_drift"] == ["5.2.4-1.1"]
    assert got["p07_supply_chain.sbom_drift"] == ["5.2.3-1"]


def test_every_file_the_schema_can_name_serves_a_provision():
    """A path field added to the schema must say which provisions it serves (x-provisions):
    the library rule reports an unusable file under exactly those."""
    index = shipped_schema_index()
    evidence = index.evidence_fields()
    assert len(evidence) >= 40
    # attestations carry their own provision: attestations/evidence.rego reports those
    missing = [f.display for f in evidence if not f.provisions and f.path[0] != "attestations"]
    assert not missing, f"evidence fields that serve no provision: {missing}"
    known = {p.id for p in load_catalog()}
    assert {p for f in evidence for p in f.provisions} <= known


# pull-request mode on a real git repository --------------------------------------------


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": f"{TODAY}T10:00:00Z",
        "GIT_COMMITTER_DATE": f"{TODAY}T10:00:00Z",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def pr_repo(git_repo: Path) -> Path:
    shutil.copytree(EXAMPLES / "passing", git_repo, dirs_exist_ok=True)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "the system as released")
    git(git_repo, "checkout", "-q", "-b", "feature")
    return git_repo.resolve()


def edit_manifest(repo: Path, change) -> None:
    path = repo / "ai-security.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def retrain(repo: Path) -> str:
    """New adapter weights, re-signed, with the new hash in the manifest and the BOM."""
    adapter = repo / "models" / "helpdesk-llm" / "adapter.safetensors"
    adapter.write_bytes(adapter.read_bytes()[::-1])
    subprocess.run(
        [sys.executable, str(repo / "scripts" / "sign-model.py")], check=True, capture_output=True
    )
    sha = __import__("hashlib").sha256(adapter.read_bytes()).hexdigest()
    bom_path = repo / "sbom" / "ai-bom.cdx.json"
    bom = json.loads(bom_path.read_text())
    bom["components"][0]["hashes"][0]["content"] = sha
    bom_path.write_text(json.dumps(bom, indent=2))
    edit_manifest(repo, lambda d: d["models"][0].update(sha256=sha))
    return sha


def test_pull_request_that_retrains_the_model_needs_review_version_and_tests(pr_repo):
    retrain(pr_repo)
    git(pr_repo, "commit", "-q", "-am", "retrain")
    got = findings(pr_repo, base_ref="main")
    assert got["p03_threats.threat_model_not_rereviewed"] == ["5.1.3-1.1"]
    assert got["p11_updates.model_changed_same_version"] == ["5.4.1-2"]
    assert got["p11_updates.model_changed_without_tests"] == ["5.4.1-2"]
    assert "p05_assets.model_signature_unverified" not in got  # re-signed properly
    assert "p05_assets.artefact_hash_mismatch" not in got


def test_a_well_prepared_model_update_passes_the_pull_request_rules(pr_repo):
    retrain(pr_repo)

    def release(d):
        d["models"][0]["version"] = "1.4.0"
        d["threat_model"]["last_reviewed"] = "2026-11-20"

    edit_manifest(pr_repo, release)
    report = pr_repo / "docs" / "evaluation" / "helpdesk-llm-1.3.0.md"
    report.write_text(report.read_text() + "\n## 1.4.0\nRe-run on the retrained adapter.\n")
    # the pre-deployment test names the model version it tested (a content check)
    pre = pr_repo / "docs" / "evaluation" / "pre-deployment-1.3.0.md"
    pre.write_text(pre.read_text() + "\n## helpdesk-llm 1.4.0\nRe-run on the new adapter.\n")
    git(pr_repo, "commit", "-q", "-am", "release 1.4.0")
    got = findings(pr_repo, base_ref="main")
    assert not {r for r in got if r.split(".")[-1] in EVIDENCE_RULES - {"sbom_drift"}}


def test_a_prompt_change_without_a_changelog_entry(pr_repo):
    prompt = pr_repo / "prompts" / "system.md"
    prompt.write_text(prompt.read_text() + "\nAlways answer in French.\n")
    git(pr_repo, "commit", "-q", "-am", "tweak the prompt")
    got = findings(pr_repo, base_ref="main")
    assert got["p08_documentation.changelog_not_updated"] == ["5.2.4-3"]
    assert got["p03_threats.threat_model_not_rereviewed"] == ["5.1.3-1.1"]
    changelog = pr_repo / "prompts" / "CHANGELOG.md"
    changelog.write_text(changelog.read_text() + "\n- French answers, for the Quebec launch\n")
    git(pr_repo, "commit", "-q", "-am", "log it")
    assert "p08_documentation.changelog_not_updated" not in findings(pr_repo, base_ref="main")


def test_pull_request_mode_that_cannot_compute_changes_fails_closed(pr_repo):
    # HEAD and the base share no history: no merge base, so no changes to compare
    git(pr_repo, "checkout", "-q", "--orphan", "unrelated")
    git(pr_repo, "commit", "-q", "-m", "history of its own")
    got = findings(pr_repo, base_ref="main", offline=True)
    assert got["p03_threats.pull_request_changes_unknown"] == ["5.1.3-1.1"]
    assert got["p08_documentation.pull_request_changes_unknown"] == ["5.2.4-3"]
    assert got["p11_updates.pull_request_changes_unknown"] == ["5.4.1-2"]


def test_a_base_ref_that_does_not_exist_is_a_tool_error(pr_repo):
    with pytest.raises(GateError, match="--base-ref no-such-branch: the base ref 'no-such-branch'"):
        run_check(CheckOptions(repo=pr_repo, today=DATE, base_ref="no-such-branch", offline=True))


def test_stale_documents_in_history(tmp_path):
    repo = tmp_path / "old"
    shutil.copytree(EXAMPLES / "passing", repo)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2024-06-01T10:00:00Z",
        "GIT_COMMITTER_DATE": "2024-06-01T10:00:00Z",
        "GIT_AUTHOR_NAME": "a",
        "GIT_AUTHOR_EMAIL": "a@example.com",
        "GIT_COMMITTER_NAME": "a",
        "GIT_COMMITTER_EMAIL": "a@example.com",
    }
    for args in (["add", "-A"], ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "old"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    got = findings(repo.resolve())
    assert "5.1.3-1" in got["p03_threats.document_stale"]
    (msg,) = messages(repo.resolve(), "p03_threats.document_stale")
    assert "2024-06-01" in msg and "2026-09-20" in msg
    # a longer allowance makes them fresh again
    assert "p03_threats.document_stale" not in findings(repo.resolve(), document_max_age_days=1000)


def test_cli_flags_reach_the_evidence_stage(pr_repo, tmp_path):
    cache = tmp_path / "explicit-cache"
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(pr_repo),
            "--today",
            TODAY,
            "--base-ref",
            "main",
            "--offline",
            "--cache-dir",
            str(cache),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert list((cache / "sha256-v1").rglob("*.json")), "hashes were cached where asked"
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(pr_repo),
            "--today",
            TODAY,
            "--no-cache",
            "--cache-dir",
            str(tmp_path / "none"),
        ],
    )
    assert result.exit_code == 0 and not (tmp_path / "none").exists()


def test_a_rule_spread_over_modules_of_a_package_is_evaluated_whole():
    """regorus 0.13.0 drops the second module's bodies when it evaluates the whole tree and
    they use another package's rules; the engine evaluates rule by rule instead."""
    from ai_security_gate.engines import get_engine

    lib = 'package ai_security.lib\nimport rego.v1\nfacts := object.get(input, "evidence", {})\n'
    first = (
        "package ai_security.p05_assets\nimport rego.v1\n"
        'violations contains {"provision": "5.2.1-2", "rule": "a", "message": "", "path": []} if false\n'
    )
    second = (
        "package ai_security.p05_assets\nimport data.ai_security.lib\nimport rego.v1\n"
        'violations contains {"provision": "5.2.1-2", "rule": "b", "message": "", "path": []} if {\n'
        '\tsome _ in object.get(lib.facts, "signatures", [])\n}\n'
    )
    for name in ("regorus", "opa"):
        try:
            engine = get_engine(name)
        except Exception as exc:  # real OPA bindings are optional here
            if name == "opa":
                pytest.skip(f"real OPA not available: {exc}")
            raise
        engine.load([("lib.rego", lib), ("a.rego", first), ("b.rego", second)], {})
        got = engine.violations({"evidence": {"signatures": [{}]}})
        assert [v.rule for v in got] == ["b"], name
