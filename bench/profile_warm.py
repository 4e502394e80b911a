"""Where a warm pre-commit run's time goes, stage by stage: whole-process `check --offline`
on a committed copy of examples/passing (a git repository of its own, as a user's is), the
cache warm, each stage's wall and CPU time measured inside the process by wrapping the
pipeline's functions, medians over --runs processes. Optionally the same for a reference
tree (e.g. `git archive main | tar -x -C /tmp/ref`) in the same run, alternating.

    python bench/profile_warm.py [--reference /tmp/ref] [--runs 11] [--models 10000]

--models N runs on bench_scale.py's generated repository of N models instead (the parent's
stages at scale: the evaluating child's CPU is in the whole-process row only).

Not a test: nothing here asserts a time. Unset PYTHONDONTWRITEBYTECODE first (otherwise every
process compiles every module again).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-22"

# run inside the measured process: wrap each stage, run the CLI, print the timings as JSON
# on stderr's last line. A stage missing from a tree is skipped.
PROBE = r"""
import atexit, importlib, json, sys, time
START = (time.perf_counter(), time.process_time())
STAGES = [
    ("imports (cli)", None, None),
    ("click options + settings", "ai_security_gate.cli", "_file_settings"),
    ("run_check (whole)", "ai_security_gate.pipeline", "run_check"),
    ("load manifest", "ai_security_gate.loader", "load_manifest"),
    ("load policies", "ai_security_gate.policies", "load_policies"),
    ("engine load (add_policy)", "ai_security_gate.engines.regorus_engine", "RegorusEngine.load"),
    ("schema", "ai_security_gate.schema", "validate"),
    ("evidence collect", "ai_security_gate.evidence", "collect"),
    ("observed", "ai_security_gate.pipeline", "_observed"),
    ("evaluate (fork + queries)", "ai_security_gate.pipeline", "_evaluate"),
    ("decide", "ai_security_gate.decision", "decide"),
    ("inventory", "ai_security_gate.inventory", "build"),
    ("report", "ai_security_gate.cli", "_write_reports"),
]
took = {}
import gc
_gc = [0.0]
def _collector(phase, info):  # the collector's own time, wherever it struck
    if phase == "start":
        _gc[0] = time.perf_counter()
    else:
        t = took.setdefault("garbage collection (in any)", [0.0, 0.0])
        t[0] += time.perf_counter() - _gc[0]
        t[1] += time.perf_counter() - _gc[0]
gc.callbacks.append(_collector)
def wrap(owner, attr, label):
    inner = getattr(owner, attr)
    def timed(*a, **k):
        w, c = time.perf_counter(), time.process_time()
        try:
            return inner(*a, **k)
        finally:
            t = took.setdefault(label, [0.0, 0.0])
            t[0] += time.perf_counter() - w
            t[1] += time.process_time() - c
    setattr(owner, attr, timed)
import ai_security_gate.cli as cli
took["imports (cli)"] = [time.perf_counter() - START[0], time.process_time() - START[1]]
for label, module, name in STAGES[1:]:
    try:
        owner = importlib.import_module(module)
    except ImportError:
        continue
    *path, attr = name.split(".")
    for part in path:
        owner = getattr(owner, part)
    if hasattr(owner, attr):
        wrap(owner, attr, label)
def done():
    took["total (in process)"] = [time.perf_counter() - START[0], time.process_time() - START[1]]
    sys.stderr.write("\n" + json.dumps(took) + "\n")
atexit.register(done)
cli.main()
"""


def _repo(tmp: Path, models: int = 0) -> Path:
    if models:
        sys.path.insert(0, str(ROOT / "bench"))
        from bench_scale import make_repo

        return make_repo(tmp, models)
    repo = tmp / "repo"
    shutil.copytree(ROOT / "examples" / "passing", repo)
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "bench"], cwd=repo, check=True)
    return repo


def _once(tree: Path, repo: Path, cache: Path) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    args = ["check", "--offline", "--today", TODAY, "--cache-dir", str(cache)]
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=repo, env=env, capture_output=True, check=False
    )
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(done.stderr.decode(errors="replace"))
    timings: dict[str, list[float]] = json.loads(done.stderr.decode().strip().splitlines()[-1])
    cpu = sum(getattr(after, f) - getattr(before, f) for f in ("ru_utime", "ru_stime"))
    # the whole process: its children (the evaluating child, git) included in the CPU
    timings["whole process (+children cpu)"] = [wall, cpu]
    inside = timings["total (in process)"]
    timings["startup + exit (outside)"] = [wall - inside[0], 0.0]
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--models", type=int, default=0, help="a generated repository instead")
    args = parser.parse_args()
    trees = {"this": ROOT}
    if args.reference:
        trees["reference"] = args.reference.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        repo = _repo(Path(tmp), args.models)
        caches = {name: Path(tmp) / f"cache-{name}" for name in trees}
        for name, tree in trees.items():  # warm each tree's cache and .pyc files
            _once(tree, repo, caches[name])
        runs: dict[str, list[dict[str, list[float]]]] = {name: [] for name in trees}
        for _ in range(args.runs):
            for name, tree in trees.items():
                runs[name].append(_once(tree, repo, caches[name]))
    labels = list(dict.fromkeys(k for name in trees for r in runs[name] for k in r))
    what = f"a generated repository of {args.models} models" if args.models else "examples/passing"
    print(f"warm `check --offline`, committed {what}, {args.runs} runs (medians, ms)")
    header = "".join(f"{name + ' wall':>16s}{name + ' cpu':>15s}" for name in trees)
    print(f"  {'stage':30s}{header}")
    for label in labels:
        row = ""
        for name in trees:
            walls = [r[label][0] for r in runs[name] if label in r]
            cpus = [r[label][1] for r in runs[name] if label in r]
            if walls:
                row += (
                    f"{statistics.median(walls) * 1000:16.1f}{statistics.median(cpus) * 1000:15.1f}"
                )
            else:
                row += f"{'-':>16s}{'-':>15s}"
        print(f"  {label:30s}{row}")


if __name__ == "__main__":
    main()
