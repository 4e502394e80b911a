"""Pull-request mode compares with the base's own manifest (docs/security.md): renaming the
manifest, switching .yaml/.yml or turning it into a symlink must not make the base manifest
"missing" and the system "new", which would excuse every change rule. Real repositories,
real CLI."""

from __future__ import annotations

import os

import pytest
from hostile import check, feature_branch, git


@pytest.fixture
def repo(tmp_path):
    return feature_branch(tmp_path / "repo")


def _tweak_prompt(repo):
    prompt = repo / "prompts" / "system.md"
    prompt.write_text(prompt.read_text() + "\nAlways answer in French.\n")


def _rules(report, pid):
    p = next(p for p in report["provisions"] if p["id"] == pid)
    return p["status"], [f["rule"] for f in p["findings"]]


def _move_to_yml(repo):
    git(repo, "mv", "ai-security.yaml", "ai-security.yml")


def _move_and_link(repo):
    git(repo, "mv", "ai-security.yaml", "config/security.yaml")
    os.symlink("config/security.yaml", repo / "ai-security.yaml")
    git(repo, "add", "ai-security.yaml")


def _move_elsewhere(repo):
    (repo / "security").mkdir()
    git(repo, "mv", "ai-security.yaml", "security/ai-security.yaml")
    return ["--manifest", str(repo / "security" / "ai-security.yaml")]


@pytest.mark.parametrize("move", [_move_to_yml, _move_and_link, _move_elsewhere])
def test_moving_the_manifest_does_not_make_the_system_new(repo, move):
    extra = move(repo) or []
    _tweak_prompt(repo)
    git(repo, "commit", "-qam", "move the manifest, change the prompt")
    code, report, output = check(repo, "--base-ref", "main", "--offline", *extra)
    assert report is not None, output
    status, rules = _rules(report, "5.1.3-1.1")
    assert status == "fail" and "p03_threats.threat_model_not_rereviewed" in rules, rules
    assert code == 1
