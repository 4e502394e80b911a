"""Schema violations: all of them in one run, each at its exact line and column."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import TODAY

BROKEN = """\
version: 1
system:
  name: demo
  roles: [developer, operator]
  ownr: Dana
models:
  - name: m
    sha256: not-a-hash
    source: downloaded
datasets:
  - origin: https://example.com/data
    collected: 2026-02-30
waivers:
  - provision: 5.2.1-1
    justification: later
    approver: Dana
"""


def _run(tmp_path, *extra):
    (tmp_path / "ai-security.yaml").write_text(BROKEN, encoding="utf-8")
    return CliRunner().invoke(main, ["check", str(tmp_path), "--today", TODAY, *extra])


def test_every_schema_violation_with_its_line(tmp_path):
    result = _run(tmp_path, "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    found = {
        (f["path_text"], f["location"]["line"], f["location"]["column"])
        for f in report["manifest_findings"]
        if f["source"] == "schema"
    }
    assert ("system.roles[1]", 4, 22) in found  # 'operator' is not a role
    assert ("system.ownr", 5, 3) in found  # typo caught by additionalProperties
    assert ("models[0].sha256", 8, 5) in found
    assert ("models[0].source", 9, 5) in found
    assert ("datasets[0]", 11, 5) in found  # missing name: points at the entry
    assert ("waivers[0]", 14, 5) in found  # a waiver without expiry


def test_schema_messages_say_what_to_do(tmp_path):
    result = _run(tmp_path)
    out = result.output
    assert "ai-security.yaml:5:3" in out and "unknown key 'ownr'" in out
    assert "ai-security.yaml:8:5" in out and "64 lowercase hex digits" in out
    assert "missing required key 'expires'" in out
    assert "models[0]: needs one of the keys 'artefact' or 'uri'" in out
    assert "'operator' is not one of: developer, system_operator" in out


def test_invalid_calendar_date_is_a_schema_finding_not_a_crash(tmp_path):
    # YAML reads 2026-02-30 as text (it is no date); the schema's date format rejects it and
    # the policies never see it, so the engine cannot fail on it.
    result = _run(tmp_path, "--format", "json")
    report = json.loads(result.output)
    dates = [f for f in report["manifest_findings"] if f["path_text"] == "datasets[0].collected"]
    assert dates and dates[0]["location"]["line"] == 12
    assert "YYYY-MM-DD" in dates[0]["message"]


def test_uri_format_is_really_checked(tmp_path):
    (tmp_path / "ai-security.yaml").write_text(
        "version: 1\nsystem: {name: s, roles: [developer]}\n"
        "datasets:\n  - name: d\n    origin: not a uri at all\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--today", TODAY])
    assert "ai-security.yaml:5:5" in result.output
    assert "not a valid uri" in result.output
