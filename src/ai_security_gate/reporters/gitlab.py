"""`--format gitlab`: a GitLab Code Quality report (the Code Climate subset GitLab reads).

    [{"description": "...", "check_name": "5.1.3-1", "fingerprint": "...",
      "severity": "critical", "location": {"path": "ai-security.yaml", "lines": {"begin": 12}}}]

- One issue per finding of a failed provision and per manifest error; waived findings and
  notices are left out (GitLab would show them as problems to fix).
- Severity: `blocker` for manifest errors (nothing else can be judged until they are fixed),
  `critical` for findings that fail the gate, `minor` for those that only warn.
- Paths are relative to the git top level, where GitLab resolves them.
- `fingerprint` is our stable `Finding.fingerprint` (line moves keep it), numbered when two
  findings share it: GitLab drops issues with a duplicate fingerprint.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..results import Decision, Finding
from . import Format, Reporter, ReportOptions
from .common import manifest_rule, printable, unmet


def render(decision: Decision, options: ReportOptions) -> str:
    return json.dumps(as_list(decision), indent=2, ensure_ascii=False) + "\n"


def as_list(decision: Decision) -> list[dict[str, Any]]:
    issues = [
        _issue(decision, f, manifest_rule(f), f"{f.path_text}: {f.message}", "blocker")
        for f in decision.schema_findings
    ]
    for u in unmet(decision):
        p = u.provision
        issues.append(
            _issue(
                decision,
                u.finding,
                p.id,
                f"{p.id} ({p.level}): {u.finding.message}",
                "critical" if u.blocking else "minor",
            )
        )
    seen: dict[str, int] = {}
    for issue in issues:
        fp = issue["fingerprint"]
        seen[fp] = seen.get(fp, 0) + 1
        if seen[fp] > 1:
            issue["fingerprint"] = hashlib.sha256(f"{fp}:{seen[fp]}".encode()).hexdigest()[:32]
    return issues


def _issue(
    decision: Decision, f: Finding, check: str, description: str, severity: str
) -> dict[str, Any]:
    return {
        "type": "issue",
        "description": printable(description),
        "check_name": check,
        "fingerprint": f.fingerprint,
        "severity": severity,
        "categories": ["Security"],
        "location": {
            "path": decision.repo_path(f.location.file),
            # `end` is the node's last line (a model entry, a section): GitLab marks them all
            "lines": {
                "begin": max(f.location.line, 1),
                "end": max(f.location.end_line, f.location.line, 1),
            },
        },
    }


class GitlabReporter(Reporter):
    format = Format.GITLAB

    def render(self, decision: Decision, options: ReportOptions) -> str:
        return render(decision, options)
