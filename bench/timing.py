"""What several benches share: the read-every-file reference and a median of runs."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path


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
