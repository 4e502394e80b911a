"""A subproject may cite its signature's key at the repository root with `..` (issue 12); in
pull-request mode that key is still a trust anchor the pull request cannot change or re-spell
to vouch for its own artefacts. The passing example as `services/chat` of a real monorepo,
its public key moved to the top-level `keys/`; the real CLI with --base-ref."""

from __future__ import annotations

import shutil

import pytest
import yaml
from hostile import EXAMPLES, check, git, init

KEY = "keys/model-signing.pub"


def _sign_from_the_top(repo, spelling: str) -> None:
    path = repo / "services" / "chat" / "ai-security.yaml"
    data = yaml.safe_load(path.read_text())
    data["models"][0]["signature"]["public_key"] = spelling
    path.write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.fixture(params=["../../keys/model-signing.pub", "../../keys/./model-signing.pub"])
def monorepo(tmp_path, request):
    repo = init(tmp_path / "repo")
    sub = repo / "services" / "chat"
    shutil.copytree(EXAMPLES / "passing", sub)
    shutil.move(sub / "keys", repo / "keys")
    _sign_from_the_top(repo, request.param)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the system as released")
    git(repo, "checkout", "-qb", "feature")
    return repo


def _anchor_findings(repo):
    git(repo, "commit", "-qam", "the pull request")
    code, report, output = check(repo / "services" / "chat", "--base-ref", "main", "--offline")
    assert report is not None, output
    found = [f for f in report["manifest_findings"] if f["path"][-1:] == ["signature"]]
    return code, report, found


def test_the_base_key_at_the_top_verifies_the_subprojects_model(monorepo):
    (monorepo / "README.md").write_text("docs only\n")
    git(monorepo, "add", "README.md")
    _, report, found = _anchor_findings(monorepo)
    assert found == [], found
    sig = next(p for p in report["provisions"] if p["id"] == "5.2.3-1")
    assert not [f for f in sig["findings"] if "signature" in f["message"]], sig["findings"]


def test_a_pull_request_that_changes_the_top_level_key_does_not_vouch_for_itself(monorepo):
    key = monorepo / KEY
    key.write_text(key.read_text().replace("A", "B", 1))  # the attacker's key, same path
    code, _, found = _anchor_findings(monorepo)
    assert code == 1 and found, "a changed key outside the subproject must block"
    assert "changes the key file" in found[0]["message"]


def test_re_spelling_the_key_path_is_a_new_anchor(monorepo):
    _sign_from_the_top(monorepo, "../../keys/../keys/model-signing.pub")
    key = monorepo / KEY
    key.write_text(key.read_text().replace("A", "B", 1))
    code, _, found = _anchor_findings(monorepo)
    assert code == 1 and found


def test_a_changed_file_inside_a_directory_cited_with_dot_dot_counts_as_changed(monorepo):
    """The model lives at the top (`../../models/helpdesk-llm`): retraining it while dropping
    it from the subproject's inventory is narrowing, as inside the subproject."""
    sub = monorepo / "services" / "chat"
    shutil.move(sub / "models", monorepo / "models")
    path = sub / "ai-security.yaml"
    data = yaml.safe_load(path.read_text())
    model = data["models"][0]
    for key in ("artefact", "model_card"):
        model[key] = "../../" + model[key]
    for key in ("path", "covers"):
        model["signature"][key] = "../../" + model["signature"][key]
    # a second model, so dropping the first leaves the section in place
    data["models"].append({"name": "router", "source": "third_party", "uri": "https://e.x/r"})
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    git(monorepo, "add", "-A")
    git(monorepo, "commit", "-qm", "the model moves to the top")
    git(monorepo, "branch", "-f", "main", "HEAD")  # that is the released base
    (monorepo / model["artefact"][len("../../") :]).write_bytes(b"retrained weights")
    data["models"] = data["models"][1:]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    git(monorepo, "commit", "-qam", "the pull request")
    code, report, output = check(sub, "--base-ref", "main", "--offline")
    assert report is not None, output
    found = [f for f in report["manifest_findings"] if f["rule"] == "pull-request-narrowing"]
    assert code == 1 and any(model["name"] in f["message"] for f in found), [
        f["message"] for f in found
    ]
