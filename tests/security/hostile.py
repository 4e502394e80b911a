"""Building hostile repositories for the security tests: real git repositories in temporary
folders, a copy of examples/passing as content, and marker-writing "payload" programs.

A payload is a shell script that creates `markers/<name>` when anything runs it; a test
asserts that the markers folder stays empty after the real CLI ran on the repository."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

from click.testing import CliRunner

from ai_security_gate.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TODAY = "2026-11-22"


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    full = {**os.environ, **(env or {})}
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=full
    ).stdout


def init(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "test@example.com")
    git(path, "config", "user.name", "Test")
    git(path, "config", "commit.gpgsign", "false")
    return path.resolve()


def feature_branch(path: Path) -> Path:
    """examples/passing committed on `main`, and a branch `feature` checked out at it: a pull
    request about to be written."""
    repo = init(path)
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "feature")
    return repo


def upstream(tmp: Path) -> Path:
    """examples/passing on `main`, and a pull-request branch `feature` one commit ahead."""
    repo = feature_branch(tmp / "upstream")
    (repo / "docs" / "pr-note.md").write_text("a pull request change\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pull request")
    return repo


def payload(tmp: Path, name: str) -> Path:
    """An executable that leaves `markers/<name>` behind when run, then fails (it reads
    nothing, so a transport waiting on it ends instead of hanging)."""
    markers = tmp / "markers"
    markers.mkdir(exist_ok=True)
    script = tmp / "payloads" / name
    script.parent.mkdir(exist_ok=True)
    script.write_text(f"#!/bin/sh\ntouch '{markers / name}'\nexit 1\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


def markers(tmp: Path) -> list[str]:
    folder = tmp / "markers"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def check(repo: Path, *args: str) -> tuple[int, dict | None, str]:
    """The real CLI, in process; JSON report when it produced one."""
    result = CliRunner().invoke(main, ["check", str(repo), "--today", TODAY, "-f", "json", *args])
    try:
        report = json.loads(result.output)
    except ValueError:
        report = None
    return result.exit_code, report, result.output + (result.stderr if result.stderr_bytes else "")


def touch_all(repo: Path) -> None:
    """Make every tracked file stat-dirty (same size, new time), so git must read contents
    (and so run clean filters) to know whether they changed."""
    for name in git(repo, "ls-files", "-z").split("\x00"):
        if name:
            path = repo / name
            if path.is_file() and not path.is_symlink():
                st = path.stat()
                os.utime(path, (st.st_atime + 7, st.st_mtime + 7))
