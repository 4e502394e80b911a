"""The core install has no signing stack: a declared signature is then unmet (never pass,
never a crash) and the message says how to install the `[signing]` extra."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import tomllib

from conftest import EXAMPLES, TODAY

ROOT = Path(__file__).resolve().parent.parent

# A test double for "the extra is not installed": the test environment has it (the signing
# tests need it), so the import is made to fail the way it does without it (a None entry in
# sys.modules raises ImportError). bench/bench_install.py runs a real light install.
WITHOUT_SIGNING = (
    "import sys\n"
    "for name in ('model_signing', 'model_signing.hashing', 'model_signing.verifying'):\n"
    "    sys.modules[name] = None\n"
    "from ai_security_gate.cli import main\n"
    "sys.argv[0] = 'ai-security-gate'\n"
    "main()\n"
)


def test_core_dependencies_carry_no_signing_stack():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    core = " ".join(project["dependencies"]).lower()
    for heavy in ("model-signing", "sigstore", "pyopenssl", "cryptography"):
        assert heavy not in core
    assert any("model-signing" in d for d in project["optional-dependencies"]["signing"])


def test_a_declared_signature_without_the_extra_fails_with_the_install_command():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            WITHOUT_SIGNING,
            "check",
            str(EXAMPLES / "passing"),
            "--today",
            TODAY,
            "-f",
            "json",
            "--no-cache",  # a verification cached by a full install would be reused
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr  # the passing example now fails, cleanly
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    failed = [p for p in report["provisions"] if p["status"] == "fail"]
    messages = [f["message"] for p in failed for f in p["findings"]]
    assert any("pip install 'ai-security-gate[signing]'" in m for m in messages), messages
    assert {p["id"] for p in failed} <= {"5.2.1-2", "5.2.1-2.1", "5.2.4-1.2", "5.4.1-1"}, failed
