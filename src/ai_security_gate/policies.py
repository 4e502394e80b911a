"""Find Rego policy modules, parse them, and index the rules that report (rule_index.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .earning import Earner, by_provision, earners
from .errors import GateError
from .policy_cache import ModuleFacts
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
    files: tuple[tuple[str, str], ...] = ()  # (name, source) of every module

    @property
    def parsed(self) -> tuple[RegoModule, ...]:
        """The modules as the engine's parser sees them (parsed on first use: a run whose
        index came from the cache does not need them)."""
        return _parse(self.files)

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
    cache_root: Path | None = None,
) -> PolicySet:
    """`trusted`: directories that stand in for the shipped policies (a verified OPA bundle,
    bundle.py); their modules may declare the shipped packages. `cache_root`: where the rule
    index may be cached between runs (policy_cache.py); None: not cached."""
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
    sources = tuple(files)
    facts, index = _indexed(sources, shipped_schema_index().evidence_provisions(), cache_root)
    for module in facts:
        if not module.package:
            raise GateError(f"{module.name}: not a Rego module (no `package` line)")
        if module.name in custom:
            check_custom_module(custom[module.name], module.package_path)
    text = dict(sources)
    modules = [PolicyModule(m.name, text.get(m.name, ""), m.package) for m in facts]
    return PolicySet(modules, index, sources)


def _indexed(
    files: tuple[tuple[str, str], ...],
    schema_provisions: tuple[str, ...],
    cache_root: Path | None,
) -> tuple[list[ModuleFacts], RuleIndex]:
    """The modules' packages and the rule index: from the cache when an entry for exactly
    these sources is there, else parsed (and then stored)."""
    from . import policy_cache

    digest = policy_cache.cache_key(files, schema_provisions) if cache_root else None
    if cache_root is None or digest is None:
        return _facts(files), _index(files, schema_provisions)
    from .evidence.cache import JsonCache

    cache = JsonCache(cache_root, policy_cache.NAMESPACE, policy_cache.MAX_ENTRY_BYTES)
    key = {"sources": digest}
    hit = cache.get(key)
    found = policy_cache.decode(hit) if hit is not None else None
    if found is not None:
        return found
    facts, index = _facts(files), _index(files, schema_provisions)
    cache.put(key, policy_cache.encode(facts, index))
    return facts, index


def _facts(files: tuple[tuple[str, str], ...]) -> list[ModuleFacts]:
    return [ModuleFacts(m.name, m.package, m.package_path) for m in _parse(files)]


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
