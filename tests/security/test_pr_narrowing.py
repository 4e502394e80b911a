"""A pull request cannot narrow what the gate checks (docs/security.md): dropping roles,
removing a section, or dropping a model from the inventory while changing its files is a
blocking manifest finding in pull-request mode. Real repositories, real CLI."""

from __future__ import annotations

import shutil

import pytest
import yaml
from hostile import EXAMPLES, check, git, init

RULE = "pull-request-narrowing"


@pytest.fixture
def repo(tmp_path):
    repo = init(tmp_path / "repo")
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the system as released")
    git(repo, "checkout", "-qb", "feature")
    return repo


def _edit(repo, change):
    path = repo / "ai-security.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _narrowing(report):
    return [f for f in report["manifest_findings"] if f["rule"] == RULE]


def _run(repo):
    git(repo, "commit", "-qam", "the pull request")
    code, report, output = check(repo, "--base-ref", "main", "--offline")
    assert report is not None, output
    return code, report


def test_narrowing_the_roles_blocks(repo):
    _edit(repo, lambda d: d["system"].update(roles=["developer"]))
    code, report = _run(repo)
    found = _narrowing(report)
    assert code == 1 and found, report["manifest_findings"]
    assert "system_operator" in found[0]["message"] and found[0]["path"] == ["system", "roles"]


def test_removing_a_section_blocks(repo):
    _edit(repo, lambda d: d.pop("human_oversight"))
    code, report = _run(repo)
    assert code == 1
    assert [f["path"] for f in _narrowing(report)] == [["human_oversight"]]


def test_dropping_a_changed_model_from_the_inventory_blocks(repo):
    data = yaml.safe_load((repo / "ai-security.yaml").read_text())
    artefact = data["models"][0]["artefact"]
    name = data["models"][0]["name"]
    (repo / artefact).write_bytes(b"retrained weights")

    def drop(d):
        d["models"] = [m for m in d["models"] if m["name"] != name]

    _edit(repo, drop)
    code, report = _run(repo)
    found = _narrowing(report)
    assert code == 1 and any(name in f["message"] and artefact in f["message"] for f in found)


def test_a_pull_request_that_narrows_nothing_is_not_flagged(repo):
    (repo / "README.md").write_text("docs only\n")
    _edit(repo, lambda d: d["system"].update(roles=[*d["system"]["roles"]]))
    code, report = _run(repo)
    assert _narrowing(report) == [] and code == 0, report["manifest_findings"]
