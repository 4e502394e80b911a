"""In pull-request mode a base-branch waiver covers the findings the base already had, not its
whole provision (docs/security.md, pr_waivers.py). Real git repositories, the real CLI and
engine: the base waives 5.1.3-1.3 for one finding (threat T6 accepted without a rationale),
and pull requests try to slip other findings under that waiver."""

from __future__ import annotations

import shutil

import pytest
from hostile import EXAMPLES, check, git, init

from ai_security_gate.results import Finding, Location

PID = "5.1.3-1.3"
WAIVER = """
  - provision: 5.1.3-1.3
    justification: the risk owner writes the rationale for T6 at the next risk review
    approver: Lena Fischer
    expires: 2027-01-31
"""
RATIONALE = "      rationale: Residual risk is low; an agent reviews drafted replies.\n"
T5_CONTROLS = "      mitigations: [authentication, rate limits]\n"
T6 = "    - id: T6\n      category: evasion\n      description: Crafted inputs bypass the content filter.\n"


@pytest.fixture
def repo(tmp_path):
    """`main`: the example with finding A (T6 accepted without a rationale) and a waiver
    for its provision; `feature`: the pull request, one commit ahead when it commits."""
    repo = init(tmp_path / "repo")
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    _edit(repo, (RATIONALE, ""), ("waivers: []\n", "waivers:" + WAIVER))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the system, with a waived finding")
    git(repo, "checkout", "-qb", "feature")
    return repo


def _edit(repo, *replacements):
    path = repo / "ai-security.yaml"
    text = path.read_text()
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text)


def _pr(repo, *args):
    git(repo, "commit", "-qam", "the pull request", "--allow-empty")
    code, report, output = check(repo, "--base-ref", "main", "--offline", *args)
    assert report is not None, output
    result = next(p for p in report["provisions"] if p["id"] == PID)
    return code, result


def test_a_pull_request_that_only_keeps_the_waived_finding_stays_waived(repo):
    (repo / "docs" / "pr-note.md").write_text("an unrelated change\n")
    git(repo, "add", "-A")
    code, result = _pr(repo)
    assert (code, result["status"]) == (0, "waived")


def test_a_new_finding_under_the_waived_provision_fails(repo):
    _edit(repo, (T5_CONTROLS, "      mitigations: []\n"))  # finding B, same provision
    code, result = _pr(repo)
    assert (code, result["status"]) == (1, "fail")
    [new] = result["findings"]  # only B is reported: A stays covered
    assert "threat T5" in new["message"]
    assert "new since the base branch" in new["message"]
    assert "covers only findings present on main" in new["message"]


def test_outside_pull_request_mode_the_waiver_still_covers_its_provision(repo):
    _edit(repo, (T5_CONTROLS, "      mitigations: []\n"))
    git(repo, "commit", "-qam", "finding B")
    _, report, output = check(repo, "--offline")
    assert report is not None, output
    assert next(p for p in report["provisions"] if p["id"] == PID)["status"] == "waived"


def test_changing_the_subject_of_the_waived_finding_is_not_covered(repo):
    # same provision, rule, path and message, but T6 now describes another threat
    _edit(
        repo,
        (
            T6,
            "    - id: T6\n      category: evasion\n"
            "      description: Jailbreak prompts switch off the tool allow-list.\n",
        ),
    )
    code, result = _pr(repo)
    assert (code, result["status"]) == (1, "fail")
    assert "threat T6" in result["findings"][0]["message"]


def _plain_fingerprint(finding):
    message = finding["message"].split(" (new since the base branch")[0]
    return Finding(
        "policy", message, tuple(finding["path"]), Location(""), PID, finding["rule"]
    ).fingerprint


def test_a_finding_that_disappears_and_reappears_for_another_weakness_is_not_covered(repo):
    # T6 is replaced by another accepted threat at the same place with the same id: the
    # plain fingerprint (provision, rule, path, message) is the same, the weakness is not
    _edit(
        repo,
        (
            T6 + "      mitigations: [adversarial test suite]\n",
            "    - id: T6\n      category: model_extraction\n"
            "      description: Bulk querying reproduces the adapter.\n"
            "      mitigations: [rate limits]\n",
        ),
    )
    code, result = _pr(repo)
    assert (code, result["status"]) == (1, "fail")
    [new] = result["findings"]
    git(repo, "checkout", "-q", "main")
    _, base, _ = check(repo, "--offline")
    [old] = next(p for p in base["provisions"] if p["id"] == PID)["findings"]
    assert _plain_fingerprint(new) == _plain_fingerprint(old)


def test_moving_the_waived_entry_within_its_list_keeps_the_waiver(repo):
    # the entry is the same; only its index changed (so the plain fingerprint did)
    text = (repo / "ai-security.yaml").read_text()
    start = text.index("    - id: T6\n")
    end = text.index("    - id: T7\n")
    block = text[start:end]
    text = text[:start] + text[end:]
    text = text.replace("    - id: T1\n", block + "    - id: T1\n", 1)
    (repo / "ai-security.yaml").write_text(text)
    code, result = _pr(repo)
    assert (code, result["status"]) == (0, "waived")


