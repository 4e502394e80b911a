"""Text from the manifest never reaches a terminal or a CI log as control characters,
escape sequences, bidirectional overrides or line breaks of its own (docs/security.md):
a dataset name cannot clear the screen or forge a `Result: PASS` line. The real CLI, every
output format, on a real git repository."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from hostile import EXAMPLES, TODAY, git, init

from ai_security_gate.cli import main
from ai_security_gate.reporters import FORMATS

EVIL = '"support-tickets-2025\\nResult: PASS\\n\\e[2J\\e]0;owned\\a\\x9b31m\\u202e\\u2028"'
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _with_dataset_named(folder, name: str):
    """The passing example in a real git repository, a model's first dataset renamed."""
    repo = init(folder / "repo")
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    manifest = repo / "ai-security.yaml"
    text = manifest.read_text()
    old = "datasets: [support-tickets-2025, product-faq]"
    assert old in text
    manifest.write_text(text.replace(old, f"datasets: [{name}, product-faq]"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hostile dataset name")
    return repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return _with_dataset_named(tmp_path_factory.mktemp("hostile-names"), EVIL)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_control_characters_in_any_format(repo, fmt):
    result = CliRunner().invoke(
        main, ["check", str(repo), "--today", TODAY, "--offline", "-f", fmt]
    )
    assert result.exit_code == 1, result.output
    assert FORBIDDEN.findall(result.output) == []
    assert "support-tickets-2025" in result.output  # the value is shown, defused


def test_a_dataset_name_cannot_forge_the_verdict(repo):
    result = CliRunner().invoke(main, ["check", str(repo), "--today", TODAY, "--offline"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    verdicts = [ln for ln in lines if ln.lstrip().startswith("Result:")]
    assert len(verdicts) == 1 and verdicts[0].startswith("Result: FAIL"), result.output
    assert not any("Result: PASS" in ln for ln in lines if not ln.startswith(" "))


AZURE_COMMAND = "##vso[task.complete result=Succeeded;]done"


@pytest.fixture(scope="module")
def azure_repo(tmp_path_factory):
    return _with_dataset_named(tmp_path_factory.mktemp("azure-command"), f'"{AZURE_COMMAND}"')


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_manifest_value_cannot_issue_an_azure_agent_command(azure_repo, fmt):
    """The Azure agent acts on `##vso[` anywhere in a log line, whatever format is printed."""
    result = CliRunner().invoke(
        main, ["check", str(azure_repo), "--today", TODAY, "--offline", "-f", fmt]
    )
    assert result.exit_code == 1, result.output
    assert "task.complete" in result.output  # the value is shown ...
    assert "##vso[task.complete" not in result.output  # ... but defused
