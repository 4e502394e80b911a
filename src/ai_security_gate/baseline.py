"""Baselines for adopting the gate on a repository that does not meet everything yet.

`--write-baseline FILE` records the findings of the unmet provisions by fingerprint;
`--baseline FILE` then fails only on findings that are not in it and reports the ones that
are gone. The baseline is a multiset: a provision with two recorded findings and three now
has one new finding, so a new violation elsewhere under the same provision, or a second copy
of a known one, is never absorbed. A provision whose findings are all recorded is `waived`
(accepted, visible debt), never `pass`. Manifest (schema) errors are never baselined: the
manifest must be valid for the policies to see it.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .errors import GateError
from .results import Decision, Finding, Location, ProvisionResult, Status

VERSION = 1


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    provision: str
    path: str
    message: str


@dataclass(frozen=True)
class Baseline:
    source: str  # where it was read from, for messages
    entries: tuple[Entry, ...]


def _findings(r: ProvisionResult, decision: Decision) -> list[Finding]:
    """The findings of a failed provision; one made from its reason when it has none (a
    provision that fails for what is missing, not for what is wrong)."""
    if r.findings:
        return r.findings
    return [
        Finding(
            source="decision",
            message=r.reason or f"{r.provision.id} is not met",
            path=(),
            location=Location(decision.manifest, 1, 1),
            provision=r.provision.id,
        )
    ]


def snapshot(decision: Decision) -> str:
    entries = [
        {
            "fingerprint": f.fingerprint,
            "provision": r.provision.id,
            "path": f.path_text,
            "message": f.message,
        }
        for r in decision.results
        if r.status is Status.FAIL
        for f in _findings(r, decision)
    ]
    doc = {
        "version": VERSION,
        "tool": "ai-security-gate",
        "manifest": decision.repo_path(decision.manifest),
        "findings": sorted(entries, key=lambda e: (e["provision"], e["fingerprint"])),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def parse(text: str, source: str) -> Baseline:
    def bad(why: str) -> GateError:
        return GateError(
            f"{source}: not a baseline ({why}); write one with `ai-security-gate check "
            "--write-baseline FILE`"
        )

    try:
        doc: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise bad(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(doc, dict) or doc.get("tool") != "ai-security-gate":
        raise bad("no `tool: ai-security-gate`")
    if doc.get("version") != VERSION:
        raise bad(f"version {doc.get('version')!r}, this gate reads version {VERSION}")
    findings = doc.get("findings")
    if not isinstance(findings, list):
        raise bad("`findings` is not a list")
    entries = []
    for i, e in enumerate(findings):
        if not isinstance(e, dict) or not all(
            isinstance(e.get(k), str) for k in ("fingerprint", "provision", "path", "message")
        ):
            raise bad(f"findings[{i}] needs string fingerprint, provision, path and message")
        entries.append(Entry(e["fingerprint"], e["provision"], e["path"], e["message"]))
    return Baseline(source, tuple(entries))


def apply(decision: Decision, baseline: Baseline) -> None:
    """Mark the recorded findings of `decision` as known (in place) and add a notice for each
    recorded finding that is gone."""
    remaining = Counter(e.fingerprint for e in baseline.entries)
    for r in decision.results:
        if r.status is not Status.FAIL:
            continue
        findings = _findings(r, decision)
        new: list[Finding] = []
        known = 0
        for f in findings:
            if remaining[f.fingerprint] > 0:
                remaining[f.fingerprint] -= 1
                known += 1
            else:
                new.append(f)
        if not known:
            continue
        note = f"{known} known finding(s) recorded in the baseline {baseline.source}"
        if new:
            r.findings = new if r.findings else r.findings
            r.reason = f"{r.reason}; {note}" if r.reason else note
        else:
            r.status = Status.WAIVED
            r.reason = f"baselined: {note}; fix them, then write the baseline again"
    for e in baseline.entries:
        if remaining[e.fingerprint] > 0:
            remaining[e.fingerprint] -= 1
            decision.notices.append(
                Finding(
                    source="baseline",
                    message=f"fixed since the baseline: {e.provision} {e.path}: {e.message}",
                    path=(),
                    location=Location(decision.manifest, 1, 1),
                    provision=e.provision,
                )
            )
