"""One status per provision from raw results, the catalogue, roles, attestations and waivers.

Pure Python over plain data: no files, no engine. Everything a status depends on is an
argument, so the same inputs always give the same decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from . import applicability, claims, dates, duties, exemptions, undeclared
from . import roles as derived_roles
from . import waivers as waiver_rules
from .attestation_messages import attestation_in_future, attestation_missing, attestation_too_old
from .catalog import ROLES
from .earned import earned
from .earning import Earner, check_met
from .results import (
    Decision,
    Finding,
    JsonPath,
    Location,
    Met,
    Notice,
    Provision,
    ProvisionResult,
    SourceMap,
    Status,
    Verified,
    Violation,
)


@dataclass(frozen=True)
class DecideOptions:
    today: dt.date
    fail_on: str = "shall"
    attestation_max_age_days: int = 365
    review_max_age_days: int = 365
    waiver_max_days: int = 180


def decide(
    *,
    manifest_name: str,
    data: dict[str, Any],
    source_map: SourceMap,
    catalog: Iterable[Provision],
    schema_findings: list[Finding],
    violations: list[Violation],
    covered: dict[str, list[str]],
    options: DecideOptions,
    engine: str = "",
    notices: Iterable[Notice] = (),
    trusted_waivers: list[Any] | None = None,
    met: Iterable[Met] = (),
    earners: dict[str, list[Earner]] | None = None,
    trusted_exemptions: list[Any] | None = None,
    waiver_authors: dict[int, tuple[str, str]] | None = None,
    observed: claims.Observed | None = None,
    trusted_duties: list[Any] | None = None,
) -> Decision:
    """`trusted_waivers`: in pull-request mode, the waivers of the base branch. A waiver the
    pull request adds or changes is then not honoured (a change cannot waive its own
    failures) and is reported for review. None outside pull-request mode. `observed`: what
    the repository shows (evidence/observed.py), so a self-declared condition is earned
    (claims.py)."""
    catalog = list(catalog)
    known = {p.id for p in catalog}
    # roles.py: declared ones cannot hide facts
    shown = derived_roles.derived(data, observed)
    roles = derived_roles.effective_roles(data, observed, shown)
    manifest_findings = list(schema_findings) + derived_roles.findings(
        data, source_map, observed, shown
    )
    conditions_claimed = claims.build(data, observed)
    agreements = (observed or {}).get("duty_agreements") or {}
    holding = claims.holding(conditions_claimed)

    by_provision = _policy_findings(violations, known, source_map, manifest_findings)

    exempt = exemptions.read(
        data,
        {p.id: p for p in catalog},
        options.today,
        options.review_max_age_days,
        trusted_exemptions,
        claims.holding(c for c in conditions_claimed if c.observed),
        shown,
    )
    _decision_findings(data, source_map, options, observed, known, manifest_findings, by_provision)

    attestations = _attestations(data, source_map, options, known, manifest_findings)
    waivers = _waivers(data, source_map, options, known, manifest_findings, waiver_authors or {})
    notes = _notice_findings(notices, source_map)
    if trusted_waivers is not None:
        waivers = _only_trusted(waivers, data, trusted_waivers, source_map, notes)

    if earners is not None:  # a real policy set: each record's rule must declare it
        check_met(met, earners)
    verified = _verified_records(met, source_map)
    results = []
    for p in catalog:
        aside = _set_aside(p, roles, data, holding, exempt, source_map, by_provision)
        if aside is not None:
            results.append(aside)
            continue
        by_provision.setdefault(p.id, []).extend(_claimed(p, conditions_claimed, data, source_map))
        # a duty split between roles: each part is assessed for the role that carries it
        parts = duties.split(p, roles, shown, data, agreements, source_map, trusted_duties)
        if parts.everything_elsewhere(p) and set(p.roles) & set(roles):
            results.append(ProvisionResult(p, Status.NOT_APPLICABLE, reason=parts.reason(p)))
            continue
        by_provision[p.id] = duties.keep(parts, p, by_provision.get(p.id, []))
        verified[p.id] = duties.keep_verified(parts, p, verified.get(p.id, []))
        result = _status(
            p,
            roles,
            by_provision.get(p.id, []),
            attestations.get(p.id),
            waivers.get(p.id),
            p.id in covered,
            source_map,
        )
        attested = attestations.get(p.id)
        result = earned(
            result,
            verified.get(p.id, []),
            (earners or {}).get(p.id, []),
            bool(attested and attested.fresh),
            source_map,
        )
        if parts.elsewhere and not result.reason:
            result = replace(result, reason=f"assessed for its own part; {parts.reason(p)}")
        waiver = waivers.get(p.id)
        if result.status is Status.FAIL and waiver and not waiver.expired:
            result = _status(p, roles, result.findings, None, waiver, False, source_map)
        results.append(result)
    for r in results:  # people read a provision's findings top to bottom in the manifest
        r.findings.sort(key=lambda f: (f.location.line, f.location.column, f.message))
        r.verified.sort(key=lambda v: (v.location.line, v.location.column, v.what))
    return Decision(
        manifest=manifest_name,
        results=results,
        schema_findings=manifest_findings,
        fail_on=options.fail_on,
        engine=engine,
        roles=roles,
        notices=notes,
        waivers=waiver_rules.records(data, results, options.today, source_map),
    )


def _decision_findings(
    data: dict[str, Any],
    source_map: SourceMap,
    options: DecideOptions,
    observed: claims.Observed | None,
    known: set[str],
    manifest_findings: list[Finding],
    by_provision: dict[str, list[Finding]],
) -> None:
    """What the decision stage itself finds, beside the policies: exemptions of unknown
    provisions, dates after today, and models or tools the repository shows but the manifest
    does not list."""
    for i, item in _entries(data, "not_applicable"):
        if isinstance(item.get("provision"), str) and item["provision"] not in known:
            manifest_findings.append(_unknown("not_applicable", i, item["provision"], source_map))
    for f in [
        *dates.future(data, source_map, options.today),
        *undeclared.findings(data, source_map, observed),
    ]:
        if f.provision in known:
            by_provision.setdefault(f.provision, []).append(f)


def _set_aside(
    p: Provision,
    roles: Iterable[str],
    data: dict[str, Any],
    holding: Any,
    exempt: dict[str, Any],
    source_map: SourceMap,
    by_provision: dict[str, list[Finding]],
) -> ProvisionResult | None:
    """not_applicable, for a provision this organisation's roles carry, when a condition does
    not hold or a justified exemption says so; an exemption that cannot be honoured becomes
    one of the provision's findings instead."""
    if not set(p.roles) & set(roles):
        return None
    why_not = applicability.reason(p.applies_when, data, holding)
    if why_not:
        return ProvisionResult(p, Status.NOT_APPLICABLE, reason=why_not)
    exemption = exempt.get(p.id)
    if not exemption:
        return None
    if exemption.problem:
        by_provision.setdefault(p.id, []).append(exemptions.finding(exemption, source_map))
        return None
    at = source_map.locate(("not_applicable", exemption.index))
    return ProvisionResult(
        p,
        Status.NOT_APPLICABLE,
        reason=exemptions.reason(exemption),
        justified=True,
        justified_at=at,
    )


