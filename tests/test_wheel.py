"""The wheel carries its policies and schema: build it, install it into a fresh virtualenv
outside the source tree, and run `check` there."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, TODAY

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("ai_security_gate-*.whl")
    return path


def test_wheel_contains_policies_schema_and_catalogue(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "ai_security_gate/schemas/ai-security.schema.json" in names
    assert "ai_security_gate/catalog.yaml" in names
    assert any(n.startswith("ai_security_gate/policies/p05_assets/") for n in names)
    assert "ai_security_gate/schemas/report.schema.json" in names
    assert "ai_security_gate/py.typed" in names  # type checkers read our annotations
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    meta = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        .decode()
    )
    assert "License-Expression: Apache-2.0" in meta
    assert "Classifier: Topic :: Security" in meta and "Keywords:" in meta
    assert "Project-URL: Source, https://github.com/ai-security-gate/ai-security-gate" in meta
    assert "Provides-Extra: signing" in meta


def test_installed_wheel_checks_a_repository(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    # the passing example's model declares a signature: verifying it needs the extra
    subprocess.run([str(py), "-m", "pip", "install", "-q", f"{wheel}[signing]"], check=True)
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", repo)
    cmd = env_dir / "bin" / "ai-security-gate"
    result = subprocess.run(
        [str(cmd), "check", "--format", "json", "--today", TODAY, "--no-history"],
        cwd=repo,  # outside the source tree: only the installed copy can be used
        capture_output=True,
        text=True,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert report["result"] == "pass"
    assert len(report["provisions"]) == 72
    where = subprocess.run(
        [
            str(py),
            "-c",
            "from ai_security_gate.resources import data_dir; print(data_dir('policies'))",
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert str(env_dir) in where
