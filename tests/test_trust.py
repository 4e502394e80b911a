"""Trust (design.md): a pull request cannot waive its own failures unnoticed, and what the
gate could not check is said, not hidden. Real git repositories, real CLI."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import EXAMPLES, TODAY, git

WAIVER = """
  - provision: 5.4.2-1
    justification: log retention moves to the new SIEM next quarter
    approver: Lena Fischer
    expires: 2027-03-31
"""


def _report(repo, *args):
    result = CliRunner().invoke(
        main, ["check", str(repo), "--today", TODAY, "--offline", "-f", "json", *args]
    )
    return result.exit_code, json.loads(result.output)


def _status(report, pid):
    return next(p for p in report["provisions"] if p["id"] == pid)["status"]


def _break_retention_and_waive_it(repo):
    manifest = repo / "ai-security.yaml"
    text = manifest.read_text()
    lines = [ln for ln in text.splitlines(keepends=True) if "retention_days:" not in ln]
    text = "".join(lines).replace("waivers: []\n", "waivers:" + WAIVER)
    assert "5.4.2-1" in text
    manifest.write_text(text)


def test_a_pull_request_cannot_waive_its_own_failure(git_repo):
    shutil.copytree(EXAMPLES / "passing", git_repo, dirs_exist_ok=True)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "base")
    git(git_repo, "checkout", "-qb", "pr")
    _break_retention_and_waive_it(git_repo)
    git(git_repo, "commit", "-qam", "drop retention, waive it")

    # outside pull-request mode the waiver applies
    code, report = _report(git_repo)
    assert _status(report, "5.4.2-1") == "waived" and code == 0

    # in pull-request mode it is the pull request's own waiver: not applied, and said so
    code, report = _report(git_repo, "--base-ref", "main")
    assert _status(report, "5.4.2-1") == "fail" and code == 1
    notes = [n["message"] for n in report["notices"]]
    assert any("waiver for 5.4.2-1 is new or changed in this pull request" in n for n in notes)
    assert any("changes the security manifest" in n for n in notes)

    # once merged, the base branch carries the waiver and later pull requests honour it
    git(git_repo, "checkout", "-q", "main")
    git(git_repo, "merge", "-q", "--ff-only", "pr")
    git(git_repo, "checkout", "-qb", "next")
    code, report = _report(git_repo, "--base-ref", "main")
    assert _status(report, "5.4.2-1") == "waived" and code == 0


def test_a_changed_expiry_is_a_new_waiver(git_repo):
    shutil.copytree(EXAMPLES / "passing", git_repo, dirs_exist_ok=True)
    _break_retention_and_waive_it(git_repo)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "base with waiver")
    git(git_repo, "checkout", "-qb", "pr")
    manifest = git_repo / "ai-security.yaml"
    manifest.write_text(manifest.read_text().replace("expires: 2027-03-31", "expires: 2029-03-31"))
    git(git_repo, "commit", "-qam", "extend the waiver")
    code, report = _report(git_repo, "--base-ref", "main")
    assert _status(report, "5.4.2-1") == "fail" and code == 1


def test_outside_git_the_report_says_what_was_not_checked(passing_copy):
    # outside a work tree the history checks fail: evidence must be in history (issue 10)
    code, report = _report(passing_copy)
    assert code == 1 and report["history_checked"] is False
    notes = " ".join(n["message"] for n in report["notices"])
    assert "git history checks could not run" in notes
    # ... unless they are turned off explicitly, and then every report says so
    code, report = _report(passing_copy, "--no-history")
    assert code == 0 and report["history_checked"] is False
    args = ["check", str(passing_copy), "--today", TODAY, "--no-history"]
    text = CliRunner().invoke(main, args).output
    assert "Notes" in text and "history was not checked (--no-history)" in text
