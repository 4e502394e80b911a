"""split: the policy packages evaluated by two processes (the caller and a forked helper)
give what a serial run gives, and the helper never outlives its caller or the time limit.
Real forks, real regorus on the shipped policies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from ai_security_gate.engines import split
from ai_security_gate.engines.regorus_engine import RegorusEngine
from ai_security_gate.errors import GateError
from ai_security_gate.policies import load_policies

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the split needs fork")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "passing"


def _large_input() -> dict[str, object]:
    """A manifest of 120 models (some without a version or a pin: findings to compare)."""
    from ai_security_gate.loader import load_manifest

    manifest = load_manifest(EXAMPLE / "ai-security.yaml").data
    models = manifest["models"]
    for i in range(120):
        model = dict(models[0], name=f"adapter-{i}")
        if i % 7 == 0:
            model.pop("version", None)
        models.append(model)
    doc = {"manifest": manifest, "evidence": {}, "config": {"today": "2026-11-22"}}
    assert len(json.dumps(doc)) >= split.MIN_INPUT_BYTES  # large enough to be split
    return doc


def test_the_split_gives_what_a_serial_run_gives(
    monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    policies = load_policies()
    engine = RegorusEngine()
    engine.load(policies.sources(), policies.data())
    doc = _large_input()
    # two workers whatever this machine's cores (a CI container may give one): the split
    # itself is under test, not the choice to make it
    monkeypatch.setattr(split, "workers", lambda: 2)
    both = engine.evaluate(doc)
    monkeypatch.setattr(split, "workers", lambda: 1)
    serial = engine.evaluate(doc)
    assert both == serial
    assert len(forks) == 1  # it did split
    assert any(v.rule == "model_version" for v in serial.violations)  # findings compared


def test_both_processes_take_packages_and_the_order_is_kept() -> None:
    names = [f"p{i}" for i in range(12)]

    def one(name: str) -> tuple[str, int]:
        time.sleep(0.05)  # slow enough that the helper is up before the queue empties
        return name, os.getpid()

    got = split.evaluate_halves(names, one, weights=list(range(12))).values()
    assert [name for name, _ in got] == names
    pids = {pid for _, pid in got}
    assert os.getpid() in pids and len(pids) == 2


def test_an_error_in_the_helper_is_the_stage_s_error() -> None:
    me = os.getpid()

    def one(name: str) -> str:
        if os.getpid() != me:
            raise GateError(f"the Rego engine failed while evaluating {name}: boom")
        time.sleep(0.05)
        return name

    with pytest.raises(GateError, match="boom"):
        split.evaluate_halves(["a", "b", "c", "d"], one, weights=[1, 1, 1, 1]).values()


def test_a_helper_that_dies_gives_no_partial_result() -> None:
    me = os.getpid()

    def one(name: str) -> str:
        if os.getpid() != me:
            os._exit(3)
        time.sleep(0.05)
        return name

    with pytest.raises(GateError, match="second process ended without a result"):
        split.evaluate_halves(["a", "b", "c", "d"], one, weights=[1, 1, 1, 1]).values()


def test_no_split_while_another_thread_runs() -> None:
    """A fork copies only the calling thread; a lock another thread holds would stay held."""
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert split.workers() == 1
    finally:
        stop.set()
        worker.join()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _run(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_the_helper_keeps_the_caller_s_time_limit(tmp_path: Path) -> None:
    """The evaluating child arms a kernel timer (preload.py, watchdog.py); the helper arms what
    is left of it, so a runaway package in the helper ends at the limit, not later."""
    pid_file = tmp_path / "helper.pid"
    done = _run(
        f"""
        import os, signal, time
        from ai_security_gate.engines import split
        signal.signal(signal.SIGALRM, lambda *a: None)  # the caller outlives its own alarm
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        me = os.getpid()
        def one(name):
            if os.getpid() != me:
                open({str(pid_file)!r}, "w").write(str(os.getpid()))
                time.sleep(30)
            time.sleep(0.3)  # the helper takes the other package meanwhile
            return name
        start = time.monotonic()
        try:
            split.evaluate_halves(["a", "b"], one, [2, 1]).values()
        except Exception as exc:
            print(type(exc).__name__, round(time.monotonic() - start), exc)
        """
    )
    assert "GateError" in done.stdout, done.stdout + done.stderr
    assert int(done.stdout.split()[1]) < 10  # ended by the timer, not after 30 s
    assert not _alive(int(pid_file.read_text()))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_the_helper_ends_with_its_caller(tmp_path: Path) -> None:
    """The time limit kills the evaluating child (SIGKILL); its helper must not run on."""
    pid_file = tmp_path / "helper.pid"
    done = _run(
        f"""
        import os, signal, time
        from ai_security_gate.engines import split
        me = os.getpid()
        def one(name):
            if os.getpid() != me:
                open({str(pid_file)!r}, "w").write(str(os.getpid()))
                time.sleep(60)
            else:
                time.sleep(0.5)
                os.kill(me, signal.SIGKILL)
            return name
        split.evaluate_halves(["a", "b"], one, [2, 1]).values()
        """
    )
    assert done.returncode == -9
    helper = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while _alive(helper) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(helper)
