"""What a user or an editor reads about the package: the licence, the manifest schema's
`$id`, the `init` output's schema line, and the JSON report's own schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import EXAMPLES, REPORT_SCHEMA, ROOT, TODAY, assert_valid_report

GATE = str(Path(sys.executable).with_name("ai-security-gate"))


def test_license_is_the_apache_2_text():
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text


def test_manifest_schema_id_is_an_https_url_that_init_points_editors_at(tmp_path):
    schema = json.loads((ROOT / "schemas" / "ai-security.schema.json").read_text("utf-8"))
    assert schema["$id"].startswith("https://") and schema["$id"].endswith(".schema.json")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    first = (tmp_path / "ai-security.yaml").read_text("utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={schema['$id']}"


def test_report_schema_is_a_valid_schema_that_rejects_a_lie():
    schema = json.loads(REPORT_SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    report = json.loads(
        CliRunner()
        .invoke(main, ["check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", "json"])
        .output
    )
    report["result"] = "pass"  # a failing run that claims to pass
    with pytest.raises(AssertionError):
        assert_valid_report(json.dumps(report))
    report["result"], report["provisions"] = "fail", report["provisions"][:71]
    with pytest.raises(AssertionError):
        assert_valid_report(json.dumps(report))


@pytest.mark.parametrize("example", ["passing", "failing"])
def test_reports_of_real_processes_match_the_schema(example, tmp_path):
    out = tmp_path / "report.json"
    subprocess.run(
        [GATE, "check", str(EXAMPLES / example), "--today", TODAY, "-f", f"json:{out}"],
        check=False,
    )
    assert_valid_report(out.read_text("utf-8"))
