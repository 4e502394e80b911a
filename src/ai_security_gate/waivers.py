"""Waivers are time-boxed exceptions, approved by someone other than the people they excuse.

`problems()` is the one place that says whether a waiver entry can be honoured: a
justification, an expiry no further than the horizon from today (default 180 days), an
approver who is not the system owner (and not the waiver's author, where git shows who wrote
it). Pull-request mode (decision._only_trusted) decides separately which entries are trusted
at all; both apply.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .results import ProvisionResult, SourceMap, Status, WaiverRecord

DEFAULT_MAX_DAYS = 180


def owner_names(data: dict[str, Any]) -> set[str]:
    """The system owner's name and e-mail, normalised for comparison."""
    system = data.get("system")
    owner = system.get("owner") if isinstance(system, dict) else None
    names: set[str] = set()
    if isinstance(owner, dict):
        for key in ("name", "email"):
            if isinstance(owner.get(key), str):
                names.add(_norm(owner[key]))
    elif isinstance(owner, str):
        names.add(_norm(owner))
    return names - {""}


def problems(
    item: dict[str, Any],
    data: dict[str, Any],
    today: dt.date,
    max_days: int = DEFAULT_MAX_DAYS,
    author: tuple[str, str] | None = None,
) -> list[str]:
    """Why this waiver cannot be honoured (empty when it can). `author`: (name, e-mail) of
    who committed the waiver's approver line, when git shows it."""
    out = []
    pid = item.get("provision")
    justification = item.get("justification")
    if not isinstance(justification, str) or len(justification.split()) < 3:
        out.append(
            f"the waiver for {pid} has no justification; say why the provision is not met yet, "
            "the interim mitigation and the plan to meet it"
        )
    approver = item.get("approver")
    if not isinstance(approver, str) or not approver.strip():
        out.append(f"the waiver for {pid} names no approver")
    elif _norm(approver) in owner_names(data):
        out.append(
            f"the waiver for {pid} is approved by {approver}, the system owner: a waiver accepts "
            "a risk on the owner's behalf, so someone else with authority must approve it"
        )
    elif author and _norm(approver) in {_norm(a) for a in author if a}:
        out.append(
            f"the waiver for {pid} is approved by {approver}, who also wrote it (git blame of "
            "the waiver): a second person must approve it"
        )
    expires = _date(item.get("expires"))
    if expires is not None and (expires - today).days > max_days:
        out.append(
            f"the waiver for {pid} expires on {expires}, {(expires - today).days} days from today; "
            f"a waiver is a time-boxed exception of at most {max_days} days: set an expiry no "
            f"later than {today + dt.timedelta(days=max_days)}"
        )
    return out


def records(
    data: dict[str, Any],
    results: list[ProvisionResult],
    today: dt.date,
    source_map: SourceMap,
) -> list[WaiverRecord]:
    """Every waiver entry, for the report: approver, days left, whether it was applied."""
    waived = {r.provision.id for r in results if r.status is Status.WAIVED}
    items = data.get("waivers")
    out = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        expires = _date(item.get("expires"))
        pid = str(item.get("provision", ""))
        out.append(
            WaiverRecord(
                provision=pid,
                approver=str(item.get("approver", "")),
                expires=str(item.get("expires", "")),
                days_left=(expires - today).days if expires else None,
                justification=str(item.get("justification", "")),
                applied=pid in waived,
                location=source_map.locate(("waivers", i)),
            )
        )
    return out


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
