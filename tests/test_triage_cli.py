"""Triage and polish of the command line: summary counts, top fixes, --quiet, a closed pipe,
two formats on stdout, a manifest file given as PATH, missing sections located where they
would go, unknown provision ids, and no raw Rego in what people read."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from ai_security_gate.cli import main
from ai_security_gate.triage import section_of
from conftest import EXAMPLES, TODAY

GATE = str(Path(sys.executable).parent / "ai-security-gate")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def failing(*extra: str):
    return run("check", str(EXAMPLES / "failing"), "--today", TODAY, *extra)


def test_summary_counts_unmet_shall_apart_from_unmet_should_in_text_and_json():
    report = json.loads(failing("-f", "json").output)
    summary = report["summary"]
    levels = Counter(p["level"] for p in report["provisions"] if p["status"] == "fail")
    assert summary["unmet_shall"] == levels["shall"] > 0
    assert summary["unmet_should"] == levels["should"] > 0
    assert sum(summary.values()) == len(report["provisions"]) == 72
    text = failing().output
    line = next(ln for ln in text.splitlines() if ln.startswith("Summary: "))
    assert f"{levels['shall']} unmet shall" in line and f"{levels['should']} unmet should" in line
    assert " fail" not in line  # never "N fail" lumping recommendations with requirements


def test_text_ends_with_top_fixes_counting_the_findings_of_each_section():
    report = json.loads(failing("-f", "json").output)
    per_section = Counter(section_of(tuple(f["path"])) for f in report["manifest_findings"])
    for p in report["provisions"]:
        if p["status"] == "fail":
            per_section.update(section_of(tuple(f["path"])) for f in p["findings"])
    lines = failing().output.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Top fixes"))
    assert lines[start - 2].startswith("Result: FAIL")
    fixes = lines[start + 1 :]
    assert fixes and len(fixes) <= 8
    for ln in fixes:
        section, count = re.match(r"\s+(\S+)\s+(\d+) finding", ln).groups()
        assert per_section[section] == int(count), ln


def test_quiet_prints_only_what_fails_the_gate_and_the_result():
    report = json.loads(failing("-f", "json").output)
    blocking = {p["id"] for p in report["provisions"] if p["blocking"]}
    should = {p["id"] for p in report["provisions"] if p["status"] == "fail" and not p["blocking"]}
    out = failing("-q").output.splitlines()
    listed = {ln.split()[1] for ln in out if ln.startswith("FAIL ")}
    assert listed == blocking and not listed & should
    assert out[-1].startswith("Result: FAIL")
    assert not any(
        ln.startswith(("Summary", "Top fixes", "WARN", "ai-security-gate:")) for ln in out
    )


def test_a_closed_pipe_ends_quietly_with_the_gates_exit_code():
    # a real pipe that the reader closes after one line, like `| head -1`
    proc = subprocess.Popen(
        [GATE, "check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", "sarif"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1
    assert "internal error" not in err and "BrokenPipe" not in err and "Traceback" not in err


def test_two_formats_on_standard_output_is_a_usage_error():
    result = run("check", str(EXAMPLES / "failing"), "-f", "sarif", "-f", "text")
    assert result.exit_code == 2
    assert "both be written to standard output" in result.output


def test_a_manifest_file_given_as_path_is_checked_like_its_directory():
    by_dir = json.loads(failing("-f", "json").output)
    by_file = json.loads(
        run(
            "check", str(EXAMPLES / "failing" / "ai-security.yaml"), "--today", TODAY, "-f", "json"
        ).output
    )
    assert by_file["summary"] == by_dir["summary"]


def test_a_missing_section_points_where_it_would_go_not_at_the_first_line(tmp_path):
    (tmp_path / "ai-security.yaml").write_text(
        "# a comment\nversion: 1\nsystem:\n  name: x\n  roles: [developer]\n"
    )
    report = json.loads(run("check", str(tmp_path), "--today", TODAY, "-f", "json").output)
    missing = [
        f
        for p in report["provisions"]
        for f in p["findings"]
        if f["path"] and f["path"][0] == "threat_model"
    ]
    assert missing
    assert {f["location"]["line"] for f in missing} == {5}  # appended after the last line


def test_unknown_provision_id_suggests_the_nearest():
    result = run("explain", "5.2.4-1.3")
    assert result.exit_code == 2
    assert "did you mean 5.2.4-1.2" in result.output


def test_explain_and_provision_pages_show_no_rego_expressions():
    from ai_security_gate.catalog import load_catalog

    pages = [run("explain", p.id).output for p in load_catalog()]
    pages += [
        p.read_text() for p in (Path(__file__).parent.parent / "docs/provisions").glob("*.md")
    ]
    for text in pages:
        for placeholder in re.findall(r"<([^<>\n]*)>", text):
            assert not re.search(r"[(\"]|\blib\.", placeholder), placeholder
