"""How the gate assesses each provision: by Rego rules, by an attestation, or both.

Computed from the policy sources (the rule ids that report a provision) and the catalogue
(`attestation: true`), never from a hand-kept list, so `provisions --coverage`, the docs and
the tests all see the same answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Provision

RULES = "rules"
ATTESTATION = "attestation"
BOTH = "both"
NONE = "not assessed"


@dataclass(frozen=True)
class Assessment:
    provision: Provision
    rules: tuple[str, ...]  # package.rule ids, e.g. p03_threats.ai_threat_coverage

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
    catalog: Iterable[Provision] | None = None, covered: dict[str, list[str]] | None = None
) -> list[Assessment]:
    """One row per provision, in catalogue order."""
    if catalog is None:
        from .catalog import load_catalog

        catalog = load_catalog()
    if covered is None:
        from .policies import load_policies

        covered = load_policies().covered()
    return [Assessment(p, tuple(covered.get(p.id, ()))) for p in catalog]


def coverage_table(rows: list[Assessment], fmt: str = "text") -> str:
    if fmt == "json":
        return (
            json.dumps(
                [
                    {"id": a.provision.id, "assessed_by": a.how, "rules": list(a.rules)}
                    for a in rows
                ],
                indent=2,
            )
            + "\n"
        )
    lines = [f"{'EN id':<11} {'P':>2} {'level':<6} {'assessed by':<12} rule ids"]
    for a in rows:
        p = a.provision
        lines.append(
            f"{p.id:<11} {p.principle:>2} {p.level:<6} {a.how:<12} {', '.join(a.rules) or '-'}"
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
