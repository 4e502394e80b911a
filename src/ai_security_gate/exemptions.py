"""Justified exemptions: "this provision does not apply to us, and here is why".

A `not_applicable:` entry {provision, justification, approver, reviewed} makes an applicable
provision `not_applicable (justified)`, with the reason in every report, when:
- the justification says something (three words or more) and an approver who is not the
  system owner signed it;
- it was reviewed (not in the future) within the review age limit (--review-max-age);
- the manifest's own facts do not show that the provision applies: a role the manifest
  derives (roles.py) carries it and its catalogue condition holds. Those are refused: an
  exemption cannot hide what the manifest shows; fix the provision or waive it for a while;
- in pull-request mode, the base branch has the same entry (a change cannot exempt itself).
Otherwise the entry is a finding under its provision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from . import applicability
from .results import Finding, Provision, SourceMap
from .roles import derived
from .waivers import owner_names


@dataclass(frozen=True)
class Exemption:
    provision: str
    index: int
    justification: str
    approver: str
    reviewed: str
    problem: str = ""  # why it is not honoured; "" when it is


def read(
    data: dict[str, Any],
    catalog: dict[str, Provision],
    today: dt.date,
    max_age_days: int,
    trusted: list[Any] | None = None,
    observed: Collection[str] = (),
    shown: dict[str, Any] | None = None,
) -> dict[str, Exemption]:
    """provision id -> its exemption (the first honoured entry, else the first entry).
    `observed`: conditions the repository shows hold (claims.py); an exemption cannot set
    those aside. A condition that holds only because the manifest leaves its fact out can
    be: that is what a justified exemption is for. `shown`: the roles derived from the
    manifest and the repository (roles.derived); from the manifest alone when not given."""
    items = data.get("not_applicable")
    shown = derived(data) if shown is None else shown
    out: dict[str, Exemption] = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or item.get("provision") not in catalog:
            continue  # the schema (and unknown-id check) reports it
        p = catalog[item["provision"]]
        entry = Exemption(
            provision=p.id,
            index=i,
            justification=str(item.get("justification", "")).strip(),
            approver=str(item.get("approver", "")).strip(),
            reviewed=str(item.get("reviewed", "")),
            problem=_problem(item, p, data, shown, today, max_age_days, trusted, observed),
        )
        previous = out.get(p.id)
        if previous is None or (previous.problem and not entry.problem):
            out[p.id] = entry
    return out


def _problem(
    item: dict[str, Any],
    p: Provision,
    data: dict[str, Any],
    shown: dict[str, Any],
    today: dt.date,
    max_age_days: int,
    trusted: list[Any] | None,
    observed: Collection[str] = (),
) -> str:
    justification = item.get("justification")
    if not isinstance(justification, str) or len(justification.split()) < 3:
        return f"the exemption of {p.id} has no justification; say why it does not apply here"
    approver = item.get("approver")
    if not isinstance(approver, str) or not approver.strip():
        return f"the exemption of {p.id} names no approver"
    if " ".join(approver.casefold().split()) in owner_names(data):
        return (
            f"the exemption of {p.id} is approved by {approver}, the system owner; someone else "
            "with authority must approve it"
        )
    reviewed = _date(item.get("reviewed"))
    if reviewed is None:
        return f"the exemption of {p.id} has no review date; add `reviewed:` with the date"
    if reviewed > today:
        return f"the exemption of {p.id} is dated {reviewed}, after today ({today})"
    if (today - reviewed).days > max_age_days:
        return (
            f"the exemption of {p.id} was last reviewed on {reviewed}, more than {max_age_days} "
            "days ago; review it again and update `reviewed:`"
        )
    carriers = [r for r in p.roles if r in shown]
    if carriers and applicability.applies(p.applies_when, data, observed):
        role = carriers[0]
        _, evidence = shown[role][0]
        return (
            f"{p.id} applies to this system by the manifest's own facts ({evidence}, so this "
            f"organisation is a {role.replace('_', ' ')}); an exemption cannot set it aside: "
            "meet it, or waive it for a limited time"
        )
    if trusted is not None and not _in_base(item, trusted):
        return (
            f"the exemption of {p.id} is new or changed in this pull request; it applies once "
            "merged (exemptions are read from the base branch)"
        )
    return ""


def _in_base(item: dict[str, Any], trusted: list[Any]) -> bool:
    def key(x: dict[str, Any]) -> tuple[str, ...]:
        return tuple(str(x.get(k)) for k in ("provision", "justification", "approver", "reviewed"))

    return key(item) in {key(t) for t in trusted if isinstance(t, dict)}


def finding(e: Exemption, source_map: SourceMap) -> Finding:
    where = ("not_applicable", e.index)
    return Finding(
        source="exemption",
        provision=e.provision,
        path=where,
        location=source_map.locate(where),
        rule="exemptions.refused",
        message=f"{e.problem}; the exemption is not applied",
    )


def reason(e: Exemption) -> str:
    return f"{e.justification} (approved by {e.approver}, reviewed {e.reviewed})"


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
