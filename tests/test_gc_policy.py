"""The CLI's process collects cyclic garbage less often (gc_policy.py): measured in
bench/profile_warm.py, this is the young-collection threshold the command sets."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from ai_security_gate.cli import main

PROBE = """
import gc, sys
from click.testing import CliRunner
from ai_security_gate.cli import main
if sys.argv[1] == "off":
    gc.disable()
    gc.set_threshold(0)
CliRunner().invoke(main, ["provisions"])
print(gc.get_threshold()[0], gc.isenabled())
"""


def _threshold_after_a_command(mode: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_a_command_raises_the_young_collection_threshold() -> None:
    assert _threshold_after_a_command("default") == "50000 True"


def test_a_collector_switched_off_stays_off() -> None:
    assert _threshold_after_a_command("off") == "0 False"


def test_help_still_works() -> None:
    assert CliRunner().invoke(main, ["--help"]).exit_code == 0


def test_a_check_runs_with_the_collector_off_and_restores_it(passing_copy, monkeypatch) -> None:
    import gc

    from ai_security_gate import pipeline

    seen: list[bool] = []
    real = pipeline.run_check

    def recorded(options):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real(options)

    monkeypatch.setattr(pipeline, "run_check", recorded)
    args = ["check", str(passing_copy), "--today", "2026-11-22", "--offline"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output  # a copy outside git: history fails
    assert seen == [False]
    assert gc.isenabled()


def test_what_a_paused_call_leaves_is_not_young_any_more() -> None:
    """Else the first collection after a check walks everything it built."""
    import gc

    from ai_security_gate.gc_policy import paused

    gc.disable()  # nothing collects while this test counts
    try:
        kept = paused(lambda: [{} for _ in range(100_000)])()
        assert gc.get_count()[0] < 1_000
        assert len(kept) == 100_000 and not gc.isenabled()
    finally:
        gc.enable()


def test_a_cycle_left_by_a_paused_call_is_still_collected() -> None:
    import gc
    import weakref

    from ai_security_gate.gc_policy import paused

    class Node:
        pass

    def make_cycle() -> weakref.ref[Node]:
        node = Node()
        node.self = node  # type: ignore[attr-defined]
        return weakref.ref(node)

    ref = paused(make_cycle)()
    assert ref() is not None  # garbage, not yet collected
    gc.collect()
    assert ref() is None
