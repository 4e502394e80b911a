"""What every engine backend does: load policies and data, evaluate violations for one input."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from ..errors import GateError

ROOT_PACKAGE = "ai_security"  # every shipped or user policy lives under data.ai_security


@dataclass(frozen=True)
class Violation:
    """One raw result from a policy: the object a rule put in its package's `violations` set."""

    package: str  # e.g. "p05_assets"
    rule: str
    provision: str
    message: str
    path: tuple[str | int, ...]


class Engine(ABC):
    name: str = "engine"
    # True where preparing a query is costly (OPA): the Rego test runner then asks for a
    # whole test package at once. regorus keeps per-rule queries: evaluating whole packages
    # can drop rule bodies there (see RegorusEngine.violations).
    batch_packages: bool = False

    @abstractmethod
    def load(self, modules: list[tuple[str, str]], data: dict[str, Any]) -> None:
        """Add Rego modules as (file name, source) pairs, and the base document `data`."""

    @abstractmethod
    def document(self, path: str, input_doc: Any) -> Any:
        """The value of the document at a dotted path under `data` (e.g. 'ai_security'), or
        None where it is undefined."""

    def violations(self, input_doc: dict[str, Any]) -> list[Violation]:
        """All violations of all packages under data.ai_security, in a stable order."""
        tree = self.document(ROOT_PACKAGE, input_doc) or {}
        found: list[Violation] = []
        walk_violations(tree, (), found)
        found.sort(key=lambda v: (v.provision, v.package, v.rule, v.path, v.message))
        return found


def walk_violations(node: Any, packages: tuple[str, ...], out: list[Violation]) -> None:
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "violations" and isinstance(value, list):
            for item in value:
                out.append(_violation(".".join(packages), item))
        elif isinstance(value, dict):
            walk_violations(value, (*packages, key), out)


def _violation(package: str, item: Any) -> Violation:
    if not isinstance(item, dict) or not isinstance(item.get("provision"), str):
        raise GateError(
            f"policy package {package}: a violation must be an object with at least "
            f"'provision', 'message' and 'path'; got {item!r}"
        )
    path = item.get("path", [])
    if not isinstance(path, list):
        path = [path]
    return Violation(
        package=package,
        rule=str(item.get("rule", "")),
        provision=item["provision"],
        message=str(item.get("message", "")),
        path=tuple(p if isinstance(p, (str, int)) else str(p) for p in path),
    )


def guarded(what: str, call: Any, *args: Any) -> Any:
    """Run an engine call; turn anything it raises, Rust panics included, into a GateError."""
    try:
        return call(*args)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        text = str(exc).strip().splitlines()
        detail = text[0] if text else type(exc).__name__
        raise GateError(f"the Rego engine failed while {what}: {detail}") from None
