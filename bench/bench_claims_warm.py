"""Warm-run cost of earning the self-declared conditions (models, datasets, tools, personal
data, API exposure seen in the repository): whole-process `check` on examples/passing with a
warm cache, this source tree against a reference tree (e.g. the branch it started from,
extracted with `git archive integ2 | tar -x -C /tmp/ref`), in the same run, alternating.

    python bench/bench_claims_warm.py --reference /tmp/ref [--runs 11]

Prints the medians and the ratio this / reference. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = "from ai_security_gate.cli import main; main()"


def _run(tree: Path, example: Path, cache: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    args = [sys.executable, "-c", RUN, "check", str(example), "--today", "2026-11-22"]
    start = time.perf_counter()
    done = subprocess.run(
        [*args, "--cache-dir", str(cache)], env=env, capture_output=True, check=False
    )
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(done.stderr.decode(errors="replace"))
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "passing"  # one copy, so both read the same files
        shutil.copytree(ROOT / "examples" / "passing", example)
        trees = {"this": ROOT, "reference": args.reference.resolve()}
        caches = {name: Path(tmp) / f"cache-{name}" for name in trees}
        for name, tree in trees.items():  # warm each tree's own cache
            _run(tree, example, caches[name])
        times: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(args.runs):
            for name, tree in trees.items():
                times[name].append(_run(tree, example, caches[name]))
    med = {name: statistics.median(t) for name, t in times.items()}
    print(f"warm check, examples/passing, {args.runs} runs each (medians)")
    for name in trees:
        print(f"  {name:10s} {med[name]:.3f} s")
    print(f"  ratio this / reference: {med['this'] / med['reference']:.3f}")


if __name__ == "__main__":
    main()
