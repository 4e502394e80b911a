"""`summarize` on generated JSON reports (the real JSON reporter on varied decisions, and
real CLI runs on the examples): the repositories x principles matrix matches counts taken
independently from the reports, stale waivers and oldest reviews are found, the output is
the same bytes whatever the order of the files, hostile names stay text, bad input exits 2."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from ai_security_gate.cli import main
from ai_security_gate.reporters.json_report import as_dict
from ai_security_gate.results import Review, Status
from conftest import EXAMPLES, TODAY
from reporters_support import (
    HOSTILE,
    HOSTILE_HTML,
    auditor_decision,
    passing_decision,
    sample_decision,
)
from test_reporters_html import Page

GATE = str(Path(sys.executable).with_name("ai-security-gate"))
PARSER = MarkdownIt("commonmark").enable("table")


def tables(text: str) -> list[list[list[str]]]:
    out: list[list[list[str]]] = []
    row = None
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


def generated(tmp_path: Path, count: int = 12, seed: int = 7) -> list[Path]:
    """`count` reports of different systems: statuses shuffled per repository, so every
    matrix cell is a different number."""
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        decision = auditor_decision(text=f"repo-{i:02d}") if i % 3 == 0 else sample_decision()
        for r in decision.results:
            r.status = rng.choice([Status.PASS, Status.FAIL, Status.NOT_ASSESSED, Status.ATTESTED])
        doc = as_dict(decision)
        doc["system"]["name"] = f"system-{i:02d}"
        path = tmp_path / f"report-{i:02d}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(path)
    return paths


def summarize(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["summarize", *map(str, args)])
    return result.exit_code, result.output


def test_matrix_matches_the_reports(tmp_path):
    paths = generated(tmp_path)
    code, text = summarize(*paths)
    assert code == 0, text
    repos, matrix = tables(text)[:2]
    header, *rows = matrix
    assert header == ["Repository"] + [f"P{n}" for n in range(1, 14)]
    assert [r[0] for r in rows] == sorted(f"system-{i:02d}" for i in range(12))
    for path in paths:
        doc = json.loads(path.read_text())
        row = next(r for r in rows if r[0] == doc["system"]["name"])
        for n in range(1, 14):
            mine = [p for p in doc["provisions"] if p["principle"] == n]
            shall = sum(p["status"] == "fail" and p["level"] == "shall" for p in mine)
            should = sum(p["status"] == "fail" and p["level"] == "should" for p in mine)
            unassessed = sum(p["status"] == "not_assessed" for p in mine)
            cell = row[n]
            assert (int(m.group(1)) if (m := re.search(r"(\d+) shall", cell)) else 0) == shall
            assert (int(m.group(1)) if (m := re.search(r"(\d+) should", cell)) else 0) == should
            found = re.search(r"(\d+) not assessed", cell)
            assert (int(found.group(1)) if found else 0) == unassessed
            assert (cell == "ok") == (shall == should == unassessed == 0)
        repo = next(r for r in repos[1:] if r[0] == doc["system"]["name"])
        unmet = [p for p in doc["provisions"] if p["status"] == "fail"]
        assert int(repo[2]) == sum(p["level"] == "shall" for p in unmet)
        assert int(repo[3]) == sum(p["level"] == "should" for p in unmet)


def test_same_bytes_whatever_the_order(tmp_path):
    paths = generated(tmp_path)
    first = summarize(*paths)[1]
    assert summarize(*reversed(paths))[1] == first
    shuffled = paths[:]
    random.Random(1).shuffle(shuffled)
    assert summarize(*shuffled)[1] == first
    html = [
        CliRunner().invoke(main, ["summarize", "-f", "html", *map(str, order)]).output
        for order in (paths, list(reversed(paths)))
    ]
    assert html[0] == html[1]


def test_stale_waivers_and_oldest_reviews(tmp_path):
    decision = auditor_decision(text="x")
    decision.inventory = type(decision.inventory)(
        system="alpha",
        reviews=(
            Review(("threat_model", "last_reviewed"), "2024-01-01"),
            Review(("attestations", 0, "date"), "2026-06-01"),
        ),
    )
    path = tmp_path / "alpha.json"
    path.write_text(json.dumps(as_dict(decision)), encoding="utf-8")
    code, text = summarize(path, "--oldest", "1")
    assert code == 0
    stale = next(t for t in tables(text) if t[0][-1] == "State")
    assert stale[1:] == [
        ["alpha", decision.waivers[1].provision, "x", "2026-01-31", "expired 295 day(s) ago"]
    ]
    reviews = tables(text)[-1]
    assert reviews[1:] == [["alpha", "`threat_model.last_reviewed`", "2024-01-01", "1056"]]
    # the waiver with 70 days left is stale only when "soon" reaches it
    code, text = summarize(path, "--soon", "90")
    stale = next(t for t in tables(text) if t[0][-1] == "State")
    assert [r[-1] for r in stale[1:]] == ["expired 295 day(s) ago", "expires in 70 day(s)"]


def test_real_reports_of_the_examples(tmp_path):
    paths = []
    for example in ("passing", "failing"):
        out = tmp_path / f"{example}.json"
        subprocess.run(
            [GATE, "check", str(EXAMPLES / example), "--today", TODAY, "-f", f"json:{out}"],
            capture_output=True,
        )
        paths.append(out)
    out = tmp_path / "summary.html"
    result = subprocess.run(
        [GATE, "summarize", "-f", "html", "-o", str(out), *map(str, paths)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    page = Page(out.read_text(encoding="utf-8"))
    text = "".join(page.text)
    assert "contract-summariser" in text and "helpdesk-assistant" in text
    assert "2 repositories, 1 failing the gate" in text
    failing = json.loads(paths[1].read_text())
    oldest = min(r["date"] for r in failing["reviews"])
    assert oldest in text


def test_hostile_names_stay_text(tmp_path):
    decision = auditor_decision()
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(as_dict(decision)), encoding="utf-8")
    code, text = summarize(path)
    assert code == 0
    for table in tables(text):
        assert len({len(row) for row in table}) == 1  # nothing broke a table
    rendered = PARSER.render(text)
    assert "<script>" not in rendered and "<img" not in rendered
    assert "@octocat" not in text  # no mention: a zero-width joiner breaks it
    result = CliRunner().invoke(main, ["summarize", "-f", "html", str(path)])
    page = Page(result.output)
    tags = [t for t, _ in page.elements]
    assert "script" not in tags and "img" not in tags and "svg" not in tags
    meta = next(a for t, a in page.elements if t == "meta" and a.get("http-equiv"))
    assert "script-src 'none'" in meta["content"] and "default-src 'none'" in meta["content"]
    assert "<script>window.__pwned=1</script>" in "".join(page.text)
    assert HOSTILE_HTML and HOSTILE


def test_two_reports_of_one_system_are_told_apart(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for p in (a, b):
        p.write_text(json.dumps(as_dict(sample_decision())), encoding="utf-8")
    _, text = summarize(a, b)
    names = [r[0].replace("\\_", "_") for r in tables(text)[0][1:]]  # Markdown escapes _
    assert names == [f"ai-security.yaml ({a})", f"ai-security.yaml ({b})"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"schema_version": 1,\n  "provisions": [1, }', "bad.json:2:"),
        ('{"sarif": true}', "not an ai-security-gate JSON report"),
        ('{"schema_version": 1}', "has no list of provisions"),
        (b"\xff\xfe", "cannot read the report"),
    ],
)
def test_bad_input_exits_2_naming_the_file(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["summarize", str(path)])
    assert result.exit_code == 2
    assert expected in result.output and "Traceback" not in result.output


def test_a_missing_report_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["summarize", str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "nope.json" in result.output


def test_the_verdict_is_recomputed_not_trusted(tmp_path):
    """A report edited to say `pass`, or with provisions cut out, shows as what it is."""
    decision = sample_decision()  # fails: an unmet shall and manifest errors
    edited = as_dict(decision)
    edited["result"], edited["exit_code"] = "pass", 0
    edited["system"]["name"] = "edited"
    cut = as_dict(passing_decision())
    cut["provisions"] = cut["provisions"][:-5]
    cut["system"]["name"] = "cut"
    honest = as_dict(passing_decision())
    honest["system"]["name"] = "honest"
    paths = []
    for doc in (edited, cut, honest):
        path = tmp_path / f"{doc['system']['name']}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(path)
    _, text = summarize(*paths)
    results = {row[0]: row[1] for row in tables(text)[0][1:]}
    assert results == {
        "cut": "❌ incomplete (67 of 72 provisions)",
        "edited": "❌ fail (the report says pass)",
        "honest": "✅ pass",
    }
    assert "3 repositories, 2 failing the gate" in text
