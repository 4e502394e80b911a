"""The copy of the base's files (evidence/base_tree.py) writes only inside its directory:
a crafted tree (git mktree accepts any name) with entries named `..` and `.git`, and a
symbolic link that leads out, are not followed or written. A real git repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

from hostile import git, init

from ai_security_gate.evidence.base_tree import TreeCopy, hardened_env_at


def _blob(repo: Path, text: str) -> str:
    return subprocess.run(
        ["git", "hash-object", "-w", "--stdin"],
        cwd=repo,
        input=text,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _tree(repo: Path, entries: list[tuple[str, str, str, str]]) -> str:
    listing = "".join(f"{mode} {kind} {sha}\t{name}\n" for mode, kind, sha, name in entries)
    return subprocess.run(
        ["git", "mktree"], cwd=repo, input=listing, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_a_crafted_base_tree_cannot_write_outside_the_copy(tmp_path):
    repo = init(tmp_path / "repo")
    evil = _blob(repo, "written where it should not be\n")
    inner = _tree(repo, [("100644", "blob", evil, "escape"), ("100644", "blob", evil, "config")])
    docs = _tree(
        repo,
        [
            ("040000", "tree", inner, ".."),
            ("040000", "tree", inner, ".git"),
            ("100644", "blob", _blob(repo, "kept\n"), "kept.md"),
            ("120000", "blob", _blob(repo, "../../outside"), "link"),
        ],
    )
    top = _tree(
        repo,
        [
            ("040000", "tree", docs, "docs"),
            ("040000", "tree", inner, ".."),
            ("040000", "tree", inner, ".GIT"),
        ],
    )
    commit = git(repo, "commit-tree", top, "-m", "crafted").strip()
    dest = tmp_path / "copy" / "tree"
    dest.mkdir(parents=True)
    copy = TreeCopy(repo, hardened_env_at(repo), commit, dest)
    copy.copy(["docs", "..", "../escape", ".GIT", "docs/link"])
    written = sorted(
        p.relative_to(tmp_path / "copy").as_posix() for p in (tmp_path / "copy").rglob("*")
    )
    assert written == ["tree", "tree/docs", "tree/docs/kept.md", "tree/docs/link"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy", "repo"]
    assert copy.written == {"docs/kept.md", "docs/link"}
