"""Run Rego unit tests (`test_*` rules in `*_test.rego`) on any engine backend.

Used by our own test suite and by `ai-security-gate test-policies` for users' policies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .engines import get_engine
from .errors import GateError
from .policies import load_policies, rego_test_modules

LIB_PACKAGE = "ai_security.lib"
_PACKAGE = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)
_TEST_RULE = re.compile(r"^(test_\w+)\s+if\b", re.MULTILINE)


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
    modules = rego_test_modules(dirs)
    tests = []
    for name, source in modules:
        match = _PACKAGE.search(source)
        if not match:
            raise GateError(f"{name}: not a Rego module (no `package` line)")
        tests += [PolicyTest(name, match.group(1), t) for t in _TEST_RULE.findall(source)]
    return modules, tests


def run(engine_name: str = "regorus", dirs: tuple[Path, ...] = ()) -> list[TestOutcome]:
    """Load policies and tests once, then evaluate each test rule: it passes when it is true."""
    # user policies may import the shipped helpers, so the library is always loaded
    policy_set = load_policies(dirs, include_builtin=not dirs)
    if dirs:
        policy_set.modules += [m for m in load_policies().modules if m.package == LIB_PACKAGE]
    modules, tests = discover(dirs)
    engine = get_engine(engine_name)
    engine.load(policy_set.sources() + modules, {})
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
