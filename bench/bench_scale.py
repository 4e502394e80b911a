"""How `ai-security-gate check` grows with the size of the manifest, with both engines.

    python bench/bench_scale.py [--sizes 10,100,1000,10000] [--runs 3] [--engines regorus,opa]
                                [--cap 120] [--example-runs 15] [--no-example]
                                [--against DIR]

For each size N it writes a repository (a copy of examples/passing, committed to a fresh git
repository) whose manifest adds N models, each a third-party `uri` pinned to a revision, plus
one dataset, one threat and two AI-BOM components (the model and its data) per model. Then it
times the whole `check` process with each engine, runs alternating so machine noise hits both
alike (after one untimed run that fills the evidence cache, as a warm CI cache or a
developer's machine has it), and prints per size and engine the median wall time, the median CPU time, the peak
memory (max RSS of the largest process, and the peak summed PSS of the process tree, which
counts the policy stage's second process: engines/split.py) and the CPU time (both
processes) and wall time of the policy evaluation stage alone (engine.evaluate, timed in a
separate process); then the growth exponent fitted over the sizes >= 1,000 (log time
against log N; 1.0 is linear), and the ratio embedded / real OPA on the evaluation stage.
Last, the example check beside check-jsonschema, as bench_check.py does.

--against DIR (another revision's tree, e.g. `git archive main | tar -x -C DIR`) adds, for
each engine, cells `ENGINE@against` run with DIR/src first on PYTHONPATH (its code and its
policies) in the same alternation, and prints the ratios this tree / DIR. Both share the
evidence cache of a size, filled by this tree's untimed run: the comparison is of warm runs.

A run longer than --cap seconds is stopped and shown as "> cap". Not a test: nothing here
asserts a time; targets are printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "passing"
SCHEMA = ROOT / "schemas" / "ai-security.schema.json"
TODAY = "2026-11-22"

# Times the policy stage alone (pipeline._evaluate: the input made into what the engine
# reads, and evaluated) on the input the pipeline builds, the same code for both engines.
STAGE_WORKER = r"""
import json, resource, sys, time
from pathlib import Path
from ai_security_gate import pipeline
import datetime as dt

timed = {}
stage = pipeline._evaluate

def timed_stage(*args, **kwargs):
    # CPU (the machine may be shared; Go's threads count too), with the second process's
    # when the packages are split (engines/split.py, collected before the stage returns);
    # and wall, what a user waits
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start, wall = time.process_time(), time.perf_counter()
    try:
        return stage(*args, **kwargs)
    finally:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        helper = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        timed["evaluate"] = time.process_time() - start + helper
        timed["evaluate_wall"] = time.perf_counter() - wall

pipeline._evaluate = timed_stage
repo, engine, today = sys.argv[1], sys.argv[2], sys.argv[3]
# eval_timeout=0: the evaluation runs here, not in the watchdog's forked child (whose
# clock and `timed` the parent never sees); the fork's own cost is in the whole-process run
pipeline.run_check(pipeline.CheckOptions(
    repo=Path(repo), engine=engine, today=dt.date.fromisoformat(today), eval_timeout=0))
print(json.dumps(timed))
"""


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mib: float
    capped: bool = False
    tree_mib: float = 0.0  # the peak of the process tree's summed PSS (sampled), 0 unknown


def _tree_pss_mib(root: int) -> float:
    """The proportional set size of `root` and its descendants, summed (MiB): with the
    policy stage split over two processes (engines/split.py) the memory in use is both
    processes' pages, shared ones counted once, which a max RSS does not show."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return total / 1024


@dataclass
class Cell:
    samples: list[Sample] = field(default_factory=list)
    evaluate: list[float] = field(default_factory=list)
    evaluate_wall: list[float] = field(default_factory=list)
    error: str = ""


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found; install it in this environment (pip install {name})")
    return found


def _run(
    cmd: list[str],
    cwd: Path,
    cap: float,
    ok: set[int],
    env: dict[str, str] | None = None,
    sample_tree: bool = False,
) -> tuple[Sample, str]:
    """Wall time, CPU time and max RSS of one child process (os.wait4 gives its own rusage);
    with `sample_tree`, also the peak summed PSS of its process tree (Linux /proc)."""
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        # files: a pipe could fill
        return _run_to(cmd, cwd, cap, ok, out_file, err_file, env, sample_tree)


