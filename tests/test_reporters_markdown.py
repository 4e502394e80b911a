"""Markdown for the job summary and PR comments, parsed with a real CommonMark + GFM-tables
parser (markdown-it-py): the posture table adds up, nothing from the manifest breaks a table
or injects HTML or mentions, and the size cap truncates between rows with a note."""

from __future__ import annotations

import re
from collections import Counter

from click.testing import CliRunner
from markdown_it import MarkdownIt

from ai_security_gate.cli import main
from ai_security_gate.reporters import ReportOptions, get_renderer
from ai_security_gate.reporters.markdown import MAX_BYTES
from ai_security_gate.results import Status
from conftest import EXAMPLES, TODAY
from reporters_support import many_findings_decision, passing_decision, sample_decision

PARSER = MarkdownIt("commonmark").enable("table")


def render(decision) -> str:
    return get_renderer("markdown")(decision, ReportOptions())


def tables(text: str) -> list[list[list[str]]]:
    """Every table as rows of cell texts (header row first), as GitHub's parser sees them."""
    out: list[list[list[str]]] = []
    row: list[str] | None = None
    for tok in PARSER.parse(text):
        if tok.type == "table_open":
            out.append([])
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        elif tok.type == "tr_close":
            out[-1].append(row)
            row = None
    return out


def html(text: str) -> str:
    return PARSER.render(text)


def test_posture_table_counts_every_status_per_principle():
    decision = sample_decision()
    text = render(decision)
    posture = tables(text)[0]
    header, *rows, total = posture
    assert header == [
        "Phase",
        "Principle",
        "Pass",
        "Fail",
        "Waived",
        "Attested",
        "Not applicable",
        "Not assessed",
    ]
    principles = sorted({r.provision.principle for r in decision.results})
    assert [int(re.match(r"P(\d+)", r[1]).group(1)) for r in rows] == principles
    assert all(len(r) == len(header) for r in posture)
    counts = decision.counts()
    assert total[2:] == [
        f"**{counts[s]}**"
        for s in ("pass", "fail", "waived", "attested", "not_applicable", "not_assessed")
    ]
    for row in rows:
        n = int(re.match(r"P(\d+)", row[1]).group(1))
        mine = Counter(r.status.value for r in decision.results if r.provision.principle == n)
        assert [int(c) for c in row[2:]] == [
            mine[s]
            for s in ("pass", "fail", "waived", "attested", "not_applicable", "not_assessed")
        ]
    assert "FAIL" in text.splitlines()[0]


def test_findings_tables_blocking_first_then_warnings_then_waivers():
    decision = sample_decision()
    _, manifest, unmet, waived = tables(render(decision))
    assert len(manifest) == 1 + len(decision.schema_findings)
    failed = [r for r in decision.results if r.status is Status.FAIL]
    assert len(unmet) == 1 + sum(len(r.findings) for r in failed)
    icons = [row[0] for row in unmet[1:]]
    assert icons == sorted(icons, key=lambda i: i != "❌") and "⚠️" in icons
    assert all(len(row) == 4 for row in unmet)
    assert len(waived) == 2 and "Dana Okafor" in waived[1][3]


def test_manifest_text_cannot_break_tables_inject_html_or_mention():
    text = render(sample_decision())
    for table in tables(text):
        assert len({len(row) for row in table}) == 1  # every row has the header's cell count
    rendered = html(text)
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered
    assert "@octocat" not in rendered  # a zero-width space breaks the mention
    assert "\x1b" not in text and "\x00" not in text
    assert '<a href="http://e.x"' not in rendered  # escaped, not a link
    assert "<code>model_card:</code>" in rendered  # the policy's own code spans survive
    assert "<code>a|b</code>" in rendered


def test_passing_decision():
    text = render(passing_decision())
    assert text.startswith("## ✅ ai-security-gate: PASS")
    assert len(tables(text)) == 1  # only the posture table
    assert render(passing_decision()) == text


def test_size_cap_truncates_between_rows_with_a_note():
    decision = many_findings_decision(5000, message_size=400)  # ~2.5 MB of findings
    text = render(decision)
    size = len(text.encode("utf-8"))
    assert size <= MAX_BYTES <= 1024 * 1024  # fits a PR comment and the 1 MiB job summary
    assert size > MAX_BYTES - 2000  # and uses the room it has
    posture, unmet = tables(text)
    assert len(posture) == 15  # header, 13 principles, total: always whole
    assert all(len(row) == 4 for row in unmet)  # the last row is whole too
    shown = len(unmet) - 1
    note = re.search(r"\*\*(\d+) more row\(s\) not shown\*\*", text)
    assert note and int(note.group(1)) == 5000 - shown
    assert text.rstrip().endswith("</sub>")
    # the cut falls after a complete row: the line before the note is a table row
    before = text[: note.start()].rstrip("\n").splitlines()[-1]
    assert before.startswith("| ") and before.endswith(" |")


def test_size_cap_with_multibyte_text_counts_bytes():
    decision = many_findings_decision(3000, message_size=0)
    for r in decision.results:
        r.findings = [
            type(f)(f.source, "é€😀" * 200, f.path, f.location, f.provision, f.rule)
            for f in r.findings
        ]
    text = render(decision)
    assert len(text.encode("utf-8")) <= MAX_BYTES
    assert "more row(s) not shown" in text


def test_append_to_a_file_like_the_step_summary(tmp_path):
    summary = tmp_path / "step_summary.md"
    summary.write_text("# Earlier step\n\n", encoding="utf-8")
    for _ in range(2):
        result = CliRunner().invoke(
            main,
            ["check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", f"markdown:+{summary}"],
        )
        assert result.exit_code == 1, result.output
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n\n## ❌ ai-security-gate: FAIL")
    assert text.count("## ❌ ai-security-gate: FAIL") == 2


def test_write_replaces_without_plus(tmp_path):
    out = tmp_path / "report.md"
    out.write_text("old\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", f"markdown:{out}"]
    )
    assert result.exit_code == 1, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("## ❌ ai-security-gate: FAIL")
    unmet = [t for t in tables(text) if t[0][:2] == ["", "Provision"]]
    assert unmet and len(unmet[0]) > 1
