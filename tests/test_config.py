"""The configuration file: [tool.ai-security-gate] in pyproject.toml or .ai-security-gate.toml;
command line > environment > file; read from the base branch in pull-request mode."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import EXAMPLES, TODAY, git


def run(repo: Path, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["check", str(repo), "--today", TODAY, *args], env=env)


def fail_on(result) -> str:
    return json.loads(result.output)["fail_on"]


def copy(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", repo)
    return repo


def test_pyproject_table_sets_defaults_and_formats(tmp_path):
    repo = copy(tmp_path)
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.ai-security-gate]\nfail-on = "should"\nformat = "json"\n',
        "utf-8",
    )
    assert fail_on(run(repo)) == "should"


def test_precedence_command_line_then_environment_then_file(tmp_path):
    repo = copy(tmp_path)
    (repo / ".ai-security-gate.toml").write_text('fail-on = "should"\n', "utf-8")
    env = {"AI_SECURITY_GATE_FAIL_ON": "shall"}
    assert fail_on(run(repo, "-f", "json")) == "should"
    assert fail_on(run(repo, "-f", "json", env=env)) == "shall"
    cli = run(repo, "-f", "json", "--fail-on", "should", env=env)
    assert fail_on(cli) == "should"


def test_dot_file_wins_over_pyproject(tmp_path):
    repo = copy(tmp_path)
    (repo / "pyproject.toml").write_text('[tool.ai-security-gate]\nfail-on = "shall"\n', "utf-8")
    (repo / ".ai-security-gate.toml").write_text('fail-on = "should"\n', "utf-8")
    assert fail_on(run(repo, "-f", "json")) == "should"


def test_policy_paths_are_relative_to_the_checked_directory(tmp_path, monkeypatch):
    repo = copy(tmp_path)
    (repo / "org").mkdir()
    (repo / "org" / "extra.rego").write_text(
        "package ai_security.org_extra\n\nimport rego.v1\n\n# METADATA\n# title: Org policy ran\n"
        "# description: Shows that the organisation's policy directory was loaded.\n# custom:\n"
        "#   rule: org_policy_ran\nnotices contains n if {\n"
        '\tn := {"message": "org policy ran", "path": []}\n}\n',
        "utf-8",
    )
    (repo / ".ai-security-gate.toml").write_text('policy = ["org"]\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    report = json.loads(run(repo, "-f", "json").output)
    assert any(n["message"] == "org policy ran" for n in report["notices"])


def test_bad_settings_name_the_file_and_exit_2(tmp_path):
    repo = copy(tmp_path)
    conf = repo / ".ai-security-gate.toml"
    for text, expected in (
        ('fail-on = "never"\n', "`fail-on`: 'never' is not one of 'shall', 'should'"),
        ("fial-on = 1\n", "unknown setting(s) fial-on"),
        ("fail-on = [\n", "invalid TOML"),
        ("attestation-max-age = 0\n", "`attestation-max-age`"),
    ):
        conf.write_text(text, "utf-8")
        result = run(repo)
        assert result.exit_code == 2, (text, result.output)
        assert str(conf) in result.output and expected in result.output, result.output
        assert "Traceback" not in result.output


def test_pull_request_cannot_relax_its_own_gate(tmp_path):
    repo = copy(tmp_path)
    (repo / ".ai-security-gate.toml").write_text('fail-on = "should"\n', "utf-8")
    ident = ("-c", "user.email=t@e.x", "-c", "user.name=T")
    git(repo, "init", "-q", "-b", "main")
    git(repo, *ident, "add", "-A")
    git(repo, *ident, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "feature")
    (repo / ".ai-security-gate.toml").write_text('fail-on = "shall"\n', "utf-8")
    git(repo, *ident, "commit", "-qam", "relax")
    assert fail_on(run(repo, "-f", "json")) == "shall"  # the branch's own file, outside PR mode
    result = run(repo, "-f", "json", "--base-ref", "main")
    assert fail_on(result) == "should", result.output  # the base's file in PR mode
    missing = run(repo, "-f", "json", "--base-ref", "no-such-branch", "--offline")
    assert missing.exit_code == 2 and "cannot be read from it" in missing.output