def _policy_findings(
    violations: list[Violation],
    known: set[str],
    source_map: SourceMap,
    manifest_findings: list[Finding],
) -> dict[str, list[Finding]]:
    """The policies' violations as findings, by provision; one naming a provision the
    catalogue does not know is a manifest-level finding (a policy bug, never dropped)."""
    by_provision: dict[str, list[Finding]] = {}
    for v in violations:
        finding = Finding(
            source="policy",
            message=v.message,
            path=v.path,
            location=source_map.locate(v.path),
            provision=v.provision,
            rule=f"{v.package}.{v.rule}" if v.rule else v.package,
        )
        if v.provision not in known:
            manifest_findings.append(
                Finding(
                    **{
                        **finding.__dict__,
                        "message": f"policy {finding.rule} reported unknown "
                        f"provision {v.provision!r}: {v.message}",
                        "provision": None,
                    }
                )
            )
            continue
        by_provision.setdefault(v.provision, []).append(finding)
    return by_provision


def _notice_findings(notices: Iterable[Notice], source_map: SourceMap) -> list[Finding]:
    return [
        Finding(
            source="notice",
            message=n.message,
            path=n.path,
            location=source_map.locate(n.path),
            rule=f"{n.package}.{n.rule}",
        )
        for n in notices
    ]


