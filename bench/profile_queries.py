"""CPU time of each policy query (package.rule) with the embedded engine, on a generated
manifest of N models (bench_scale.make_repo), heaviest first.

    python bench/profile_queries.py [--models 1000] [--top 15] [--runs 1]

The pipeline builds the policy input as `check` does; then every query the engine runs in
`evaluate` is timed on its own (CPU time, median over --runs). Not a test: nothing asserts.
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

import bench_scale  # noqa: E402

import ai_security_gate.engines as engines  # noqa: E402
from ai_security_gate import pipeline  # noqa: E402
from ai_security_gate.engines.base import ROOT_PACKAGE, RULES  # noqa: E402


def capture(repo: Path) -> tuple[Any, dict[str, Any]]:
    """The engine the pipeline loaded and the input it evaluated."""
    seen: dict[str, Any] = {}
    real_get = engines.get_engine

    def get_engine(name: str, url: str | None = None) -> Any:
        engine = real_get(name, url)
        evaluate = engine.evaluate

        def keep(doc: dict[str, Any]) -> Any:
            seen.setdefault("engine", engine)
            seen.setdefault("input", doc)
            return evaluate(doc)

        engine.evaluate = keep  # type: ignore[method-assign]
        return engine

    engines.get_engine = get_engine  # type: ignore[assignment]
    try:
        options = pipeline.CheckOptions(
            repo=repo,
            engine="regorus",
            today=dt.date.fromisoformat(bench_scale.TODAY),
            eval_timeout=0,  # in this process, not a forked child, so the capture is seen
        )
        pipeline.run_check(options)
    finally:
        engines.get_engine = real_get
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = bench_scale.make_repo(Path(tmp), args.models)
        engine, doc = capture(repo)
        medians = profile(engine, doc, args.runs)
    total = sum(medians.values())
    print(f"{args.models} models: {len(medians)} queries, {total:.3f} s CPU in all")
    for query, cpu in sorted(medians.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {cpu:8.3f} s  {100 * cpu / total:5.1f} %  {query}")


if __name__ == "__main__":
    main()
