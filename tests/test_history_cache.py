"""Document freshness cached by commit (evidence/history_cache.py): a warm run takes it from
the cache and reports exactly what a cold one does; a new commit, a whitespace-only touch,
an uncommitted edit, a shallow clone, pull-request mode and a cache inside the checked tree
are never answered from an entry. Real git repositories in temporary directories."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ai_security_gate.evidence import history, history_cache
from ai_security_gate.evidence.cache import JsonCache
from ai_security_gate.evidence.collect import EvidenceOptions, _history_cache
from test_evidence_history import commit, git, init

REFS = {"docs/tm.md": "docs/tm.md", "docs/dr.md": "docs/dr.md"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    r = init(tmp_path / "repo")
    commit(r, {"docs/tm.md": "v1\n", "docs/dr.md": "plan\n"}, "2025-01-10")
    commit(r, {"docs/tm.md": "v2\n"}, "2026-03-05")
    commit(r, {"docs/tm.md": "v2  \n"}, "2026-09-01")  # whitespace only: not fresher
    return r


def _facts(repo: Path, cache: JsonCache | None, **kw: Any) -> dict[str, Any]:
    kw.setdefault("base_ref", None)
    return history.git_facts(repo, REFS, manifest_rel=None, offline=True, cache=cache, **kw)


def _no_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    def walked(*_args: object) -> None:
        raise AssertionError("walked the history although the cache held it")

    monkeypatch.setattr(history._History, "_fresh", walked)


def _entries(root: Path) -> list[Path]:
    return sorted((root / history_cache.NAMESPACE).rglob("*.json"))


def test_a_warm_run_takes_freshness_from_the_cache(repo, tmp_path, monkeypatch):
    cache = JsonCache(tmp_path / "cache", history_cache.NAMESPACE)
    cold = _facts(repo, cache)
    assert cold["last_commit"] == {"docs/tm.md": "2026-03-05", "docs/dr.md": "2025-01-10"}
    assert len(_entries(tmp_path / "cache")) == 1
    _no_walk(monkeypatch)
    assert _facts(repo, cache) == cold


def test_a_new_commit_is_a_new_key(repo, tmp_path):
    cache = JsonCache(tmp_path / "cache", history_cache.NAMESPACE)
    _facts(repo, cache)
    commit(repo, {"docs/dr.md": "plan v2\n"}, "2026-10-02")
    assert _facts(repo, cache)["last_commit"]["docs/dr.md"] == "2026-10-02"
    commit(repo, {"docs/dr.md": "plan v2 \n"}, "2026-11-01")  # whitespace only
    assert _facts(repo, cache)["last_commit"]["docs/dr.md"] == "2026-10-02"
    assert len(_entries(tmp_path / "cache")) == 3


def test_an_uncommitted_edit_is_read_from_the_work_tree(repo, tmp_path):
    cache = JsonCache(tmp_path / "cache", history_cache.NAMESPACE)
    _facts(repo, cache)
    (repo / "docs" / "tm.md").write_text("v3, not committed\n")
    warm = _facts(repo, cache)
    assert warm["uncommitted"] == ["docs/tm.md"]
    assert "docs/tm.md" not in warm["last_commit"]


def test_a_planted_or_broken_entry_is_not_believed(repo, tmp_path):
    cache = JsonCache(tmp_path / "cache", history_cache.NAMESPACE)
    cold = _facts(repo, cache)
    (entry,) = _entries(tmp_path / "cache")
    doc = json.loads(entry.read_text())
    for bad in ({"docs/tm.md": "2026-11-30"}, {"docs/other.md": ["x", "2026-11-30"]}, []):
        doc["value"]["found"] = bad
        entry.write_text(json.dumps(doc))
        assert _facts(repo, cache) == cold


def test_pull_request_mode_and_shallow_clones_are_not_cached(repo, tmp_path):
    git(repo, "branch", "base", "HEAD~1")
    root = tmp_path / "cache"
    _facts(repo, JsonCache(root, history_cache.NAMESPACE), base_ref="base")
    assert _entries(root) == []
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)],
        check=True,
        capture_output=True,
    )
    assert _facts(shallow, JsonCache(root, history_cache.NAMESPACE))["shallow"] is True
    assert _entries(root) == []


def test_a_cache_directory_inside_the_checked_tree_holds_no_freshness(repo, tmp_path):
    assert _history_cache(EvidenceOptions(cache_dir=repo / ".cache"), repo) is None
    assert _history_cache(EvidenceOptions(cache_dir=repo), repo) is None
    assert _history_cache(EvidenceOptions(cache_dir=tmp_path / "c", use_cache=False), repo) is None
    outside = _history_cache(EvidenceOptions(cache_dir=tmp_path / "c"), repo)
    assert outside is not None


def test_one_process_finds_the_shallow_file_and_the_commit(repo, tmp_path):
    """git_facts asks `--git-path shallow` and the commit in one rev-parse; a repository
    with no commit yet still says so, and a shallow clone is still seen as shallow."""
    runner = history._Runner(repo)
    path, head = runner.path_and_commit("shallow", "HEAD^{commit}")
    assert path == ".git/shallow" and head == git(repo, "rev-parse", "HEAD").strip()
    empty = init(tmp_path / "empty")
    path, head = history._Runner(empty).path_and_commit("shallow", "HEAD^{commit}")
    assert path == ".git/shallow" and head is None
    assert _facts(empty, None)["reason"].startswith("the git repository has no commits yet")
