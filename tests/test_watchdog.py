"""watchdog.limited: the policy stage's time limit, on plain Python calls (the engines are
exercised end to end in tests/security/test_eval_timeout.py)."""

from __future__ import annotations

import os
import time

import pytest

from ai_security_gate.errors import GateError
from ai_security_gate.watchdog import EvalTimeout, limited


@pytest.mark.parametrize("releases_gil", [False, True])
def test_the_result_comes_back(releases_gil):
    value = {"violations": [("5.1.1-1", "rule", "message")], "n": 3}
    assert limited(lambda: value, 30, "test", releases_gil=releases_gil) == value


@pytest.mark.parametrize("releases_gil", [False, True])
def test_a_call_past_the_limit_is_stopped(releases_gil):
    start = time.monotonic()
    with pytest.raises(EvalTimeout, match=r"policy stage .* did not finish within 0.5 s"):
        limited(lambda: time.sleep(60), 0.5, "test", releases_gil=releases_gil)
    assert time.monotonic() - start < 30  # stopped, not waited out


def test_a_gate_error_in_the_child_keeps_its_message():
    def fails() -> None:
        raise GateError("policy package x: a violation must be an object")

    with pytest.raises(GateError, match="a violation must be an object"):
        limited(fails, 30, "test")


def test_a_child_that_dies_is_exit_2_not_a_hang():
    with pytest.raises(GateError, match="ended without a result"):
        limited(lambda: os._exit(3), 30, "test")


def test_no_limit_runs_in_this_process():
    assert limited(os.getpid, 0, "test") == os.getpid()
    assert limited(os.getpid, 30, "test") != os.getpid()  # evaluated in a child
