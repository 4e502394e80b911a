"""Whole-process time of `ai-security-gate check` on the example, beside `check-jsonschema`
validating the same manifest against the same schema, in the same run.

    python bench/bench_check.py [--runs 15]

Prints medians and the ratio ours / check-jsonschema (target <= 0.7, issue 15). Runs alternate so
machine noise hits both alike. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "passing"
SCHEMA = ROOT / "schemas" / "ai-security.schema.json"


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found; install it in this environment (pip install {name})")
    return found


def _time(cmd: list[str], ok: set[int]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=EXAMPLE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        sys.exit(f"{cmd[0]} exited {proc.returncode}: {proc.stderr.decode()[:500]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    ours = [_tool("ai-security-gate"), "check", "--today", "2026-11-22"]
    reference = [_tool("check-jsonschema"), "--schemafile", str(SCHEMA), "ai-security.yaml"]
    for cmd in (ours, reference):  # warm the OS file cache and .pyc files
        _time(cmd, {0, 1})

    mine, theirs = [], []
    for _ in range(args.runs):
        mine.append(_time(ours, {0}))
        theirs.append(_time(reference, {0}))

    m, t = statistics.median(mine), statistics.median(theirs)
    print(f"runs: {args.runs} each, alternating; median wall time per whole process")
    print(
        f"  ai-security-gate check (load, schema, evidence, Rego, decide, report):{m * 1000:7.1f} ms"
    )
    print(
        f"  check-jsonschema (schema validation only):                         {t * 1000:7.1f} ms"
    )
    print(f"  ratio ours / check-jsonschema: {m / t:.2f}x (target <= 0.7x, issue 15)")


if __name__ == "__main__":
    main()
