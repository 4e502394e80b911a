"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

- One rule per provision (all 72, so code scanning can tell "checked, nothing found" from
  "not checked" and close fixed alerts), plus `manifest-schema` and `manifest-error` for
  manifest-level findings.
- One result per finding of a failed provision: `error` when it fails the gate, `warning`
  when it does not (an unmet `should` at `--fail-on shall`). Waived findings are left out on
  purpose: code scanning does not honour SARIF suppressions, and an alert dismissed by hand
  would stay dismissed when the waiver expires; left out, the alert closes while the waiver
  holds and reopens when it lapses.
- Locations are relative to the git top level (`%SRCROOT%`), so a subproject's manifest
  (`check services/a`) is found by code scanning; a region spans the node a finding is
  about (start and end line and column) when it fits on one line, else its first line, with
  the whole node as the `contextRegion`.
- Alert identity: GitHub keys alerts on `partialFingerprints.primaryLocationLineHash` only,
  so it carries our stable `Finding.fingerprint` (which ignores line numbers) with an
  occurrence counter, as GitHub's own hashes do; `aiSecurityGate/v1` keeps the bare value.
- The category (`automationDetails.id`) is the repository-relative manifest path: two
  manifests of a monorepo upload side by side without replacing each other's alerts.
- What verified each pass and the justified exemptions are in the run's `properties`
  (`verified`, `justifiedExemptions`), not results: code scanning would make alerts of them.
- Nothing volatile (no time stamps, no absolute paths): the same decision gives the same bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..results import Decision, Finding, Location, Provision, format_path
from . import Format, Reporter, ReportOptions
from .common import (
    MANIFEST_ERROR_RULE,
    MANIFEST_SCHEMA_RULE,
    PROJECT_URL,
    RELEASE_URL,
    STANDARD,
    label,
    line_end_column,
    manifest_rule,
    printable,
    printable_tree,
    provision_url,
    short,
    unmet,
)

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "aiSecurityGate/v1"
# GitHub maps security-severity to critical (>= 9.0), high (7.0-8.9), medium (4.0-6.9) and
# low (0.1-3.9). An unmet requirement (`shall`) fails the gate: high. An unmet
# recommendation (`should`) only warns by default: medium. A broken manifest fails the gate
# and hides what the policies would have found: high.
SECURITY_SEVERITY = {"shall": "7.0", "should": "4.0"}
DEFAULT_LEVEL = {"shall": "error", "should": "warning"}
SCHEMA_DOC_URL = f"{RELEASE_URL}/schemas/ai-security.schema.json"
LINE_HASH_KEY = "primaryLocationLineHash"
# Every rule is a deterministic check of declared data: findings are exact, not heuristics.
PRECISION = "very-high"


def render(decision: Decision, options: ReportOptions) -> str:
    # every string sanitised (common.printable): no escape sequence reaches a terminal
    return json.dumps(printable_tree(as_dict(decision)), indent=2, ensure_ascii=False) + "\n"


def as_dict(decision: Decision) -> dict[str, Any]:
    rules = [_provision_rule(r.provision) for r in decision.results] + _manifest_rules()
    index = {rule["id"]: i for i, rule in enumerate(rules)}

    results = [
        _result(
            decision,
            f,
            rule_id=manifest_rule(f),
            rule_index=index[manifest_rule(f)],
            level="error",
            message=f"{f.path_text}: {f.message}",
            properties={"blocking": True, "source": f.source},
        )
        for f in decision.schema_findings
    ]
    for u in unmet(decision):
        p = u.provision
        results.append(
            _result(
                decision,
                u.finding,
                rule_id=p.id,
                rule_index=index[p.id],
                level="error" if u.blocking else "warning",
                message=u.finding.message,
                properties={
                    "provision": p.id,
                    "level": p.level,
                    "status": u.result.status.value,
                    "blocking": u.blocking,
                    "source": u.finding.source,
                    **({"policyRule": u.finding.rule} if u.finding.rule else {}),
                },
            )
        )

    _number_line_hashes(results)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ai-security-gate",
                        "fullName": f"ai-security-gate {__version__} ({STANDARD})",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": PROJECT_URL,
                        "rules": rules,
                    }
                },
                # The category: one per manifest, so several manifests (or a monorepo) can be
                # uploaded side by side. The trailing slash means "no run id".
                "automationDetails": {
                    "id": f"ai-security-gate/{decision.repo_path(decision.manifest)}/"
                },
                "originalUriBaseIds": {
                    "%SRCROOT%": {
                        "description": {"text": "The top level of the git repository checked."}
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {"executionSuccessful": True, "exitCode": decision.exit_code},
                ],
                "results": results,
                "properties": {
                    "standard": STANDARD,
                    "manifest": decision.manifest,
                    "result": "pass" if decision.passed else "fail",
                    "failOn": decision.fail_on,
                    "engine": decision.engine,
                    "roles": list(decision.roles),
                    "counts": decision.counts(),
                    **_passes(decision),
                },
            }
        ],
    }