def _run_to(
    cmd: list[str],
    cwd: Path,
    cap: float,
    ok: set[int],
    out_file: Any,
    err_file: Any,
    env: dict[str, str] | None = None,
    sample_tree: bool = False,
) -> tuple[Sample, str]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=out_file,
        stderr=err_file,
        start_new_session=True,
        env=env,
    )
    deadline = start + cap
    capped = False
    tree_mib, next_sample = 0.0, start
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if sample_tree and time.perf_counter() >= next_sample:
            tree_mib = max(tree_mib, _tree_pss_mib(proc.pid))
            next_sample = time.perf_counter() + 0.1
        if time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            capped = True
            break
        time.sleep(0.005)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    out_file.seek(0)
    err_file.seek(0)
    out, err = out_file.read().decode(), err_file.read().decode()
    sample = Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, capped, tree_mib)
    if not capped and proc.returncode not in ok:
        raise RuntimeError(f"{cmd[0]} exited {proc.returncode}: {(err or out)[-800:]}")
    return sample, out


# ---------------------------------------------------------------- manifest generation


def _yaml_dump(data: object) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True  # write shared values out, as a person would

    return yaml.dump(data, Dumper=Dumper, sort_keys=False, width=200, allow_unicode=True)


def make_repo(parent: Path, n: int) -> Path:
    """A copy of the passing example with n generated models (plus their data, threats and BOM
    components), committed to a new git repository so the history stage runs as in CI."""
    import yaml

    repo = parent / f"models-{n}"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".git"))
    manifest = yaml.safe_load((EXAMPLE / "ai-security.yaml").read_text(encoding="utf-8"))
    bom_path = repo / manifest["supply_chain"]["sbom"]
    bom = json.loads(bom_path.read_text(encoding="utf-8"))
    report = manifest["models"][0]["evaluation"]["report"]
    card = manifest["models"][0]["model_card"]
    card_datasets = manifest["models"][0]["datasets"]  # the card names them
    for i in range(n):
        name = f"adapter-{i:05d}"
        revision = f"{i:040x}"
        digest = f"{i:064x}"
        manifest["models"].append(
            {
                "name": name,
                "version": "1.3.0",
                "source": "third_party",
                "supplier": "Example Org",
                "uri": f"https://huggingface.co/example-org/{name}",
                "revision": revision,
                "licence": "Apache-2.0",
                "datasets": [f"corpus-{i:05d}", *card_datasets],
                "model_card": card,
                "evaluation": {"report": report, "date": "2026-09-14"},
                "documentation": "adequate",
            }
        )
        manifest["datasets"].append(
            {
                "name": f"corpus-{i:05d}",
                "origin": f"https://data.example.com/corpus-{i:05d}",
                "collected": "2026-02-01",
                "custodian": "Priya Raman",
                "licence": "CC-BY-4.0",
                "personal_data": False,
                "classification": "public",
                "public_source": True,
                "uri": f"https://data.example.com/corpus-{i:05d}.jsonl",
                "sha256": digest,
                "datasheet": "docs/data/product-faq.md",
                "validation": "pipelines/validate_faq.py",
                "approved_uses": ["evaluation"],
            }
        )
        manifest["threat_model"]["threats"].append(
            {
                "id": f"G{i}",
                "category": "supply_chain",
                "description": f"A tampered {name} from the hub.",
                "mitigations": ["pinned revision"],
                "treatment": "mitigate",
                "owner": "Dana Okafor",
            }
        )
        bom["components"].append(
            {
                "type": "machine-learning-model",
                "bom-ref": f"model:{name}",
                "name": name,
                "version": "1.3.0",
                "licenses": [{"license": {"id": "Apache-2.0"}}],
            }
        )
        bom["components"].append(
            {
                "type": "data",
                "bom-ref": f"data:corpus-{i:05d}",
                "name": f"corpus-{i:05d}",
                "licenses": [{"license": {"id": "CC-BY-4.0"}}],
                "hashes": [{"alg": "SHA-256", "content": digest}],
            }
        )
    # the documents name what they cover (the evidence stage checks their content)
    names = "\n".join(f"- adapter-{i:05d} version 1.3.0" for i in range(n))
    threats = "\n".join(f"- G{i}: a tampered adapter-{i:05d}" for i in range(n))
    for doc, extra in (
        (report, names),
        (manifest["testing"]["pre_deployment"]["report"], names),
        (manifest["testing"]["security_tests"][0]["report"], names),
        (manifest["threat_model"]["document"], threats),
    ):
        with (repo / doc).open("a", encoding="utf-8") as fh:
            fh.write(f"\n\n## Generated adapters\n\n{extra}\n")
    tests = manifest["testing"]["security_tests"]
    for name in ["helpdesk-llm", *(f"adapter-{i:05d}" for i in range(n))]:
        tests.append({**tests[0], "model": name, "model_version": "1.3.0"})
    (repo / "ai-security.yaml").write_text(_yaml_dump(manifest), encoding="utf-8")
    bom_path.write_text(json.dumps(bom, indent=1), encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{TODAY}T09:00:00Z"}
    env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"]
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "bench"]):
        subprocess.run([*git, *cmd], cwd=repo, check=True, env=env, stdout=subprocess.DEVNULL)
    return repo


