"""`--format markdown`: GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY` and PR comments.

The verdict, a posture table (one row per principle, grouped by phase: how many provisions
pass, fail, are waived, attested, not applicable or not assessed), then the manifest errors,
the unmet provisions (those that fail the gate first), the waivers, the justified exemptions
and, last, what a check verified for each provision that passes (what an auditor reads).

Size: GitHub refuses a job summary over 1 MiB and a PR comment over 65,536 characters. The
report stays under MAX_BYTES (the smaller of the two, counted in UTF-8 bytes, so it fits
both): when the findings do not fit, it stops at the end of a table row and says how many
were left out. The posture table always comes first, whole.

Everything that comes from the manifest is escaped: it cannot break a table, inject HTML or
@-mention people in a PR comment.
"""

from __future__ import annotations

import re

from .. import __version__
from ..results import Decision, Status
from . import Format, Reporter, ReportOptions
from .common import (
    POSTURE_STATUSES,
    STANDARD,
    label,
    on_one_line,
    posture,
    printable,
    provision_url,
    results_with_status,
    short,
    unmet,
)

MAX_BYTES = 65_536

_HEADERS = {
    Status.PASS: "Pass",
    Status.FAIL: "Fail",
    Status.WAIVED: "Waived",
    Status.ATTESTED: "Attested",
    Status.NOT_APPLICABLE: "Not applicable",
    Status.NOT_ASSESSED: "Not assessed",
}


def render(decision: Decision, options: ReportOptions) -> str:
    return _Writer(MAX_BYTES).render(decision)


class _Writer:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes

    def render(self, decision: Decision) -> str:
        head = _head(decision) + _posture(decision)
        sections = _sections(decision)
        footer = (
            f"\n<sub>ai-security-gate {__version__} · provision titles are paraphrases; "
            "the standard's text is normative.</sub>\n"
        )

        out = head
        used = _size(out) + _size(footer)
        # Room kept for the note that says how much was left out.
        reserve = _size(_left_out(10**9))
        for i, (title, header, rows) in enumerate(sections):
            block = f"\n### {title}\n\n{header}"
            if used + _size(block) + (_size(rows[0]) if rows else 0) + reserve > self.max_bytes:
                return out + _left_out(_remaining(sections, i, 0)) + footer
            out += block
            used += _size(block)
            for j, row in enumerate(rows):
                if used + _size(row) + reserve > self.max_bytes:
                    return out + _left_out(_remaining(sections, i, j)) + footer
                out += row
                used += _size(row)
        return out + footer


def _head(decision: Decision) -> str:
    counts = decision.counts()
    blocking = sum(1 for r in decision.results if decision.is_blocking(r))
    warnings = counts[Status.FAIL.value] - blocking
    roles = ", ".join(label(r) for r in decision.roles) or "none"
    lines = [
        f"## {'✅' if decision.passed else '❌'} ai-security-gate: "
        f"{'PASS' if decision.passed else 'FAIL'}",
        "",
        f"{_code(decision.manifest)} checked against {STANDARD} · fail on "
        f"{_code(decision.fail_on)} · engine {_code(decision.engine or 'unknown')} · "
        f"roles: {_text(roles)}",
        "",
    ]
    facts = []
    if decision.schema_findings:
        facts.append(f"{len(decision.schema_findings)} manifest error(s)")
    if blocking:
        facts.append(f"{blocking} unmet provision(s) at fail-on `{decision.fail_on}`")
    verdict = (
        "**The gate passes.**"
        if decision.passed
        else f"**The gate fails:** {', '.join(facts) or 'see below'}."
    )
    if warnings:
        verdict += f" {warnings} unmet `should` provision(s) are warnings."
    if counts[Status.NOT_ASSESSED.value]:
        verdict += (
            f" {counts[Status.NOT_ASSESSED.value]} provision(s) are not assessed: no rule or "
            "attestation covers them, and they do not count as passing."
        )
    lines += [verdict, ""]
    return "\n".join(lines) + "\n"


def _posture(decision: Decision) -> str:
    columns = " | ".join(_HEADERS[s] for s in POSTURE_STATUSES)
    lines = [
        "### Posture",
        "",
        f"| Phase | Principle | {columns} |",
        "| --- | --- |" + " ---: |" * len(POSTURE_STATUSES),
    ]
    totals = {s.value: 0 for s in POSTURE_STATUSES}
    previous = None
    for row in posture(decision):
        phase = label(row.phase).capitalize() if row.phase != previous else ""
        previous = row.phase
        cells = " | ".join(str(row.counts[s.value]) for s in POSTURE_STATUSES)
        lines.append(f"| {phase} | P{row.principle} {_text(row.title)} | {cells} |")
        for s in POSTURE_STATUSES:
            totals[s.value] += row.counts[s.value]
    cells = " | ".join(f"**{totals[s.value]}**" for s in POSTURE_STATUSES)
    lines.append(f"| **Total** | | {cells} |")
    return "\n".join(lines) + "\n"