def _passes(decision: Decision) -> dict[str, Any]:
    """What earned each pass and which provisions a justified exemption sets aside, in the
    run's property bag. Not as results of kind "pass"/"notApplicable": GitHub code scanning
    turns every result into an alert whatever its kind or level (a passing manifest would
    open some 60 alerts that never close), while the property bag is kept in the uploaded
    file for auditors and other SARIF readers and never raises an alert."""
    verified = [
        {
            "provision": r.provision.id,
            "status": r.status.value,
            "what": v.what,
            **({"rule": v.rule} if v.rule else {}),
            "path": format_path(v.path),
            **_where(decision, v.location),
        }
        for r in decision.results
        for v in r.verified
    ]
    justified = [
        {
            "provision": r.provision.id,
            "status": r.status.value,
            "justification": r.reason,
            **(_where(decision, r.justified_at) if r.justified_at else {}),
        }
        for r in decision.results
        if r.justified
    ]
    return {"verified": verified, "justifiedExemptions": justified}


def _where(decision: Decision, location: Location) -> dict[str, Any]:
    out: dict[str, Any] = {"uri": quote(decision.repo_path(location.file), safe="/")}
    if location.line:
        out["startLine"] = location.line
    return out


def _provision_rule(p: Provision) -> dict[str, Any]:
    roles = ", ".join(label(r) for r in p.roles)
    where = f"principle {p.principle} ({p.principle_title}), {label(p.phase)} phase"
    full = f"{p.title} (EN 304 223 {p.id}, UK Code {p.uk_id}; {p.level}; {where}; roles: {roles})"
    todo_text, todo_md = _what_to_declare(p)
    help_text = (
        f"{p.id} ({p.level}): {p.title}\n\n"
        f"Applies to: {roles}. {where[0].upper()}{where[1:]}.\n\n"
        f"What to put in ai-security.yaml: {todo_text}\n\n"
        f"Details: `ai-security-gate explain {p.id}` or {provision_url(p.id)}\n"
        "The title is our paraphrase; the standard's text is normative."
    )
    help_md = (
        f"**{p.id}** ({p.level}) · principle {p.principle}: {p.principle_title} · "
        f"{label(p.phase)} phase · applies to {roles}\n\n"
        f"{p.title}\n\n"
        f"**What to put in `ai-security.yaml`:** {todo_md}\n\n"
        f"Details: `ai-security-gate explain {p.id}` or the "
        f"[provision's page]({provision_url(p.id)}).\n\n"
        "_The title is our paraphrase; the standard's text is normative._"
    )
    return {
        "id": p.id,
        "name": _rule_name(p),
        "shortDescription": {"text": short(f"{p.id} ({p.level}): {p.title}", 200)},
        "fullDescription": {"text": full},
        "helpUri": provision_url(p.id),
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": DEFAULT_LEVEL[p.level]},
        "properties": {
            "tags": [
                "security",
                "en-304-223",
                f"principle-{p.principle}",
                f"phase-{p.phase.replace('_', '-')}",
                f"level-{p.level}",
            ],
            "security-severity": SECURITY_SEVERITY[p.level],
            "problem.severity": "error" if p.level == "shall" else "warning",
            "precision": PRECISION,
            "principle": p.principle,
            "phase": p.phase,
            "level": p.level,
            "roles": list(p.roles),
            "ukId": p.uk_id,
        },
    }


def _what_to_declare(p: Provision) -> tuple[str, str]:
    evidence = p.evidence or "the fields the findings name."
    if not p.attestation:
        return evidence, evidence
    text = (
        f"{evidence} This provision is organisational: declare it under attestations: with "
        f"provision: {p.id}, a statement, an owner and a date, and review it before it is older "
        "than --attestation-max-age (365 days by default)."
    )
    md = (
        f"{evidence} This provision is organisational: declare it under `attestations:` with "
        f"`provision: {p.id}`, a `statement`, an `owner` and a `date`, and review it before it "
        "is older than `--attestation-max-age` (365 days by default)."
    )
    return text, md


