"""CPU time of each policy query (package.rule) with the embedded engine, on a generated
manifest of N models (bench_scale.make_repo), heaviest first.

    python bench/profile_queries.py [--models 1000] [--top 15] [--runs 1] [--against DIR]

The pipeline builds the policy input as `check` does; then every query the engine runs in
`evaluate` is timed on its own (CPU time, median over --runs). With --against DIR (another
copy of the policies, e.g. `git archive integ2 policies | tar -x -C /tmp/base`), the same
input is evaluated by both policy sets in the same run, alternating, and the totals are
compared. Not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scale
from ai_security_gate import pipeline
from ai_security_gate.engines.base import ROOT_PACKAGE, RULES
from timing import engine_for


def capture(repo: Path) -> tuple[Any, dict[str, Any]]:
    """The engine the pipeline loaded and the input it evaluated."""
    seen: dict[str, Any] = {}
    stage = pipeline._evaluate

    def keep(engine: Any, input_doc: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        seen.setdefault("engine", engine)
        seen.setdefault("input", input_doc)
        return stage(engine, input_doc, *args, **kwargs)

    pipeline._evaluate = keep  # type: ignore[assignment]
    try:
        options = pipeline.CheckOptions(
            repo=repo,
            engine="regorus",
            today=dt.date.fromisoformat(bench_scale.TODAY),
            eval_timeout=0,  # in this process, not a forked child, so the capture is seen
        )
        pipeline.run_check(options)
    finally:
        pipeline._evaluate = stage  # type: ignore[assignment]
    return seen["engine"], seen["input"]


def profile(engine: Any, doc: dict[str, Any], runs: int) -> dict[str, float]:
    import json

    inner = engine._engine
    inner.set_input_json(json.dumps(doc))
    prefix = f"data.{ROOT_PACKAGE}"
    times: dict[str, list[float]] = {}
    for _ in range(runs):
        for package in sorted(set(engine.packages())):
            if package != prefix and not package.startswith(prefix + "."):
                continue
            for rule in RULES:
                query = f"{package}.{rule}"
                start = time.process_time()
                inner.eval_query_as_json(query)
                times.setdefault(query, []).append(time.process_time() - start)
    return {q: statistics.median(t) for q, t in times.items()}


class Wrapped:
    """What profile() needs of an Engine: the regorus engine and its packages."""

    def __init__(self, inner: Any) -> None:
        self._engine = inner

    def packages(self) -> list[str]:
        return list(self._engine.get_packages())


def compare(doc: dict[str, Any], here: Path, base: Path, runs: int) -> None:
    engines_ = {"this": Wrapped(engine_for(here)), "against": Wrapped(engine_for(base))}
    totals: dict[str, list[float]] = {name: [] for name in engines_}
    for _ in range(runs):
        for name, engine in engines_.items():  # alternating: machine noise hits both
            totals[name].append(sum(profile(engine, doc, 1).values()))
    this, against = (statistics.median(totals[k]) for k in ("this", "against"))
    print(
        f"all queries, median of {runs}: {this:.3f} s CPU here ({here}), "
        f"{against:.3f} s against {base}: ratio {this / against:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--against", type=Path, help="another policy directory to compare")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = bench_scale.make_repo(Path(tmp), args.models)
        engine, doc = capture(repo)
        medians = profile(engine, doc, args.runs)
        if args.against:
            compare(doc, bench_scale.ROOT / "policies", args.against, max(args.runs, 3))
    total = sum(medians.values())
    print(f"{args.models} models: {len(medians)} queries, {total:.3f} s CPU in all")
    for query, cpu in sorted(medians.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {cpu:8.3f} s  {100 * cpu / total:5.1f} %  {query}")


if __name__ == "__main__":
    main()