Section = tuple[str, str, list[str]]  # title, table header, rows (each ends with a newline)


def _sections(decision: Decision) -> list[Section]:
    sections: list[Section] = []
    if decision.schema_findings:
        rows = [
            f"| {_code(str(f.location))} | {_code(f.path_text)} | {_text(f.message)} |\n"
            for f in decision.schema_findings
        ]
        sections.append(
            (
                f"Manifest errors ({len(rows)})",
                "| Where | Field | Problem |\n| --- | --- | --- |\n",
                rows,
            )
        )
    if decision.notices:
        rows = [f"| {_code(str(f.location))} | {_text(f.message)} |\n" for f in decision.notices]
        sections.append(
            (f"Notes for reviewers ({len(rows)})", "| Where | Note |\n| --- | --- |\n", rows)
        )
    findings = unmet(decision)
    if findings:
        rows = []
        for u in on_one_line(findings):  # one row per provision and manifest line
            p = u.provision
            icon = "❌" if u.blocking else "⚠️"
            rows.append(
                f"| {icon} | [{p.id}]({provision_url(p.id)}) {p.level} | "
                f"{_code(str(u.finding.location))} | "
                f"{'<br>'.join(_text(m) for m in u.messages)} |\n"
            )
        sections.append(
            (
                f"Unmet provisions ({len({u.provision.id for u in findings})})",
                "| | Provision | Where | Finding |\n| --- | --- | --- | --- |\n",
                rows,
            )
        )
    waived = list(results_with_status(decision, Status.WAIVED))
    if waived:
        rows = [
            f"| [{r.provision.id}]({provision_url(r.provision.id)}) {r.provision.level} | "
            f"{_text(short(r.provision.title, 120))} | {len(r.findings)} | {_text(r.reason)} |\n"
            for r in waived
        ]
        sections.append(
            (
                f"Waived ({len(rows)})",
                "| Provision | Requirement | Findings | Waiver |\n| --- | --- | ---: | --- |\n",
                rows,
            )
        )
    justified = [r for r in decision.results if r.justified]
    if justified:
        rows = [
            f"| [{r.provision.id}]({provision_url(r.provision.id)}) {r.provision.level} | "
            f"{_text(short(r.provision.title, 120))} | {_text(r.reason)} |\n"
            for r in justified
        ]
        sections.append(
            (
                f"Not applicable (justified) ({len(rows)})",
                "| Provision | Requirement | Justification |\n| --- | --- | --- |\n",
                rows,
            )
        )
    rows = [
        f"| [{r.provision.id}]({provision_url(r.provision.id)}) {r.provision.level} | "
        f"{label(r.status.value)} | {_text(v.what)} | {_code(str(v.location))} |\n"
        for r in decision.results
        for v in r.verified
    ]
    if rows:  # last: what fails comes first when the report must be cut
        sections.append(
            (
                f"Verified ({sum(1 for r in decision.results if r.verified)} provisions)",
                "| Provision | Status | What a check verified | Where |\n"
                "| --- | --- | --- | --- |\n",
                rows,
            )
        )
    return sections


def _remaining(sections: list[Section], i: int, j: int) -> int:
    """How many rows are not shown when section i stops before its row j."""
    return len(sections[i][2]) - j + sum(len(s[2]) for s in sections[i + 1 :])


def _left_out(rows: int) -> str:
    return (
        f"\n**{rows} more row(s) not shown** (findings and waivers) to keep this report within "
        "GitHub's size limits; the job log and the SARIF or JSON report list them all.\n"
    )


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


# --- escaping -----------------------------------------------------------------------------

# A code span: a run of backticks, then anything, then a run of the same length.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_PUNCT = re.compile(r"([\\`*_\[\]~|$])")
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def _text(value: str) -> str:
    """Plain text for a table cell. Code spans the message already has (`version:`) stay code
    spans; everything else is escaped: Markdown punctuation, HTML, entities, @-mentions."""
    value = " ".join(printable(value).split())
    out = []
    pos = 0
    for m in _CODE_SPAN.finditer(value):
        out.append(_escape(value[pos : m.start()]))
        out.append(_code(m.group(2).strip() or m.group(2)))
        pos = m.end()
    out.append(_escape(value[pos:]))
    return "".join(out)


def _escape(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _PUNCT.sub(r"\\\1", value)
    return _MENTION.sub("@\u200b", value)


def _code(value: str) -> str:
    """`value` as an inline code span that survives any backticks and pipes in it."""
    value = " ".join(printable(value).split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    if value.startswith("`") or value.endswith("`"):
        value = f" {value} "
    return f"{fence}{value}{fence}"


class MarkdownReporter(Reporter):
    format = Format.MARKDOWN

    def render(self, decision: Decision, options: ReportOptions) -> str:
        return render(decision, options)