def _manifest_rules() -> list[dict[str, Any]]:
    schema_help = (
        "The manifest does not match the ai-security.yaml schema: a field is missing, misspelt "
        "or has the wrong type or format. Fix the field the message names; the schema "
        "documents every field. The gate fails until the manifest is valid, because the "
        "policies only see the valid part of it."
    )
    error_help = (
        "An attestation or a waiver names a provision id that EN 304 223 does not have, or a "
        "policy reported one. `ai-security-gate provisions` lists the valid ids (EN ids look "
        "like 5.2.4-1.2, UK Code ids like 8.1.2)."
    )
    return [
        _manifest_rule(
            MANIFEST_SCHEMA_RULE,
            "The manifest must match the ai-security.yaml schema",
            schema_help,
            SCHEMA_DOC_URL,
        ),
        _manifest_rule(
            MANIFEST_ERROR_RULE,
            "Attestations, waivers and policies must name real provisions",
            error_help,
            f"{RELEASE_URL}/docs/provisions/README.md",
        ),
    ]


def _manifest_rule(rule_id: str, short: str, help_text: str, uri: str) -> dict[str, Any]:
    """A rule for findings about the manifest itself: they always fail the gate."""
    return {
        "id": rule_id,
        "name": "".join(w.capitalize() for w in rule_id.split("-")),
        "shortDescription": {"text": short},
        "fullDescription": {"text": help_text},
        "helpUri": uri,
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "tags": ["security", "en-304-223", "manifest"],
            "security-severity": SECURITY_SEVERITY["shall"],
            "problem.severity": "error",
            "precision": PRECISION,
        },
    }


def _result(
    decision: Decision,
    f: Finding,
    *,
    rule_id: str,
    rule_index: int,
    level: str,
    message: str,
    properties: dict[str, Any],
) -> dict[str, Any]:
    physical: dict[str, Any] = {
        "artifactLocation": {
            "uri": quote(decision.repo_path(f.location.file), safe="/"),
            "uriBaseId": "%SRCROOT%",
        }
    }
    loc = f.location
    if loc.line:
        # The region is the node the finding is about when it fits on its line (`key: value`),
        # else its first line from the node on (endColumn absent = to the line's end, SARIF
        # 3.30.6): GitHub anchors a multi-line alert at its end line, which for a whole model
        # entry or section is far from the key it names. The whole node is the contextRegion.
        region: dict[str, int] = {"startLine": loc.line, "endLine": loc.line}
        if loc.column:
            region["startColumn"] = loc.column
            if end_column := line_end_column(loc):
                region["endColumn"] = end_column
        physical["region"] = region
        if loc.end_line > loc.line:
            context = {"startLine": loc.line, "endLine": loc.end_line}
            if loc.column:
                context["startColumn"] = loc.column
            if loc.end_column:
                context["endColumn"] = loc.end_column
            physical["contextRegion"] = context
    location: dict[str, Any] = {"physicalLocation": physical}
    if f.path:
        location["logicalLocations"] = [{"fullyQualifiedName": f.path_text, "kind": "member"}]
    return {
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": printable(message)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint, LINE_HASH_KEY: f.fingerprint},
        "properties": {**properties, "path": f.path_text},
    }


def _number_line_hashes(results: list[dict[str, Any]]) -> None:
    """`fingerprint:N`, N counting equal fingerprints in order (GitHub's own `hash:N` form), so
    two findings that only differ in a number stay two alerts."""
    seen: dict[str, int] = {}
    for r in results:
        fp = r["partialFingerprints"][LINE_HASH_KEY]
        seen[fp] = seen.get(fp, 0) + 1
        r["partialFingerprints"][LINE_HASH_KEY] = f"{fp}:{seen[fp]}"


def _rule_name(p: Provision) -> str:
    """A readable PascalCase name (code scanning shows it beside the id): the title's first
    words, e.g. 5.1.3-1 -> "ThreatModelDocument..."."""
    words = re.findall(r"[A-Za-z0-9]+", p.title)[:8]
    return "".join(w[:1].upper() + w[1:] for w in words) or p.id


class SarifReporter(Reporter):
    format = Format.SARIF

    def render(self, decision: Decision, options: ReportOptions) -> str:
        return render(decision, options)
