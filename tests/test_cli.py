"""The command line as users meet it: exit codes, formats, output files, colour, lookups."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import EXAMPLES, TODAY

ANSI = re.compile(r"\x1b\[")


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def _drop(manifest: Path, key: str) -> None:
    """Delete one `key:` line from a manifest copy (a top-level-free, single-line key)."""
    lines = manifest.read_text().splitlines(keepends=True)
    kept = [ln for ln in lines if not ln.lstrip().startswith(f"{key}:")]
    assert len(kept) == len(lines) - 1, f"expected exactly one {key} line"
    manifest.write_text("".join(kept))


def test_passing_example_exits_0():
    result = run("check", str(EXAMPLES / "passing"), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "Result: PASS" in result.output


def test_failing_example_exits_1():
    result = run("check", str(EXAMPLES / "failing"), "--today", TODAY)
    assert result.exit_code == 1, result.output
    assert "Result: FAIL" in result.output


def test_unmet_should_warns_unless_fail_on_should(passing_copy):
    # 5.1.3-3 is a 'should' (dropping the model card would now fail a 'shall' too: an
    # external model declared well documented needs its card, claims.py)
    _drop(passing_copy / "ai-security.yaml", "assurance")
    warned = run("check", str(passing_copy), "--today", TODAY, "--no-history", "--format", "json")
    report = json.loads(warned.output)
    card = next(p for p in report["provisions"] if p["id"] == "5.1.3-3")
    assert card["status"] == "fail" and card["blocking"] is False
    assert warned.exit_code == 0
    strict = run(
        "check", str(passing_copy), "--today", TODAY, "--no-history", "--fail-on", "should"
    )
    assert strict.exit_code == 1
    assert "5.1.3-3" in strict.output


def test_json_report_shape():
    result = run("check", str(EXAMPLES / "passing"), "--today", TODAY, "-f", "json")
    report = json.loads(result.output)
    assert report["schema_version"] == 1
    assert report["result"] == "pass" and report["exit_code"] == 0
    assert len(report["provisions"]) == 72
    assert sum(report["counts"].values()) == 72
    first = report["provisions"][0]
    assert set(first) >= {"id", "uk_id", "phase", "level", "roles", "status", "findings"}


def test_output_file_and_several_formats(tmp_path):
    target = tmp_path / "report.json"
    result = run(
        "check",
        str(EXAMPLES / "passing"),
        "--today",
        TODAY,
        "-f",
        "json",
        "-f",
        "text",
        "--output",
        str(target),
    )
    assert result.exit_code == 0
    assert json.loads(target.read_text())["result"] == "pass"
    assert "Result: PASS" in result.output  # text still on stdout
    assert not result.output.lstrip().startswith("{")


def test_output_is_deterministic(tmp_path):
    a = run("check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", "json").output
    b = run("check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", "json").output
    assert a == b


def test_no_colour_when_not_a_terminal_or_with_no_color():
    plain = run("check", str(EXAMPLES / "failing"), "--today", TODAY)
    assert not ANSI.search(plain.output)
    # a real pseudo-terminal would colour; NO_COLOR must win even there
    script = (
        "import pty, os, sys\n"
        "pid, fd = pty.fork()\n"
        "if pid == 0:\n"
        f"    os.execvp(sys.executable, [sys.executable, '-m', 'ai_security_gate.cli', 'check', "
        f"{str(EXAMPLES / 'failing')!r}, '--today', '{TODAY}'])\n"
        "out = b''\n"
        "while True:\n"
        "    try:\n"
        "        chunk = os.read(fd, 65536)\n"
        "    except OSError:\n"
        "        break\n"
        "    if not chunk:\n"
        "        break\n"
        "    out += chunk\n"
        "os.waitpid(pid, 0)\n"
        "sys.stdout.write(repr(out))\n"
    )
    coloured = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": ""},
    )
    assert "\\x1b[" in coloured.stdout
    uncoloured = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert "\\x1b[" not in uncoloured.stdout and "Result: FAIL" in uncoloured.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "--format", "pdf"], "'pdf' is not a format"),
        (["check", "--fail-on", "may"], "Invalid value for '--fail-on'"),
        (["check", "--today", "yesterday"], "is not a date"),
        (["explain", "9.9.9"], "is not a provision id"),
        (["check", "--bogus"], "No such option"),
    ],
)
def test_usage_errors_exit_2(args, needle):
    result = run(*args)
    assert result.exit_code == 2
    assert needle in result.output


def test_broken_policy_is_a_tool_error(tmp_path):
    bad = tmp_path / "policies"
    bad.mkdir()
    (bad / "bad.rego").write_text(
        "package ai_security.custom\nimport rego.v1\nviolations contains v if {\n"
    )
    result = run("check", str(EXAMPLES / "passing"), "--today", TODAY, "--policy", str(bad))
    assert result.exit_code == 2
    assert "the Rego engine failed while loading policies/bad.rego" in result.output
    assert "Traceback" not in result.output


def test_extra_policy_directory_adds_findings(tmp_path):
    extra = tmp_path / "org-policies"
    extra.mkdir()
    (extra / "org.rego").write_text(
        "package ai_security.org\nimport rego.v1\n"
        "# METADATA\n# title: Owner email\n# description: The owner has an email address.\n"
        '# custom:\n#   provision: ["5.2.4-1"]\n#   rule: owner_email\n'
        "violations contains v if {\n"
        "  not input.manifest.system.owner.email\n"
        '  v := {"provision": "5.2.4-1", "rule": "owner_email", '
        '"message": "owner needs an email", "path": ["system", "owner"]}\n'
        "}\n"
    )
    manifest = tmp_path / "repo"
    import shutil

    shutil.copytree(EXAMPLES / "passing", manifest)
    _drop(manifest / "ai-security.yaml", "email")
    result = run("check", str(manifest), "--today", TODAY, "--policy", str(extra), "-f", "json")
    report = json.loads(result.output)
    p = next(p for p in report["provisions"] if p["id"] == "5.2.4-1")
    assert p["status"] == "fail"
    assert [f["rule"] for f in p["findings"]] == ["org.owner_email"]
    assert result.exit_code == 1


def test_provisions_filters():
    result = run("provisions", "--phase", "end_of_life")
    assert result.exit_code == 0
    assert "5.5.1-1" in result.output and "5.5.1-2" in result.output
    assert "5.2.1-1" not in result.output
    as_json = json.loads(
        run(
            "provisions", "--role", "data_custodian", "--level", "should", "--format", "json"
        ).output
    )
    assert as_json and all(
        "data_custodian" in p["roles"] and p["level"] == "should" for p in as_json
    )
    assert len(json.loads(run("provisions", "--format", "json").output)) == 72


def test_explain_by_en_and_uk_id():
    en = run("explain", "5.2.4-1.2")
    uk = run("explain", "8.1.2")
    assert en.exit_code == 0 and en.output == uk.output
    assert "Paraphrase (ours, not the standard's text)" in en.output
    assert "models[].sha256" in en.output  # a manifest field that satisfies it
    assert "p08_documentation.model_hash_published" in en.output


def test_runs_from_a_subdirectory_of_a_git_repository(git_repo):
    import shutil

    shutil.copytree(EXAMPLES / "passing", git_repo, dirs_exist_ok=True)
    subprocess.run(["git", "add", "-A"], cwd=git_repo, check=True)
    subprocess.run(["git", "commit", "-qm", "example"], cwd=git_repo, check=True)
    sub = git_repo / "docs"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "ai-security-gate"), "check", "--today", TODAY],
        cwd=sub,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ai-security-gate: ai-security.yaml" in result.stdout


def test_installed_command_exit_code_on_failure():
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "ai-security-gate"),
            "check",
            str(EXAMPLES / "failing"),
            "--today",
            TODAY,
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr == ""


def test_init_writes_a_starter_that_fails_until_filled_and_never_overwrites(tmp_path):
    first = run("init", str(tmp_path))
    assert first.exit_code == 0 and (tmp_path / "ai-security.yaml").is_file()
    again = run("init", str(tmp_path))
    assert again.exit_code == 2 and "already exists" in again.output
    report = json.loads(run("check", str(tmp_path), "--today", TODAY, "-f", "json").output)
    # only the unfilled TODO values are manifest errors: nothing else is malformed
    assert {f["rule"] for f in report["manifest_findings"]} == {"schema.unfilled"}
    assert {tuple(f["path"]) for f in report["manifest_findings"]} == {
        ("system", "description"),
        ("system", "owner", "name"),
        ("system", "roles", 0),
    }
    assert report["result"] == "fail"


def test_verify_runs_user_policy_tests_with_the_shipped_helpers(tmp_path):
    (tmp_path / "org.rego").write_text(
        "package ai_security.org\nimport rego.v1\nimport data.ai_security.lib\n"
        "# METADATA\n# title: Owner\n# description: The system names its owner.\n"
        '# custom:\n#   provision: ["5.2.4-1"]\n#   rule: owner\n'
        'violations contains v if {\n  lib.blank(lib.section("system"), "owner")\n'
        '  v := {"provision": "5.2.4-1", "rule": "owner", "message": "m", "path": ["system"]}\n}\n'
    )
    (tmp_path / "org_test.rego").write_text(
        "package ai_security.org_test\nimport rego.v1\nimport data.ai_security.org\n"
        'test_owner_fires if count(org.violations) == 1 with input as {"manifest": {}}\n'
        "test_owner_passes if count(org.violations) == 0 with input as "
        '{"manifest": {"system": {"owner": "x"}}}\n'
        'test_deliberately_wrong if count(org.violations) == 5 with input as {"manifest": {}}\n'
    )
    result = run("verify", str(tmp_path))
    assert result.exit_code == 1
    assert "2 passed, 1 failed" in result.output
    assert "test_deliberately_wrong" in result.output


def test_verify_shipped_policies_pass():
    result = run("verify")
    assert result.exit_code == 0, result.output
    assert ", 0 failed" in result.output


def test_attestation_evidence_in_the_repository_must_exist(passing_copy):
    manifest = passing_copy / "ai-security.yaml"
    text = manifest.read_text()
    url = "evidence: https://intranet.example.com/training/ai-security"
    assert url in text
    manifest.write_text(text.replace(url, "evidence: docs/training/ai-security.md", 1))
    line = 1 + manifest.read_text().split("evidence: docs/training/ai-security.md")[0].count("\n")
    result = run("check", str(passing_copy), "--today", TODAY, "-f", "json")
    report = json.loads(result.output)
    p = next(p for p in report["provisions"] if p["id"] == "5.1.1-1")
    assert p["status"] == "fail" and result.exit_code == 1
    (finding,) = p["findings"]
    assert finding["location"]["line"] == line
    assert "docs/training/ai-security.md does not exist" in finding["message"]
