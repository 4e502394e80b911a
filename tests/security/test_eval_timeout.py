"""Policy evaluation has a time limit (docs/security.md: bounded work): a policy that would
run for hours ends the real CLI with exit 2 naming the policy stage, on both in-process
engines, and leaves no process behind. Without the limit these runs would not end (the
subprocess timeout below fails the test)."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import EXAMPLES, TODAY, check

GATE = Path(sys.executable).parent / "ai-security-gate"

# counts the odd numbers up to 1e11 one by one: hours in either engine
SLOW = """package ai_security.custom.slow

import rego.v1

# METADATA
# title: A policy that does not end
# description: Counts through a huge range; stands for a custom policy with a runaway loop.
# custom:
#   provision: ["5.1.1-1"]
#   rule: slow
violations contains v if {
	n := count([x | some x in numbers.range(1, 100000000000); x % 2 == 1])
	n < 0
	v := {"provision": "5.1.1-1", "rule": "slow", "message": "never", "path": []}
}
"""

_HAS_OPA = importlib.util.find_spec("opa_bindings") is not None
ENGINES = [
    "regorus",
    pytest.param("opa", marks=pytest.mark.skipif(not _HAS_OPA, reason="real OPA not installed")),
]
LIMIT_2 = ("--eval-timeout", "2")


@pytest.fixture
def slow_policy(tmp_path: Path) -> Path:
    folder = tmp_path / "runaway-policies"
    folder.mkdir()
    (folder / "slow.rego").write_text(SLOW)
    return folder


def _gate(*args: str, cwd: Path = EXAMPLES / "passing") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GATE), "check", "--today", TODAY, "--offline", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,  # the test's own bound: without the limit the gate would not end
    )


def _running(marker: Path) -> list[str]:
    """Processes whose command line names `marker` (the forked child keeps its parent's)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if str(marker) in cmdline and state != "Z":
            found.append(f"{proc.name}: {cmdline}")
    return found


@pytest.mark.parametrize("engine", ENGINES)
def test_a_runaway_policy_ends_in_exit_2_naming_the_stage(slow_policy: Path, engine: str) -> None:
    done = _gate("--engine", engine, "-p", str(slow_policy), "--eval-timeout", "1")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "policy stage" in done.stderr
    assert "did not finish within 1 s" in done.stderr
    assert "--eval-timeout" in done.stderr  # what to do
    assert "Traceback" not in done.stderr
    assert _running(slow_policy) == []  # the evaluating child was killed and reaped


def test_the_limit_comes_from_the_configuration_file(tmp_path: Path, slow_policy: Path) -> None:
    repo = tmp_path / "repo"
    import shutil

    shutil.copytree(EXAMPLES / "passing", repo)
    (repo / ".ai-security-gate.toml").write_text("eval-timeout = 1\n")
    done = _gate("-p", str(slow_policy), cwd=repo)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "did not finish within 1 s" in done.stderr


def test_the_child_ends_itself_when_the_gate_is_killed(slow_policy: Path) -> None:
    """SIGKILL on the gate (a cancelled CI job) cannot leave its evaluating child running:
    the child's own timer ends it shortly after the limit."""
    proc = subprocess.Popen(
        [str(GATE), "check", "--today", TODAY, "--offline", "-p", str(slow_policy), *LIMIT_2],
        cwd=EXAMPLES / "passing",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    # until the evaluating child exists: twice in a row, 0.3 s apart (a git subprocess shows
    # the gate's command line only between its fork and its exec)
    seen = 0
    while seen < 2 and time.monotonic() < deadline:
        time.sleep(0.3)
        seen = seen + 1 if len(_running(slow_policy)) == 2 else 0
    assert seen == 2, "the gate never reached the policy stage"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    while _running(slow_policy) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _running(slow_policy) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_results_are_the_same_with_and_without_the_limit(engine: str) -> None:
    """In process (the CLI's own code path, forked child or thread included)."""
    reports = []
    for limit in ("60", "0"):
        code, report, out = check(
            EXAMPLES / "failing", "--offline", "--engine", engine, "--eval-timeout", limit
        )
        assert code == 1, out
        reports.append(report)
    assert reports[0] == reports[1]
    assert reports[0] is not None and reports[0]["summary"]["unmet_shall"]  # findings compared


def test_a_negative_limit_is_a_usage_error() -> None:
    code, _, out = check(EXAMPLES / "passing", "--eval-timeout", "-1")
    assert code == 2
    assert "--eval-timeout" in out


def test_a_runaway_policy_in_the_split_stage_leaves_no_process(
    tmp_path: Path, slow_policy: Path
) -> None:
    """A manifest large enough that two processes evaluate the packages (engines/split.py):
    the limit still ends the run with exit 2, and the second process ends with the first.
    Two runaway packages, each first in the queue by its size: each process runs one."""
    import shutil

    padding = "# " + "x" * 60_000 + "\n"  # the queue takes the largest packages first
    (slow_policy / "slow.rego").write_text(padding + SLOW)
    (slow_policy / "slow2.rego").write_text(padding + SLOW.replace("custom.slow", "custom.slow2"))

    import yaml

    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", repo)
    manifest = yaml.safe_load((repo / "ai-security.yaml").read_text())
    manifest["models"] += [dict(manifest["models"][0], name=f"m{i}") for i in range(150)]
    (repo / "ai-security.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))
    # output to a file, not a pipe: a pipe stays open while any process holds it, so
    # subprocess.run would wait for a lingering second process and hide it
    err = tmp_path / "stderr.txt"
    with err.open("w") as sink:
        code = subprocess.run(
            [str(GATE), "check", "--today", TODAY, "--offline", "-p", str(slow_policy), *LIMIT_2],
            cwd=repo,
            stdout=subprocess.DEVNULL,
            stderr=sink,
            timeout=120,
        ).returncode
    assert code == 2, err.read_text()
    assert "did not finish within 2 s" in err.read_text()
    deadline = time.monotonic() + 1  # the kernel's kill of the second process is immediate
    while _running(slow_policy) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _running(slow_policy) == []
