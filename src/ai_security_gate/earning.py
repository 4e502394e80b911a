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

from .errors import GateError
from .rego_ast import kind_of, string_value

if TYPE_CHECKING:
    from .results import Met
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


def check_met(met: Iterable[Met], earners: dict[str, list[Earner]]) -> None:
    """Every `met` record must come from a rule whose METADATA lists its provision: a body
    that computes the provision at run time could otherwise earn a pass for one it does not
    declare, which coverage, the docs and the hint would never show. A policy error: exit 2."""
    # (provision, package.rule) pairs the METADATA declares: one set lookup per record, as a
    # manifest of 10,000 models has over 100,000 of them
    declared_pairs = {(p, e.rule) for p, items in earners.items() for e in items}
    for m in met:
        rule = f"{m.package}.{m.rule}"
        if (m.provision, rule) in declared_pairs:
            continue
        declared = sorted({p for p, items in earners.items() for e in items if e.rule == rule})
        if not declared:
            raise GateError(
                f"policy package {m.package} reported `met` for {m.provision} as rule "
                f"{m.rule!r}, which no METADATA block in it names (custom.rule); a finding "
                "carries the rule id of the block above its body"
            )
        raise GateError(
            f"policy rule {rule} reported `met` for {m.provision}, but its METADATA "
            f"custom.provision lists {declared}; add {m.provision} there if the rule verifies it"
        )
