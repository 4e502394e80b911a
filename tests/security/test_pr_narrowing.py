"""A pull request cannot narrow what the gate checks (docs/security.md): dropping roles,
removing a section, or dropping a model from the inventory while changing its files is a
blocking manifest finding in pull-request mode. Real repositories, real CLI."""

from __future__ import annotations

import shutil

import pytest
import yaml
from hostile import check, feature_branch, git

RULE = "pull-request-narrowing"


@pytest.fixture
def repo(tmp_path):
    return feature_branch(tmp_path / "repo")


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


def _signature_findings(report):
    return [f for f in _narrowing(report) if f["path"][-1:] == ["signature"]]


def test_a_key_the_pull_request_changes_does_not_vouch_for_it(repo):
    key = repo / "keys" / "model-signing.pub"
    key.write_text(key.read_text().replace("A", "B", 1))  # the attacker's key, same path
    code, report = _run(repo)
    found = _signature_findings(report)
    assert code == 1 and found and "keys/model-signing.pub" in found[0]["message"]


def test_a_key_the_pull_request_adds_does_not_vouch_for_it(repo):
    shutil.copy(repo / "keys" / "model-signing.pub", repo / "keys" / "mine.pub")
    git(repo, "add", "keys/mine.pub")
    _edit(repo, lambda d: d["models"][0]["signature"].update(public_key="keys/mine.pub"))
    code, report = _run(repo)
    found = _signature_findings(report)
    assert code == 1 and found and "keys/mine.pub" in found[0]["message"]


def test_a_sigstore_identity_the_pull_request_adds_does_not_vouch_for_it(repo):
    def sigstore(d):
        d["models"][0]["signature"] = {
            "method": "sigstore",
            "path": "models/helpdesk-llm/model.sig",
            "covers": "models/helpdesk-llm",
            "identity": "attacker@example.com",
            "issuer": "https://accounts.example.com",
        }

    _edit(repo, sigstore)
    code, report = _run(repo)
    assert code == 1 and _signature_findings(report)
