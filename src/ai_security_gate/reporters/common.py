"""Small helpers the reporters share: where a provision's documentation lives, which rule a
manifest-level finding belongs to, the order findings are shown in and the posture tallies.

They arrange what the Decision already holds; nothing here looks at files or decides."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..results import Decision, Finding, Location, Provision, ProvisionResult, Status

# The project's home. Every link the reports print is built from this one constant.
PROJECT_URL = "https://github.com/ai-security-gate/ai-security-gate"
# The tree of the release that wrote the report: its docs describe the rules it applied.
RELEASE_URL = f"{PROJECT_URL}/blob/v{__version__}"
# One page per provision, generated from the catalogue (docs/provisions/<id>.md).
PROVISION_DOCS_URL = f"{RELEASE_URL}/docs/provisions/"

STANDARD = "ETSI EN 304 223 V2.1.1 (2025-12)"

# Manifest-level findings (no provision) get rules of their own.
MANIFEST_SCHEMA_RULE = "manifest-schema"
MANIFEST_ERROR_RULE = "manifest-error"

# Columns of the posture tables, in the order people read them.
POSTURE_STATUSES: tuple[Status, ...] = (
    Status.PASS,
    Status.FAIL,
    Status.WAIVED,
    Status.ATTESTED,
    Status.NOT_APPLICABLE,
    Status.NOT_ASSESSED,
)


def provision_url(provision_id: str) -> str:
    return f"{PROVISION_DOCS_URL}{provision_id}.md"


def manifest_rule(finding: Finding) -> str:
    """The rule id of a manifest-level finding: schema violations, or the rest (an attestation
    or waiver naming an unknown provision, a policy reporting one)."""
    return MANIFEST_SCHEMA_RULE if finding.source == "schema" else MANIFEST_ERROR_RULE


def line_end_column(location: Location) -> int:
    """The column after the located node's end when it ends on its start line, else 0 (the
    node runs past that line: formats whose viewers anchor a message at the end line, as
    GitHub's pull-request diff does, get the start line to its end instead)."""
    if location.end_line == location.line and location.end_column > location.column:
        return location.end_column
    return 0


def label(value: str) -> str:
    """not_applicable -> not applicable, end_of_life -> end of life"""
    return value.replace("_", " ")


# The one sanitiser every reporter uses on text that can come from the manifest or the
# repository (docs/security.md). Replaced by U+FFFD: C0/C1 control characters other than
# tab and newline (so ESC and CSI: no escape sequence reaches a terminal or a CI log), lone
# surrogates, the non-characters XML chokes on, and the bidirectional and line-separator
# format characters that make a terminal or a review page show text in another order or on
# another line than it is ("Trojan Source"). A manifest smuggles them in through YAML
# escapes ("\x1b[2J", "\u202e"), and messages quote manifest values.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
    "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_LINE_BREAKS = re.compile("[\n\t]")


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` with control characters replaced by U+FFFD, safe for terminals, logs, XML and
    markdown. `one_line`: newlines and tabs too, so a value cannot start a line of its own
    (a dataset name that forges a `Result: PASS` line)."""
    text = _UNPRINTABLE.sub("\ufffd", text)
    # Azure Pipelines acts on `##vso[` anywhere in a log line, so a quoted manifest value
    # could issue agent commands (set variables, fail or pass tasks) from any report
    text = text.replace("##vso[", "##vso\ufffd[")
    return _LINE_BREAKS.sub("\ufffd", text) if one_line else text


def printable_tree(value: Any) -> Any:
    """`printable` applied to every string (keys too) of a JSON-like document: the JSON and
    SARIF reports, which terminals and CI logs show as they are."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable_tree(k): printable_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable_tree(v) for v in value]
    return value


def short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@dataclass(frozen=True)
class Unmet:
    """One finding of an unmet provision, with what the reports need to rank and label it.
    `also`: the provision's further findings on the same manifest line (`on_one_line`)."""

    result: ProvisionResult
    finding: Finding
    blocking: bool
    also: tuple[Finding, ...] = ()

    @property
    def provision(self) -> Provision:
        return self.result.provision

    @property
    def messages(self) -> list[str]:
        return _distinct([self.finding.message, *(f.message for f in self.also)])

    @property
    def location(self) -> Location:
        return merged_location([self.finding, *self.also])


def same_line(findings: list[Finding]) -> list[list[Finding]]:
    """Findings grouped by the manifest line they start on (first-seen order): two findings
    of one provision on one line are one message in line-based formats, not two stacked."""
    groups: dict[tuple[str, int], list[Finding]] = {}
    for f in findings:
        key = (f.location.file, f.location.line) if f.location.line else (f.fingerprint, 0)
        groups.setdefault(key, []).append(f)
    return list(groups.values())


def on_one_line(items: list[Unmet]) -> list[Unmet]:
    """`unmet(...)` with each provision's findings on one line merged into one entry (the
    first, with the others in `also`). Formats that track every finding by its fingerprint
    (SARIF, GitLab, JSON, baselines) keep them apart and do not call this."""
    groups: dict[tuple[str, str, int], list[Unmet]] = {}
    for u in items:
        loc = u.finding.location
        line = loc.line or -len(groups)  # no line: never merged
        groups.setdefault((u.provision.id, loc.file, line), []).append(u)
    return [
        Unmet(g[0].result, g[0].finding, g[0].blocking, tuple(u.finding for u in g[1:]))
        for g in groups.values()
    ]


def merged_location(findings: list[Finding]) -> Location:
    """One location for findings on one line: the leftmost start; the rightmost end when they
    all end on that line, else to the line's end."""
    first = findings[0].location
    if len(findings) == 1:
        return first
    locs = [f.location for f in findings]
    columns = [loc.column for loc in locs if loc.column]
    ends = [line_end_column(loc) for loc in locs]
    return Location(
        first.file,
        first.line,
        min(columns) if columns else 0,
        first.line if all(ends) else 0,
        max(ends) if all(ends) else 0,
    )


def _distinct(messages: list[str]) -> list[str]:
    return list(dict.fromkeys(messages))


def unmet(decision: Decision) -> list[Unmet]:
    """Findings of failed provisions: those that fail the gate first, then the warnings; each
    group in catalogue order. A failed provision without findings still gets one entry, at
    the top of the manifest, carrying its reason."""
    out: list[Unmet] = []
    for r in decision.results:
        if r.status is not Status.FAIL:
            continue
        findings = r.findings or [
            Finding(
                source="policy",
                message=r.reason or f"{r.provision.id} is not met",
                path=(),
                location=Location(decision.manifest, 1, 1),
                provision=r.provision.id,
            )
        ]
        out += [Unmet(r, f, decision.is_blocking(r)) for f in findings]
    return sorted(out, key=lambda u: not u.blocking)  # stable: keeps catalogue order


@dataclass(frozen=True)
class PostureRow:
    phase: str
    principle: int
    title: str
    counts: dict[str, int]


def posture(decision: Decision) -> list[PostureRow]:
    """Status counts per principle, in catalogue (= phase) order."""
    rows: dict[int, PostureRow] = {}
    for r in decision.results:
        p = r.provision
        row = rows.get(p.principle)
        if row is None:
            row = rows[p.principle] = PostureRow(
                p.phase, p.principle, p.principle_title, {s.value: 0 for s in POSTURE_STATUSES}
            )
        row.counts[r.status.value] += 1
    return list(rows.values())


def results_with_status(decision: Decision, *statuses: Status) -> Iterator[ProvisionResult]:
    return (r for r in decision.results if r.status in statuses)
