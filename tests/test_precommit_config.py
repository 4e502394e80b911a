"""The project runs its own .pre-commit-config.yaml: a valid config whose hooks are the
project's checks, and its example hook passes when pre-commit runs it for real."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

CONFIG = ROOT / ".pre-commit-config.yaml"
BIN = Path(sys.executable).parent  # the virtualenv whose tools the local hooks run


def _pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(BIN / "pre-commit"), *args, "--config", str(CONFIG)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_config_is_valid_and_runs_the_project_checks():
    result = subprocess.run(
        [str(BIN / "pre-commit"), "validate-config", str(CONFIG)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = {h["id"]: h for r in yaml.safe_load(CONFIG.read_text())["repos"] for h in r["hooks"]}
    assert {"ruff", "ruff-format", "mypy", "rego-tests", "ai-security-gate-example"} <= set(hooks)
    assert "verify --coverage" in hooks["rego-tests"]["entry"]


@pytest.mark.slow
def test_the_example_hook_passes_when_pre_commit_runs_it():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: pre-commit needs one")
    result = _pre_commit("run", "ai-security-gate-example", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
