"""While the forked engine evaluates, the parent builds what needs no policy result (the
inventory, the waiver authors): the real pipeline, the real forked regorus child."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from ai_security_gate import inventory, pipeline
from conftest import TODAY


def _run(repo: Path, monkeypatch: pytest.MonkeyPatch, fail_build: bool = False) -> list[bool]:
    """Whether each inventory build ran inside the policy stage."""
    inside = [False]
    calls: list[bool] = []
    evaluate, build = pipeline._evaluate, inventory.build

    def timed_evaluate(*args: Any, **kwargs: Any) -> Any:
        inside[0] = True
        try:
            return evaluate(*args, **kwargs)
        finally:
            inside[0] = False

    def recorded_build(*args: Any, **kwargs: Any) -> Any:
        calls.append(inside[0])
        if fail_build and inside[0]:
            raise RuntimeError("a bug in the inventory")
        return build(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_evaluate", timed_evaluate)
    monkeypatch.setattr(inventory, "build", recorded_build)
    options = pipeline.CheckOptions(
        repo=repo, today=dt.date.fromisoformat(TODAY), offline=True, use_cache=False
    )
    decided = pipeline.run_check(options)
    assert decided.inventory is not None and decided.inventory.assets
    return calls


def test_the_inventory_is_built_while_the_engine_evaluates(passing_copy, monkeypatch):
    assert _run(passing_copy, monkeypatch) == [True]


def test_a_build_that_fails_meanwhile_runs_again_where_it_belongs(passing_copy, monkeypatch):
    # its error, if it has one, is raised after the policy stage, as before
    assert _run(passing_copy, monkeypatch, fail_build=True) == [True, False]
