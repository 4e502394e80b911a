"""`--format azure`: Azure Pipelines logging commands that raise issues on the manifest lines.

    ##vso[task.logissue type=error;sourcepath=ai-security.yaml;linenumber=12;columnnumber=5;code=5.1.3-1]...

- `type=error` for what fails the gate (manifest errors, blocking unmet provisions),
  `type=warning` for unmet provisions that only warn. Waived findings and notices are not
  raised.
- Values are escaped as the agent's task library does (`%`, CR, LF, and `;` and `]` in
  properties), so a message from the manifest stays on its line and cannot end the command
  early or start another one.
- Paths are relative to the git top level (Build.SourcesDirectory).
- A provision's findings on one manifest line are one issue (messages on separate lines).
"""

from __future__ import annotations

from ..results import Decision, Finding
from . import Format, Reporter, ReportOptions
from .common import manifest_rule, on_one_line, printable, unmet


def render(decision: Decision, options: ReportOptions) -> str:
    lines = [
        _command(decision, "error", f, manifest_rule(f), f"{f.path_text}: {f.message}")
        for f in decision.schema_findings
    ]
    for u in on_one_line(unmet(decision)):  # one issue per provision and line
        p = u.provision
        lines.append(
            _command(
                decision,
                "error" if u.blocking else "warning",
                u.finding,
                p.id,
                f"EN 304 223 {p.id} ({p.level}): " + "\n".join(u.messages),
            )
        )
    return "".join(line + "\n" for line in lines)


def _command(decision: Decision, kind: str, f: Finding, code: str, message: str) -> str:
    props = [f"type={kind}", f"sourcepath={_property(decision.repo_path(f.location.file))}"]
    if f.location.line:
        props.append(f"linenumber={f.location.line}")
        if f.location.column:
            props.append(f"columnnumber={f.location.column}")
    props.append(f"code={_property(code)}")
    return f"##vso[task.logissue {';'.join(props)};]{_data(message)}"


def _data(value: str) -> str:
    """Escape a message (as azure-pipelines-task-lib's escapedata)."""
    return printable(value).replace("%", "%AZP25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    """Escape a property value (as the task library's escape)."""
    return _data(value).replace(";", "%3B").replace("]", "%5D")


class AzureReporter(Reporter):
    format = Format.AZURE

    def render(self, decision: Decision, options: ReportOptions) -> str:
        return render(decision, options)
