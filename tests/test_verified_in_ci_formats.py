"""SARIF, the GitHub annotations and the job summary show what verified each pass and the
justified exemptions (issue 9), the way their readers take them: in SARIF's run properties
(code scanning makes an alert of every result, whatever its kind), as notices on GitHub, as a
table in the Markdown summary. Run on a copy of the passing example with one exemption."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import TODAY
from test_reporters_sarif import assert_valid_sarif, run_of

JUSTIFICATION = "The datasets belong to our customer, whose custodian confirms uses."


def _exempted(repo: Path) -> int:
    """Exempt 5.1.2-5 (as tests/test_earned_pass.py does); returns the entry's line."""
    path = repo / "ai-security.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for d in data["datasets"]:
        d["custodian_external"] = True  # the custodian is the customer's, not ours
        d["custodian"] = "Customer data office (Acme Retail Ltd)"  # nobody of ours
    data["disposal"]["custodian_signoff"] = "Customer data office (Acme Retail Ltd)"
    data["not_applicable"] = [
        {
            "provision": "5.1.2-5",
            "justification": JUSTIFICATION,
            "approver": "Lena Fischer",
            "reviewed": "2026-10-01",
        }
    ]
    text = yaml.safe_dump(data, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return text.splitlines().index("not_applicable:") + 2  # the entry's `- provision:` line


def _run(repo: Path, fmt: str) -> str:
    out = repo.parent / f"out.{fmt}"
    args = ["check", str(repo), "--today", TODAY, "--no-history", "-f", f"{fmt}:{out}"]
    result = CliRunner().invoke(main, [*args, "-f", f"json:{repo.parent / 'r.json'}"])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _report(repo: Path) -> dict:
    return json.loads((repo.parent / "r.json").read_text(encoding="utf-8"))


def test_sarif_carries_verified_checks_and_exemptions_without_making_alerts(passing_copy):
    line = _exempted(passing_copy)
    run = run_of(assert_valid_sarif(_run(passing_copy, "sarif")))
    assert run["results"] == []  # nothing for the Security tab: a pass is no alert
    report = _report(passing_copy)
    expected = [
        (p["id"], v["what"], v["location"]["line"])
        for p in report["provisions"]
        for v in p["verified"]
    ]
    props = run["properties"]
    got = [(v["provision"], v["what"], v["startLine"]) for v in props["verified"]]
    assert got == expected and len(got) > 50
    assert all(v["uri"] == "ai-security.yaml" and v["status"] == "pass" for v in props["verified"])
    [exemption] = props["justifiedExemptions"]
    assert exemption["provision"] == "5.1.2-5" and exemption["status"] == "not_applicable"
    assert JUSTIFICATION in exemption["justification"]
    assert "Lena Fischer" in exemption["justification"]
    assert exemption["startLine"] == line


def test_github_notices_show_the_exemption_on_its_line_and_count_the_verified(passing_copy):
    line = _exempted(passing_copy)
    notices = [n for n in _run(passing_copy, "github").splitlines() if n.startswith("::notice")]
    [exemption] = [n for n in notices if "not applicable (justified)" in n]
    assert f"file=ai-security.yaml,line={line}," in exemption
    assert JUSTIFICATION in exemption
    report = _report(passing_copy)
    earned = sum(1 for p in report["provisions"] if p["verified"])
    checks = sum(len(p["verified"]) for p in report["provisions"])
    [summary] = [n for n in notices if "verified" in n.split("::")[1]]
    assert f"{earned} provision(s) rest on {checks} check(s)" in summary
    assert len(notices) <= 10  # GitHub shows ten per step


def test_the_job_summary_lists_what_verified_each_pass(passing_copy):
    _exempted(passing_copy)
    md = _run(passing_copy, "markdown")
    report = _report(passing_copy)
    verified = [(p["id"], v) for p in report["provisions"] for v in p["verified"]]
    assert f"### Verified ({len({pid for pid, _ in verified})} provisions)" in md
    section = md.split("### Verified", 1)[1]
    for pid, v in verified:
        row = next(
            r for r in section.splitlines() if f"[{pid}]" in r and f":{v['location']['line']}:" in r
        )
        assert "| pass |" in row
    assert "Not applicable (justified) (1)" in md and "belong to our customer" in md


def test_many_notes_never_push_out_the_line_on_passes(passing_copy):
    from ai_security_gate.reporters import ReportOptions, get_renderer
    from ai_security_gate.results import Finding, Location
    from reporters_support import auditor_decision

    decision = auditor_decision("x")
    decision.notices = [
        Finding("trust", f"note {i}", (), Location("ai-security.yaml", i + 1, 1)) for i in range(30)
    ]
    notices = [
        n
        for n in get_renderer("github")(decision, ReportOptions()).splitlines()
        if n.startswith("::notice")
    ]
    assert len(notices) == 10
    assert "more note(s) and justified exemption(s)" in notices[-2]
    assert "rest on 2 check(s)" in notices[-1]


def test_junit_cases_that_pass_say_what_verified_them(passing_copy):
    import xml.etree.ElementTree as ET

    suites = ET.fromstring(_run(passing_copy, "junit"))
    report = _report(passing_copy)
    cases = {c.get("name").split(" ")[0]: c for c in suites.iter("testcase")}
    for p in report["provisions"]:
        if p["verified"]:
            out = cases[p["id"]].find("system-out")
            assert out is not None and all(v["what"] in out.text for v in p["verified"]), p["id"]