def _verified_records(met: Iterable[Met], source_map: SourceMap) -> dict[str, list[Verified]]:
    """The policies' met records, by provision, located in the manifest. Each path is located
    once and each rule named once: at 10,000 models 120,000 records share about a third as
    many paths (several checks of one model) and a few hundred rules."""
    verified: dict[str, list[Verified]] = {}
    where: dict[JsonPath, Location] = {}
    rules: dict[tuple[str, str], str] = {}
    for m in met:
        location = where.get(m.path)
        if location is None:
            location = where[m.path] = source_map.locate(m.path)
        rule = rules.get((m.package, m.rule))
        if rule is None:
            rule = rules[m.package, m.rule] = f"{m.package}.{m.rule}" if m.rule else m.package
        found = verified.get(m.provision)
        if found is None:
            found = verified[m.provision] = []
        found.append(Verified(m.what, m.path, location, rule))
    return verified


def _claimed(
    p: Provision, claimed: list[claims.Claim], data: dict[str, Any], source_map: SourceMap
) -> list[Finding]:
    """A provision applies because a claim makes its condition hold (claims.py): the claim's
    finding says what was seen, or what the manifest left out, and what to declare. Only where
    the manifest's own reading would have switched the provision off."""
    if not p.applies_when or applicability.applies(p.applies_when, data):
        return []
    return [
        Finding(
            source="policy",
            provision=p.id,
            path=c.path,
            location=source_map.locate(c.path),
            rule=c.rule,
            message=c.message,
        )
        for c in claimed
        if set(c.conditions) & set(p.applies_when)
    ]


def _only_trusted(
    waivers: dict[str, _Waiver],
    data: dict[str, Any],
    trusted: list[Any],
    source_map: SourceMap,
    notes: list[Finding],
) -> dict[str, _Waiver]:
    """Keep the waivers the base branch already has, word for word in what matters."""

    def key(w: Any) -> tuple[str, str, str]:
        return (str(w.get("provision")), str(w.get("approver")), str(w.get("expires")))

    base = {key(w) for w in trusted if isinstance(w, dict)}
    kept = {}
    entries = dict(_entries(data, "waivers"))
    for pid, waiver in waivers.items():
        if key(entries[waiver.index]) in base:
            kept[pid] = waiver
            continue
        where = ("waivers", waiver.index)
        notes.append(
            Finding(
                source="notice",
                path=where,
                location=source_map.locate(where),
                rule="waivers.untrusted",
                message=f"the waiver for {pid} is new or changed in this pull request; it is not applied "
                "until it is merged (waivers are read from the base branch): a reviewer must approve it",
            )
        )
    return kept


def declared_roles(data: dict[str, Any]) -> tuple[str, ...]:
    """The roles the manifest declares; all of them when it declares none (the safe default)."""
    system = data.get("system")
    roles = system.get("roles") if isinstance(system, dict) else None
    if isinstance(roles, list) and roles:
        # only unknown values (an unfilled TODO): as if none were declared
        return tuple(r for r in ROLES if r in roles) or ROLES
    return ROLES


@dataclass
class _Attestation:
    index: int
    fresh: bool
    findings: list[Finding]


@dataclass
class _Waiver:
    index: int
    justification: str
    approver: str
    expires: str
    expired: bool
    problem: str = ""  # waivers.py: why it cannot be honoured (fails like an expired one)


