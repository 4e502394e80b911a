"""Which checks can earn each provision its `pass`: the policies' `met` rules, read from the
`# METADATA` block above each one, through the rule index (rule_index.py).

A provision passes only on a positive finding (design: a pass is earned), so the decision
uses this to tell a user what to declare when nothing verified a provision, and
`provisions --coverage` lists it per provision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .rego_ast import kind_of, string_value

if TYPE_CHECKING:
    from .rule_index import RuleIndex


@dataclass(frozen=True)
class Earner:
    """One `met` rule: what it verifies, for which provisions."""

    rule: str  # package.rule, e.g. p03_threats.threat_model_met
    title: str
    description: str
    provisions: tuple[str, ...]
    section: str = ""  # the manifest section it reads, e.g. threat_model


def earners(index: RuleIndex) -> list[Earner]:
    """The `met` rules of the rule index, one per rule id: the first body's METADATA, and
    every provision its bodies earn."""
    out: dict[str, Earner] = {}
    for e in index.entries:
        if e.kind != "met":
            continue
        first = out.get(e.rule_id)
        if first is not None:
            merged = tuple(dict.fromkeys(first.provisions + e.provisions))
            out[e.rule_id] = Earner(
                first.rule, first.title, first.description, merged, first.section
            )
            continue
        out[e.rule_id] = Earner(
            rule=e.rule_id,
            title=e.title,
            description=e.description,
            provisions=e.provisions,
            section=_section(e.result or {}),
        )
    return list(out.values())


def _section(result: dict[str, Any]) -> str:
    """The first key of the manifest path a `met` record points at: the section to declare."""
    path = result.get("path")
    items = path["Array"]["items"] if path is not None and kind_of(path) == "Array" else []
    return (string_value(items[0]) or "") if items else ""


def by_provision(items: Iterable[Earner]) -> dict[str, list[Earner]]:
    out: dict[str, list[Earner]] = {}
    for e in items:
        for p in e.provisions:
            out.setdefault(p, []).append(e)
    return out


def hint(items: list[Earner]) -> str:
    """What to declare so one of these checks can run and find the provision met."""
    return "; or ".join(e.description.rstrip(".") for e in items)
