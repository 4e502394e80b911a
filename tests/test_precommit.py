"""The pre-commit hook, for real: temporary git repositories holding the example manifests
and a .pre-commit-config.yaml that names this repository at the commit this checkout is at,
as a user's config names it (repo + rev). pre-commit clones it, builds the hook's own
virtual environment (pip install, so the first run takes a while) and runs the hook.

One PRE_COMMIT_HOME for the module: the environment is built once and reused by the next
runs, as on a developer's machine. (`pre-commit try-repo` was used before: it builds the
environment in a fresh temporary store on every call, so each test paid the full install.)
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
    not (ROOT / ".git").exists(),
    reason="pre-commit clones this repository: it must be a git repository",
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
def hook_run(tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    cache = tmp_path_factory.mktemp("gate-cache")
    ref = git(ROOT, "rev-parse", "HEAD").strip()
    config = {"repos": [{"repo": str(ROOT), "rev": ref, "hooks": [{"id": "ai-security-gate"}]}]}

    def run(repo: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "PRE_COMMIT_HOME": str(home),
            "AI_SECURITY_GATE_TODAY": TODAY,  # the hook's entry cannot take --today
            "AI_SECURITY_GATE_CACHE_DIR": str(cache),
            "NO_COLOR": "1",
        }
        return subprocess.run(
            [str(PRE_COMMIT), "run", "ai-security-gate", *extra],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    run.config = yaml.safe_dump(config)  # type: ignore[attr-defined]
    return run


def repo_with(tmp_path: Path, example: Path, hook_run) -> Path:
    """A git repository with `example`'s files and the user's pre-commit config, committed."""
    repo = tmp_path / "repo"
    shutil.copytree(example, repo)
    (repo / ".pre-commit-config.yaml").write_text(hook_run.config, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "dev@example.com")
    git(repo, "config", "user.name", "Dev")
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")
    return repo


@pytest.mark.slow
def test_passes_on_the_good_example(hook_run, tmp_path):
    result = hook_run(repo_with(tmp_path, EXAMPLES / "passing", hook_run), "--all-files")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "ai-security-gate (ETSI EN 304 223)" in out and "Passed" in out


@pytest.mark.slow
def test_fails_on_the_bad_example_and_shows_the_findings(hook_run, tmp_path):
    result = hook_run(repo_with(tmp_path, EXAMPLES / "failing", hook_run), "--all-files")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "Failed" in out
    assert "exit code: 1" in out  # the gate's verdict, not a crash (that would be 2)
    assert "ai-security.yaml:" in out  # findings with their manifest lines
    assert "Result: FAIL" in out


@pytest.mark.slow
def test_a_commit_that_only_deletes_evidence_is_checked(hook_run, tmp_path):
    # pre-commit leaves deleted files out of what `files` patterns see; the hook is
    # always_run so that this commit is checked all the same.
    repo = repo_with(tmp_path, EXAMPLES / "passing", hook_run)
    evidence = "docs/security/threat-model.md"
    assert (repo / evidence).is_file() and evidence in (repo / "ai-security.yaml").read_text()
    git(repo, "rm", "-q", evidence)
    result = hook_run(repo)  # no --all-files: the staged change only
    out = result.stdout + result.stderr
    assert "Skipped" not in out
    assert result.returncode == 1, out
    assert f"{evidence} does not exist" in out
