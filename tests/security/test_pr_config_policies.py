"""In pull-request mode what guards the head comes from the base (docs/security.md): the
configuration file and the policy directories it names are read from the base commit, so a
pull request that deletes or edits an organisation's policy, drops its directory from the
configuration, or lowers `fail-on` is still judged by the base's. What it changed is
reported as a note. Real git repositories, the real CLI; each attack turns the gate green
on the code before this fix (the policies were read from the head work tree)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile import EXAMPLES, check, git, init

# the organisation's rule: every system must carry a (fictional) review label; the example
# has none, so the rule reports under a `should` provision (5.1.1-2.1) with its METADATA
ORG_RULE = """package ai_security.custom.org

import rego.v1

# METADATA
# title: Organisation review label
# description: The organisation requires a review label on every system.
# custom:
#   provision: ["5.1.1-2.1"]
#   rule: org_review_label
violations contains v if {
	not input.manifest.system.org_review_label
	v := {
		"provision": "5.1.1-2.1",
		"rule": "org_review_label",
		"message": "the organisation requires system.org_review_label",
		"path": ["system"],
	}
}
"""
CONFIG = 'fail-on = "should"\npolicy = ["org-policies"]\n'


def _org_repo(tmp: Path) -> Path:
    """examples/passing with the organisation's configuration and policy on `main`, and a
    pull-request branch `feature` checked out."""
    repo = init(tmp / "repo")
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    (repo / "org-policies").mkdir()
    (repo / "org-policies" / "org.rego").write_text(ORG_RULE)
    (repo / ".ai-security-gate.toml").write_text(CONFIG)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base with the organisation's policy")
    git(repo, "checkout", "-qb", "feature")
    return repo


def _commit(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pull request")


def _failed_org_rule(report: dict | None) -> bool:
    assert report is not None
    return any(
        v.get("rule") == "ai_security.custom.org.org_review_label" or "org_review_label" in str(v)
        for p in report["provisions"]
        if p["id"] == "5.1.1-2.1"
        for v in p.get("findings", [])
    )


def _notes(report: dict | None) -> str:
    assert report is not None
    return " ".join(n["message"] for n in report["notices"])


def test_the_organisation_rule_fails_the_example(tmp_path):
    """The baseline of every attack below: on the base itself the rule fails the gate."""
    repo = _org_repo(tmp_path)
    code, report, out = check(repo, "--offline", "--base-ref", "main")
    assert code == 1, out
    assert _failed_org_rule(report)
    assert "pull request changes" not in _notes(report)  # nothing changed: no note


ATTACKS = {
    "deletes the policy file": lambda r: (r / "org-policies" / "org.rego").unlink(),
    "deletes the whole directory": lambda r: shutil.rmtree(r / "org-policies"),
    "edits the rule to never fire": lambda r: (r / "org-policies" / "org.rego").write_text(
        ORG_RULE.replace("not input.manifest.system.org_review_label", "false")
    ),
    "drops the directory from the configuration": lambda r: (
        r / ".ai-security-gate.toml"
    ).write_text('fail-on = "should"\n'),
    "lowers fail-on": lambda r: (r / ".ai-security-gate.toml").write_text(
        'fail-on = "shall"\npolicy = ["org-policies"]\n'
    ),
    "deletes the configuration": lambda r: (r / ".ai-security-gate.toml").unlink(),
    "points the configuration at an empty directory": lambda r: (
        (r / "empty").mkdir(),
        (r / "empty" / "keep.rego").write_text("package ai_security.custom.empty\n"),
        (r / ".ai-security-gate.toml").write_text('fail-on = "should"\npolicy = ["empty"]\n'),
    ),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_pull_request_cannot_weaken_the_organisation_policies(tmp_path, attack):
    repo = _org_repo(tmp_path)
    ATTACKS[attack](repo)
    _commit(repo)
    code, report, out = check(repo, "--offline", "--base-ref", "main")
    assert code == 1, out
    assert _failed_org_rule(report), out
    assert "this pull request changes" in _notes(report), _notes(report)
    assert "applies once merged" in _notes(report)


def test_an_uncommitted_change_in_the_work_tree_is_not_used_either(tmp_path):
    """CI checks out the head; what matters is that the work tree is the pull request's."""
    repo = _org_repo(tmp_path)
    (repo / "org-policies" / "org.rego").write_text("package ai_security.custom.org\n")
    code, report, out = check(repo, "--offline", "--base-ref", "main")
    assert code == 1, out
    assert _failed_org_rule(report)
    assert "changes the policies in org-policies" in _notes(report)


def test_a_symlinked_policy_directory_in_the_head_is_not_followed(tmp_path):
    repo = _org_repo(tmp_path)
    shutil.rmtree(repo / "org-policies")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / "org-policies").symlink_to(elsewhere)
    _commit(repo)
    code, report, out = check(repo, "--offline", "--base-ref", "main")
    assert code == 1, out
    assert _failed_org_rule(report)


def test_without_base_ref_the_work_tree_policies_are_used(tmp_path):
    """The plain mode keeps reading the work tree: the deletion takes effect there, which
    shows the pull-request tests above can fail."""
    repo = _org_repo(tmp_path)
    (repo / "org-policies" / "org.rego").unlink()
    code, report, out = check(repo, "--offline")
    assert code == 0, out
    assert not _failed_org_rule(report), out


def test_a_policy_directory_the_base_lacks_is_exit_2(tmp_path):
    """The base's configuration names a directory it does not have: the run cannot use the
    pull request's copy instead (fail closed)."""
    repo = init(tmp_path / "repo")
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    (repo / ".ai-security-gate.toml").write_text(CONFIG)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base naming a directory it lacks")
    git(repo, "checkout", "-qb", "feature")
    (repo / "org-policies").mkdir()
    (repo / "org-policies" / "org.rego").write_text("package ai_security.custom.org\n")
    _commit(repo)
    code, _, out = check(repo, "--offline", "--base-ref", "main")
    assert code == 2, out
    assert "org-policies" in out and "does not have" in out
    assert "Traceback" not in out


