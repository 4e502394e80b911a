"""The embedded default: regorus, Microsoft's Rust Rego interpreter (PyPI gordon-to-regorus)."""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import GateError
from . import split
from .base import (
    ROOT_PACKAGE,
    RULES,
    Engine,
    Records,
    Results,
    guarded,
    records_of,
    results_from_records,
)

_PACKAGE = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)

_UNDEFINED = object()  # a rule with no value (regorus binds it as an empty list)

# Where a manifest handed over ahead of its evaluation waits (stage_manifest): outside
# data.ai_security, read by no policy; each query of a staged evaluation puts it back at
# input.manifest (`with`), so every policy sees the input it always saw.
STAGED = "ai_security_gate_staged"


class RegorusEngine(Engine):
    name = "regorus"

    def __init__(self) -> None:
        try:
            import regorus
        except ImportError:
            raise GateError(
                "the embedded Rego engine is not installed; `pip install gordon-to-regorus`"
            ) from None
        self._engine = regorus.Engine()
        self._weights: dict[str, int] = {}  # package -> bytes of Rego: its likely cost
        self._data = "{}"  # the policies' data document, as loaded
        self._staged = False  # a manifest waits in data (stage_manifest)
        self._staged_now = False  # the evaluation under way reads it

    def load(self, modules: list[tuple[str, str]], data: dict[str, Any]) -> None:
        for name, source in modules:
            guarded(f"loading {name}", self._engine.add_policy, name, source)
            found = _PACKAGE.search(source)
            if found:
                package = f"data.{found.group(1)}"
                self._weights[package] = self._weights.get(package, 0) + len(source)
        if data:
            self._data = json.dumps(data)
            guarded("loading data", self._engine.add_data_json, self._data)

    def stage_manifest(self, text: str) -> None:
        """Parse the manifest's JSON now, ahead of the evidence: a staged evaluation
        (evaluate_halves(rest, staged=True)) then reads only the rest of its input. At 10,000
        models the manifest is 13 of the input's 20 MB: 0.3 s of parsing moved from the
        evaluation's critical path to a time the evaluating child waits for the evidence."""
        if self._staged:  # one staged manifest at a time: back to the policies' data
            guarded("reading the input", self._engine.clear_data)
            guarded("loading data", self._engine.add_data_json, self._data)
        self._staged = False
        guarded("reading the input", self._engine.add_data_json, f'{{"{STAGED}":{text}}}')
        self._staged = True

    def warm(self) -> None:
        """Make regorus prepare its policies now: it does on the first query after loading,
        whatever the query. A trivial one costs ~7 ms and takes ~10 ms off the first
        evaluation (preload.py runs it while the parent reads the evidence)."""
        try:
            self._engine.eval_query_as_json("x := 1")
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a panic included: the evaluation reports what it means
            return

    def enable_coverage(self) -> None:
        """Record which policy lines evaluation executes (`coverage_report`)."""
        guarded("enabling coverage", self._engine.set_enable_coverage, True)

    def coverage_report(self) -> dict[str, Any]:
        """{"files": [{"path", "covered": [line, ...], "not_covered": [line, ...]}, ...]}"""
        report: dict[str, Any] = json.loads(
            guarded("reading coverage", self._engine.get_coverage_report_as_json)
        )
        return report

    def document(self, path: str, input_doc: Any) -> Any:
        query = f"data.{path}"
        guarded("reading the input", self._engine.set_input_json, json.dumps(input_doc))
        raw = guarded(f"evaluating {query}", self._engine.eval_query_as_json, query)
        results = json.loads(raw).get("result", [])
        if not results:
            return None
        return results[0]["expressions"][0]["value"]

    def evaluate(self, input_doc: dict[str, Any]) -> Results:
        return self.evaluate_json(json.dumps(input_doc))

    def evaluate_json(self, text: str) -> Results:
        """Each package's rules referenced one by one, one query per package. regorus 0.13.0
        evaluating a whole package or tree (`data.ai_security`) can drop bodies of a rule that
        is spread over several modules of one package when they use another package's rules
        (e.g. policies/p05_assets/evidence.rego next to assets.rego, both using
        ai_security.lib): a fail-open result. Rule by rule it is correct. One query per
        package instead of one per rule evaluates the package's shared rules once for its
        `violations`, `notices` and `met`: about 15 % less evaluation. One query for every
        package is no faster, and holds every package's intermediate values at once (peak
        memory; measured at 1,000 models). With two cores and an input worth it, the packages
        are shared with a second process (split.py): the same values, about half the wait."""
        return results_from_records(self.evaluate_halves(text).values())

    def evaluate_halves(self, text: str, staged: bool = False) -> split.Halves:
        """evaluate_json's records, not yet gathered: what the evaluating child sends its parent
        (preload.py), which builds the results once. `staged`: `text` is the input without
        its manifest, which stage_manifest was given."""
        if staged and not self._staged:
            raise GateError("the policy stage lost the manifest it was given; run again")
        self._staged_now = staged
        guarded("reading the input", self._engine.set_input_json, text)
        prefix = f"data.{ROOT_PACKAGE}"
        packages = [
            p for p in sorted(set(self.packages())) if p == prefix or p.startswith(prefix + ".")
        ]
        # each package's values become records where they are evaluated: the raw values of
        # every package at once would be the peak (100+ MiB at 10,000 models)
        if len(text) >= split.MIN_INPUT_BYTES and split.workers() > 1:
            weights = [self._weights.get(p, 0) for p in packages]
            return split.evaluate_halves(packages, self._records, weights)
        return split.Halves(len(packages), dict(enumerate(map(self._records, packages))))

    def _records(self, package: str) -> Records:
        return records_of(self._tree(package))

    def _tree(self, package: str) -> dict[str, Any]:
        """The package's rule values as a `data.ai_security` tree holding only it."""
        tree: dict[str, Any] = {}
        node = tree
        for part in package.split(".")[2:]:
            node = node.setdefault(part, {})
        for rule, value in zip(RULES, self._values(package), strict=True):
            if value is not _UNDEFINED:
                node[rule] = value
        return tree

    def _values(self, package: str) -> list[Any]:
        """The value of each of the package's RULES, _UNDEFINED where it is undefined or
        absent. Each is bound as `[v | v := rule]`, defined even when the rule is not, so one
        undefined rule never hides the others; one expression per line (regorus limits a
        line's width)."""
        if self._staged_now:  # one expression, so one `with` for the package's shared rules
            # and a probe: a comprehension that sees the manifest where the rules must (a
            # `with` regorus did not apply would be a fail-open evaluation of no manifest)
            rules = ",\n".join(f"[v | v := {package}.{r}]" for r in RULES)
            probe = f"count([1 | input.manifest == data.{STAGED}])"
            query = f"x := [\n{rules},\n{probe}\n] with input.manifest as data.{STAGED}"
        else:
            query = "\n".join(f"x{i} := [v | v := {package}.{r}]" for i, r in enumerate(RULES))
        raw = guarded(f"evaluating {package}", self._engine.eval_query_as_json, query)
        results = json.loads(raw).get("result", [])
        if len(results) != 1:  # the query cannot be undefined: a changed engine; say so
            raise GateError(f"the Rego engine returned {len(results)} results for {package}")
        bindings = results[0].get("bindings", {})
        if self._staged_now:
            *values, seen = bindings["x"]
            if seen != 1:
                raise GateError(f"the Rego engine did not read the manifest for {package}")
        else:
            values = [bindings[f"x{i}"] for i in range(len(RULES))]
        return [next(iter(v), _UNDEFINED) for v in values]

    def packages(self) -> list[str]:
        return list(self._engine.get_packages())
