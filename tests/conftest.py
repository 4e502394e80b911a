"""Shared fixtures: paths of the repository and its examples, and a CLI runner."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = "2026-11-22"  # every CLI run in the tests pins the date: results must not age


def git(repo: Path, *args: str) -> str:
    """Run git in `repo`; fail the test with git's message if it fails."""
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """A real, empty git repository in a temporary folder, with an identity for commits."""
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "test@example.com")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "config", "commit.gpgsign", "false")
    return tmp_path


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids of the processes this process forks during the test (os.fork, still real)."""
    import os

    pids: list[int] = []
    real_fork = os.fork

    def counting_fork() -> int:
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting_fork)
    return pids


@pytest.fixture
def passing_copy(tmp_path: Path) -> Path:
    """A private copy of examples/passing that a test may edit."""
    dest = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", dest)
    return dest


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hash-cache")


@pytest.fixture(autouse=True)
def _private_cache(_session_cache: Path, monkeypatch) -> None:
    """No test writes into the user's real cache (~/.cache/ai-security-gate)."""
    monkeypatch.setenv("AI_SECURITY_GATE_CACHE_DIR", str(_session_cache))


# Every JSON report a test renders in this process (CliRunner runs and direct renders) is
# validated against the report's published schema, so the schema and the reporter cannot
# drift. Reports of subprocess runs are validated where those tests read them.
REPORT_SCHEMA = ROOT / "schemas" / "report.schema.json"


def assert_valid_report(text: str) -> None:
    import json

    import jsonschema

    schema = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(json.loads(text)),
        key=lambda e: list(e.absolute_path),
    )
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.fixture(autouse=True)
def _json_reports_match_their_schema(monkeypatch) -> None:
    from ai_security_gate.reporters import json_report

    original = json_report.render

    def render(decision, options):
        text = original(decision, options)
        assert_valid_report(text)
        return text

    monkeypatch.setattr(json_report, "render", render)
