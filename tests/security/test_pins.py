"""Pins are an allow-list of immutable forms (docs/security.md): a pull request that
"pins" a remote model to a branch, a remote branch, a tag, a revision expression or a
placeholder does not pass 5.2.3-1. Real repository, real CLI, real engine."""

from __future__ import annotations

import shutil

import pytest
from hostile import EXAMPLES, check, git, init

PINNED = "revision: 3ad372fc79158a2148299e3318516c786aeded6c"


@pytest.fixture
def repo(tmp_path):
    repo = init(tmp_path / "repo")
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    assert PINNED in (repo / "ai-security.yaml").read_text()
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    return repo


def _with_revision(repo, value):
    manifest = repo / "ai-security.yaml"
    manifest.write_text(manifest.read_text().replace(PINNED, f"revision: {value!r}"))
    git(repo, "commit", "-qam", f"pin to {value}")
    return check(repo, "--offline")


def _provision(report, pid):
    return next(p for p in report["provisions"] if p["id"] == pid)


@pytest.mark.parametrize(
    "revision",
    ["refs/heads/main", "origin/main", "v1", "HEAD~0", "TODO-commit-id", "3ad372fc", "main"],
)
def test_a_name_that_can_move_is_not_a_pin(repo, revision):
    code, report, output = _with_revision(repo, revision)
    assert report is not None, output
    result = _provision(report, "5.2.3-1")
    assert result["status"] == "fail" and code == 1
    assert any(f["path"][:2] == ["models", 0] for f in result["findings"])


@pytest.mark.parametrize(
    "revision",
    [
        "3ad372fc79158a2148299e3318516c786aeded6c",
        "sha256:b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
    ],
)
def test_immutable_forms_are_pins(repo, revision):
    code, report, output = _with_revision(repo, revision)
    assert report is not None, output
    assert _provision(report, "5.2.3-1")["status"] == "pass" and code == 0
