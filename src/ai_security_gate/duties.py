"""Per-role duties: where the standard splits a provision's duty between roles (catalogue
`duties:`), each part is assessed for the role that carries it.

A part is this organisation's when it plays the part's role (roles.py: declared, or shown by
the manifest's facts). The manifest may say another organisation carries a part
(`duties: [{provision, part, carried_by, agreement}]`, e.g. the hosting company tells end users);
that part's checks then do not count here, and its reason is shown. Refused, with a finding,
when the manifest's own facts show this organisation plays the part's role (a part cannot be
dropped by naming someone else), when the agreement that assigns it is not a usable file, or,
in pull-request mode, when the base branch does not have the same entry. A part the standard
owes only to another organisation (`external_only`, "an external developer must supply the
operator") is assessed only where another organisation carries another part.
Pure: the decision calls it with plain data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .results import Duty, Finding, Provision, SourceMap, Verified


@dataclass
class Split:
    elsewhere: dict[str, str] = field(default_factory=dict)  # part -> who carries it, why
    findings: list[Finding] = field(default_factory=list)  # refused declarations

    def rules(self, p: Provision) -> set[str]:
        return {r for d in p.duties if d.part in self.elsewhere for r in d.rules}

    def everything_elsewhere(self, p: Provision) -> bool:
        return bool(p.duties) and all(d.part in self.elsewhere for d in p.duties)

    def reason(self, p: Provision) -> str:
        parts = [self.elsewhere[d.part] for d in p.duties if d.part in self.elsewhere]
        return "; ".join(parts)


def split(
    p: Provision,
    roles: tuple[str, ...],
    shown: Mapping[str, list[tuple[Any, str]]],
    data: dict[str, Any],
    agreements: Mapping[str, str],
    source_map: SourceMap,
    trusted: list[Any] | None = None,
) -> Split:
    """Which parts of `p` another role or organisation carries. `shown`: roles.derived.
    `trusted`: in pull-request mode, the base branch's `duties` (a change cannot give away
    a part of its own failures); None outside it."""
    out = Split()
    declared = _declared(data, p.id)
    for d in p.duties:
        if d.role not in roles:
            out.elsewhere[d.part] = f"{d.text}: not this organisation's (it is no {_name(d.role)})"
            continue
        entry = declared.get(d.part)
        if entry is None:
            continue
        i, item = entry
        problem = _problem(d, item, shown, agreements) or _untrusted(item, trusted)
        if problem:
            where = ("duties", i)
            out.findings.append(
                Finding(
                    source="policy",
                    provision=p.id,
                    path=where,
                    location=source_map.locate(where),
                    rule="duties.refused",
                    message=f"{problem}; the part stays this organisation's",
                )
            )
            continue
        out.elsewhere[d.part] = (
            f"{d.text}: carried by {item['carried_by']} (agreement {item['agreement']})"
        )
    _internal(p, out)
    return out


def _internal(p: Provision, out: Split) -> None:
    """A part owed only to another organisation (the developer supplying the operator) is
    internal when this organisation carries every other part itself: nobody to supply. Decided
    after the other parts, so giving the operator's part away brings the supply back."""
    for d in p.duties:
        if not d.external_only or d.part in out.elsewhere:
            continue
        others = [o for o in p.duties if o.part != d.part]
        if others and not any(o.part in out.elsewhere for o in others):
            out.elsewhere[d.part] = (
                f"{d.text}: owed to another organisation only, and this organisation carries "
                "the other part itself"
            )


def keep(split: Split, p: Provision, findings: list[Finding]) -> list[Finding]:
    rules = split.rules(p)
    return [f for f in findings if f.rule not in rules] + split.findings


def keep_verified(split: Split, p: Provision, verified: list[Verified]) -> list[Verified]:
    rules = split.rules(p)
    return [v for v in verified if v.rule not in rules]


def _declared(data: dict[str, Any], pid: str) -> dict[str, tuple[int, dict[str, Any]]]:
    items = data.get("duties")
    out: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and item.get("provision") == pid:
            out.setdefault(str(item.get("part")), (i, item))
    return out


def _problem(
    d: Duty,
    item: dict[str, Any],
    shown: Mapping[str, list[tuple[Any, str]]],
    agreements: Mapping[str, str],
) -> str:
    who = item.get("carried_by")
    if not isinstance(who, str) or not who.strip():
        return f"`duties` gives part {d.part} to no one; name the organisation in `carried_by:`"
    if d.role in shown:
        _, evidence = shown[d.role][0]
        return (
            f"`duties` says {who} carries part {d.part} ({d.text}), but the manifest shows this "
            f"organisation is a {_name(d.role)} ({evidence}), the role that carries it"
        )
    agreement = item.get("agreement")
    if not isinstance(agreement, str):
        return f"`duties` gives part {d.part} to {who} without the agreement that assigns it"
    problem = agreements.get(agreement, f"cites {agreement}, which was not checked")
    if problem:
        return f"`duties` gives part {d.part} to {who}, but its agreement {problem}"
    return ""


def _untrusted(item: dict[str, Any], trusted: list[Any] | None) -> str:
    if trusted is None:
        return ""

    def key(x: dict[str, Any]) -> tuple[str, ...]:
        return tuple(str(x.get(k)) for k in ("provision", "part", "carried_by", "agreement"))

    if key(item) in {key(t) for t in trusted if isinstance(t, dict)}:
        return ""
    return (
        f"`duties` gives part {item.get('part')} to {item.get('carried_by')} in this pull "
        "request; it applies once merged (duties are read from the base branch)"
    )


def _name(role: str) -> str:
    return role.replace("_", " ")
