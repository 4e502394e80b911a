"""Two findings of one provision on one manifest line are one message in the line-based formats
(GitHub and Azure annotations, the Markdown summary, text), not a stack of them; the formats
that track each finding by fingerprint (SARIF, GitLab, JSON) keep them apart (issue 12)."""

from __future__ import annotations

import json
import re
from collections import Counter

from click.testing import CliRunner

from ai_security_gate.catalog import load_catalog
from ai_security_gate.cli import main
from ai_security_gate.reporters import ReportOptions, get_renderer
from ai_security_gate.results import Decision, ProvisionResult, Status
from conftest import EXAMPLES, TODAY
from reporters_support import MANIFEST, finding

FIRST = "dataset faq has no approved uses; add `approved_uses:`"
SECOND = "dataset faq has no custodian; add `custodian:`"
ELSEWHERE = "dataset web has no custodian; add `custodian:`"
OTHER_PROVISION = "dataset faq is not in the AI-BOM; add it to the SBOM"


def decision() -> Decision:
    catalog = load_catalog()
    shall = [p for p in catalog if p.level == "shall"]
    one, two = shall[0], shall[1]
    results = []
    for p in catalog:
        if p is one:
            findings = [
                finding(p.id, FIRST, ("datasets", 0), 30, column=5),
                finding(p.id, SECOND, ("datasets", 0, "name"), 30, column=7),
                finding(p.id, ELSEWHERE, ("datasets", 1), 34, column=5),
            ]
            results.append(ProvisionResult(p, Status.FAIL, findings))
        elif p is two:
            findings = [finding(p.id, OTHER_PROVISION, ("datasets", 0), 30, column=5)]
            results.append(ProvisionResult(p, Status.FAIL, findings))
        else:
            results.append(ProvisionResult(p, Status.NOT_ASSESSED))
    return Decision(MANIFEST, results, [], "shall", engine="regorus", roles=("developer",))


def render(fmt: str) -> str:
    return get_renderer(fmt)(decision(), ReportOptions())


def test_github_annotations_merge_one_provisions_findings_on_one_line():
    lines = [line for line in render("github").splitlines() if line.startswith("::error")]
    assert len(lines) == 3  # (one, line 30) merged, (one, line 34), (two, line 30)
    merged = [line for line in lines if FIRST in line]
    assert len(merged) == 1 and SECOND in merged[0]
    assert "%0A" in merged[0]  # the messages on lines of their own in one annotation
    assert ",col=5," in merged[0]  # the leftmost start
    assert sum(OTHER_PROVISION in line for line in lines) == 1  # other provisions stay apart


def test_azure_issues_merge_the_same_way():
    lines = render("azure").splitlines()
    assert len(lines) == 3
    assert sum(FIRST in line and SECOND in line for line in lines) == 1


def test_markdown_has_one_row_per_provision_and_line():
    rows = [line for line in render("markdown").splitlines() if FIRST in line or SECOND in line]
    assert len(rows) == 1 and "<br>" in rows[0]


def test_text_names_the_line_once():
    text = render("text")
    assert text.count(f"{MANIFEST}:30:5") == 2  # once per provision, not once per finding
    assert f"{MANIFEST}:30:7" not in text
    shown = text.splitlines()
    first = next(i for i, line in enumerate(shown) if FIRST in line)
    assert SECOND in shown[first + 1] and shown[first + 1].index(SECOND) == shown[first].index(
        FIRST
    )  # under the first message, aligned


def test_sarif_and_gitlab_keep_every_finding_with_its_own_fingerprint():
    results = json.loads(render("sarif"))["runs"][0]["results"]
    assert len(results) == 4
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert len(set(hashes)) == 4
    issues = json.loads(render("gitlab"))
    assert len(issues) == 4 and len({i["fingerprint"] for i in issues}) == 4


def test_no_two_annotations_of_one_provision_share_a_line_on_the_failing_example(tmp_path):
    out = tmp_path / "annotations.txt"
    result = CliRunner().invoke(
        main, ["check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", f"github:{out}"]
    )
    assert result.exit_code == 1, result.output
    keys = Counter(
        (m.group(2), m.group(1))
        for m in re.finditer(r",line=(\d+),.*?title=EN 304 223 (\S+) ", out.read_text())
    )
    assert keys and max(keys.values()) == 1
