"""What several benches share: the read-every-file reference, a median of runs, and a regorus
engine loaded with a policy directory."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def read_every_file(root: Path) -> int:
    """The reference an observation is measured against: every byte of every file, read once."""
    total = 0
    for dirpath, _, filenames in os.walk(root):
        for f in filenames:
            total += len((Path(dirpath) / f).read_bytes())
    return total


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def engine_for(policy_dir: Path) -> Any:
    """A regorus engine with the .rego modules (tests left out) under policy_dir."""
    import regorus

    engine = regorus.Engine()
    for path in sorted(policy_dir.rglob("*.rego")):
        if not path.name.endswith("_test.rego"):
            engine.add_policy(str(path), path.read_text(encoding="utf-8"))
    return engine
