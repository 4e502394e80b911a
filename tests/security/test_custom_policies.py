"""Custom policies (`-p DIR`) cannot change the shipped ones (docs/security.md): Rego merges
the modules of a package, so a custom module declaring a shipped package would add bodies
to its rules. The real CLI refuses it with exit 2 naming the module."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from hostile import EXAMPLES, TODAY, git, init

from ai_security_gate.cli import main

# everything counts as pinned, if the module were merged into the shipped package
UNPIN = "\nimport rego.v1\n\npinned(ref) if true\n"


@pytest.fixture
def unpinned(tmp_path):
    """A repository whose remote model has no revision: 5.2.3-1 fails honestly."""
    repo = init(tmp_path / "repo")
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    manifest = repo / "ai-security.yaml"
    text = manifest.read_text()
    line = "      revision: 3ad372fc79158a2148299e3318516c786aeded6c\n"
    assert line in text
    manifest.write_text(text.replace(line, ""))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "unpinned model")
    return repo


def _run(repo, policy_dir):
    return CliRunner().invoke(
        main, ["check", str(repo), "--today", TODAY, "--offline", "-p", str(policy_dir)]
    )


@pytest.mark.parametrize(
    "package",
    [
        "ai_security.p07_supply_chain",
        'ai_security["p07_supply_chain"]',
        "ai_security .p07_supply_chain",
        "ai_security.p07_supply_chain.extra",
        "ai_security.lib",
        "ai_security.attestations",
        "ai_security.evidence",
        "ai_security",
    ],
)
def test_a_custom_module_cannot_declare_a_shipped_package(tmp_path, unpinned, package):
    policies = tmp_path / "org-policies"
    (policies / "sub").mkdir(parents=True)
    module = policies / "sub" / "sneaky.rego"
    module.write_text(f"# package ai_security.custom.decoy\npackage {package}{UNPIN}")
    result = _run(unpinned, policies)
    assert result.exit_code == 2, result.output
    if " ." in package:  # the embedded engine's parser refuses the module before any merge
        assert "failed while loading org-policies/sub/sneaky.rego" in result.output
        return
    assert str(module) in result.output and "belongs to the shipped policies" in result.output
    assert "ai_security.custom.<name>" in result.output


def test_the_custom_namespace_is_allowed(tmp_path, unpinned):
    policies = tmp_path / "org-policies"
    policies.mkdir()
    (policies / "org.rego").write_text(f"package ai_security.custom.org{UNPIN}")
    result = _run(unpinned, policies)
    # loaded, and it changes nothing of the shipped rules: the unpinned model still fails
    assert result.exit_code == 1, result.output
    assert "5.2.3-1" in result.output and "no pinned revision" in result.output
