"""Shared fixtures: paths of the repository and its examples, and a CLI runner."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = "2026-11-22"  # every CLI run in the tests pins the date: results must not age


@pytest.fixture
def git_repo(tmp_path: Path):
    """A real, empty git repository in a temporary folder, with an identity for commits."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=tmp_path, check=True, capture_output=True, text=True
        ).stdout

    git("init", "-q", "-b", "main")
    git("config", "user.email", "test@example.com")
    git("config", "user.name", "Test")
    git("config", "commit.gpgsign", "false")
    tmp_path.git = git  # type: ignore[attr-defined]
    return tmp_path


@pytest.fixture
def passing_copy(tmp_path: Path) -> Path:
    """A private copy of examples/passing that a test may edit."""
    dest = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", dest)
    return dest
