"""`--format github`: GitHub Actions workflow commands that annotate the manifest lines.

    ::error file=ai-security.yaml,line=12,col=5,title=5.2.4-1.2 (shall) ...::model x has no ...

- `::error` for what fails the gate (manifest errors, unmet `shall`; unmet `should` too with
  --fail-on should), `::warning` for unmet provisions that do not (unmet `should` by default).
  Waived findings are not annotated. A provision's findings on one manifest line are one
  annotation (their messages on separate lines), not a stack of boxes on that line.
- GitHub shows at most 10 error and 10 warning annotations per step. With more, the first 9
  of that kind are printed (manifest errors first, then in catalogue order) and the 10th
  says how many more there are and where to find them.
- Values are escaped as the workflow-command rules require (`%`, CR, LF everywhere; `:` and
  `,` in properties), so a message from the manifest cannot end the command early or start
  another one.
"""

from __future__ import annotations

from ..model import Decision, Finding, Location
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
    lines = _capped("error", errors, "unmet requirement(s) and manifest error(s)")
    lines += _capped("warning", warnings, "unmet recommendation(s)")
    lines += _capped("notice", notices, "note(s) for reviewers")
    return "".join(line + "\n" for line in lines)


def _capped(kind: str, commands: list[str], what: str) -> list[str]:
    if len(commands) <= MAX_PER_KIND:
        return commands
    shown = commands[: MAX_PER_KIND - 1]
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
