"""A warm run's cost at exit (bench/profile_warm.py): the CLI freezes the objects it still
holds out of the interpreter's last collections, and the reports are whole all the same.
Real CLI processes: the exit is only seen from outside."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, TODAY

# an atexit handler registered before the CLI's own runs after it (last registered, first
# run): it sees what the CLI left for the interpreter's final collections
PROBE = """
import atexit, gc, sys
atexit.register(lambda: sys.stderr.write(f"\\nfrozen {gc.get_freeze_count()}\\n"))
from ai_security_gate.cli import main
main()
"""


def _gate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, "check", "--today", TODAY, "--offline", *args],
        cwd=EXAMPLES / "passing",
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_objects_left_at_exit_are_frozen_out_of_the_last_collections() -> None:
    done = _gate("--no-history")
    assert done.returncode == 0, done.stderr
    frozen = int(done.stderr.rsplit("frozen ", 1)[1].split()[0])
    assert frozen > 10_000  # the run's modules, caches and results


def test_reports_written_to_files_are_complete(tmp_path: Path) -> None:
    """Nothing a report needs is left to a collection the freeze skips."""
    report = tmp_path / "report.json"
    done = _gate("--no-history", "-f", f"json:{report}", "-f", "text")
    assert done.returncode == 0, done.stderr
    assert json.loads(report.read_text())["summary"]
    assert "Result: PASS" in done.stdout  # standard output flushed
