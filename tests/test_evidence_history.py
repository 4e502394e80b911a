"""Git history facts on real repositories made in temporary directories: last commit dates
(controlled with GIT_AUTHOR_DATE/GIT_COMMITTER_DATE), uncommitted files, monorepos,
pull-request changes since the merge base, and a real shallow clone."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from ai_security_gate.evidence.history import git_facts

MANIFEST = "ai-security.yaml"


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = dict(os.environ)
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+00:00"
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout


def commit(repo: Path, files: dict[str, str], date: str, message: str = "change") -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message, date=date)


def init(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "dev@example.com")
    git(path, "config", "user.name", "Dev")
    git(path, "config", "commit.gpgsign", "false")
    return path.resolve()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    r = init(tmp_path / "repo")
    commit(r, {"docs/tm.md": "v1", "docs/dr.md": "plan", MANIFEST: "version: 1\n"}, "2025-01-10")
    commit(r, {"docs/tm.md": "v2"}, "2026-03-05")
    commit(r, {"README.md": "unrelated"}, "2026-10-01")
    return r


def facts(repo: Path, refs: dict[str, str], **kw) -> dict:
    kw.setdefault("manifest_rel", MANIFEST)
    kw.setdefault("base_ref", None)
    kw.setdefault("offline", True)
    return git_facts(repo, refs, **kw)


def test_last_commit_of_each_document(repo):
    f = facts(repo, {"docs/tm.md": "docs/tm.md", "./docs/dr.md": "docs/dr.md"})
    assert f["available"] is True and f["shallow"] is False
    assert f["last_commit"] == {"docs/tm.md": "2026-03-05", "./docs/dr.md": "2025-01-10"}
    assert f["last_commit_unknown"] == {} and f["uncommitted"] == []


def test_a_directory_takes_its_newest_file(repo):
    commit(repo, {"docs/new.md": "x"}, "2026-06-01")
    assert facts(repo, {"docs": "docs"})["last_commit"] == {"docs": "2026-06-01"}


def test_uncommitted_and_untracked_documents_are_newer_than_any_commit(repo):
    (repo / "docs" / "dr.md").write_text("edited, not committed")
    (repo / "docs" / "draft.md").write_text("new")
    f = facts(repo, {"docs/dr.md": "docs/dr.md", "docs/draft.md": "docs/draft.md"})
    assert f["uncommitted"] == ["docs/dr.md", "docs/draft.md"]
    assert f["last_commit"] == {}


def test_ignored_files_have_no_history(repo):
    commit(repo, {".gitignore": "secret.md\n"}, "2026-01-01")
    (repo / "secret.md").write_text("x")
    f = facts(repo, {"secret.md": "secret.md"})
    assert "never been committed" in f["last_commit_unknown"]["secret.md"]


def test_not_a_git_repository(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    f = facts(plain.resolve(), {"a.md": "a.md"}, base_ref="main")
    assert f["available"] is False and "not a git repository" in f["reason"]
    assert f["changes_available"] is False and f["base_ref"] == "main"
    assert "not a git repository" in f["changes_problem"]


def test_a_repository_without_commits(tmp_path):
    empty = init(tmp_path / "empty")
    f = facts(empty, {"a.md": "a.md"})
    assert f == {
        "available": False,
        "reason": "the git repository has no commits yet, so there is no history to check",
    }


def test_a_system_in_a_subdirectory_of_a_monorepo(tmp_path):
    mono = init(tmp_path / "mono")
    commit(
        mono, {"services/ai/docs/tm.md": "x", "services/ai/ai-security.yaml": "v: 1"}, "2026-02-02"
    )
    commit(mono, {"services/other/docs/tm.md": "y"}, "2026-08-08")
    git(mono, "checkout", "-q", "-b", "feature")
    commit(mono, {"services/ai/docs/tm.md": "x2", "services/other/z": "z"}, "2026-09-09")
    f = facts(mono / "services" / "ai", {"docs/tm.md": "docs/tm.md"}, base_ref="main")
    assert f["last_commit"] == {"docs/tm.md": "2026-09-09"}
    assert f["changed"] == ["docs/tm.md"]  # relative to the system, others left out
    assert f["manifest_changed"] is False
    assert f["base_manifest"] == {"v": 1}


def pull_request(repo: Path) -> None:
    """A feature branch that changes the model and the manifest."""
    git(repo, "checkout", "-q", "-b", "feature")
    commit(
        repo,
        {"models/m.bin": "new weights", MANIFEST: "version: 1\nwaivers: []\n"},
        "2026-10-02",
    )


def test_pull_request_changes_since_the_merge_base(repo):
    commit(repo, {MANIFEST: "version: 1\nwaivers: [{provision: 5.2.1-2}]\n"}, "2026-10-01")
    pull_request(repo)
    git(repo, "checkout", "-q", "main")
    commit(repo, {"docs/dr.md": "changed on main after the branch point"}, "2026-10-03")
    git(repo, "checkout", "-q", "feature")
    (repo / "prompts").mkdir()
    (repo / "prompts" / "system.md").write_text("staged, not committed")
    git(repo, "add", "prompts/system.md")
    f = facts(repo, {"models/m.bin": "models/m.bin"}, base_ref="main")
    assert f["changes_available"] is True
    assert f["changed"] == [MANIFEST, "models/m.bin", "prompts/system.md"]  # not docs/dr.md
    assert f["manifest_changed"] is True
    assert f["merge_base"] == git(repo, "merge-base", "main", "feature").strip()
    assert f["base_commit"] == git(repo, "rev-parse", "main").strip()
    assert f["base_manifest"] == {"version": 1, "waivers": [{"provision": "5.2.1-2"}]}
    # waivers come from the tip of the base branch, the trusted side
    assert f["base_waivers"] == [{"provision": "5.2.1-2"}]


def test_a_manifest_new_in_the_pull_request_has_no_base(tmp_path):
    r = init(tmp_path / "r")
    commit(r, {"README.md": "x"}, "2026-01-01")
    git(r, "checkout", "-q", "-b", "feature")
    commit(r, {MANIFEST: "version: 1\n"}, "2026-01-02")
    f = facts(r, {}, base_ref="main")
    assert f["base_manifest"] is None and f["base_waivers"] is None
    assert f["manifest_changed"] is True


def test_an_unreadable_base_manifest_is_reported_not_raised(repo):
    commit(repo, {MANIFEST: "a: 1\na: 2\n"}, "2026-10-01")  # duplicate key at the base
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, {MANIFEST: "version: 1\n"}, "2026-10-02")
    f = facts(repo, {}, base_ref="main")
    assert f["base_manifest"] is None and "duplicate key" in f["base_manifest_problem"]


def test_the_base_manifest_is_read_without_a_temporary_file(repo, monkeypatch):
    """It goes from git to the loader in memory: a runner whose temporary directory is
    missing or read-only still compares with the base."""
    commit(repo, {MANIFEST: "version: 1\nwaivers: [{provision: 5.2.1-2}]\n"}, "2026-10-01")
    pull_request(repo)
    monkeypatch.setattr(tempfile, "tempdir", str(repo / "no-such-tmp"))
    f = facts(repo, {}, base_ref="main")
    assert f["base_manifest"] == {"version": 1, "waivers": [{"provision": "5.2.1-2"}]}


def test_the_base_manifest_is_held_to_the_loaders_encoding(repo):
    (repo / MANIFEST).write_bytes(b"version: 1\nsystem: {name: caf\xe9}\n")  # Latin-1
    git(repo, "commit", "-qam", "not UTF-8")
    pull_request(repo)
    f = facts(repo, {}, base_ref="main")
    at = git(repo, "rev-parse", "main").strip()[:12]
    assert f["base_manifest"] is None
    assert f["base_manifest_problem"].startswith(f"{at}:{MANIFEST}:2: the file is not valid UTF-8")


def test_the_base_manifest_is_held_to_the_loaders_size_limit(repo, monkeypatch):
    commit(repo, {MANIFEST: "version: 1\n" + "# padding\n" * 50}, "2026-10-01")
    pull_request(repo)
    monkeypatch.setenv("AI_SECURITY_GATE_MANIFEST_MAX_BYTES", "100")
    f = facts(repo, {}, base_ref="main")
    assert f["base_manifest"] is None and "larger than 100 bytes" in f["base_manifest_problem"]


def test_an_unknown_base_ref_is_said_clearly(repo):
    f = facts(repo, {}, base_ref="no-such-branch")
    assert f["changes_available"] is False
    assert "no-such-branch" in f["changes_problem"] and "offline" in f["changes_problem"]


def test_unrelated_histories_have_no_merge_base(repo):
    git(repo, "checkout", "-q", "--orphan", "other")
    commit(repo, {"x": "y"}, "2026-01-01")
    f = facts(repo, {}, base_ref="main")
    assert f["changes_available"] is False and "share no history" in f["changes_problem"]


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """An 'upstream' with history on main and a pull-request branch."""
    up = init(tmp_path / "upstream")
    commit(up, {"docs/tm.md": "v1", MANIFEST: "version: 1\n"}, "2025-01-10")
    commit(up, {"docs/dr.md": "plan"}, "2025-05-05")
    commit(up, {"README.md": "x"}, "2026-10-01")
    git(up, "checkout", "-q", "-b", "pr")
    commit(up, {"models/m.bin": "weights"}, "2026-10-05")
    git(up, "checkout", "-q", "main")
    return up


def shallow_clone(origin: Path, dest: Path, branch: str = "pr") -> Path:
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", branch, f"file://{origin}", str(dest)],
        check=True,
        capture_output=True,
    )
    return dest.resolve()


def test_shallow_clone_offline_says_what_it_cannot_know(origin, tmp_path):
    clone = shallow_clone(origin, tmp_path / "clone")
    f = facts(clone, {"docs/tm.md": "docs/tm.md"}, base_ref="main", offline=True)
    assert f["shallow"] is True and "offline" in f["shallow_problem"]
    assert f["last_commit"] == {}  # the boundary commit's date would be a lie
    assert "shallow clone" in f["last_commit_unknown"]["docs/tm.md"]
    assert f["changes_available"] is False
    assert "'main' is not in the clone" in f["changes_problem"]


def test_shallow_clone_fetches_what_is_missing(origin, tmp_path):
    clone = shallow_clone(origin, tmp_path / "clone")
    f = facts(
        clone,
        {"docs/tm.md": "docs/tm.md", "docs/dr.md": "docs/dr.md"},
        base_ref="main",
        offline=False,
    )
    assert f["shallow"] is False
    assert f["last_commit"] == {"docs/tm.md": "2025-01-10", "docs/dr.md": "2025-05-05"}
    # the PR base is given as GitHub gives it (a branch name), fetched from origin
    assert f["changes_available"] is True and f["changed"] == ["models/m.bin"]


def test_shallow_clone_with_an_unreachable_remote(origin, tmp_path):
    clone = shallow_clone(origin, tmp_path / "clone")
    git(clone, "remote", "set-url", "origin", f"file://{tmp_path}/gone")
    f = facts(clone, {"docs/tm.md": "docs/tm.md"}, base_ref="main", offline=False)
    assert f["shallow"] is True and "git fetch --unshallow origin" in f["shallow_problem"]
    assert "shallow clone" in f["last_commit_unknown"]["docs/tm.md"]
    assert f["changes_available"] is False and "fetching it failed" in f["changes_problem"]