# ---------------------------------------------------------------- reporting


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) on log(n)."""
    pts = [(math.log(n), math.log(t)) for n, t in points if t > 0]
    if len(pts) < 2:
        return float("nan")
    mx = statistics.fmean(x for x, _ in pts)
    my = statistics.fmean(y for _, y in pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx


def _fmt(cell: Cell, what: str) -> str:
    if cell.error:
        return "error"
    if any(s.capped for s in cell.samples):
        return "> cap"
    if what == "wall":
        return f"{_median([s.wall for s in cell.samples]):8.2f} s"
    if what == "cpu":
        return f"{_median([s.cpu for s in cell.samples]):8.2f} s"
    if what == "rss":
        return f"{max(s.rss_mib for s in cell.samples):7.0f} MiB"
    if what == "tree":
        return f"{max(s.tree_mib for s in cell.samples):7.0f} MiB"
    if what == "eval_wall":
        return f"{_median(cell.evaluate_wall):8.3f} s"
    return f"{_median(cell.evaluate):8.3f} s"


def _env_for(label: str, against: Path | None) -> dict[str, str] | None:
    """The environment of a cell: `ENGINE@against` runs the other tree's code."""
    if not label.endswith("@against") or against is None:
        return None
    src = str((against / "src").resolve())
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")])),
    }


