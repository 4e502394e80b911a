"""GitLab Code Quality (`-f gitlab`) and Azure Pipelines issues (`-f azure`), read back with
the consumers' documented rules, plus the colour switches for CI logs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from ai_security_gate.cli import main
from ai_security_gate.reporters import ReportOptions, get_renderer
from ai_security_gate.reporters.common import printable
from conftest import EXAMPLES, TODAY, git
from reporters_support import HOSTILE, passing_decision, sample_decision

GITLAB_SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "gitlab-codequality.schema.json").read_text("utf-8")
)


def gitlab(decision) -> list[dict]:
    issues = json.loads(get_renderer("gitlab")(decision, ReportOptions()))
    jsonschema.Draft202012Validator(GITLAB_SCHEMA).validate(issues)
    return issues


def test_gitlab_issues_have_the_documented_fields_and_unique_fingerprints():
    issues = gitlab(sample_decision())
    # 2 manifest errors, 2 findings of the unmet shall, 1 of the unmet should; waived left out
    assert [i["severity"] for i in issues] == [
        "blocker",
        "blocker",
        "critical",
        "critical",
        "minor",
    ]
    fps = [i["fingerprint"] for i in issues]
    assert len(set(fps)) == len(fps)
    assert gitlab(sample_decision(line_shift=5))[2]["fingerprint"] == fps[2]  # line moves
    hostile = next(i for i in issues if "<script>" in i["description"])
    assert "\x1b" not in hostile["description"] and "\x00" not in hostile["description"]
    assert gitlab(passing_decision()) == []


def test_gitlab_paths_are_from_the_repository_top(tmp_path):
    repo = tmp_path / "mono"
    shutil.copytree(EXAMPLES / "failing", repo / "svc")
    git(repo, "init", "-q", "-b", "main")
    out = tmp_path / "gl-code-quality-report.json"
    result = CliRunner().invoke(
        main, ["check", str(repo / "svc"), "--today", TODAY, "-f", f"gitlab:{out}"]
    )
    assert result.exit_code == 1, result.output
    issues = json.loads(out.read_text("utf-8"))
    jsonschema.Draft202012Validator(GITLAB_SCHEMA).validate(issues)
    assert issues and {i["location"]["path"] for i in issues} == {"svc/ai-security.yaml"}


# How the Azure Pipelines agent reads a logging command (Command.TryParse): `##vso[` then
# `area.event` and `key=value;` properties up to the first `]`, then the message; values
# unescaped %3B ; %0D %0A %5D and %AZP25 (last).
AZURE = re.compile(r"^##vso\[(?P<cmd>\S+) (?P<props>[^\]]*)\](?P<data>.*)$")


def _unescape(v: str) -> str:
    for k, c in (("%3B", ";"), ("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%AZP25", "%")):
        v = v.replace(k, c)
    return v


def azure(decision) -> list[tuple[str, dict[str, str], str]]:
    out = []
    for line in get_renderer("azure")(decision, ReportOptions()).splitlines():
        m = AZURE.match(line)
        assert m, line
        props = dict(p.split("=", 1) for p in m.group("props").split(";") if p)
        out.append((m.group("cmd"), {k: _unescape(v) for k, v in props.items()}, m["data"]))
    return out


def test_azure_logissue_commands_escape_what_the_manifest_says():
    commands = azure(sample_decision())
    assert {c for c, _, _ in commands} == {"task.logissue"}
    assert [p["type"] for _, p, _ in commands] == ["error"] * 4 + ["warning"]
    assert all(
        p["sourcepath"] == "ai-security.yaml" and int(p["linenumber"]) for _, p, _ in commands
    )
    hostile = next(_unescape(d) for _, _, d in commands if "<script>" in _unescape(d))
    assert printable(HOSTILE) in hostile  # whole, newline included, on one command line
    raw = get_renderer("azure")(sample_decision(), ReportOptions())
    assert raw.count("##vso[") == len(commands) == len(raw.splitlines())  # nothing injected
    assert azure(passing_decision()) == []


def test_color_switches(monkeypatch):
    args = ["check", str(EXAMPLES / "failing"), "--today", TODAY]
    runner = CliRunner()
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert "\033[" not in runner.invoke(main, args).output  # not a terminal
    assert "\033[" in runner.invoke(main, [*args, "--color"]).output
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\033[" in runner.invoke(main, args).output
    assert "\033[" not in runner.invoke(main, [*args, "--no-color"]).output
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in runner.invoke(main, args).output
    out = runner.invoke(main, [*args, "--color", "-f", "json"]).output
    assert "\033[" not in out and json.loads(out)  # only the text report is coloured
