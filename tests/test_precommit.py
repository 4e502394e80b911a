"""The pre-commit hook, for real: `pre-commit try-repo <this repository> ai-security-gate`
in temporary git repositories holding the example manifests. pre-commit builds the hook's
own virtual environment from this repository (pip install, so the first run takes a while).

try-repo is pinned to the commit this checkout is at (`--ref HEAD's sha`): the hook is then
built from exactly what is committed, as users get it, and the environment pre-commit builds
is reused by the next runs instead of being rebuilt from a snapshot of uncommitted changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT, TODAY, git

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

pytestmark = pytest.mark.skipif(
    not (ROOT / ".git").exists(), reason="try-repo needs this repository as a git repository"
)


def test_hooks_file_is_valid_and_says_what_was_decided():
    subprocess.run(
        [str(PRE_COMMIT), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], check=True
    )
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "ai-security-gate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["entry"].split()[:2] == ["ai-security-gate", "check"]
    assert "--offline" in hook["entry"].split()
    assert hook["always_run"] is True


@pytest.fixture(scope="module")
def try_repo(tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    cache = tmp_path_factory.mktemp("gate-cache")
    ref = git(ROOT, "rev-parse", "HEAD").strip()

    def run(repo: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "PRE_COMMIT_HOME": str(home),
            "AI_SECURITY_GATE_TODAY": TODAY,  # the hook's entry cannot take --today
            "AI_SECURITY_GATE_CACHE_DIR": str(cache),
            "NO_COLOR": "1",
        }
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(ROOT), "ai-security-gate", "--ref", ref, *extra],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    return run


def repo_with(tmp_path: Path, example: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(example, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "dev@example.com")
    git(repo, "config", "user.name", "Dev")
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")
    return repo


@pytest.mark.slow
def test_passes_on_the_good_example(try_repo, tmp_path):
    result = try_repo(repo_with(tmp_path, EXAMPLES / "passing"), "--all-files")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "ai-security-gate (ETSI EN 304 223)" in out and "Passed" in out


@pytest.mark.slow
def test_fails_on_the_bad_example_and_shows_the_findings(try_repo, tmp_path):
    result = try_repo(repo_with(tmp_path, EXAMPLES / "failing"), "--all-files")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "Failed" in out
    assert "exit code: 1" in out  # the gate's verdict, not a crash (that would be 2)
    assert "ai-security.yaml:" in out  # findings with their manifest lines
    assert "Result: FAIL" in out


@pytest.mark.slow
def test_a_commit_that_only_deletes_evidence_is_checked(try_repo, tmp_path):
    # pre-commit leaves deleted files out of what `files` patterns see; the hook is
    # always_run so that this commit is checked all the same.
    repo = repo_with(tmp_path, EXAMPLES / "passing")
    evidence = "docs/security/threat-model.md"
    assert (repo / evidence).is_file() and evidence in (repo / "ai-security.yaml").read_text()
    git(repo, "rm", "-q", evidence)
    result = try_repo(repo)  # no --all-files: the staged change only
    out = result.stdout + result.stderr
    assert "Skipped" not in out
    assert result.returncode == 1, out
    assert f"{evidence} does not exist" in out
