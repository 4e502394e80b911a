"""preload: regorus loads the policies in the evaluating child, forked before the evidence
stage, and answers each input the parent sends, under the policy stage's time limit. Real
regorus and real forks; the whole CLI is compared with and without the child in
tests/security/test_eval_timeout.py and by the reference outputs."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ai_security_gate.engines.regorus_engine import RegorusEngine
from ai_security_gate.errors import GateError
from ai_security_gate.policies import load_policies
from ai_security_gate.preload import Forked, load
from ai_security_gate.watchdog import EvalTimeout

CUSTOM = """package ai_security.custom.flag

import rego.v1

violations contains v if {
	some name in input.manifest.flags
	v := {"provision": "5.1.1-1", "rule": "flag", "message": name, "path": ["flags"]}
}
"""
LOOPING = CUSTOM.replace(
    "some name in input.manifest.flags",
    "n := count([x | some x in numbers.range(1, 100000000000); x % 2 == 1])\n\tn < 0\n"
    '\tname := "never"',
)


def _input(*flags: str) -> dict[str, object]:
    return {"manifest": {"flags": list(flags)}, "evidence": {}, "config": {}}


def _gone(pid: int) -> bool:
    """The child has ended and been collected (no zombie left)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_policies_load_in_the_child_not_here() -> None:
    engine = RegorusEngine()
    forked = load(engine, [("custom/flag.rego", CUSTOM)], {}, 30)
    assert isinstance(forked, Forked)
    assert engine.packages() == []  # this process parsed nothing
    got = forked.evaluate(_input("a", "b"), 30)
    assert sorted(v.message for v in got.violations) == ["a", "b"]
    forked.close()
    assert _gone(forked.pid)


def test_answers_equal_an_engine_loaded_here_on_the_shipped_policies() -> None:
    policies = load_policies()
    here = RegorusEngine()
    here.load(policies.sources(), policies.data())
    forked = load(RegorusEngine(), policies.sources(), policies.data(), 30)
    doc = _input()
    assert forked.evaluate(doc, 30) == here.evaluate(doc)
    assert here.evaluate(doc).violations  # an empty manifest: findings were compared


def test_one_child_answers_several_inputs_in_turn() -> None:
    """Pull-request mode evaluates the base branch's manifest after the head's."""
    forked = load(RegorusEngine(), [("custom/flag.rego", CUSTOM)], {}, 30)
    first = forked.evaluate(_input("head"), 30)
    second = forked.evaluate(_input("base", "other"), 30)
    assert [v.message for v in first.violations] == ["head"]
    assert sorted(v.message for v in second.violations) == ["base", "other"]
    forked.close()


def test_a_policy_the_engine_rejects_keeps_its_message() -> None:
    broken = [("custom/broken.rego", "package ai_security.custom.broken\n\nviolations contains")]
    with pytest.raises(GateError) as here:
        RegorusEngine().load(broken, {})
    forked = load(RegorusEngine(), broken, {}, 30)
    with pytest.raises(GateError) as there:
        forked.evaluate(_input(), 30)
    assert str(there.value) == str(here.value)
    assert "loading custom/broken.rego" in str(there.value)


def test_a_runaway_policy_is_stopped_at_the_limit_and_the_child_collected() -> None:
    forked = load(RegorusEngine(), [("custom/flag.rego", LOOPING)], {}, 1)
    start = time.monotonic()
    with pytest.raises(EvalTimeout, match="did not finish within 1 s"):
        forked.evaluate(_input(), 1)
    assert time.monotonic() - start < 20
    assert _gone(forked.pid)


def test_a_child_that_died_is_exit_2_not_a_hang() -> None:
    forked = load(RegorusEngine(), [("custom/flag.rego", CUSTOM)], {}, 30)
    os.kill(forked.pid, 9)
    with pytest.raises(GateError, match="ended without a result"):
        forked.evaluate(_input("a"), 30)
    assert _gone(forked.pid)
    with pytest.raises(GateError, match="already ended"):
        forked.evaluate(_input("a"), 30)


def test_without_a_limit_the_engine_loads_here() -> None:
    engine = RegorusEngine()
    assert load(engine, [("custom/flag.rego", CUSTOM)], {}, 0) is engine
    assert "data.ai_security.custom.flag" in engine.packages()


def test_the_child_ends_when_its_parent_is_gone(tmp_path: Path) -> None:
    """A parent killed before it sends an input (a cancelled CI job) leaves nothing running:
    the child reads the end of its pipe and exits."""
    script = textwrap.dedent(
        f"""
        import os, sys
        from ai_security_gate.engines.regorus_engine import RegorusEngine
        from ai_security_gate.preload import load
        forked = load(RegorusEngine(), [("custom/flag.rego", {CUSTOM!r})], {{}}, 30)
        print(forked.pid, flush=True)
        os._exit(0)  # no clean-up: as SIGKILL would leave it
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    pid = int(done.stdout.strip())
    deadline = time.monotonic() + 20
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(pid)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_work_for_afterwards_runs_here_while_the_child_evaluates() -> None:
    """pipeline reads the catalogue while the child evaluates: `meanwhile` runs once, in this
    process, and the answer is unchanged."""
    forked = load(RegorusEngine(), [("custom/flag.rego", CUSTOM)], {}, 30)
    ran: list[int] = []
    got = forked.evaluate(_input("x"), 30, meanwhile=lambda: ran.append(os.getpid()))
    assert ran == [os.getpid()]
    assert [v.message for v in got.violations] == ["x"]
    forked.close()


def test_a_large_input_crosses_the_pipe_whole() -> None:
    """Every manifest size is evaluated by the child forked early: a 10,000-model input is
    ~20 MB of JSON text, written through the pipe in pieces (larger than its buffer)."""
    names = [f"adapter-{i:05d}" for i in range(60_000)]  # ~1 MB of JSON
    forked = load(RegorusEngine(), [("custom/flag.rego", CUSTOM)], {}, 30)
    assert isinstance(forked, Forked)
    got = forked.evaluate(_input(*names), 30)
    assert sorted(v.message for v in got.violations) == names
    forked.close()


def test_no_process_to_spare_loads_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fork refused by the system (process limit) is not an error: the engine loads here
    and watchdog.limited applies the limit as before. (os.fork is replaced: a real process
    limit would stop the test runner too.)"""
    before = len(os.listdir("/proc/self/fd"))

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    engine = RegorusEngine()
    assert load(engine, [("custom/flag.rego", CUSTOM)], {}, 30) is engine
    assert "data.ai_security.custom.flag" in engine.packages()
    assert len(os.listdir("/proc/self/fd")) == before  # the pipes were closed
