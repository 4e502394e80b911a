"""Human text: manifest findings first, then phase -> principle -> provision, then a summary."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from ..catalog import PHASES
from ..results import Decision, ProvisionResult, Status
from ..triage import summary_text, top_fixes
from . import Format, Reporter, ReportOptions
from .common import printable, same_line

_STYLE = {
    "fail": "\033[1;31m",
    "warn": "\033[33m",
    "pass": "\033[32m",
    "dim": "\033[2m",
    "bold": "\033[1m",
}
_RESET = "\033[0m"
Painter = Callable[[str, str], str]  # (style, text) -> text, coloured or not
_SHOWN = (Status.FAIL, Status.WAIVED, Status.NOT_ASSESSED)  # others are counted, not listed


def render(decision: Decision, options: ReportOptions) -> str:
    def paint(style: str, text: str) -> str:
        return f"{_STYLE[style]}{text}{_RESET}" if options.color else text

    if options.quiet:
        return _quiet(decision, paint)
    lines: list[str] = []
    roles = _s(", ".join(r.replace("_", " ") for r in decision.roles))
    lines.append(
        paint("bold", f"ai-security-gate: {_s(decision.manifest)}")
        + paint("dim", f"  (EN 304 223, engine {decision.engine}, roles: {roles})")
    )

    if decision.schema_findings:
        lines += ["", paint("bold", "Manifest")]
        for f in decision.schema_findings:
            lines.append(
                f"  {_s(f.location)}  {paint('fail', 'error')}  {_s(f.path_text)}: {_s(f.message)}"
            )

    if decision.notices:
        lines += ["", paint("bold", "Notes")]
        for f in decision.notices:
            lines.append(f"  {_s(f.location)}  {paint('dim', 'note')}  {_s(f.message)}")

    lines += _phase_lines(decision, options.verbose, paint)
    lines += _waiver_lines(decision, paint)
    lines += ["", "Summary: " + summary_text(decision), _result_line(decision, paint)]
    lines += _fixes_lines(decision, paint)
    return "\n".join(lines) + "\n"


def _phase_lines(decision: Decision, verbose: bool, paint: Painter) -> list[str]:
    """Phase -> principle -> the provisions worth listing (all of them with -v)."""
    lines: list[str] = []
    said: dict[str, str] = {}  # advice already given -> the provision it was given under
    ordered = sorted(
        decision.results, key=lambda r: (PHASES.index(r.provision.phase), r.provision.principle)
    )
    for phase, in_phase in groupby(ordered, key=lambda r: r.provision.phase):
        block: list[str] = []
        for principle, group in groupby(in_phase, key=lambda r: r.provision.principle):
            results = list(group)
            shown = [r for r in results if verbose or r.status in _SHOWN or r.justified]
            if not shown:
                continue
            title = results[0].provision.principle_title
            block.append(f"  P{principle} {_s(title)}  " + paint("dim", _tally(results)))
            listed = [r for r in shown if r.status is not Status.NOT_ASSESSED]
            for r in listed:
                block += _provision_lines(decision, r, paint, said)
            unassessed = [r.provision.id for r in shown if r not in listed]
            if unassessed:
                block.append(
                    "    NOT ASSESSED "
                    + ", ".join(unassessed)
                    + "  "
                    + paint("dim", "(no rule or attestation covers these yet)")
                )
        if block:
            lines += ["", paint("bold", phase.replace("_", " ").capitalize()), *block]
    return lines


def _waiver_lines(decision: Decision, paint: Painter) -> list[str]:
    if not decision.waivers:
        return []
    lines = ["", paint("bold", "Waivers")]
    for w in decision.waivers:
        left = "no valid expiry" if w.days_left is None else f"{w.days_left} day(s) left"
        state = "applied" if w.applied else "not applied"
        lines.append(
            f"  {w.location}  {_s(w.provision)}  approved by {_s(w.approver or '(nobody)')}, "
            f"expires {_s(w.expires)} ({left}), {state}"
        )
    return lines


def _result_line(decision: Decision, paint: Painter) -> str:
    """PASS (with how many warnings) or FAIL (with what fails), and what was not assessed."""
    blocking = [r for r in decision.results if decision.is_blocking(r)]
    warnings = [r for r in decision.results if r.status is Status.FAIL and r not in blocking]
    if decision.passed:
        verdict = paint("pass", "PASS")
        detail = f" with {len(warnings)} unmet 'should' (warnings)" if warnings else ""
    else:
        verdict = paint("fail", "FAIL")
        detail = ": " + _failures(decision, len(blocking))
    unassessed = decision.counts()[Status.NOT_ASSESSED.value]
    if unassessed:
        detail += (
            f"; {unassessed} provision(s) not assessed "
            "(no rule or attestation covers them; they do not count as passing)"
        )
    return f"Result: {verdict}{detail}"


def _failures(decision: Decision, blocking: int) -> str:
    parts = []
    if decision.schema_findings:
        parts.append(f"{len(decision.schema_findings)} manifest error(s)")
    if blocking:
        parts.append(f"{blocking} unmet provision(s) at fail-on '{decision.fail_on}'")
    return ", ".join(parts)


def _verdict_line(decision: Decision, paint: Painter) -> str:
    if decision.passed:
        return f"Result: {paint('pass', 'PASS')}"
    blocking = sum(decision.is_blocking(r) for r in decision.results)
    return f"Result: {paint('fail', 'FAIL')}: " + _failures(decision, blocking)


def _quiet(decision: Decision, paint: Painter) -> str:
    """`-q`: what fails the gate, then the result; nothing else."""
    lines: list[str] = []
    for f in decision.schema_findings:
        lines.append(
            f"{_s(f.location)}  {paint('fail', 'error')}  {_s(f.path_text)}: {_s(f.message)}"
        )
    for r in decision.results:
        if decision.is_blocking(r):
            p = r.provision
            lines.append(f"{paint('fail', 'FAIL')} {p.id} ({p.level}) {_s(_short(p.title))}")
            lines += [f"  {_s(f.location)}  {_s(f.message)}" for f in r.findings]
    lines.append(_verdict_line(decision, paint))
    return "\n".join(lines) + "\n"


def _fixes_lines(decision: Decision, paint: Painter) -> list[str]:
    fixes = top_fixes(decision)
    if decision.passed and not any(f.provisions for f in fixes):
        return []
    if not fixes:
        return []
    out = [
        "",
        paint("bold", "Top fixes")
        + paint("dim", "  (manifest sections to add or complete, by what they would clear)"),
    ]
    for fix in fixes:
        what = f"{fix.findings} finding(s)"
        if fix.provisions:
            what += f", {fix.provisions} unmet provision(s)"
        if fix.blocking:
            what += f", {fix.blocking} failing the gate"
        elif not fix.provisions:
            what += " in the manifest itself"
        out.append(f"  {_s(fix.section):<28} {what}")
    return out


def _provision_lines(
    decision: Decision, r: ProvisionResult, paint: Painter, said: dict[str, str] | None = None
) -> list[str]:
    p = r.provision
    if r.status is Status.FAIL:
        label = paint("fail", "FAIL") if decision.is_blocking(r) else paint("warn", "WARN")
    elif r.status is Status.WAIVED:
        label = paint("warn", "WAIVED")
    else:
        label = r.status.value.upper().replace("_", " ") + (" (JUSTIFIED)" if r.justified else "")
    out = [f"    {label} {p.id} ({p.level}) {_s(_short(p.title))}"]
    for group in same_line(r.findings):  # one entry per manifest line, not a stack
        where = f"      {_s(group[0].location)}  "
        for i, f in enumerate(group):
            lead = where if i == 0 else " " * len(where)
            first = said.setdefault(f.message, p.id) if said is not None else p.id
            if first != p.id:  # the same advice twice is noise: name it, point back
                gist = f.message.split(";")[0]
                out.append(f"{lead}{_s(gist)} " + paint("dim", f"(what to do: see {first})"))
            else:
                out.append(f"{lead}{_s(f.message)}")
    if r.reason and r.status is not Status.FAIL:
        out.append(f"      {'justified: ' if r.justified else ''}{_s(r.reason)}")
    for v in r.verified:
        out.append(f"      verified: {_s(v.what)} ({v.location})")
    return out


def _s(value: object) -> str:
    """Every value shown is sanitised (common.printable): one line, no control characters."""
    return printable(str(value), one_line=True)


def _tally(results: list[ProvisionResult]) -> str:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status.value] = counts.get(r.status.value, 0) + 1
    return ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items())


def _short(title: str, width: int = 90) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


class TextReporter(Reporter):
    format = Format.TEXT

    def render(self, decision: Decision, options: ReportOptions) -> str:
        return render(decision, options)
