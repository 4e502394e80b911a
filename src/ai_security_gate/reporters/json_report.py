"""`--format json`: a documented, stable shape (docs/json-report.md). Bump SCHEMA_VERSION on
any incompatible change; adding fields is compatible."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..results import Asset, Decision, Finding, Location, ProvisionResult, WaiverRecord, format_path
from . import Format, Reporter, ReportOptions
from .common import printable_tree

SCHEMA_VERSION = 1


def render(decision: Decision, options: ReportOptions) -> str:
    # every string sanitised (common.printable): no escape sequence reaches a terminal
    return json.dumps(printable_tree(as_dict(decision)), indent=2, ensure_ascii=False) + "\n"


def as_dict(decision: Decision) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "ai-security-gate", "version": __version__},
        "standard": "ETSI EN 304 223 V2.1.1 (2025-12)",
        "manifest": decision.manifest,
        "engine": decision.engine,
        "fail_on": decision.fail_on,
        "roles": list(decision.roles),
        "result": "pass" if decision.passed else "fail",
        "exit_code": decision.exit_code,
        "history_checked": decision.history_checked,
        "counts": decision.counts(),
        # triage: unmet `shall` apart from unmet `should` (counts lumps both into "fail")
        "summary": decision.summary(),
        "run": {
            "date": decision.run.date,
            "commit": decision.run.commit,
            "policy_digest": decision.run.policy_digest,
            "policy_modules": decision.run.policy_modules,
            "history_checked": decision.history_checked,
        },
        "system": {
            "name": decision.inventory.system,
            "description": decision.inventory.description,
            "owner": decision.inventory.owner,
        },
        "assets": [_asset(a) for a in decision.inventory.assets],
        "reviews": [
            {"path": list(r.path), "path_text": format_path(r.path), "date": r.date}
            for r in decision.inventory.reviews
        ],
        "waivers": [_waiver(w) for w in decision.waivers],
        "manifest_findings": [_finding(f) for f in decision.schema_findings],
        "notices": [_finding(f) for f in decision.notices],
        "provisions": [_provision(decision, r) for r in decision.results],
    }


def _provision(decision: Decision, r: ProvisionResult) -> dict[str, Any]:
    p = r.provision
    return {
        **p.listing(),
        "status": r.status.value,
        "blocking": decision.is_blocking(r),
        "reason": r.reason,
        "findings": [_finding(f) for f in r.findings],
        "verified": [
            {
                "what": v.what,
                "rule": v.rule,
                "path": list(v.path),
                "path_text": format_path(v.path),
                "location": _location(v.location),
            }
            for v in r.verified
        ],
        "justified": r.justified,
    }


def _asset(a: Asset) -> dict[str, Any]:
    return {
        "kind": a.kind,
        "name": a.name,
        "path": list(a.path),
        "version": a.version,
        "supplier": a.supplier,
        "location": a.location,
        "declared_sha256": a.declared_sha256,
        "file_sha256": a.file_sha256,
        "hash_matches": a.hash_matches,
        "signature": a.signature,
        "datasets": list(a.datasets),
    }


def _waiver(w: WaiverRecord) -> dict[str, Any]:
    return {
        "provision": w.provision,
        "approver": w.approver,
        "expires": w.expires,
        "days_left": w.days_left,
        "justification": w.justification,
        "applied": w.applied,
        "location": _location(w.location),
    }


def _location(loc: Location) -> dict[str, Any]:
    # end: where the node the location names ends (end_column: the column after its last
    # character, 0 = to the end of end_line; end_line 0 = unknown)
    return {
        "file": loc.file,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "source": f.source,
        "rule": f.rule,
        "provision": f.provision,
        "message": f.message,
        "path": list(f.path),
        "path_text": f.path_text,
        "location": _location(f.location),
    }


class JsonReporter(Reporter):
    format = Format.JSON

    def render(self, decision: Decision, options: ReportOptions) -> str:
        return render(decision, options)
