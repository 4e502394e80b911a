"""What matching base waivers per finding costs in pull-request mode (pr_waivers.py): the
same `--base-ref` run of examples/passing with a base waiver that applies, with the base
evaluation (the policies run again on the base's manifest and files) and, as the reference
in the same run, without it (the base evaluation turned off in process).

    python bench/bench_pr_waivers.py [--runs 7]

Prints both medians and the ratio. The base is evaluated only when a waiver applies, so
runs that lean on no waiver pay nothing. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from ai_security_gate import pr_waivers
from ai_security_gate.pipeline import CheckOptions, run_check

ROOT = Path(__file__).resolve().parents[1]
WAIVER = (
    "waivers:\n  - provision: 5.1.3-1.3\n    justification: the risk owner writes the "
    "rationale for T6 at the next risk review\n    approver: Lena Fischer\n"
    "    expires: 2027-01-31\n"
)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _repo(tmp: Path) -> Path:
    repo = tmp / "repo"
    shutil.copytree(ROOT / "examples" / "passing", repo)
    manifest = repo / "ai-security.yaml"
    text = manifest.read_text()
    text = text.replace(
        "      rationale: Residual risk is low; an agent reviews drafted replies.\n", ""
    )
    manifest.write_text(text.replace("waivers: []\n", WAIVER))
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "-c", "user.email=b@e.com", "-c", "user.name=B", "add", "-A")
    _git(repo, "-c", "user.email=b@e.com", "-c", "user.name=B", "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "feature")
    (repo / "docs" / "pr-note.md").write_text("a pull request change\n")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.email=b@e.com", "-c", "user.name=B", "commit", "-qm", "pr")
    return repo


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    real = pr_waivers.leans_on_waiver
    with tempfile.TemporaryDirectory() as tmp:
        repo = _repo(Path(tmp))
        options = CheckOptions(
            repo=repo, base_ref="main", offline=True, today=dt.date(2026, 11, 22)
        )

        def timed(base: bool) -> float:
            pr_waivers.leans_on_waiver = real if base else (lambda decided: False)
            start = time.perf_counter()
            decided = run_check(options)
            took = time.perf_counter() - start
            [r] = [r for r in decided.results if r.provision.id == "5.1.3-1.3"]
            assert r.status.value == "waived", r.status
            return took

        timed(True), timed(False)  # warm caches
        without, with_base = [], []
        for _ in range(args.runs):
            without.append(timed(False))
            with_base.append(timed(True))
    a, b = statistics.median(without), statistics.median(with_base)
    print(f"--base-ref run with an applying waiver, median of {args.runs}:")
    print(f"  reference (no base evaluation): {a:.2f} s")
    print(f"  with the base evaluated:        {b:.2f} s   ratio {b / a:.2f}")


if __name__ == "__main__":
    main()
