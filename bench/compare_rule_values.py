"""Do two policy trees give the same results? The value of every package's `violations`,
`notices` and `met` on each input, compared as canonical JSON, with the embedded engine.

    python bench/compare_rule_values.py --against DIR [--input FILE.json ...] [--example]
        [--mutate N]

DIR is another copy of the policies (e.g. `git archive main policies | tar -x -C /tmp/base`,
then `--against /tmp/base/policies`). Inputs are policy inputs as the pipeline builds them
(bench/profile_queries.py captures one); --example captures the input of both committed
examples. Exits 1 naming each package and rule whose value differs, 0 when all agree.
Rewrites of the policies for speed (issue 15) must leave every value as it was: this is the
check, run on the captured 1,000- and 10,000-model inputs. Also prints each tree's CPU time.
Generated manifests are uniform (every model alike), so --mutate N adds N variants of each
input in which a few seeded random values of the manifest are removed or replaced by
near misses (blank, moving revisions, hosted API URIs, malformed or future dates, other
types): the branches a uniform input never takes. No impossible day (2026-02-30): the
pipeline drops a date the schema's format check rejects, and both engines fail on one.
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
from timing import engine_for

ROOT = Path(__file__).resolve().parent.parent


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
        try:
            result = json.loads(engine.eval_query_as_json(query))
        except RuntimeError as error:  # an evaluation error is a result too: both must agree
            values[f"{package}.error"] = json.dumps([str(error).splitlines()[0]])
            continue
        finally:
            cpu += time.process_time() - start
        bindings = result["result"][0]["bindings"] if result.get("result") else {}
        for i, rule in enumerate(RULES):
            value = bindings.get(f"x{i}", [])
            items = value[0] if value else []
            canon = sorted(json.dumps(item, sort_keys=True) for item in items)
            values[f"{package}.{rule}"] = json.dumps(canon)
    return values, cpu


NEAR_MISSES: list[Any] = [
    None,
    "",
    "  ",
    "main",
    "latest",
    "v1",
    "TODO",
    [],
    {},
    [""],
    0,
    -1,
    True,
    False,
    "0123456789abcdef0123456789abcdef01234567",
    "sha256:" + "ab" * 32,
    "AB" * 32,
    "https://api.openai.com/v1",
    "https://huggingface.co/org/m/resolve/" + "1" * 40,
    "https://user@huggingface.co:443/org/m",
    "https://example.com/m.safetensors?x=1",
    "gpt-4o-2024-08-06",
    "gpt-4o",
    "claude-3-5-sonnet-latest",
    "mistral-large-2407",
    "2026-13-01",
    "2027-01-01",
    "2020-01-01",
    "2026-09-20",
    "2026-1-01",
    "in_house",
    "fine_tuned",
    "third_party",
    "poor",
    "mitigate",
    "accept",
    "avoid",
    "public",
    "internal",
    "confidential",
    "docs/security/threat-model.md",
    "missing.md",
    "README.md",
    "models/helpdesk-llm/README.md",
    "training",
    "system_operator",
]


def mutated(doc: dict[str, Any], seed: int) -> dict[str, Any] | None:
    """A copy of the policy input with one to six seeded random manifest values removed or
    replaced by a near miss of the same JSON type (the evidence facts are left
    as collected); None when the result is not schema-valid, as the pipeline would stop
    there and the policies never see it."""
    import copy
    import random

    from jsonschema import Draft202012Validator

    from ai_security_gate.schema import schema_document

    rng = random.Random(seed)
    out = copy.deepcopy(doc)
    leaves: list[tuple[Any, Any]] = []  # (container, key) of every value

    def collect(node: Any) -> None:
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, value in items:
            leaves.append((node, key))
            if isinstance(value, (dict, list)):
                collect(value)

    def same_type(value: Any) -> list[Any]:
        return [v for v in NEAR_MISSES if type(v) is type(value)]

    collect(out["manifest"])
    # a few values at a time: many at once are almost never schema-valid
    for node, key in rng.sample(leaves, min(len(leaves), rng.randint(1, 6))):
        try:
            value = node[key]
        except (KeyError, IndexError):
            continue  # inside a value replaced or removed before
        if isinstance(node, dict) and (rng.random() < 0.3 or not same_type(value)):
            del node[key]
        elif same_type(value):
            node[key] = copy.deepcopy(rng.choice(same_type(value)))
    if not Draft202012Validator(schema_document()).is_valid(out["manifest"]):
        return None
    return out


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
    parser.add_argument("--mutate", type=int, default=0, help="N mutated variants of each")
    args = parser.parse_args()
    inputs = [(str(p), p.read_text(encoding="utf-8")) for p in args.input]
    if args.example:
        inputs += example_inputs()
    if not inputs:
        parser.error("no input: give --input FILE.json and/or --example")
    for name, doc_json in list(inputs):
        doc = json.loads(doc_json)
        seed = kept = 0
        while kept < args.mutate and seed < 50 * args.mutate:
            variant = mutated(doc, seed)
            if variant is not None:
                inputs.append((f"{name} mutated #{seed}", json.dumps(variant)))
                kept += 1
            seed += 1
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
