"""What the policy stage's time limit (watchdog.py) costs on the warm run, per engine.

    python bench/bench_eval_timeout.py [--runs 15] [--engines regorus,opa]

Compares `check` with the limit (the default, --eval-timeout 60: regorus evaluates in a
forked child, OPA in a thread) against `--eval-timeout 0` (evaluation in the calling
thread, as before the limit existed), in the same run, alternating so machine noise hits
both alike. Two views: the whole process (what a pre-commit hook waits for) and
`run_check` in one process (the stage alone, without interpreter start-up noise). Prints
medians and the ratio limit / none. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "passing"


def _gate() -> str:
    here = Path(sys.executable).parent / "ai-security-gate"
    found = str(here) if here.exists() else shutil.which("ai-security-gate")
    if not found:
        sys.exit("ai-security-gate not found; pip install -e . in this environment")
    return found


def _process(engine: str, limit: str) -> float:
    cmd = [_gate(), "check", "--today", "2026-11-22", "--engine", engine, "--eval-timeout", limit]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=EXAMPLE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[:500]}")
    return elapsed


def _cpu() -> float:
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _in_process(engine: str, limit: float, cpu: bool = False) -> float:
    """Wall time of one run_check, or with `cpu` the CPU time it used (this process and its
    children: the forked evaluator counts), which a loaded machine distorts far less."""
    from ai_security_gate.pipeline import CheckOptions, run_check

    options = CheckOptions(
        repo=EXAMPLE, engine=engine, today=dt.date(2026, 11, 22), eval_timeout=limit
    )
    start, cpu_start = time.perf_counter(), _cpu()
    decision = run_check(options)
    elapsed, used = time.perf_counter() - start, _cpu() - cpu_start
    if decision.exit_code != 0:
        sys.exit(f"run_check with {engine} did not pass: exit {decision.exit_code}")
    return used if cpu else elapsed


def _compare(label: str, runs: int, with_limit: object, without: object) -> None:
    timed, free = [], []
    for _ in range(runs):
        timed.append(with_limit())  # type: ignore[operator]
        free.append(without())  # type: ignore[operator]
    t, f = statistics.median(timed), statistics.median(free)
    print(
        f"  {label:34} limit {t * 1000:7.1f} ms   none {f * 1000:7.1f} ms   "
        f"ratio {t / f:5.3f}   (+{(t - f) * 1000:5.1f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--engines", default="regorus,opa")
    parser.add_argument("--no-process", action="store_true", help="skip the whole-process view")
    args = parser.parse_args()

    print(f"runs: {args.runs} each, alternating; medians")
    for engine in args.engines.split(","):
        for limit in ("60", "0"):  # warm the OS file cache, .pyc files and the hash cache
            _process(engine, limit)
        if not args.no_process:
            _compare(
                f"{engine}: whole process",
                args.runs,
                lambda e=engine: _process(e, "60"),
                lambda e=engine: _process(e, "0"),
            )
        _in_process(engine, 0)
        _compare(
            f"{engine}: run_check in one process",
            args.runs,
            lambda e=engine: _in_process(e, 60),
            lambda e=engine: _in_process(e, 0),
        )
        _compare(
            f"{engine}: run_check CPU time",
            args.runs,
            lambda e=engine: _in_process(e, 60, cpu=True),
            lambda e=engine: _in_process(e, 0, cpu=True),
        )


if __name__ == "__main__":
    main()
