"""Run Rego unit tests (`test_*` rules in `*_test.rego`) on any engine backend.

Used by our own test suite and by `ai-security-gate test-policies` for users' policies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

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
    for test in tests:
        try:
            value = engine.document(test.id, {})
        except GateError as exc:
            outcomes.append(TestOutcome(test, False, str(exc)))
            continue
        ok = value is True
        outcomes.append(TestOutcome(test, ok, "" if ok else f"evaluated to {value!r}"))
    return outcomes