def test_a_second_copy_of_the_waived_finding_is_new(repo):
    # a second threat accepted without a rationale, identical to T6 but for its id
    copy = T6.replace("T6", "T8") + (
        "      mitigations: [adversarial test suite]\n      treatment: accept\n"
        "      owner: Dana Okafor\n"
    )
    _edit(repo, ("  residual_risks:", copy + "  residual_risks:"))
    code, result = _pr(repo)
    assert (code, result["status"]) == (1, "fail")
    assert "threat T8" in result["findings"][0]["message"]


def test_changing_a_file_the_waived_entry_cites_is_not_covered(repo):
    # the base also waives a hash mismatch (the model's declared sha256 is wrong); the pull
    # request replaces the adapter itself, so the same message now describes other bytes
    git(repo, "checkout", "-q", "main")
    _edit(
        repo,
        (
            "    sha256: f51106dccf7bc4527ee879b0479ea1bbf42014bb95e1723b5d93914d08a42159\n",
            "    sha256: " + "a" * 64 + "\n",
        ),
        ("waivers:\n", "waivers:" + WAIVER.replace(PID, "5.2.1-2")),
    )
    git(repo, "commit", "-qam", "waive a hash mismatch too")
    git(repo, "checkout", "-q", "feature")
    git(repo, "reset", "-q", "--hard", "main")
    (repo / "docs" / "pr-note.md").write_text("an unrelated change\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "unrelated")
    code, report, output = check(repo, "--base-ref", "main", "--offline")
    assert _status(report, "5.2.1-2") == "waived", output
    adapter = repo / "models" / "helpdesk-llm" / "adapter.safetensors"
    adapter.write_bytes(adapter.read_bytes() + b"\0")
    git(repo, "commit", "-qam", "another adapter")
    code, report, output = check(repo, "--base-ref", "main", "--offline")
    assert (code, _status(report, "5.2.1-2")) == (1, "fail"), output


def _status(report, pid):
    return next(p for p in report["provisions"] if p["id"] == pid)["status"]


def test_evaluating_the_base_runs_nothing_the_repository_configures(repo, tmp_path):
    # the base's tree selects drivers in .gitattributes; the clone's configuration defines
    # them, plus hooks and fsmonitor: copying the base's files must run none of them
    from hostile import markers, payload, touch_all

    git(repo, "checkout", "-q", "main")
    (repo / ".gitattributes").write_text("*.md filter=evil diff=evil\n*.yaml filter=evil\n")
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-qm", "attributes on the base")
    git(repo, "checkout", "-q", "feature")
    git(repo, "reset", "-q", "--hard", "main")
    (repo / "docs" / "pr-note.md").write_text("an unrelated change\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the pull request")
    touch_all(repo)  # stat-dirty, so git would have to read (and filter) the files
    for key in ("filter.evil.clean", "filter.evil.smudge", "filter.evil.process"):
        git(repo, "config", key, str(payload(tmp_path, key)))
    git(repo, "config", "diff.evil.textconv", str(payload(tmp_path, "textconv")))
    git(repo, "config", "core.fsmonitor", str(payload(tmp_path, "fsmonitor")))
    for hook in ("post-checkout", "post-index-change", "reference-transaction"):
        target = repo / ".git" / "hooks" / hook
        target.write_bytes(payload(tmp_path, hook).read_bytes())
        target.chmod(0o755)
    assert markers(tmp_path) == []
    code, report, output = check(repo, "--base-ref", "main", "--offline")
    assert markers(tmp_path) == [], output
    # the base was evaluated (the waiver still covers A), not given up on
    assert (code, _status(report, PID)) == (0, "waived"), output


def test_a_base_that_cannot_be_evaluated_covers_nothing(repo, monkeypatch):
    # the files the base cites exceed what is copied to evaluate it: fail closed, and say why
    from ai_security_gate.evidence import base_tree

    monkeypatch.setattr(base_tree, "MAX_BYTES", 1024)
    (repo / "docs" / "pr-note.md").write_text("an unrelated change\n")
    git(repo, "add", "-A")
    code, result = _pr(repo)
    assert (code, result["status"]) == (1, "fail")
    assert "could not be evaluated" in result["findings"][0]["message"]
    assert "MiB" in result["findings"][0]["message"]


def test_in_a_subproject_the_base_is_evaluated_at_the_subproject(tmp_path):
    # a monorepo: the manifest and its files live in services/chat; the base's copy keeps
    # that layout, so the base's findings match the head's
    repo = init(tmp_path / "mono")
    sub = repo / "services" / "chat"
    shutil.copytree(EXAMPLES / "passing", sub)
    _edit(sub, (RATIONALE, ""), ("waivers: []\n", "waivers:" + WAIVER))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the system, with a waived finding")
    git(repo, "checkout", "-qb", "feature")
    (sub / "docs" / "pr-note.md").write_text("an unrelated change\n")
    git(repo, "add", "-A")
    code, result = _pr(sub)
    assert (code, result["status"]) == (0, "waived")
    _edit(sub, (T5_CONTROLS, "      mitigations: []\n"))
    code, result = _pr(sub)
    assert (code, result["status"]) == (1, "fail")
    assert "new since the base branch" in result["findings"][0]["message"]
