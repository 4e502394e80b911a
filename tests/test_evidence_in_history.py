"""Evidence must be in history: a cited file never committed is a finding, freshness comes
from the last commit that changed the content beyond whitespace, and outside a git work tree
the history checks fail unless --no-history is given (and the reports then say so)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ai_security_gate.cli import main
from ai_security_gate.evidence.history import git_facts
from ai_security_gate.pipeline import CheckOptions, run_check
from conftest import EXAMPLES, TODAY
from test_evidence_history import commit, git, init

DATE = dt.date.fromisoformat(TODAY)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("AI_SECURITY_GATE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def facts(repo: Path, refs: dict[str, str]) -> dict:
    return git_facts(repo, refs, manifest_rel=None, base_ref=None, offline=True)


def test_untracked_and_ignored_files_are_never_committed(tmp_path):
    repo = init(tmp_path / "r")
    commit(repo, {"docs/tm.md": "v1", ".gitignore": "secret.md\n"}, "2026-01-10")
    (repo / "draft.md").write_text("new")
    (repo / "secret.md").write_text("ignored")
    (repo / "docs" / "tm.md").write_text("edited, not committed")
    f = facts(repo, {"draft.md": "draft.md", "secret.md": "secret.md", "docs/tm.md": "docs/tm.md"})
    assert f["never_committed"] == ["draft.md", "secret.md"]
    assert f["uncommitted"] == ["docs/tm.md", "draft.md"]  # modified: newer than any commit


def test_a_whitespace_only_commit_does_not_make_a_document_fresh(tmp_path):
    repo = init(tmp_path / "r")
    commit(repo, {"docs/tm.md": "# Threats\n\nT1 is handled.\n"}, "2024-05-01")
    commit(repo, {"docs/tm.md": "# Threats\n\nT1  is handled. \n\n"}, "2026-11-01")
    commit(repo, {"other.md": "x"}, "2026-11-02")
    assert facts(repo, {"docs/tm.md": "docs/tm.md"})["last_commit"] == {"docs/tm.md": "2024-05-01"}
    commit(repo, {"docs/tm.md": "# Threats\n\nT1 is handled by the gateway.\n"}, "2026-11-03")
    assert facts(repo, {"docs/tm.md": "docs/tm.md"})["last_commit"] == {"docs/tm.md": "2026-11-03"}


def example_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", repo)
    init(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "example", date="2026-10-01")
    return repo.resolve()


def failed(repo: Path, **kw) -> dict[str, list[str]]:
    decision = run_check(CheckOptions(repo=repo, today=DATE, **kw))
    return {
        r.provision.id: [f"{f.rule}: {f.message}" for f in r.findings]
        for r in decision.results
        if r.status.value == "fail"
    }


def test_a_cited_file_never_committed_fails_the_provisions_it_serves(tmp_path):
    repo = example_repo(tmp_path)
    assert failed(repo) == {}
    (repo / "docs" / "security" / "threat-model.md").rename(repo / "docs" / "tm-new.md")
    manifest = repo / "ai-security.yaml"
    manifest.write_text(
        manifest.read_text().replace(
            "document: docs/security/threat-model.md", "document: docs/tm-new.md"
        )
    )
    got = failed(repo)
    assert any("never been committed" in m for m in got["5.1.3-1"])


def test_a_path_inside_dot_git_is_not_evidence(tmp_path):
    repo = example_repo(tmp_path)
    manifest = repo / "ai-security.yaml"
    manifest.write_text(
        manifest.read_text().replace(
            "residual_risks: docs/known-limitations.md", "residual_risks: .git/description"
        )
    )
    got = failed(repo)
    assert any(".git/description" in m and "inside .git" in m for m in got["5.1.3-2"])


def test_outside_a_work_tree_history_checks_fail_unless_turned_off(passing_copy):
    got = failed(passing_copy)
    assert any("history_unavailable" in m for m in got.get("5.1.3-1", [])), got
    decision = run_check(CheckOptions(repo=passing_copy, today=DATE, history=False))
    assert decision.history_checked is False
    assert all(r.status.value != "fail" for r in decision.results)


def test_every_report_says_history_was_not_checked(passing_copy):
    runner = CliRunner()
    text = runner.invoke(main, ["check", str(passing_copy), "--today", TODAY, "--no-history"])
    assert text.exit_code == 0, text.output
    assert "history was not checked" in text.output
    out = runner.invoke(
        main, ["check", str(passing_copy), "--today", TODAY, "--no-history", "-f", "json"]
    )
    assert json.loads(out.output)["history_checked"] is False
