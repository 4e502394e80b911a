"""`--format github`: GitHub Actions workflow commands that annotate the manifest lines.

    ::error file=ai-security.yaml,line=12,col=5,title=5.2.4-1.2 (shall) ...::model x has no ...

- `::error` for what fails the gate (manifest errors, unmet `shall`; unmet `should` too with
  --fail-on should), `::warning` for unmet provisions that do not (unmet `should` by default).
  Waived findings are not annotated. Justified exemptions are notices on their
  `not_applicable:` entry; one notice counts the provisions whose status a check verified
  (the job summary lists each check: ten notices per step cannot). A provision's findings on one manifest line are one
  annotation (their messages on separate lines), not a stack of boxes on that line.
- GitHub shows at most 10 error and 10 warning annotations per step. With more, the first 9
  of that kind are printed (manifest errors first, then in catalogue order) and the 10th
  says how many more there are and where to find them.
- Values are escaped as the workflow-command rules require (`%`, CR, LF everywhere; `:` and
  `,` in properties), so a message from the manifest cannot end the command early or start
  another one.
"""

from __future__ import annotations

from ..results import Decision, Finding, Location
from . import Format, Reporter, ReportOptions
from .common import (
    MANIFEST_SCHEMA_RULE,
    line_end_column,
    manifest_rule,
    on_one_line,
    printable,
    short,
    unmet,
)

# GitHub displays this many annotations of each kind per step (and drops the rest).
MAX_PER_KIND = 10


def render(decision: Decision, options: ReportOptions) -> str:
    errors: list[str] = []
    warnings: list[str] = []
    for f in decision.schema_findings:
        rule = manifest_rule(f)
        title = "ai-security.yaml schema" if rule == MANIFEST_SCHEMA_RULE else "ai-security.yaml"
        errors.append(_command("error", decision, f, title, f"{f.path_text}: {f.message}"))
    for u in on_one_line(unmet(decision)):  # one annotation per provision and line
        p = u.provision
        title = f"EN 304 223 {p.id} ({p.level}): {short(p.title, 90)}"
        kind = "error" if u.blocking else "warning"
        (errors if u.blocking else warnings).append(
            _command(kind, decision, u.finding, title, "\n".join(u.messages), u.location)
        )

    notices = [
        _command("notice", decision, f, "ai-security-gate note", f.message)
        for f in decision.notices
    ]
    notices += _justified(decision)
    passes = _passes(decision)
    lines = _capped("error", errors, "unmet requirement(s) and manifest error(s)")
    lines += _capped("warning", warnings, "unmet recommendation(s)")
    # the line on passes is always shown: it goes after the capped notes, in the last slot
    lines += _capped(
        "notice", notices, "note(s) and justified exemption(s)", MAX_PER_KIND - len(passes)
    )
    lines += passes
    return "".join(line + "\n" for line in lines)


def _justified(decision: Decision) -> list[str]:
    """A justified exemption sets a provision aside: a reviewer should see it on its line."""
    out = []
    for r in decision.results:
        if r.justified and r.justified_at:
            title = f"EN 304 223 {r.provision.id}: not applicable (justified)"
            finding = Finding("exemption", r.reason, (), r.justified_at, r.provision.id)
            out.append(_command("notice", decision, finding, title, r.reason))
    return out


def _passes(decision: Decision) -> list[str]:
    """One notice on what earned the passes, not one per check: GitHub shows ten notices per
    step, and the job summary (the Markdown report) lists every verified check."""
    earned = [r for r in decision.results if r.verified]
    if not earned:
        return []
    checks = sum(len(r.verified) for r in earned)
    message = (
        f"{len(earned)} provision(s) rest on {checks} check(s) that verified what the "
        "manifest and repository provide; the job summary (the Markdown report) and `-f json` "
        "list what each check verified"
    )
    return [f"::notice title={_property('ai-security-gate: verified')}::{_data(message)}"]


def _capped(kind: str, commands: list[str], what: str, limit: int = MAX_PER_KIND) -> list[str]:
    if len(commands) <= limit:
        return commands
    shown = commands[: limit - 1]
    more = len(commands) - len(shown)
    note = (
        f"{more} more {what} not annotated here (GitHub shows {MAX_PER_KIND} {kind}s per "
        "step); the job summary and the log list them all"
    )
    return [*shown, f"::{kind} title={_property('ai-security-gate')}::{_data(note)}"]


def _command(
    kind: str,
    decision: Decision,
    f: Finding,
    title: str,
    message: str,
    location: Location | None = None,
) -> str:
    # GitHub resolves `file` from the repository root, not from the checked subdirectory
    props = [f"file={_property(decision.repo_path(f.location.file))}"]
    loc = location or f.location
    if loc.line:
        props.append(f"line={loc.line}")
        if loc.column:
            props.append(f"col={loc.column}")
            # GitHub reads columns only within one line, and anchors a multi-line annotation
            # at its end line: the span is given when the node fits on its first line
            if end_column := line_end_column(loc):
                props += [f"endLine={loc.line}", f"endColumn={end_column}"]
    props.append(f"title={_property(title)}")
    return f"::{kind} {','.join(props)}::{_data(message)}"


def _data(value: str) -> str:
    """Escape a command's message (as @actions/core's escapeData)."""
    return printable(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    """Escape a command property (as @actions/core's escapeProperty)."""
    return _data(value).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    format = Format.GITHUB

    def render(self, decision: Decision, options: ReportOptions) -> str:
        return render(decision, options)
