"""What every engine backend does: load policies and data, evaluate violations for one input."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from sys import intern
from typing import Any

from ..errors import GateError

# the result types live with the other plain data (results.py); importable from here too
from ..results import Met as Met
from ..results import Notice as Notice
from ..results import Results as Results
from ..results import Violation as Violation

ROOT_PACKAGE = "ai_security"  # every shipped or user policy lives under data.ai_security


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

    def evaluate(self, input_doc: dict[str, Any]) -> Results:
        """Violations and notices of all packages under data.ai_security, in a stable order."""
        return results_from_tree(self.document(ROOT_PACKAGE, input_doc) or {})

    def violations(self, input_doc: dict[str, Any]) -> list[Violation]:
        return self.evaluate(input_doc).violations


RULES = ("violations", "notices", "met")  # the rules the gate reads from every package


def results_from_tree(tree: Any) -> Results:
    """Collect both rules from a `data.ai_security` tree (package path -> rule -> set)."""
    return results_from_records([records_of(tree)])


# A record as it travels: its class's fields in order, in a plain tuple. At 10,000 models the
# policies give about 150,000 records, pickled by the processes that evaluate them and read
# back by this one: a tuple is built in a third, pickled in under half and read back in a
# third of a frozen dataclass's time. They become Violation, Notice and Met objects once, in
# the process that decides (results_from_records).
Path = tuple[str | int, ...]
ViolationFields = tuple[str, str, str, str, Path]  # package, rule, provision, message, path
NoticeFields = tuple[str, str, str, Path]  # package, rule, message, path
MetFields = tuple[str, str, str, str, Path]  # package, rule, provision, what, path
Records = tuple[list[ViolationFields], list[NoticeFields], list[MetFields]]


def records_of(tree: Any) -> Records:
    """A tree's violations, notices and `met` records, unsorted: what a package's raw values
    become as soon as they are read (split.py sends these, not the raw values)."""
    records: Records = ([], [], [])
    _walk(tree, (), *records)
    return records


def results_from_records(parts: Iterable[Records]) -> Results:
    """The records of several trees together, in a stable order."""
    violations: list[ViolationFields] = []
    notices: list[NoticeFields] = []
    met: list[MetFields] = []
    for v, n, m in parts:
        violations += v
        notices += n
        met += m
    # (provision, package, rule, path, message) and (package, rule, path, message)
    violations.sort(key=lambda v: (v[2], v[0], v[1], v[4], v[3]))
    notices.sort(key=lambda n: (n[0], n[1], n[3], n[2]))
    met.sort(key=lambda m: (m[2], m[0], m[1], m[4], m[3]))
    return Results(
        [Violation(*v) for v in violations],
        [Notice(*n) for n in notices],
        [Met(*m) for m in met],
    )


def _walk(
    node: Any,
    packages: tuple[str, ...],
    out: list[ViolationFields],
    notes: list[NoticeFields],
    met: list[MetFields],
) -> None:
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        package = ".".join(packages)
        if key == "violations" and isinstance(value, list):
            out += [_violation(package, item) for item in value]
        elif key == "notices" and isinstance(value, list):
            notes += [_notice(package, item) for item in value]
        elif key == "met" and isinstance(value, list):
            met += [_met(package, item) for item in value]
        elif isinstance(value, dict):
            _walk(value, (*packages, key), out, notes, met)


def _path(item: dict[str, Any]) -> Path:
    path = item.get("path", [])
    if not isinstance(path, list):
        path = [path]
    # path keys, rule ids and provisions repeat in every record: one shared string each
    return tuple(
        intern(p) if isinstance(p, str) else p if isinstance(p, int) else str(p) for p in path
    )


def _provision_record(package: str, item: Any, what: str, text: str) -> dict[str, Any]:
    """`item` when it is an object naming its provision; a policy error (exit 2) otherwise."""
    if not isinstance(item, dict) or not isinstance(item.get("provision"), str):
        raise GateError(
            f"policy package {package}: {what} must be an object with at least "
            f"'provision', '{text}' and 'path'; got {item!r}"
        )
    return item


def _violation(package: str, item: Any) -> ViolationFields:
    item = _provision_record(package, item, "a violation", "message")
    rule = intern(str(item.get("rule", "")))
    return (package, rule, intern(item["provision"]), str(item.get("message", "")), _path(item))


def _notice(package: str, item: Any) -> NoticeFields:
    if not isinstance(item, dict) or not isinstance(item.get("message"), str):
        raise GateError(f"policy package {package}: a notice must be an object with a 'message'")
    return (package, str(item.get("rule", "")), item["message"], _path(item))


def _met(package: str, item: Any) -> MetFields:
    item = _provision_record(package, item, "a `met` record", "what")
    rule = intern(str(item.get("rule", "")))
    return (package, rule, intern(item["provision"]), str(item.get("what", "")), _path(item))


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