def _status(
    p: Provision,
    roles: tuple[str, ...],
    findings: list[Finding],
    attestation: _Attestation | None,
    waiver: _Waiver | None,
    has_rules: bool,
    source_map: SourceMap,
) -> ProvisionResult:
    if not set(p.roles) & set(roles):
        return ProvisionResult(
            p,
            Status.NOT_APPLICABLE,
            reason=f"applies to {_or(p.roles)}; this repository declares {_and(roles)}",
        )
    findings = list(findings)
    if attestation:
        findings += attestation.findings
    elif p.attestation:
        findings.append(
            Finding(
                source="attestation",
                provision=p.id,
                path=("attestations",),
                location=source_map.locate(("attestations",)),
                message=attestation_missing(p.id),
            )
        )
    if waiver and waiver.problem:
        where = ("waivers", waiver.index)
        findings.append(
            Finding(
                source="waiver",
                provision=p.id,
                path=where,
                location=source_map.locate(where),
                message=f"{waiver.problem}; the waiver is not applied",
            )
        )
        return ProvisionResult(p, Status.FAIL, findings, reason="waiver not valid")
    if waiver and waiver.expired:
        findings.append(
            Finding(
                source="waiver",
                provision=p.id,
                path=("waivers", waiver.index, "expires"),
                location=source_map.locate(("waivers", waiver.index, "expires")),
                message=f"waiver for {p.id} expired on {waiver.expires}; fix the findings or have "
                f"{waiver.approver or 'the approver'} renew it with a new expiry date",
            )
        )
        return ProvisionResult(p, Status.FAIL, findings, reason="waiver expired")
    if findings and waiver:
        return ProvisionResult(
            p,
            Status.WAIVED,
            findings,
            reason=f"waived by {waiver.approver} until {waiver.expires}: {waiver.justification}",
        )
    if findings:
        return ProvisionResult(p, Status.FAIL, findings)
    if has_rules:
        return ProvisionResult(p, Status.PASS)  # earned.py: only with something verified
    if attestation and attestation.fresh:
        return ProvisionResult(p, Status.ATTESTED, reason="declared in attestations")
    return ProvisionResult(
        p,
        Status.NOT_ASSESSED,
        reason="no rule checks this provision yet and the manifest has no attestation for it",
    )


def _attestations(
    data: dict[str, Any],
    source_map: SourceMap,
    options: DecideOptions,
    known: set[str],
    manifest_findings: list[Finding],
) -> dict[str, _Attestation]:
    out: dict[str, _Attestation] = {}
    for i, item in _entries(data, "attestations"):
        pid = item.get("provision")
        if not isinstance(pid, str):
            continue  # the schema reports it
        if pid not in known:
            manifest_findings.append(_unknown("attestations", i, pid, source_map))
            continue
        findings = []
        date = _date(item.get("date"))
        if date is not None:
            age = (options.today - date).days
            where = ("attestations", i, "date")
            if age > options.attestation_max_age_days:
                findings.append(
                    Finding(
                        source="attestation",
                        provision=pid,
                        path=where,
                        location=source_map.locate(where),
                        message=attestation_too_old(
                            pid, age, date, options.attestation_max_age_days
                        ),
                    )
                )
            elif age < 0:
                findings.append(
                    Finding(
                        source="attestation",
                        provision=pid,
                        path=where,
                        location=source_map.locate(where),
                        message=attestation_in_future(pid, date),
                    )
                )
        previous = out.get(pid)
        current = _Attestation(i, date is not None and not findings, findings)
        if previous is None or (current.fresh and not previous.fresh):
            out[pid] = current
    return out


def _waivers(
    data: dict[str, Any],
    source_map: SourceMap,
    options: DecideOptions,
    known: set[str],
    manifest_findings: list[Finding],
    authors: dict[int, tuple[str, str]],
) -> dict[str, _Waiver]:
    out: dict[str, _Waiver] = {}
    for i, item in _entries(data, "waivers"):
        pid = item.get("provision")
        if not isinstance(pid, str):
            continue
        if pid not in known:
            manifest_findings.append(_unknown("waivers", i, pid, source_map))
            continue
        expires = _date(item.get("expires"))
        problems = waiver_rules.problems(
            item, data, options.today, options.waiver_max_days, authors.get(i)
        )
        waiver = _Waiver(
            index=i,
            justification=str(item.get("justification", "")),
            approver=str(item.get("approver", "")),
            expires=str(item.get("expires", "")),
            expired=expires is None or expires < options.today or bool(problems),
            problem="; ".join(problems),
        )
        previous = out.get(pid)
        if previous is None or (previous.expired and not waiver.expired):
            out[pid] = waiver
    return out


def _entries(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    items = data.get(key)
    if not isinstance(items, list):
        return []
    return [(i, x) for i, x in enumerate(items) if isinstance(x, dict)]


def _unknown(section: str, i: int, pid: str, source_map: SourceMap) -> Finding:
    where = (section, i, "provision")
    return Finding(
        source=section.rstrip("s"),
        path=where,
        location=source_map.locate(where),
        message=f"{pid!r} is not an EN 304 223 provision id; `ai-security-gate provisions` lists them",
    )


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _or(roles: Iterable[str]) -> str:
    items = [r.replace("_", " ") for r in roles]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _and(roles: Iterable[str]) -> str:
    items = [r.replace("_", " ") for r in roles]
    if not items:
        return "no roles"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
