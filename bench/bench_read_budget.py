"""What observation costs on a repository far bigger than its read budget (read_budget.py):
N small Python files (default 200,000) and one hub push placed last, beside a reference in the
same run (listing the tree with os.walk and reading every file once: the floor of a scan that
looked at everything). Also the peak memory of the observing process (ru_maxrss, measured in a
fresh child so the reference and the generator do not count).

    python bench/bench_read_budget.py [--files 200000] [--runs 3]

Prints medians, the ratio observe / reference, peak memory, and the unread summary (the
observation must say it is incomplete). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import read_every_file

PY = "VALUE_{n} = {n}\n"
PUSH = "m.push_to_hub('org/m')\n"

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from ai_security_gate.evidence.observed import observe
start = time.perf_counter()
seen = observe(Path(sys.argv[1]))
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(json.dumps({"took": took, "peak_kib": peak, "unread": seen["unread"][:1]}))
"""


def _repo(root: Path, files: int) -> None:
    for n in range(files):
        d = root / f"pkg{n // 1000:04}"
        if n % 1000 == 0:
            d.mkdir(parents=True, exist_ok=True)
        (d / f"m{n}.py").write_text(PY.format(n=n))
    (root / "zzz").mkdir()
    (root / "zzz" / "release.py").write_text(PUSH)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        _repo(root, args.files)
        refs, runs = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            read_every_file(root)
            refs.append(time.perf_counter() - start)
            out = subprocess.run(
                [sys.executable, "-c", _CHILD, str(root)],
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(out.stdout))
    ref = statistics.median(refs)
    took = statistics.median(r["took"] for r in runs)
    peak = statistics.median(r["peak_kib"] for r in runs) / 1024
    print(f"files: {args.files}, runs: {args.runs} (medians)")
    print(f"reference (walk + read every file): {ref:.2f} s")
    print(f"observe(), cold, own process:       {took:.2f} s  ({took / ref:.2f}x)")
    print(f"peak memory of the observing process: {peak:.0f} MiB")
    print(f"unread: {runs[0]['unread']}")


if __name__ == "__main__":
    main()
