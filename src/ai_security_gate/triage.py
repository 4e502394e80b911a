"""Triage of a decision for people: the counts they read first and the manifest sections
whose completion clears the most findings. A view over the decision; nothing is re-judged."""

from __future__ import annotations

from dataclasses import dataclass

from .results import Decision, Finding, JsonPath, Status

# sections made of sub-blocks: a fix names the sub-block (system.design_assessment)
_NESTED = {"system", "infrastructure"}
SUMMARY_LABELS = {
    "pass": "pass",
    "attested": "attested",
    "waived": "waived",
    "not_applicable": "not applicable",
    "unmet_shall": "unmet shall",
    "unmet_should": "unmet should",
    "not_assessed": "not assessed",
}


@dataclass(frozen=True)
class Fix:
    section: str  # a manifest path such as `threat_model` or `system.design_assessment`
    findings: int  # findings that point into it
    provisions: int  # unmet provisions among them
    blocking: int  # of which fail the gate at the chosen level


def section_of(path: JsonPath) -> str:
    keys = [str(p) for p in path if not isinstance(p, int)]
    if not keys:
        return "(top level)"
    if keys[0] in _NESTED and len(keys) > 1:
        return f"{keys[0]}.{keys[1]}"
    return keys[0]


def top_fixes(decision: Decision, limit: int = 8) -> list[Fix]:
    findings: dict[str, list[Finding]] = {}
    provisions: dict[str, set[str]] = {}
    blocking: dict[str, set[str]] = {}
    for f in decision.schema_findings:
        findings.setdefault(section_of(f.path), []).append(f)
    for r in decision.results:
        if r.status is not Status.FAIL:
            continue
        for f in r.findings:
            key = section_of(f.path)
            findings.setdefault(key, []).append(f)
            provisions.setdefault(key, set()).add(r.provision.id)
            if decision.is_blocking(r):
                blocking.setdefault(key, set()).add(r.provision.id)
    fixes = [
        Fix(key, len(fs), len(provisions.get(key, ())), len(blocking.get(key, ())))
        for key, fs in findings.items()
    ]
    fixes.sort(key=lambda x: (-x.blocking, -x.findings, x.section))
    return fixes[:limit]


def summary_text(decision: Decision) -> str:
    counts = decision.summary()
    return " · ".join(f"{n} {SUMMARY_LABELS.get(k, k)}" for k, n in counts.items() if n)
