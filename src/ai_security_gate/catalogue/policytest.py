"""Run Rego unit tests (`test_*` rules in `*_test.rego`) on any engine backend.

Used by our own test suite and by `ai-security-gate test-policies` for users' policies.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engines import Engine, get_engine
from ..errors import GateError
from ..policies import PolicySet, load_policies, rego_test_modules
from ..rego_ast import parse_modules
from .policy_coverage import PolicyCoverage, policy_coverage

LIB_PACKAGE = "ai_security.lib"


@dataclass(frozen=True)
class PolicyTest:
    module: str
    package: str
    name: str

    @property
    def id(self) -> str:
        return f"{self.package}.{self.name}"


@dataclass(frozen=True)
class TestOutcome:
    test: PolicyTest
    passed: bool
    detail: str = ""


def discover(dirs: tuple[Path, ...] = ()) -> tuple[list[tuple[str, str]], list[PolicyTest]]:
    """The test modules, and their test rules as the engine's parser sees them: a rule whose
    name starts with `test_` and that is a value (not a function, not a set)."""
    modules = rego_test_modules(dirs)
    tests = []
    for module in parse_modules(modules):
        if not module.package:
            raise GateError(f"{module.name}: not a Rego module (no `package` line)")
        names = dict.fromkeys(
            r.name for r in module.rules if r.name.startswith("test_") and r.head == "Compr"
        )
        tests += [PolicyTest(module.name, module.package, name) for name in names]
    return modules, tests


def run(engine_name: str = "regorus", dirs: tuple[Path, ...] = ()) -> list[TestOutcome]:
    """Load policies and tests once, then evaluate each test rule: it passes when it is true."""
    return _run(get_engine(engine_name), dirs)


def run_with_coverage(dirs: tuple[Path, ...] = ()) -> tuple[list[TestOutcome], PolicyCoverage]:
    """The tests on the embedded engine, and the policy lines they executed."""
    from ..engines.regorus_engine import RegorusEngine

    engine = RegorusEngine()
    engine.enable_coverage()
    outcomes = _run(engine, dirs)
    policy_set = _policies(dirs)
    return outcomes, policy_coverage(engine.coverage_report(), policy_set)


def _policies(dirs: tuple[Path, ...]) -> PolicySet:
    # user policies may import the shipped helpers, so the library is always loaded
    policy_set = load_policies(dirs, include_builtin=not dirs)
    if dirs:
        policy_set.modules += [m for m in load_policies().modules if m.package == LIB_PACKAGE]
    return policy_set


def _run(engine: Engine, dirs: tuple[Path, ...]) -> list[TestOutcome]:
    policy_set = _policies(dirs)
    modules, tests = discover(dirs)
    engine.load(policy_set.sources() + modules, policy_set.data())
    outcomes = []
    by_package: dict[str, list[PolicyTest]] = {}
    for test in tests:
        by_package.setdefault(test.package, []).append(test)
    for package, group in by_package.items():
        # OPA prepares each query afresh, so one evaluation per package is ~25x faster there;
        # a package that fails as a whole is run test by test to say which test broke.
        if not engine.batch_packages:
            outcomes += [_one(engine, t) for t in group]
            continue
        try:
            document = engine.document(package, {})
        except GateError:
            outcomes += [_one(engine, t) for t in group]
            continue
        document = document if isinstance(document, dict) else {}
        outcomes += [_outcome(t, document.get(t.name)) for t in group]
    return outcomes


def _one(engine: Any, test: PolicyTest) -> TestOutcome:
    try:
        return _outcome(test, engine.document(test.id, {}))
    except GateError as exc:
        return TestOutcome(test, False, str(exc))


def _outcome(test: PolicyTest, value: Any) -> TestOutcome:
    ok = value is True
    return TestOutcome(test, ok, "" if ok else f"evaluated to {value!r}")