def bench_sizes(args: argparse.Namespace) -> None:
    gate = _tool("ai-security-gate")
    engines = args.engines.split(",")
    if args.against:
        engines += [f"{e}@against" for e in engines]
    cells: dict[tuple[int, str], Cell] = {}
    tree = Path("/proc/self/smaps_rollup").exists()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        for n in args.sizes:
            repo = make_repo(Path(tmp), n)
            size_kib = (repo / "ai-security.yaml").stat().st_size / 1024
            print(f"\n{n} models: manifest {size_kib:,.0f} KiB", flush=True)
            # the policy stage's own limit (60 s wall by default) would stop a large size on
            # a loaded machine before the bench's cap does
            check = [gate, "check", "--today", TODAY, "--eval-timeout", f"{args.cap:g}"]
            for engine in engines:
                cells[(n, engine)] = Cell()
            # a warm evidence cache, as on a developer's machine or a CI job that keeps it:
            # the first, untimed run hashes and verifies; the timed ones read the cache
            os.environ["AI_SECURITY_GATE_CACHE_DIR"] = str(Path(tmp) / f"cache-{n}")
            try:
                _run([*check, "--engine", engines[0]], repo, args.cap, {0, 1})
            except RuntimeError as exc:
                print(f"  warm-up: {exc}", flush=True)
            for _ in range(args.runs):
                for engine in engines:
                    cell = cells[(n, engine)]
                    if cell.error or any(s.capped for s in cell.samples):
                        continue
                    name, env = engine.split("@")[0], _env_for(engine, args.against)
                    try:
                        sample, _ = _run(
                            [*check, "--engine", name], repo, args.cap, {0, 1}, env, tree
                        )
                        cell.samples.append(sample)
                        if sample.capped:
                            continue
                        worker = [sys.executable, "-c", STAGE_WORKER, str(repo), name, TODAY]
                        _, out = _run(worker, repo, args.cap, {0}, env)
                        stage = json.loads(out.strip().splitlines()[-1])
                        cell.evaluate.append(stage["evaluate"])
                        cell.evaluate_wall.append(stage.get("evaluate_wall", stage["evaluate"]))
                    except RuntimeError as exc:
                        cell.error = str(exc)
                        print(f"  {engine}: {exc}", flush=True)
            for engine in engines:
                cell = cells[(n, engine)]
                print(
                    f"  {engine:16} wall {_fmt(cell, 'wall')}  cpu {_fmt(cell, 'cpu')}  "
                    f"peak {_fmt(cell, 'rss')} (tree PSS {_fmt(cell, 'tree').strip()})  "
                    f"evaluation stage cpu {_fmt(cell, 'eval')} "
                    f"wall {_fmt(cell, 'eval_wall')}",
                    flush=True,
                )

    print(f"\nmedians of {args.runs} run(s) per cell; wall and CPU are whole `check` processes")
    for engine in engines:
        done = [
            (n, cells[(n, engine)])
            for n in args.sizes
            if cells[(n, engine)].samples
            and not cells[(n, engine)].error
            and not any(s.capped for s in cells[(n, engine)].samples)
        ]
        big = [(n, c) for n, c in done if n >= 1000]
        if len(big) < 2:  # too few large sizes: fit the two largest that finished
            big = done[-2:]
        wall = _exponent([(n, _median([s.cpu for s in c.samples])) for n, c in big])
        ev = _exponent([(n, _median(c.evaluate)) for n, c in big])
        sizes = ",".join(str(n) for n, _ in big)
        print(
            f"  growth exponent, {engine}, sizes {sizes}: whole process (CPU) {wall:.2f}, "
            f"evaluation stage {ev:.2f} (target <= 1.1)"
        )
    if "regorus" in engines and "opa" in engines:
        for n in args.sizes:
            a, b = cells[(n, "regorus")], cells[(n, "opa")]
            if a.evaluate and b.evaluate:
                ratio = _median(a.evaluate) / _median(b.evaluate)
                wall = _median(a.evaluate_wall) / _median(b.evaluate_wall)
                print(
                    f"  evaluation stage at {n}: regorus / OPA = {ratio:.2f}x CPU, {wall:.2f}x "
                    "wall (target <= 0.6x)"
                )
    for engine in (e for e in engines if e.endswith("@against")):
        here = engine.split("@")[0]
        for n in args.sizes:
            a, b = cells[(n, here)], cells[(n, engine)]
            if any(s.capped for s in a.samples + b.samples):
                print(f"  {here} at {n}: this tree / {args.against}: a run was capped")
            elif a.samples and b.samples and not (a.error or b.error):
                cpu = _median([s.cpu for s in a.samples]) / _median([s.cpu for s in b.samples])
                ev = _median(a.evaluate) / _median(b.evaluate) if a.evaluate and b.evaluate else 0
                print(
                    f"  {here} at {n}: this tree / {args.against}: whole process CPU {cpu:.2f}x, "
                    f"evaluation stage {ev:.2f}x, peak "
                    f"{max(s.rss_mib for s in a.samples) / max(s.rss_mib for s in b.samples):.2f}x"
                )
    largest = max(args.sizes)
    if "regorus" in engines and cells[(largest, "regorus")].samples:
        c = cells[(largest, "regorus")]
        print(
            f"  {largest} models, regorus: wall {_fmt(c, 'wall').strip()}, peak "
            f"{_fmt(c, 'rss').strip()} (target at 10,000: <= 8 s, <= 400 MiB)"
        )


def bench_example(runs: int) -> None:
    ours = [_tool("ai-security-gate"), "check", "--today", TODAY]
    reference = [_tool("check-jsonschema"), "--schemafile", str(SCHEMA), "ai-security.yaml"]
    for cmd in (ours, reference):  # warm the OS file cache and .pyc files
        _run(cmd, EXAMPLE, 60, {0, 1})
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(_run(ours, EXAMPLE, 60, {0})[0].wall)
        theirs.append(_run(reference, EXAMPLE, 60, {0})[0].wall)
    m, t = _median(mine), _median(theirs)
    print(f"\nexample check, {runs} runs each, alternating, median whole-process wall time")
    print(f"  ai-security-gate check: {m * 1000:7.1f} ms")
    print(f"  check-jsonschema:       {t * 1000:7.1f} ms")
    print(f"  ratio ours / check-jsonschema: {m / t:.2f}x (target <= 0.7x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[10, 100, 1000, 10000],
        help="comma-separated numbers of generated models",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per size and engine")
    parser.add_argument("--engines", default="regorus,opa")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds before a run is stopped")
    parser.add_argument("--example-runs", type=int, default=15)
    parser.add_argument("--no-example", action="store_true")
    parser.add_argument("--against", type=Path, help="another tree to compare (its src/)")
    args = parser.parse_args()
    # with it set, every whole-process run compiles the package afresh: not what users see
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    bench_sizes(args)
    if not args.no_example:
        bench_example(args.example_runs)


if __name__ == "__main__":
    main()
