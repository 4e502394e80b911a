"""What `check` pays to read what the repository shows (evidence/observed.py: hub pushes,
cloud SDKs, Terraform, CI, weight files), on a generated repository of N files, beside a
reference in the same run: listing the same tree with os.walk and reading every file once
(the floor any such scan must pay if it looked at everything).

    python bench/bench_observe.py [--files 1000] [--runs 7]

Prints the medians and the ratio observe / reference. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from ai_security_gate.evidence.cache import JsonCache
from ai_security_gate.evidence.observed import CACHE_NAMESPACE, observe

PY = '''"""Module {n}: application code."""

import json


def handle_{n}(payload):
    return json.dumps({{"n": {n}, "payload": payload}})
'''
PUSH = "from transformers import AutoModel\nAutoModel.from_pretrained('m').push_to_hub('org/m')\n"


def _repo(root: Path, files: int) -> None:
    for n in range(files):
        d = root / "src" / f"pkg{n % 20}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"mod{n}.py").write_text(PUSH if n == files // 2 else PY.format(n=n))
    (root / "requirements.txt").write_text("boto3==1.34.0\nrequests==2.32.3\n")
    (root / "infra").mkdir()
    (root / "infra" / "main.tf").write_text('provider "aws" {\n  region = "eu-west-1"\n}\n')


def _reference(root: Path) -> int:
    total = 0
    for dirpath, _, filenames in os.walk(root):
        for f in filenames:
            total += len((Path(dirpath) / f).read_bytes())
    return total


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"  # the cache beside it: inside, it would change the listing
        _repo(root, args.files)
        seen = observe(root)
        assert seen["publishing"] and seen["cloud"], seen  # the scan finds what is there
        ref = _median(lambda: _reference(root), args.runs)
        obs = _median(lambda: observe(root), args.runs)
        cache = JsonCache(Path(tmp) / "cache", CACHE_NAMESPACE)
        observe(root, cache)  # fills it
        warm = _median(lambda: observe(root, cache), args.runs)
    print(f"files: {args.files}, runs: {args.runs} (medians)")
    print(f"reference (walk + read every file): {ref * 1000:.1f} ms")
    print(f"observe(), cold:                    {obs * 1000:.1f} ms  ({obs / ref:.2f}x)")
    print(f"observe(), warm (cached listing):   {warm * 1000:.1f} ms  ({warm / ref:.2f}x)")


if __name__ == "__main__":
    main()
