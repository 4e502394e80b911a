"""Nothing is written through a symlink (docs/security.md): a pull request commits links in
the checkout where the workflow writes its reports, or makes the manifest a link out of the
repository. The real CLI, run from the checkout as CI runs it, refuses with exit 2 and the
file outside stays as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import EXAMPLES, TODAY, git, init

from ai_security_gate.cli import main


@pytest.fixture
def checkout(tmp_path, monkeypatch) -> Path:
    repo = init(tmp_path / "checkout")
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    monkeypatch.chdir(repo)
    return repo


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "victim").write_text("precious\n")
    return folder


def _commit_link(repo: Path, name: str, target: Path | str) -> None:
    link = repo / name
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, link)
    git(repo, "add", name)
    git(repo, "commit", "-qm", f"link {name}")


def _check(*args: str):
    return CliRunner().invoke(main, ["check", "--today", TODAY, "--offline", *args])


def _untouched(outside: Path) -> None:
    assert sorted(p.name for p in outside.iterdir()) == ["victim"]
    assert (outside / "victim").read_text() == "precious\n"


@pytest.mark.parametrize(
    "spec",
    [
        "junit:reports/gate.xml",  # a directory link
        "json:reports/deeper/gate.json",  # a directory link, then a folder to make
        "sarif:reports/../gate.sarif",  # `reports/..` is the link's parent, not the checkout
        "markdown:+reports/summary.md",  # appending
    ],
)
def test_a_linked_report_directory_is_refused(checkout, outside, spec):
    _commit_link(checkout, "reports", outside / "sub" if ".." in spec else outside)
    if ".." in spec:
        (outside / "sub").mkdir()
    result = _check("-f", spec)
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output and "reports" in result.output
    assert "Traceback" not in result.output
    if ".." in spec:
        (outside / "sub").rmdir()
    _untouched(outside)


@pytest.mark.parametrize("dangling", [False, True])
def test_a_linked_report_file_is_refused(checkout, outside, dangling):
    target = outside / ("new-file" if dangling else "victim")
    _commit_link(checkout, "gate-report.txt", target)
    for args in (["-o", "gate-report.txt"], ["-f", "text:+gate-report.txt"]):
        result = _check(*args)
        assert result.exit_code == 2, result.output
        assert "symbolic link" in result.output
        _untouched(outside)


def test_reports_without_links_are_written(checkout, tmp_path):
    elsewhere = tmp_path / "runner-temp" / "gate.json"  # the runner's own folder
    spec = [
        "-f",
        "junit:reports/gate.xml",
        "-f",
        f"json:{elsewhere}",
        "-f",
        "text",
        "-o",
        "out.txt",
    ]
    result = _check(*spec)
    assert result.exit_code == 0, result.output
    assert (checkout / "reports" / "gate.xml").read_text().startswith("<?xml")
    assert elsewhere.read_text().startswith("{")
    assert "Result: PASS" in (checkout / "out.txt").read_text()
    # appending keeps what was there
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    assert _check("-f", f"markdown:+{summary}").exit_code == 0
    assert summary.read_text().startswith("earlier step\n") and len(summary.read_text()) > 20


def test_a_manifest_linking_out_of_the_repository_is_refused(checkout, outside):
    shutil.copy(checkout / "ai-security.yaml", outside / "ai-security.yaml")
    (checkout / "ai-security.yaml").unlink()
    _commit_link(checkout, "ai-security.yaml", outside / "ai-security.yaml")
    result = _check()
    assert result.exit_code == 2, result.output
    assert "outside the repository" in result.output
    # a link inside the repository is fine
    (checkout / "ai-security.yaml").unlink()
    shutil.copy(outside / "ai-security.yaml", checkout / "config" / "security.yaml")
    os.symlink("config/security.yaml", checkout / "ai-security.yaml")
    assert _check().exit_code == 0


def test_init_does_not_write_through_a_link(tmp_path, outside, monkeypatch):
    repo = init(tmp_path / "new")
    _commit_link(repo, "ai-security.yaml", outside / "planted.yaml")  # dangling
    monkeypatch.chdir(repo)
    for args in (["init", "."], ["init", "--update", "."]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        _untouched(outside)
    result = CliRunner().invoke(main, ["init", "--force", "."])  # replaces the link itself
    assert result.exit_code == 0, result.output
    assert not (repo / "ai-security.yaml").is_symlink()
    _untouched(outside)
    # and a linked folder to initialise into
    _commit_link(repo, "sub", outside)
    result = CliRunner().invoke(main, ["init", "sub"])
    assert result.exit_code == 2, result.output
    _untouched(outside)
