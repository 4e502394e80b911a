"""What the manifest loader costs at a given size, against another checkout's loader.

    python bench/bench_loader.py --reference-src OLD/src [--models 1000] [--runs 7]

Writes the manifest bench_scale.py builds for N models, then loads it with this checkout's
`load_manifest` and with the reference checkout's, in alternating fresh processes (so
machine noise hits both alike), each timing the load alone in CPU time (median of several
loads per process). Prints the medians and the ratio this / reference. Not a test: nothing
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
import sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from ai_security_gate.loader import load_manifest
path = Path(sys.argv[2])
load_manifest(path)  # warm: imports, PyYAML's tables
times = []
for _ in range(5):
    start = time.process_time()
    load_manifest(path)
    times.append(time.process_time() - start)
times.sort()
print(times[len(times) // 2])
"""


def _time(src: Path, manifest: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", WORKER, str(src), str(manifest)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip())


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
        this: list[float] = []
        ref: list[float] = []
        for _ in range(args.runs):
            ref.append(_time(args.reference_src.resolve(), manifest))
            this.append(_time(SRC, manifest))
    a, b = statistics.median(this), statistics.median(ref)
    print(f"{args.models} models ({size:,} KiB manifest), median CPU of load_manifest:")
    print(f"  this checkout  {a * 1000:8.1f} ms")
    print(f"  reference      {b * 1000:8.1f} ms")
    print(f"  ratio this / reference: {a / b:.3f}")


if __name__ == "__main__":
    main()
