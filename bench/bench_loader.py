"""What the manifest loader costs at a given size, against another checkout's loader.

    python bench/bench_loader.py --reference-src OLD/src [--models 1000] [--runs 7]

Writes the manifest bench_scale.py builds for N models, then loads it with this checkout's
`load_manifest` and with the reference checkout's, in alternating fresh processes (so
machine noise hits both alike), each timing the load alone (median of several loads per
process): the wall time, what a run waits, and the CPU time of the process and of any
process it forks (a manifest of 1 MiB or more is parsed in two parts by two processes,
loader_split.py). Prints the medians and the ratios this / reference. Not a test: nothing
here asserts a time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"

WORKER = r"""
import resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from ai_security_gate.loader import load_manifest
path = Path(sys.argv[2])
load_manifest(path)  # warm: imports, PyYAML's tables
walls, cpus = [], []
for _ in range(5):
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start, wall = time.process_time(), time.perf_counter()
    load_manifest(path)
    walls.append(time.perf_counter() - wall)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    forked = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    cpus.append(time.process_time() - start + forked)
walls.sort()
cpus.sort()
print(walls[len(walls) // 2], cpus[len(cpus) // 2])
"""


def _time(src: Path, manifest: Path) -> tuple[float, float]:
    """(wall, CPU including forked processes) of one load, median of five."""
    out = subprocess.run(
        [sys.executable, "-c", WORKER, str(src), str(manifest)],
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu = out.stdout.split()
    return float(wall), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-src", type=Path, required=True)
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7, help="processes per checkout")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from bench_scale import make_repo

    with tempfile.TemporaryDirectory() as tmp:
        manifest = make_repo(Path(tmp), args.models) / "ai-security.yaml"
        size = manifest.stat().st_size // 1024
        this: list[tuple[float, float]] = []
        ref: list[tuple[float, float]] = []
        for _ in range(args.runs):
            ref.append(_time(args.reference_src.resolve(), manifest))
            this.append(_time(SRC, manifest))
    print(f"{args.models} models ({size:,} KiB manifest), medians of load_manifest:")
    for i, what in enumerate(("wall", "CPU (with forked processes)")):
        a = statistics.median(t[i] for t in this)
        b = statistics.median(t[i] for t in ref)
        print(f"  {what}: this {a * 1000:8.1f} ms, reference {b * 1000:8.1f} ms, ratio {a / b:.3f}")


if __name__ == "__main__":
    main()
