"""How the gate assesses each provision: by Rego rules, by an attestation, or both.

Computed from the policy sources (the rule ids that report a provision) and the catalogue
(`attestation: true`), never from a hand-kept list, so `provisions --coverage`, the docs and
the tests all see the same answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from ..earning import Earner
from ..results import Provision

RULES = "rules"
ATTESTATION = "attestation"
BOTH = "both"
NONE = "not assessed"


@dataclass(frozen=True)
class Assessment:
    provision: Provision
    rules: tuple[str, ...]  # package.rule ids, e.g. p03_threats.ai_threat_coverage
    earned_by: tuple[str, ...] = ()  # the `met` rules that can earn its pass (earning.py)

    @property
    def how(self) -> str:
        if self.rules and self.provision.attestation:
            return BOTH
        if self.rules:
            return RULES
        if self.provision.attestation:
            return ATTESTATION
        return NONE

    @property
    def assessed(self) -> bool:
        return self.how != NONE


def assessments(
    catalog: Iterable[Provision] | None = None,
    covered: dict[str, list[str]] | None = None,
    earners: dict[str, list[Earner]] | None = None,
) -> list[Assessment]:
    """One row per provision, in catalogue order."""
    if catalog is None:
        from ..catalog import load_catalog

        catalog = load_catalog()
    if covered is None or earners is None:
        from ..policies import load_policies

        policy_set = load_policies()
        covered = policy_set.covered() if covered is None else covered
        earners = policy_set.earners() if earners is None else earners
    return [
        Assessment(
            p,
            tuple(covered.get(p.id, ())),
            tuple(e.rule for e in earners.get(p.id, ())),
        )
        for p in catalog
    ]


def coverage_table(rows: list[Assessment], fmt: str = "text") -> str:
    if fmt == "json":
        return (
            json.dumps(
                [
                    {
                        "id": a.provision.id,
                        "assessed_by": a.how,
                        "rules": list(a.rules),
                        "earned_by": list(a.earned_by),
                        "applies_when": list(a.provision.applies_when),
                    }
                    for a in rows
                ],
                indent=2,
            )
            + "\n"
        )
    lines = [f"{'EN id':<11} {'P':>2} {'level':<6} {'assessed by':<12} rule ids; pass earned by"]
    for a in rows:
        p = a.provision
        # what can earn its pass: a rule that verifies something, else only an attestation
        earn = ", ".join(a.earned_by) or ("attestation only" if p.attestation else "nothing")
        when = f"; applies when {', '.join(p.applies_when)}" if p.applies_when else ""
        lines.append(
            f"{p.id:<11} {p.principle:>2} {p.level:<6} {a.how:<12} {', '.join(a.rules) or '-'}"
            f"; pass earned by {earn}{when}"
        )
    lines.append(summary(rows))
    return "\n".join(lines) + "\n"


def summary(rows: list[Assessment]) -> str:
    counts = {how: sum(1 for a in rows if a.how == how) for how in (RULES, ATTESTATION, BOTH)}
    done = sum(counts.values())
    line = (
        f"{done}/{len(rows)} assessed ({counts[RULES]} by rules, {counts[ATTESTATION]} by "
        f"attestation, {counts[BOTH]} by both)"
    )
    missing = [a.provision.id for a in rows if not a.assessed]
    if missing:
        line += f"; not assessed: {', '.join(missing)}"
    return line
