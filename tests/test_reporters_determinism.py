"""Every format, written twice by two separate processes on the same input, is byte-identical."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ai_security_gate.reporters import FORMATS
from conftest import EXAMPLES, TODAY

GATE = str(Path(sys.executable).with_name("ai-security-gate"))


@pytest.mark.parametrize("example", ["passing", "failing"])
def test_all_formats_are_byte_identical_across_runs(example, tmp_path):
    runs = []
    for i in range(2):
        out = tmp_path / str(i)
        args = [GATE, "check", str(EXAMPLES / example), "--today", TODAY]
        for name in FORMATS:
            args += ["-f", f"{name}:{out / name}"]
        result = subprocess.run(args, capture_output=True, text=True)
        assert result.returncode in (0, 1), result.stderr
        runs.append({name: (out / name).read_bytes() for name in FORMATS})
    for name in FORMATS:
        if name not in ("github", "azure"):  # no annotations is right for a clean pass
            assert runs[0][name], f"{name} is empty"
        assert runs[0][name] == runs[1][name], f"{name} differs between two runs"
    assert set(FORMATS) >= {"text", "json", "sarif", "junit", "markdown", "github"}
