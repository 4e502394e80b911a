"""GitHub workflow-command annotations: ::error for what fails the gate, ::warning for the
rest, at most 10 of each kind (the 10th says how many more), values escaped as the runner
expects (parsed back here with the runner's own rules)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from click.testing import CliRunner

from ai_security_gate.cli import main
from ai_security_gate.pipeline import git_prefix
from ai_security_gate.reporters import ReportOptions, get_renderer
from ai_security_gate.reporters.github import MAX_PER_KIND
from ai_security_gate.results import Status
from conftest import EXAMPLES, TODAY
from reporters_support import HOSTILE, many_findings_decision, passing_decision, sample_decision

# How the runner reads a workflow command: `::name k=v,k=v::data` on one line
# (actions/runner ActionCommand.TryParseV2), with %25 %0D %0A (and %3A %2C in properties).
COMMAND = re.compile(r"^::(?P<name>[a-z-]+)(?: (?P<props>[^:]*(?:%3A[^:]*)*))?::(?P<data>.*)$")


def parse(line: str) -> tuple[str, dict[str, str], str]:
    m = COMMAND.match(line)
    assert m, f"not a workflow command: {line!r}"
    props = {}
    if m.group("props"):
        for pair in m.group("props").split(","):
            key, _, value = pair.partition("=")
            props[key] = _unescape(value)
    return m.group("name"), props, _unescape(m.group("data"))


def _unescape(value: str) -> str:
    return unquote(value)  # only %XX sequences the escaper wrote; '%' itself is %25


def render(decision) -> str:
    return get_renderer("github")(decision, ReportOptions())


def test_errors_for_blocking_warnings_for_the_rest():
    decision = sample_decision()
    lines = render(decision).splitlines()
    commands = [parse(line) for line in lines]
    kinds = [c[0] for c in commands]
    assert kinds == sorted(kinds, key=lambda k: k != "error")  # errors first
    failed = [r for r in decision.results if r.status is Status.FAIL]
    blocking = sum(len(r.findings) for r in failed if decision.is_blocking(r))
    warnings = sum(len(r.findings) for r in failed if not decision.is_blocking(r))
    assert kinds.count("error") == len(decision.schema_findings) + blocking
    assert kinds.count("warning") == warnings
    for _, props, _ in commands:
        assert props["file"] == "ai-security.yaml"
        assert int(props["line"]) > 0 and int(props["col"]) > 0
        assert props["title"]
    schema = commands[0]
    assert schema[1]["line"] == str(decision.schema_findings[0].location.line)
    assert "EN 304 223" in commands[len(decision.schema_findings)][1]["title"]


def test_fail_on_should_turns_warnings_into_errors():
    kinds = [parse(line)[0] for line in render(sample_decision(fail_on="should")).splitlines()]
    assert "warning" not in kinds


def test_hostile_message_is_one_command_and_round_trips():
    lines = render(sample_decision()).splitlines()
    hostile = [line for line in lines if "script" in line]
    assert len(hostile) == 1  # the newline in the message did not start a new command
    _, props, data = parse(hostile[0])
    assert "%0A" in hostile[0] and "\n" in data
    assert "50% done" in data and "::error::injected" in data
    assert "\x1b" not in data and "\x00" not in data
    expected = HOSTILE.replace("\r", "\ufffd").replace("\x1b", "\ufffd").replace("\x00", "\ufffd")
    assert data == expected
    # properties cannot be split by ',' or ':' in the title
    assert props["title"].startswith("EN 304 223 ")
    assert set(props) == {"file", "line", "col", "title"}


def test_at_most_ten_per_kind_with_a_summary_line():
    decision = many_findings_decision(37)
    commands = [parse(line) for line in render(decision).splitlines()]
    errors = [c for c in commands if c[0] == "error"]
    assert len(errors) == MAX_PER_KIND == 10
    assert all("file" in c[1] for c in errors[:9])
    summary = errors[-1]
    assert "file" not in summary[1]
    assert summary[2].startswith(f"{37 - 9} more ")


def test_exactly_ten_needs_no_summary():
    commands = [parse(line) for line in render(many_findings_decision(10)).splitlines()]
    assert len(commands) == 10 and all("file" in c[1] for c in commands)


def test_nothing_to_say_on_a_clean_pass():
    assert render(passing_decision()) == ""


def test_failing_example_through_the_cli():
    result = CliRunner().invoke(
        main, ["check", str(EXAMPLES / "failing"), "--today", TODAY, "-f", "github"]
    )
    assert result.exit_code == 1, result.output
    commands = [parse(line) for line in result.output.splitlines()]
    assert commands and commands[0][0] == "error"
    assert sum(c[0] == "error" for c in commands) <= MAX_PER_KIND
    assert sum(c[0] == "warning" for c in commands) <= MAX_PER_KIND
    # from the repository root (the examples sit inside this repository's work tree)
    manifest = f"{git_prefix(EXAMPLES / 'failing')}/ai-security.yaml".lstrip("/")
    assert all(c[1].get("file", manifest) == manifest for c in commands)
