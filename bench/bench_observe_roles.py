"""What the role detectors (evidence/observed_roles.py) add to a cold observation, on a
generated ML repository of N Python files (a tenth of them training, serving or data code,
the rest feature modules that fit a scaler), beside two
references in the same run: the asset detectors that also parse the code
(observed_assets.observe_assets, i.e. discover), and listing the tree and reading every file.

    python bench/bench_observe_roles.py [--files 1000] [--runs 7]

Prints medians and the ratios. Not a test: nothing here asserts a time. Warm runs do not
pay for either: observe() caches every kind by a digest of the listing.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from ai_security_gate.evidence.observed_assets import observe_assets
from ai_security_gate.evidence.observed_roles import observe_roles
from timing import median_seconds, read_every_file

PLAIN = '''"""Module {n}: feature code."""

import json

from sklearn.preprocessing import StandardScaler


def features_{n}(rows):
    scaler = StandardScaler().fit(rows)  # not training: a scaler
    return json.dumps({{"n": {n}, "mean": list(scaler.mean_)}})


class Helper{n}:
    def run(self, payload):
        return [x * 2 for x in payload if x]
'''
SPECIAL = [
    "from transformers import Trainer\ntrainer = Trainer(model=m)\ntrainer.train()\n",
    "from fastapi import FastAPI\nimport torch\napp = FastAPI()\n",
    "import pandas as pd\npd.read_csv('raw.csv').to_parquet('data/clean.parquet')\n",
]


def _repo(root: Path, files: int) -> None:
    for n in range(files):
        d = root / "src" / f"pkg{n % 20}"
        d.mkdir(parents=True, exist_ok=True)
        text = SPECIAL[n % 3] if n % 10 == 0 else PLAIN.format(n=n)
        (d / f"mod{n}.py").write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        _repo(root, args.files)
        seen = observe_roles(root)
        assert seen["developer_seen"] and seen["operator_seen"] and seen["custodian_seen"]
        ref = median_seconds(lambda: read_every_file(root), args.runs)
        assets = median_seconds(lambda: observe_assets(root), args.runs)
        roles = median_seconds(lambda: observe_roles(root), args.runs)
    print(f"files: {args.files}, runs: {args.runs} (medians)")
    print(f"reference (walk + read every file): {ref * 1000:.1f} ms")
    print(f"observe_assets() (discover), cold:  {assets * 1000:.1f} ms  ({assets / ref:.2f}x)")
    print(
        f"observe_roles(), cold:              {roles * 1000:.1f} ms  ({roles / ref:.2f}x, "
        f"{roles / assets:.2f}x the asset detectors)"
    )


if __name__ == "__main__":
    main()
