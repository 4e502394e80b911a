"""Find Rego policy modules, parse them, and index the rules that report (rule_index.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .earning import Earner, by_provision, earners
from .errors import GateError
from .rego_ast import RegoModule, parse_modules
from .resources import data_dir
from .rule_index import RuleIndex, build_index
from .schema_index import shipped_schema_index

DATA_ROOT = "ai_security_gate"  # data.ai_security_gate: what the gate gives every policy


@dataclass(frozen=True)
class PolicyModule:
    name: str  # shown in errors: path relative to its policy directory
    source: str
    package: str


@dataclass
class PolicySet:
    modules: list[PolicyModule]
    index: RuleIndex
    parsed: tuple[RegoModule, ...] = ()  # the modules as the engine's parser sees them

    def sources(self) -> list[tuple[str, str]]:
        return [(m.name, m.source) for m in self.modules]

    def covered(self) -> dict[str, list[str]]:
        """provision id -> rule ids (package.rule) that can report it"""
        return self.index.covered()

    def earners(self) -> dict[str, list[Earner]]:
        """provision id -> the `met` rules that can earn its pass (earning.py)."""
        return by_provision(earners(self.index))

    def data(self) -> dict[str, Any]:
        """The base document the engine gets with these policies: the schema index's
        evidence fields (policies/evidence/unusable.rego reads them)."""
        return {DATA_ROOT: {"evidence_fields": shipped_schema_index().engine_data()}}


def load_policies(
    extra_dirs: tuple[Path, ...] = (),
    include_builtin: bool = True,
    trusted: tuple[Path, ...] = (),
) -> PolicySet:
    """`trusted`: directories that stand in for the shipped policies (a verified OPA bundle,
    bundle.py); their modules may declare the shipped packages."""
    from .policy_namespace import check_custom_module

    builtin = list(trusted) or ([data_dir("policies")] if include_builtin else [])
    files: list[tuple[str, str]] = []
    custom: dict[str, str] = {}  # module name -> its path, for -p DIR modules
    for root in builtin + list(extra_dirs):
        if not root.is_dir():
            raise GateError(f"{root}: policy directory not found")
        found = _read(root, tests=False)
        if root not in builtin:  # -p DIR: never inside the shipped packages
            custom.update((name, str(root.parent / name)) for name, _ in found)
        files += found
    parsed = _parse(tuple(files))
    for module in parsed:
        if not module.package:
            raise GateError(f"{module.name}: not a Rego module (no `package` line)")
        if module.name in custom:
            check_custom_module(custom[module.name], module.package_path)
    index = _index(tuple(files), shipped_schema_index().evidence_provisions())
    return PolicySet([PolicyModule(m.name, m.source, m.package) for m in parsed], index, parsed)


@cache
def _parse(files: tuple[tuple[str, str], ...]) -> tuple[RegoModule, ...]:
    """Parsing is the costly part (the engine's parser, then its JSON AST): once per set of
    sources in a process (the shipped policies are read by the pipeline, docs and tests)."""
    return tuple(parse_modules(list(files)))


@cache
def _index(files: tuple[tuple[str, str], ...], schema_provisions: tuple[str, ...]) -> RuleIndex:
    return build_index(list(_parse(files)), schema_provisions)


def _read(root: Path, tests: bool) -> list[tuple[str, str]]:
    out = []
    for path in sorted(root.rglob("*.rego")):
        if path.name.endswith("_test.rego") != tests:
            continue
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise GateError(f"{path}: cannot read the policy: {exc}") from None
        out.append((f"{root.name}/{path.relative_to(root).as_posix()}", source))
    return out


def rego_test_modules(dirs: tuple[Path, ...] = ()) -> list[tuple[str, str]]:
    """The `*_test.rego` files, for the policy test runner."""
    roots = list(dirs) or [data_dir("policies")]
    return [module for root in roots for module in _read(root, tests=True)]
