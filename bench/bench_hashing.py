"""Benchmark the evidence stage: hashing throughput against `sha256sum`, the warm cache, and
the collect stage's share of a whole `check` on examples/passing.

    python bench/bench_hashing.py [--size-gb 2] [--runs 3] [--dir bench/.data]
    python bench/bench_hashing.py --collect-only [--reference-src OLD/src]

--reference-src runs the same warm collect with another checkout's `src` (e.g. a worktree
of the commit before a change) in a subprocess, and prints the ratio of the two.

Prints medians and ratios measured in the same run; never asserts times (the machine is
noisy). Goals from the issue: ours >= 0.9x sha256sum, warm-cache hashing <= 50 ms.
The test file is written with real bytes (not sparse) and deleted afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "passing"


def write_file(path: Path, size: int) -> None:
    block = os.urandom(16 * 1024 * 1024)
    with path.open("wb") as fh:
        left = size
        while left > 0:
            n = min(left, len(block))
            fh.write(block[:n])
            left -= n
        fh.flush()
        os.fsync(fh.fileno())


def time_sha256sum(path: Path) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(["sha256sum", str(path)], check=True, capture_output=True, text=True)
    return time.perf_counter() - start, out.stdout.split()[0]


def time_ours(path: Path) -> tuple[float, str]:
    from ai_security_gate.evidence.hashing import sha256_file

    start = time.perf_counter()
    digest, _ = sha256_file(path)
    return time.perf_counter() - start, digest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=ROOT / "bench" / ".data")
    parser.add_argument("--collect-only", action="store_true", help="only part 3")
    parser.add_argument("--reference-src", type=Path, help="another checkout's src/ to compare")
    parser.add_argument("--warm-collect-ms", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.warm_collect_ms:  # the reference run, in a subprocess with another src/
        print(statistics.median(warm_collect(args.runs)) * 1000)
        return
    if args.collect_only:
        collect_share(args.runs, args.reference_src)
        return
    if not shutil.which("sha256sum"):
        sys.exit("sha256sum is not on PATH; it is the baseline")

    args.dir.mkdir(parents=True, exist_ok=True)
    size = int(args.size_gb * 1024**3)
    big = args.dir / "artefact.bin"
    cache_dir = Path(tempfile.mkdtemp(prefix="asg-bench-cache-"))
    os.environ["AI_SECURITY_GATE_CACHE_DIR"] = str(cache_dir)
    try:
        print(f"writing {size / 1024**3:.1f} GiB of random bytes to {big} ...", flush=True)
        write_file(big, size)
        mib = size / 1024**2

        # 1. throughput, alternating the order so neither side always reads a colder cache
        ours, theirs = [], []
        for i in range(args.runs):
            pair = [("sha256sum", time_sha256sum), ("ours", time_ours)]
            if i % 2:
                pair.reverse()
            digests = {}
            for name, fn in pair:
                seconds, digests[name] = fn(big)
                (ours if name == "ours" else theirs).append(seconds)
            assert digests["ours"] == digests["sha256sum"], "digests differ"
        o, t = statistics.median(ours), statistics.median(theirs)
        print("\n1. hashing one file (median of", args.runs, "runs)")
        print(f"   sha256sum : {t:7.3f} s  {mib / t:8.1f} MiB/s")
        print(f"   ours      : {o:7.3f} s  {mib / o:8.1f} MiB/s")
        print(f"   ratio     : {t / o:.2f}x sha256sum throughput (goal >= 0.9x)")

        # 2. the cache: a cold run hashes, warm runs only stat and read one small entry
        from ai_security_gate.evidence.cache import JsonCache
        from ai_security_gate.evidence.hashing import CACHE_NAMESPACE, Hasher

        def run_hasher() -> Hasher:
            h = Hasher(JsonCache(cache_dir, CACHE_NAMESPACE), progress=False)
            h.hash_paths([big])
            return h

        cold = run_hasher()
        warm = [run_hasher() for _ in range(max(5, args.runs))]
        warm_ms = statistics.median(h.stats.seconds for h in warm) * 1000
        print("\n2. hash cache (path + size + mtime + inode + ctime)")
        print(f"   cold run  : {cold.stats.seconds:7.3f} s  ({cold.stats.bytes_hashed} bytes read)")
        print(
            f"   warm run  : {warm_ms:7.2f} ms median of {len(warm)} (goal <= 50 ms), "
            f"{warm[0].stats.from_cache} of {warm[0].stats.files} from the cache"
        )
    finally:
        big.unlink(missing_ok=True)
        shutil.rmtree(cache_dir, ignore_errors=True)

    # 3. the collect stage on the example repository, as a share of the whole check
    collect_share(args.runs, args.reference_src)


def warm_collect(runs: int) -> list[float]:
    """Warm-cache collect times on a git copy of examples/passing (the first run fills it)."""
    from ai_security_gate import schema
    from ai_security_gate.evidence import EvidenceOptions, collect
    from ai_security_gate.loader import load_manifest

    with tempfile.TemporaryDirectory() as tmp:
        repo = _example_repo(Path(tmp))
        os.environ["AI_SECURITY_GATE_CACHE_DIR"] = str(Path(tmp) / "cache")
        loaded = load_manifest(repo / "ai-security.yaml")
        doc = schema.schema_document()
        times = []
        for _ in range(runs + 1):
            start = time.perf_counter()
            collect(
                repo, loaded.data, doc, EvidenceOptions(manifest_path=repo / "ai-security.yaml")
            )
            times.append(time.perf_counter() - start)
        return times[1:]


def _example_repo(tmp: Path) -> Path:
    repo = tmp / "repo"
    shutil.copytree(EXAMPLE, repo)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "b",
        "GIT_AUTHOR_EMAIL": "b@example.com",
        "GIT_COMMITTER_NAME": "b",
        "GIT_COMMITTER_EMAIL": "b@example.com",
    }
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "commit", "-qm", "x"], cwd=repo, check=True, env=env
    )
    return repo.resolve()


def collect_share(runs: int, reference_src: Path | None = None) -> None:
    import datetime as dt

    from ai_security_gate import schema
    from ai_security_gate.evidence import EvidenceOptions, collect
    from ai_security_gate.loader import load_manifest
    from ai_security_gate.pipeline import CheckOptions, run_check

    today = dt.date(2026, 11, 22)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(EXAMPLE, repo)
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "b",
            "GIT_AUTHOR_EMAIL": "b@example.com",
            "GIT_COMMITTER_NAME": "b",
            "GIT_COMMITTER_EMAIL": "b@example.com",
        }
        subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
        subprocess.run(
            ["git", "-c", "commit.gpgsign=false", "commit", "-qm", "x"],
            cwd=repo,
            check=True,
            env=env,
        )
        repo = repo.resolve()
        os.environ["AI_SECURITY_GATE_CACHE_DIR"] = str(Path(tmp) / "cache")
        loaded = load_manifest(repo / "ai-security.yaml")
        doc = schema.schema_document()
        rows = {"cold": [], "warm": []}
        stages: list[dict] = []
        for i in range(runs + 1):
            kind = "cold" if i == 0 else "warm"
            stats: dict = {}
            start = time.perf_counter()
            collect(
                repo,
                loaded.data,
                doc,
                EvidenceOptions(manifest_path=repo / "ai-security.yaml"),
                stats,
            )
            rows[kind].append(time.perf_counter() - start)
            stages.append(stats["timings"])
        checks = []
        for _ in range(runs):
            start = time.perf_counter()
            run_check(CheckOptions(repo=repo, today=today))
            checks.append(time.perf_counter() - start)
        processes = []
        exe = Path(sys.executable).with_name("ai-security-gate")
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [str(exe), "check", str(repo), "--today", today.isoformat()],
                capture_output=True,
                check=False,
            )
            processes.append(time.perf_counter() - start)
    cold, warm = rows["cold"][0], statistics.median(rows["warm"])
    check, process = statistics.median(checks), statistics.median(processes)
    last = stages[-1]
    print("\n3. collect stage on examples/passing (a git repository; signature, hashes, history)")
    print(f"   collect, cold cache : {cold * 1000:7.1f} ms (imports model-signing and verifies)")
    print(
        f"   collect, warm cache : {warm * 1000:7.1f} ms  stages: "
        + ", ".join(f"{k} {v * 1000:.1f}" for k, v in last.items())
    )
    print(
        f"   run_check in-process: {check * 1000:7.1f} ms  -> collect is {warm / check:.0%} of it"
    )
    print(
        f"   whole `check` process: {process * 1000:6.1f} ms  -> collect is {warm / process:.0%} of it"
    )
    content = last.get("content", 0.0)
    print(
        f"   content checks      : {content * 1000:7.1f} ms of the warm collect ({content / warm:.0%})"
    )
    if reference_src is not None:
        # alternate the two so neither always runs on a quieter machine
        ours, theirs = [], []
        for i in range(max(3, runs)):
            pair = [("ours", None), ("reference", reference_src)]
            if i % 2:
                pair.reverse()
            for name, src in pair:
                env = dict(os.environ)
                if src is not None:
                    env["PYTHONPATH"] = str(src)
                out = subprocess.run(
                    [sys.executable, __file__, "--warm-collect-ms", "--runs", str(runs)],
                    capture_output=True,
                    text=True,
                    check=True,
                    env=env,
                )
                (ours if name == "ours" else theirs).append(float(out.stdout.split()[-1]))
        o, t = statistics.median(ours), statistics.median(theirs)
        print(f"   warm collect, this tree : {o:7.1f} ms (median of {len(ours)} processes)")
        print(f"   warm collect, reference : {t:7.1f} ms ({reference_src})")
        print(f"   ratio                   : {o / t:.2f}x the reference (goal <= 1.10x)")


if __name__ == "__main__":
    main()
