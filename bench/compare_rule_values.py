"""Do two policy trees give the same results? The value of every package's `violations`,
`notices` and `met` on each input, compared as canonical JSON, with the embedded engine.

    python bench/compare_rule_values.py --against DIR [--input FILE.json ...] [--example]

DIR is another copy of the policies (e.g. `git archive main policies | tar -x -C /tmp/base`,
then `--against /tmp/base/policies`). Inputs are policy inputs as the pipeline builds them
(bench/profile_queries.py captures one); --example captures the input of both committed
examples. Exits 1 naming each package and rule whose value differs, 0 when all agree.
Rewrites of the policies for speed (issue 15) must leave every value as it was: this is the
check, run on the captured 1,000- and 10,000-model inputs. Also prints each tree's CPU time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ai_security_gate.engines.base import ROOT_PACKAGE, RULES

ROOT = Path(__file__).resolve().parent.parent


def engine_for(policy_dir: Path) -> Any:
    """A regorus engine with the .rego modules (tests left out) under policy_dir."""
    import regorus

    engine = regorus.Engine()
    for path in sorted(policy_dir.rglob("*.rego")):
        if not path.name.endswith("_test.rego"):
            engine.add_policy(str(path), path.read_text(encoding="utf-8"))
    return engine


def rule_values(engine: Any, doc_json: str) -> tuple[dict[str, str], float]:
    """package.rule -> canonical JSON of its value (items sorted), and the CPU time taken."""
    engine.set_input_json(doc_json)
    prefix = f"data.{ROOT_PACKAGE}"
    values: dict[str, str] = {}
    cpu = 0.0
    for package in sorted(set(engine.get_packages())):
        if package != prefix and not package.startswith(prefix + "."):
            continue
        # one query per package, each rule bound through a comprehension as the gate does:
        # an undefined rule is [] and hides nothing
        query = "\n".join(f"x{i} := [v | v := {package}.{r}]" for i, r in enumerate(RULES))
        start = time.process_time()
        result = json.loads(engine.eval_query_as_json(query))
        cpu += time.process_time() - start
        bindings = result["result"][0]["bindings"] if result.get("result") else {}
        for i, rule in enumerate(RULES):
            value = bindings.get(f"x{i}", [])
            items = value[0] if value else []
            canon = sorted(json.dumps(item, sort_keys=True) for item in items)
            values[f"{package}.{rule}"] = json.dumps(canon)
    return values, cpu


def example_inputs() -> list[tuple[str, str]]:
    import profile_queries

    out = []
    for name in ("passing", "failing"):
        _, doc = profile_queries.capture(ROOT / "examples" / name)
        out.append((f"examples/{name}", json.dumps(doc)))
    return out


def differences(here: dict[str, str], there: dict[str, str]) -> list[str]:
    out = []
    for key in sorted(set(here) | set(there)):
        a, b = here.get(key), there.get(key)
        if a != b:
            na = len(json.loads(a)) if a else "missing"
            nb = len(json.loads(b)) if b else "missing"
            out.append(f"{key}: {na} items here, {nb} in the other tree")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True, help="other policy directory")
    parser.add_argument("--here", type=Path, default=ROOT / "policies")
    parser.add_argument("--input", type=Path, action="append", default=[])
    parser.add_argument("--example", action="store_true", help="also both examples' inputs")
    args = parser.parse_args()
    inputs = [(str(p), p.read_text(encoding="utf-8")) for p in args.input]
    if args.example:
        inputs += example_inputs()
    if not inputs:
        parser.error("no input: give --input FILE.json and/or --example")
    here, there = engine_for(args.here), engine_for(args.against)
    failed = False
    for name, doc_json in inputs:
        a, cpu_a = rule_values(here, doc_json)
        b, cpu_b = rule_values(there, doc_json)
        diff = differences(a, b)
        items = sum(len(json.loads(v)) for v in a.values())
        print(
            f"{name}: {len(a)} rule values, {items} items; "
            f"CPU {cpu_a:.3f} s here, {cpu_b:.3f} s other ({cpu_a / max(cpu_b, 1e-9):.2f}x); "
            + ("SAME" if not diff else f"{len(diff)} DIFFER")
        )
        for line in diff:
            print("  " + line)
        failed = failed or bool(diff)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
