"""What `check` pays to read what the repository shows (evidence/observed.py: hub pushes,
cloud SDKs, Terraform, CI, weight files), on a generated repository of N files, beside a
reference in the same run: listing the same tree with os.walk and reading every file once
(the floor any such scan must pay if it looked at everything).

    python bench/bench_observe.py [--files 1000] [--runs 7]

Prints the medians and the ratio observe / reference. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from ai_security_gate.evidence.cache import JsonCache
from ai_security_gate.evidence.observed import CACHE_NAMESPACE, observe
from timing import median_seconds, read_every_file

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
        ref = median_seconds(lambda: read_every_file(root), args.runs)
        obs = median_seconds(lambda: observe(root), args.runs)
        cache = JsonCache(Path(tmp) / "cache", CACHE_NAMESPACE)
        observe(root, cache)  # fills it
        warm = median_seconds(lambda: observe(root, cache), args.runs)
    print(f"files: {args.files}, runs: {args.runs} (medians)")
    print(f"reference (walk + read every file): {ref * 1000:.1f} ms")
    print(f"observe(), cold:                    {obs * 1000:.1f} ms  ({obs / ref:.2f}x)")
    print(f"observe(), warm (cached listing):   {warm * 1000:.1f} ms  ({warm / ref:.2f}x)")


if __name__ == "__main__":
    main()
