"""`--base-ref NAME` chooses the trusted commit (docs/security.md): the remote's branch
first, never a tag that shares the name, and a base that does not exist stops the tool
(exit 2) instead of letting the pull request through. Real clones, real CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile import EXAMPLES, check, git, init

WAIVER = """
  - provision: 5.4.2-1
    justification: log retention moves to the new SIEM next quarter
    approver: Dana Okafor
    expires: 2027-03-31
"""


def _waive_own_failure(repo: Path) -> None:
    """The pull request drops log retention and waives the provision it fails."""
    manifest = repo / "ai-security.yaml"
    lines = manifest.read_text().splitlines(keepends=True)
    text = "".join(ln for ln in lines if "retention_days:" not in ln)
    assert "waivers: []\n" in text
    manifest.write_text(text.replace("waivers: []\n", "waivers:" + WAIVER))
    git(repo, "commit", "-qam", "drop retention, waive it")


@pytest.fixture
def clone(tmp_path) -> Path:
    """A pull-request checkout: upstream main is the base, `feature` waives its own
    failure; the clone has origin/main."""
    up = init(tmp_path / "upstream")
    shutil.copytree(EXAMPLES / "passing", up, dirs_exist_ok=True)
    git(up, "add", "-A")
    git(up, "commit", "-qm", "base")
    git(up, "checkout", "-qb", "feature")
    _waive_own_failure(up)
    repo = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--branch", "feature", f"file://{up}", str(repo))
    return repo.resolve()


def _status(report: dict, pid: str) -> str:
    return next(p for p in report["provisions"] if p["id"] == pid)["status"]


def test_the_remote_branch_is_the_base_not_a_local_one(clone):
    # a local `main` at the pull request's own head would make its waiver "the base's"
    git(clone, "branch", "-f", "main", "HEAD")
    code, report, output = check(clone, "--base-ref", "main", "--offline")
    assert report is not None, output
    assert _status(report, "5.4.2-1") == "fail" and code == 1


def test_a_tag_named_like_the_base_branch_is_refused(clone):
    git(clone, "tag", "main", "HEAD")  # a tag `main` at the pull request's head
    code, report, output = check(clone, "--base-ref", "main", "--offline")
    assert code == 2, output
    assert "ambiguous" in output and "refs/remotes/origin/main" in output
    # named in full it is not ambiguous
    code, report, output = check(clone, "--base-ref", "refs/remotes/origin/main", "--offline")
    assert report is not None and code == 1, output


@pytest.mark.parametrize("offline", [True, False])
def test_a_base_ref_that_does_not_exist_stops_the_tool(clone, offline):
    args = ["--base-ref", "no-such-branch", *(["--offline"] if offline else [])]
    code, report, output = check(clone, *args)
    assert code == 2 and report is None, output
    assert "--base-ref no-such-branch: the base ref 'no-such-branch' is not in the clone" in output
    assert "Traceback" not in output


def test_the_base_is_fetched_when_the_clone_lacks_it(tmp_path, clone):
    single = tmp_path / "single"
    up = tmp_path / "upstream"
    git(
        tmp_path,
        "clone",
        "-q",
        "--single-branch",
        "--branch",
        "feature",
        f"file://{up}",
        str(single),
    )
    code, report, output = check(single, "--base-ref", "main")
    assert report is not None, output
    assert _status(report, "5.4.2-1") == "fail" and code == 1
