"""Self-declared conditions are earned (claims.py, evidence/observed.py): a fact only the
manifest states (`published`, `cloud_providers`, `documentation`, `disposal.transfer`, weights
held) cannot switch a provision off when the repository shows the opposite, and an omitted one
reads the strict way. Each case is the real CLI on a real git repository built from the passing
example: the manifest claims the lighter reading while the repository shows otherwise -> the
provision fails with a message naming what was seen and what to declare; the honest manifest
-> not_applicable."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import EXAMPLES, TODAY, git

Change = Callable[[dict[str, Any], Path], None]


def _check(root: Path, change: Change) -> dict[str, dict[str, Any]]:
    shutil.copytree(EXAMPLES / "passing", root, dirs_exist_ok=True)
    path = root / "ai-security.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data, root)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "system")
    result = CliRunner().invoke(main, ["check", str(root), "--today", TODAY, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.output)
    out = {p["id"]: p for p in report["provisions"]}
    out["_manifest"] = {"findings": report["manifest_findings"], "exit": result.exit_code}
    return out


def _messages(p: dict[str, Any]) -> str:
    return "\n".join(f["message"] for f in p.get("findings", []))


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def _honest(data: dict[str, Any], root: Path) -> None:
    """The passing example as it is: published: false, providers listed, transfer declared."""


# --- published: weights shared with others (5.2.4-1.2) -----------------------------------


def test_unpublished_weights_the_repository_pushes_to_a_hub_fail(git_repo):
    def gamed(data, root):
        _write(
            root,
            "pipelines/release.py",
            "from transformers import AutoModel\n\n"
            "model = AutoModel.from_pretrained('models/helpdesk-llm')\n"
            "model.push_to_hub('example-org/helpdesk-llm')\n",
        )

    r = _check(git_repo, gamed)
    assert r["5.2.4-1.2"]["status"] == "fail"
    text = _messages(r["5.2.4-1.2"])
    assert "push_to_hub() pushes to the Hugging Face Hub (pipelines/release.py:4)" in text
    assert "set `published: true`" in text


def test_a_hub_push_only_a_test_makes_publishes_nothing(git_repo):
    """A test that pushes to a hub (peft's tests/regression does) is not the system sharing
    its weights: `published: false` stands, as the roles derivation reads it."""

    def honest(data, root):
        _write(root, "tests/test_release.py", "m.push_to_hub('example-org/tiny-test-model')\n")

    r = _check(git_repo, honest)
    assert "push_to_hub" not in _messages(r["5.2.4-1.2"])
    assert r["5.2.4-1.2"]["status"] == "not_applicable"


@pytest.mark.parametrize(
    ("rel", "text", "run"),
    [
        (
            "docs/release.sh",
            "#!/bin/sh\nhf upload example-org/helpdesk-llm out\n",
            "bash docs/release.sh",
        ),
        (
            "tests/release.py",
            "m.push_to_hub('example-org/helpdesk-llm')\n",
            "python tests/release.py",
        ),
    ],
)
def test_a_push_hidden_under_docs_or_tests_that_ci_runs_is_publishing(git_repo, rel, text, run):
    """Moving the release script under docs/ or tests/ does not hide it when CI runs it."""

    def gamed(data, root):
        _write(root, rel, text)
        _write(
            root,
            ".github/workflows/release.yml",
            f"on: push\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {run}\n",
        )

    r = _check(git_repo, gamed)
    assert r["5.2.4-1.2"]["status"] == "fail"
    assert f"{rel}:2" in _messages(r["5.2.4-1.2"]) or f"{rel}:1" in _messages(r["5.2.4-1.2"])


def test_a_ci_upload_to_the_hub_is_publishing_too(git_repo):
    def gamed(data, root):
        _write(
            root,
            ".github/workflows/release.yml",
            "on: push\njobs:\n  up:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - run: huggingface-cli upload example-org/helpdesk-llm models/helpdesk-llm\n",
        )

    r = _check(git_repo, gamed)
    assert r["5.2.4-1.2"]["status"] == "fail"
    assert "huggingface-cli upload" in _messages(r["5.2.4-1.2"])


def test_an_s3_upload_file_is_not_a_hub_push(git_repo):
    def honest(data, root):
        _write(
            root,
            "pipelines/backup.py",
            "import boto3\n\nboto3.client('s3').upload_file('a', 'bucket', 'a')\n",
        )

    assert _check(git_repo, honest)["5.2.4-1.2"]["status"] == "not_applicable"


def test_published_left_out_reads_as_shared(git_repo):
    def omitted(data, root):
        data["models"][0].pop("published")

    r = _check(git_repo, omitted)
    assert r["5.2.4-1.2"]["status"] == "fail"
    assert "`published:` is not declared" in _messages(r["5.2.4-1.2"])


def test_published_false_with_nothing_pushed_is_not_applicable(git_repo):
    r = _check(git_repo, _honest)
    assert r["5.2.4-1.2"]["status"] == "not_applicable"
    assert r["_manifest"]["exit"] == 0


def test_an_exemption_cannot_hide_a_push_the_repository_shows(git_repo):
    def gamed(data, root):
        _write(root, "pipelines/release.py", "m.push_to_hub('example-org/helpdesk-llm')\n")
        data["not_applicable"] = [
            {
                "provision": "5.2.4-1.2",
                "justification": "The adapter never leaves the organisation.",
                "approver": "Priya Raman",
                "reviewed": "2026-10-01",
            }
        ]

    r = _check(git_repo, gamed)
    assert r["5.2.4-1.2"]["status"] == "fail"
    assert "an exemption cannot set it aside" in _messages(r["5.2.4-1.2"])


def test_an_operator_whose_repository_publishes_is_a_developer(git_repo):
    def gamed(data, root):
        data["system"]["roles"] = ["system_operator", "data_custodian"]
        _write(root, "pipelines/release.py", "m.push_to_hub('example-org/helpdesk-llm')\n")

    r = _check(git_repo, gamed)
    found = [f["message"] for f in r["_manifest"]["findings"]]
    assert any("leaves out developer" in m and "pipelines/release.py:1" in m for m in found)


# --- cloud_providers: outside providers deliver part of the system (5.1.3-3, 5.2.2-6) -----


def _no_providers(data: dict[str, Any]) -> None:
    data["infrastructure"]["cloud_providers"] = []


@pytest.mark.parametrize(
    ("rel", "text", "seen"),
    [
        ("requirements.in", "boto3==1.34.0\n", "boto3 in the dependencies (requirements.in:1)"),
        (
            "pyproject.toml",
            '[project]\nname = "x"\nversion = "1"\ndependencies = [\n  "openai>=1.40",\n]\n',
            "OpenAI: openai in the dependencies (pyproject.toml:5)",
        ),
        (
            "web/package.json",
            '{"dependencies": {"@anthropic-ai/sdk": "0.30.0"}}',
            "Anthropic: @anthropic-ai/sdk in the dependencies (web/package.json:1)",
        ),
        ("infra/main.tf", 'provider "aws" {\n  region = "eu-west-1"\n}\n', "infra/main.tf:1"),
        (
            ".github/workflows/deploy.yml",
            "on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: google-github-actions/auth@v2\n",
            "Google Cloud: CI runs google-github-actions/auth (.github/workflows/deploy.yml:6)",
        ),
    ],
)
def test_no_cloud_providers_while_the_repository_uses_one_fails(git_repo, rel, text, seen):
    def gamed(data, root):
        _no_providers(data)
        _write(root, rel, text)

    r = _check(git_repo, gamed)
    for pid in ("5.1.3-3", "5.2.2-6"):
        assert r[pid]["status"] == "fail", pid
        assert seen in _messages(r[pid]), _messages(r[pid])
        assert "list each with its contract and assurance" in _messages(r[pid])


def test_cloud_providers_left_out_reads_as_used(git_repo):
    def omitted(data, root):
        data["infrastructure"].pop("cloud_providers")

    r = _check(git_repo, omitted)
    assert r["5.1.3-3"]["status"] == "fail"
    assert "declare `cloud_providers: []`" in _messages(r["5.1.3-3"])


def test_no_cloud_providers_with_nothing_seen_is_not_applicable(git_repo):
    r = _check(git_repo, lambda data, root: _no_providers(data))
    assert r["5.1.3-3"]["status"] == "not_applicable"
    assert r["5.2.2-6"]["status"] == "not_applicable"


# --- documentation: an external model poorly documented (5.2.3-2, -2.1, -2.2) ------------


def _third_party(data: dict[str, Any], root: Path) -> None:
    """The operator's hosted model, with the supplier's card kept in the repository."""
    card = (root / "models" / "helpdesk-llm" / "README.md").read_text(encoding="utf-8")
    _write(
        root, "docs/suppliers/assistant-llm-card.md", card.replace("helpdesk-llm", "assistant-llm")
    )
    data["models"].append(
        {
            "name": "assistant-llm",
            "version": "2024-08-06",
            "source": "third_party",
            "supplier": "Example Org",
            "documentation": "adequate",
            "model_card": "docs/suppliers/assistant-llm-card.md",
        }
    )


def test_adequate_documentation_with_a_usable_card_is_not_applicable(git_repo):
    r = _check(git_repo, _third_party)
    assert r["5.2.3-2"]["status"] == "not_applicable"


def test_adequate_documentation_without_a_card_fails(git_repo):
    def gamed(data, root):
        _third_party(data, root)
        data["models"][-1].pop("model_card")

    r = _check(git_repo, gamed)
    for pid in ("5.2.3-2", "5.2.3-2.1", "5.2.3-2.2"):
        assert r[pid]["status"] == "fail", pid
    text = _messages(r["5.2.3-2"])
    assert "assistant-llm is declared `documentation: adequate`, but it cites no model card" in text


def test_adequate_documentation_on_a_placeholder_card_fails(git_repo):
    def gamed(data, root):
        _third_party(data, root)
        _write(root, "docs/suppliers/assistant-llm-card.md", "# Model card\n\nTODO\n")

    r = _check(git_repo, gamed)
    assert r["5.2.3-2"]["status"] == "fail"
    assert "which is not usable" in _messages(r["5.2.3-2"])


def test_documentation_left_out_reads_as_poor(git_repo):
    def omitted(data, root):
        _third_party(data, root)
        data["models"][-1].pop("documentation")

    r = _check(git_repo, omitted)
    assert r["5.2.3-2"]["status"] == "fail"
    assert "`documentation:` is not declared" in _messages(r["5.2.3-2"])


# --- disposal.transfer: data or models go to another entity (5.5.1-1) ---------------------


def _no_transfer(data: dict[str, Any]) -> None:
    data["disposal"].pop("transfer")


EXEMPTION = {
    "provision": "5.5.1-1",
    "justification": "Nothing is ever handed to another entity: data and adapter stay here.",
    "approver": "Priya Raman",
    "reviewed": "2026-10-01",
}


def test_transfer_left_out_reads_as_transferred(git_repo):
    r = _check(git_repo, lambda data, root: _no_transfer(data))
    assert r["5.5.1-1"]["status"] == "fail"
    assert "exempt 5.5.1-1 under `not_applicable:`" in _messages(r["5.5.1-1"])


def test_no_transfer_with_a_justified_exemption_is_not_applicable(git_repo):
    def honest(data, root):
        _no_transfer(data)
        data["not_applicable"] = [EXEMPTION]

    r = _check(git_repo, honest)
    assert r["5.5.1-1"]["status"] == "not_applicable"
    assert r["5.5.1-1"]["justified"] is True


def test_no_transfer_while_the_repository_uploads_a_dataset_fails(git_repo):
    def gamed(data, root):
        _no_transfer(data)
        data["not_applicable"] = [EXEMPTION]
        _write(
            root,
            ".gitlab-ci.yml",
            "publish:\n  script:\n"
            "    - huggingface-cli upload example-org/tickets data --repo-type dataset\n",
        )

    r = _check(git_repo, gamed)
    assert r["5.5.1-1"]["status"] == "fail"
    text = _messages(r["5.5.1-1"])
    assert "CI runs `huggingface-cli upload` (.gitlab-ci.yml:3)" in text
    assert "an exemption cannot set it aside" in text


# --- weights held: a weight file in the repository ---------------------------------------


def test_weight_files_in_a_repository_that_claims_to_hold_none_count(git_repo):
    def gamed(data, root):
        model = data["models"][0]
        for key in ("artefact", "sha256", "signature", "published", "confidential"):
            model.pop(key)
        model["source"] = "third_party"
        data["disposal"]["model_deletion"] = False  # "no weights held: nothing to delete"

    r = _check(git_repo, gamed)
    assert r["5.5.1-2"]["status"] == "fail"
    assert "weights" in _messages(r["5.5.1-2"])


def test_no_cloud_providers_while_the_manifest_calls_a_hosted_model_fails(git_repo):
    def gamed(data, root):
        _no_providers(data)
        _third_party(data, root)
        data["models"][-1]["uri"] = "https://api.example.org/v1/chat/completions"
        data["models"][-1]["revision"] = "assistant-llm-2024-08-06"

    r = _check(git_repo, gamed)
    assert r["5.2.2-6"]["status"] == "fail"
    assert (
        "assistant-llm is called at https://api.example.org/v1/chat/completions (models[1].uri)"
        in (_messages(r["5.2.2-6"]))
    )


def test_a_hub_model_is_no_hosted_provider(git_repo):
    def honest(data, root):
        _no_providers(data)
        _third_party(data, root)  # downloaded from a hub, not run by a provider
        data["models"][-1]["uri"] = "https://huggingface.co/example-org/assistant-llm"
        data["models"][-1]["revision"] = "3ad372fc79158a2148299e3318516c786aeded6c"

    assert _check(git_repo, honest)["5.2.2-6"]["status"] == "not_applicable"
