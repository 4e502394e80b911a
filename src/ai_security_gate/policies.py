"""Find Rego policy modules and read, from their source, which provisions they assess."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .earning import Earner, by_provision, earners
from .errors import GateError
from .resources import data_dir

# Rules name their provision and rule id as literals in the violation object; reading them
# from the source keeps coverage honest without a hand-kept list.
_PROVISION = re.compile(r'"provision"\s*:\s*"([^"]+)"')
_RULE = re.compile(r'"rule"\s*:\s*"([^"]+)"')
_PACKAGE = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)


@dataclass
class PolicyModule:
    name: str  # shown in errors: path relative to its policy directory
    source: str
    package: str
    rules: set[str] = field(default_factory=set)


@dataclass
class PolicySet:
    modules: list[PolicyModule]

    def sources(self) -> list[tuple[str, str]]:
        return [(m.name, m.source) for m in self.modules]

    def covered(self) -> dict[str, list[str]]:
        """provision id -> rule ids (package.rule) that can report it"""
        out: dict[str, list[str]] = {}
        for m in self.modules:
            short = m.package.removeprefix("ai_security.")
            for block in _violation_blocks(m.source):
                if block.startswith("met "):
                    continue  # positive findings earn a pass; they cannot report a failure
                provisions = _PROVISION.findall(block)
                rules = _RULE.findall(block) or ["violations"]
                for p in provisions:
                    out.setdefault(p, []).extend(f"{short}.{r}" for r in rules)
        return {p: sorted(set(r)) for p, r in out.items()}

    def earners(self) -> dict[str, list[Earner]]:
        """provision id -> the `met` rules that can earn its pass (earning.py)."""
        return by_provision(earners((m.package, m.source) for m in self.modules))


def _violation_blocks(source: str) -> list[str]:
    """Split a module at rule heads so each rule's provision pairs with its own rule id."""
    return re.split(r"\n(?=\S)", source)


def load_policies(
    extra_dirs: tuple[Path, ...] = (),
    include_builtin: bool = True,
    trusted: tuple[Path, ...] = (),
) -> PolicySet:
    """`trusted`: directories that stand in for the shipped policies (a verified OPA bundle,
    bundle.py); their modules may declare the shipped packages."""
    from .policy_namespace import check_custom_module

    builtin = list(trusted) or ([data_dir("policies")] if include_builtin else [])
    modules: list[PolicyModule] = []
    for root in builtin + list(extra_dirs):
        if not root.is_dir():
            raise GateError(f"{root}: policy directory not found")
        for path in sorted(root.rglob("*.rego")):
            if path.name.endswith("_test.rego"):
                continue
            try:
                source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise GateError(f"{path}: cannot read the policy: {exc}") from None
            match = _PACKAGE.search(source)
            if not match:
                raise GateError(f"{path}: not a Rego module (no `package` line)")
            name = f"{root.name}/{path.relative_to(root).as_posix()}"
            if root not in builtin:  # -p DIR: never inside the shipped packages
                check_custom_module(str(path), source)
            modules.append(
                PolicyModule(
                    name=name,
                    source=source,
                    package=match.group(1),
                    rules=set(_RULE.findall(source)),
                )
            )
    return PolicySet(modules)


def rego_test_modules(dirs: tuple[Path, ...] = ()) -> list[tuple[str, str]]:
    """The `*_test.rego` files, for the policy test runner."""
    roots = list(dirs) or [data_dir("policies")]
    out = []
    for root in roots:
        for path in sorted(root.rglob("*_test.rego")):
            out.append(
                (f"{root.name}/{path.relative_to(root).as_posix()}", path.read_text("utf-8"))
            )
    return out