def test_a_policy_directory_outside_the_repository_is_used_as_named(tmp_path):
    """Outside the work tree the pull request does not control it: read as the base's
    configuration names it (an organisation's shared checkout next to the repository)."""
    repo = _org_repo(tmp_path)
    shared = tmp_path / "shared-policies"
    shutil.copytree(repo / "org-policies", shared)
    git(repo, "checkout", "-q", "main")
    (repo / ".ai-security-gate.toml").write_text(
        'fail-on = "should"\npolicy = ["../shared-policies"]\n'
    )
    git(repo, "commit", "-qam", "shared policies")
    git(repo, "checkout", "-q", "feature")
    git(repo, "reset", "-q", "--hard", "main")
    code, report, out = check(repo, "--offline", "--base-ref", "main")
    assert code == 1, out
    assert _failed_org_rule(report)


def _bundle(path: Path, rule: str) -> None:
    """An unsigned OPA bundle holding the organisation's module (custom modules only)."""
    import io
    import tarfile

    with tarfile.open(path, "w:gz") as tar:
        data = rule.encode()
        info = tarfile.TarInfo("org/org.rego")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))


def test_a_bundle_named_by_the_configuration_comes_from_the_base(tmp_path):
    repo = init(tmp_path / "repo")
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    _bundle(repo / "org.tar.gz", ORG_RULE)
    (repo / ".ai-security-gate.toml").write_text('fail-on = "should"\npolicy = ["org.tar.gz"]\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base with the organisation's bundle")
    git(repo, "checkout", "-qb", "feature")
    _bundle(repo / "org.tar.gz", "package ai_security.custom.org\n")  # the rule is gone
    _commit(repo)
    code, report, out = check(repo, "--offline", "--base-ref", "main")
    assert code == 1, out
    assert _failed_org_rule(report)
    assert "changes the policies in org.tar.gz" in _notes(report)
    plain, _, out = check(repo, "--offline")  # the work tree's bundle, outside PR mode
    assert plain == 0, out


def test_an_unrelated_pyproject_change_is_not_reported(tmp_path):
    """Only the gate's own table counts: a pull request that bumps a dependency in
    pyproject.toml changes nothing the gate reads, and gets no note."""
    repo = init(tmp_path / "repo")
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    table = '[tool.ai-security-gate]\nfail-on = "should"\n'
    (repo / "pyproject.toml").write_text(f'[project]\nname = "x"\nversion = "1"\n\n{table}')
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "feature")
    (repo / "pyproject.toml").write_text(f'[project]\nname = "x"\nversion = "2"\n\n{table}')
    _commit(repo)
    code, report, out = check(repo, "--offline", "--base-ref", "main")
    assert code == 0, out
    assert "configuration" not in _notes(report)
    (repo / "pyproject.toml").write_text(f'[project]\nname = "x"\nversion = "2"\n\n{table}x = 1\n')
    _commit(repo)
    code, report, out = check(repo, "--offline", "--base-ref", "main")
    assert code == 0, out  # the head's broken table is not used; the base's is
    assert "this pull request breaks the gate's configuration" in _notes(report)


def _cli_policy_repo(tmp: Path) -> Path:
    """As `_org_repo`, but the workflow names the organisation's policies with `-p` (no
    configuration file): the path is the workflow's, the files in it the checkout's."""
    repo = _org_repo(tmp)
    git(repo, "checkout", "-q", "main")
    (repo / ".ai-security-gate.toml").unlink()
    _commit(repo)
    git(repo, "checkout", "-q", "feature")
    git(repo, "reset", "-q", "--hard", "main")
    return repo


CLI_ATTACKS = {k: ATTACKS[k] for k in ("deletes the policy file", "edits the rule to never fire")}


@pytest.mark.parametrize("attack", sorted(CLI_ATTACKS))
def test_a_pull_request_cannot_weaken_policies_the_workflow_names_with_p(tmp_path, attack):
    repo = _cli_policy_repo(tmp_path)
    CLI_ATTACKS[attack](repo)
    _commit(repo)
    policies = str(repo / "org-policies")
    plain, report, out = check(repo, "--offline", "-p", policies, "--fail-on", "should")
    assert plain in (0, 2), out  # outside pull-request mode the checkout's copy is used
    code, report, out = check(
        repo, "--offline", "--base-ref", "main", "-p", policies, "--fail-on", "should"
    )
    assert code == 1, out
    assert _failed_org_rule(report), out
    assert "this pull request changes the policies in org-policies" in _notes(report)


def test_p_naming_policies_the_base_lacks_is_a_tool_error(tmp_path):
    repo = _cli_policy_repo(tmp_path)
    (repo / "new-policies").mkdir()
    (repo / "new-policies" / "x.rego").write_text(ORG_RULE.replace(".org", ".neworg"))
    _commit(repo)
    code, _, out = check(repo, "--offline", "--base-ref", "main", "-p", str(repo / "new-policies"))
    assert code == 2, out
    assert "base branch main does not have it" in out


def test_p_outside_the_checkout_is_used_as_given(tmp_path):
    repo = _cli_policy_repo(tmp_path)
    outside = tmp_path / "workflow-policies"
    shutil.copytree(repo / "org-policies", outside)
    code, report, out = check(
        repo, "--offline", "--base-ref", "main", "-p", str(outside), "--fail-on", "should"
    )
    assert code == 1, out
    assert _failed_org_rule(report)
    assert "changes the policies" not in _notes(report)
