"""Three legitimately different systems, each passing for the right reasons, and a gamed
variant of each that fails. Built from the passing example's documents in real git
repositories, checked by the real CLI:
- an operator that only calls a hosted model API and trains nothing;
- a developer publishing open weights and operating nothing;
- a data custodian.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import EXAMPLES, TODAY, git


def _repo(root: Path, change) -> Path:
    shutil.copytree(EXAMPLES / "passing", root, dirs_exist_ok=True)
    path = root / "ai-security.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data, root)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "system")
    return root


def _check(repo: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["check", str(repo), "--today", TODAY, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)


def _statuses(report: dict[str, Any]) -> dict[str, str]:
    return {p["id"]: p["status"] for p in report["provisions"]}


def _unmet_shall(report: dict[str, Any]) -> list[str]:
    return [p["id"] for p in report["provisions"] if p["blocking"]]


def _bom(root: Path, components: list[dict[str, Any]]) -> None:
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": components}
    (root / "sbom" / "ai-bom.cdx.json").write_text(json.dumps(bom), encoding="utf-8")


def hosted_api_operator(data: dict[str, Any], root: Path) -> None:
    """Calls a hosted model API; trains nothing, holds no weights and no datasets."""
    data["system"]["roles"] = ["system_operator"]
    data["system"]["design_assessment"]["participants"] = ["system_operator"]
    data["models"] = [
        {
            "name": "assistant-llm",
            "version": "2024-08-06",
            "source": "third_party",
            "supplier": "Example Org",
            "uri": "https://api.example.org/v1/chat/completions",
            # a hosted API is pinned by the dated snapshot id it calls (lib/hosted.rego)
            "revision": "assistant-llm-2024-08-06",
            "evaluation": {
                "report": "docs/evaluation/helpdesk-llm-1.3.0.md",
                "date": "2026-09-14",
                "model_version": "2024-08-06",
            },
            "documentation": "adequate",  # backed by the supplier's card, kept here
            "model_card": "docs/suppliers/assistant-llm-card.md",
        }
    ]
    data.pop("datasets")
    keep = {"prompt_injection", "model_extraction", "evasion", "supply_chain"}
    threats = data["threat_model"]["threats"]
    data["threat_model"]["threats"] = [t for t in threats if t["category"] in keep]
    for t in data["testing"]["security_tests"]:
        t["model_version"] = "2024-08-06"
    data["infrastructure"]["data_protection"].pop("weights_location")
    data["disposal"] = {
        "plan": "docs/ops/decommissioning.md",
        "data_deletion": True,
        "model_deletion": False,  # no weights held: nothing to delete
        "custodian_signoff": "Priya Raman",
    }
    _bom(
        root, [{"type": "machine-learning-model", "name": "assistant-llm", "version": "2024-08-06"}]
    )
    # nothing is ever handed to another entity: only a justified exemption can say so
    data["not_applicable"] = [
        {
            "provision": "5.5.1-1",
            "justification": "No training data or model is ever transferred: the system holds "
            "neither, it only calls the supplier's hosted model.",
            "approver": "Priya Raman",
            "reviewed": "2026-10-01",
        }
    ]
    card = (root / "models" / "helpdesk-llm" / "README.md").read_text(encoding="utf-8")
    shutil.rmtree(root / "models")  # it holds no weights, so it keeps no weight files
    shutil.rmtree(root / "data")  # nor datasets: data files kept here would be unlisted ones
    (root / "docs" / "suppliers" / "assistant-llm-card.md").write_text(
        card.replace("helpdesk-llm", "assistant-llm"), encoding="utf-8"
    )
    for report in (root / "docs" / "evaluation").glob("*.md"):  # they test the hosted model
        text = report.read_text(encoding="utf-8")
        text = text.replace("helpdesk-llm", "assistant-llm").replace("1.3.0", "2024-08-06")
        report.write_text(text, encoding="utf-8")


def open_weights_developer(data: dict[str, Any], root: Path) -> None:
    """Trains a model and publishes its weights; runs no service for end users."""
    data["system"]["roles"] = ["developer"]
    data["system"]["design_assessment"]["participants"] = ["developer"]
    model = data["models"][0]
    model["published"] = True
    model.pop("confidential")
    for d in data["datasets"]:
        d["custodian_external"] = True  # the ticket owner's custodian, not ours
        d["custodian"] = "Ticket data office (Example Support Ltd)"  # nobody of ours
    data["disposal"]["custodian_signoff"] = "Ticket data office (Example Support Ltd)"
    for key in ("logging",):
        data.pop(key)
    data["human_oversight"].pop("mechanisms")
    # it runs no service, so no person of ours approves or reviews outputs: its threat model
    # does not rely on one, and 5.1.4-3 is exempted with the reason
    for t in data["threat_model"]["threats"]:
        t["mitigations"] = [m for m in t.get("mitigations", []) if "approval" not in m]
        if "rationale" in t:
            t["rationale"] = "Residual risk is low; deployers are told of it in the model card."
    data["not_applicable"] = [
        {
            "provision": "5.1.4-3",
            "justification": "It runs no service: no person oversees the model's outputs in "
            "operation here; deployers design their own oversight.",
            "approver": "Priya Raman",
            "reviewed": "2026-10-01",
        }
    ]
    data["end_users"].pop("model_update_notice_days")
    # the deployers are other organisations: it supplies them what they tell their users
    data["operator_information"] = {
        "data_use": "docs/operators/data-use.md",
        "guidance": "docs/operators/deploying.md",
    }
    (root / "docs" / "operators").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "operators" / "data-use.md").write_text(OPERATOR_DATA_USE, encoding="utf-8")
    (root / "docs" / "operators" / "deploying.md").write_text(OPERATOR_GUIDE, encoding="utf-8")


OPERATOR_DATA_USE = """# Data handling of helpdesk-llm, for deployers

## What data the model sees

The published weights run entirely inside the deployer's own infrastructure. The model reads
the prompt, the retrieved help-centre passages and the tool results the deployer passes in,
and nothing else. It keeps no state between requests and sends nothing back to us.

## How we use it

We receive no inputs, outputs or logs from deployments, and we never retrain on them. A
deployer that logs prompts or sends them to human review must say so in its own notice.
"""

OPERATOR_GUIDE = """# Deploying helpdesk-llm

## Usage

Load the adapter on top of the pinned base model revision listed in the model card and
verify the published SHA-256 before serving it. Serve it behind authentication with a rate
limit, keep the system prompt under change control, and enable the output filter shipped in
the release. Configure the tool allow-list so that only read-only order lookups are offered,
and route account actions to a person for approval. Tell your users the appropriate uses,
the known limitations and failure modes listed in the model card, and where to report a
problem. Subscribe to the security advisories to learn of updated weights.
"""


def data_custodian(data: dict[str, Any], root: Path) -> None:
    """Holds and curates datasets others train on; builds and runs no model."""
    data["system"]["roles"] = ["data_custodian"]
    data["system"]["design_assessment"]["participants"] = ["developer", "data_custodian"]
    for key in (
        "models",
        "logging",
        "human_oversight",
        "end_users",
        "incident_response",
        "change_management",
        "updates",
    ):
        data.pop(key)
    data["threat_model"]["threats"] = [
        t for t in data["threat_model"]["threats"] if t["category"] == "data_poisoning"
    ]
    data["system"]["capabilities"] = {"available": ["text"], "enabled": ["text"]}
    data["system"].pop("integrations")
    _bom(
        root,
        [
            {
                "type": "data",
                "name": d["name"],
                "hashes": [{"alg": "SHA-256", "content": d["sha256"]}],
            }
            for d in data["datasets"]
        ],
    )


def test_hosted_api_operator_passes_as_an_operator(git_repo):
    code, report = _check(_repo(git_repo, hosted_api_operator))
    assert code == 0, _unmet_shall(report)
    assert report["roles"] == ["system_operator"]
    status = _statuses(report)
    # developer-only duties are not its own; nor are weights or datasets it does not hold
    for pid in ("5.1.2-3", "5.1.3-1.2", "5.2.4-1.2", "5.2.5-1", "5.2.1-4.2", "5.1.2-5"):
        assert status[pid] == "not_applicable", pid
    # decommissioning passes without deleting weights it never held
    assert status["5.5.1-2"] == "pass"
    # it re-evaluated the hosted model it relies on
    assert status["5.2.3-3"] == "pass"
    # and calls it by a dated snapshot id: pinned for a hosted API
    pinned = next(p for p in report["provisions"] if p["id"] == "5.2.3-1")
    assert any(v["rule"] == "p07_supply_chain.hosted_model_pinned_met" for v in pinned["verified"])


def test_hosted_api_operator_calling_a_floating_alias_is_not_pinned(git_repo):
    def gamed(data, root):
        hosted_api_operator(data, root)
        data["models"][0]["revision"] = "assistant-llm-latest"

    code, report = _check(_repo(git_repo, gamed))
    assert code == 1
    pinned = next(p for p in report["provisions"] if p["id"] == "5.2.3-1")
    assert pinned["status"] == "fail"
    assert any(
        f["rule"] == "p07_supply_chain.hosted_model_pinned"
        and "the alias `assistant-llm-latest`" in f["message"]
        for f in pinned["findings"]
    )


def test_hosted_api_operator_that_fine_tunes_is_a_developer(git_repo):
    def gamed(data, root):
        hosted_api_operator(data, root)
        data["models"][0]["source"] = "fine_tuned"

    code, report = _check(_repo(git_repo, gamed))
    assert code == 1
    assert any("leaves out developer" in f["message"] for f in report["manifest_findings"])


def test_open_weights_developer_passes_as_a_developer(git_repo):
    code, report = _check(_repo(git_repo, open_weights_developer))
    assert code == 0, _unmet_shall(report)
    assert report["roles"] == ["developer"]
    status = _statuses(report)
    for pid in ("5.2.1-3", "5.4.2-1", "5.3.1-2.1", "5.2.3-4", "5.1.2-1.1", "5.1.2-5"):
        assert status[pid] == "not_applicable", pid
    # it shares weights, so the published hash is owed, and verified
    hashed = next(p for p in report["provisions"] if p["id"] == "5.2.4-1.2")
    assert hashed["status"] == "pass" and hashed["verified"]


def test_open_weights_developer_without_a_published_hash_fails(git_repo):
    def gamed(data, root):
        open_weights_developer(data, root)
        data["models"][0].pop("sha256")

    code, report = _check(_repo(git_repo, gamed))
    assert code == 1
    assert _statuses(report)["5.2.4-1.2"] == "fail"


def test_data_custodian_passes_as_a_custodian(git_repo):
    code, report = _check(_repo(git_repo, data_custodian))
    assert code == 0, _unmet_shall(report)
    assert report["roles"] == ["data_custodian"]
    status = _statuses(report)
    for pid in ("5.1.2-5", "5.2.1-1", "5.2.1-2", "5.2.1-4", "5.2.1-4.1", "5.1.2-1.1"):
        assert status[pid] == "pass", pid
    assert status["5.2.2-2"] == "not_applicable"  # a developer's API duty


def test_data_custodian_with_an_empty_inventory_fails(git_repo):
    def gamed(data, root):
        data_custodian(data, root)
        for d in data["datasets"]:
            d.pop("path")
            d.pop("sha256")
            d.pop("origin")

    code, report = _check(_repo(git_repo, gamed))
    assert code == 1
    assert _statuses(report)["5.2.1-1"] == "fail"


def test_an_exemption_cannot_hide_a_role_only_the_repository_shows(git_repo):
    """The operator also lists developer but derives it only from the code (a hub push):
    exempting a developer provision must be refused as it is for a role the manifest shows."""

    def gamed(data: dict[str, Any], root: Path) -> None:
        hosted_api_operator(data, root)
        data["system"]["roles"] = ["system_operator", "developer"]
        (root / "pipelines").mkdir(exist_ok=True)
        (root / "pipelines" / "release.py").write_text(
            "m.push_to_hub('example-org/assistant-adapter')\n", encoding="utf-8"
        )
        data["not_applicable"] = [
            {
                "provision": "5.2.4-1",
                "justification": "We only call a hosted model and develop nothing ourselves.",
                "approver": "Priya Raman",
                "reviewed": "2026-10-01",
            }
        ]

    _, report = _check(_repo(git_repo, gamed))
    assert _statuses(report)["5.2.4-1"] == "fail"
    messages = [
        f["message"] for p in report["provisions"] if p["id"] == "5.2.4-1" for f in p["findings"]
    ]
    assert any("developer" in m for m in messages), messages


TRAIN = (
    "import torch\n\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.AdamW(model.parameters())\n"
    "for x in range(3):\n    loss = model(x).sum()\n    loss.backward()\n    opt.step()\n"
)


def test_padding_past_the_read_budget_applies_every_role(git_repo):
    """The operator keeps a training loop behind 400 padding files and a 1 MiB read budget.
    Whether or not the loop itself was read, what was not read may train, serve or hold data:
    every role applies (data custodian too, which nothing here shows), and the notice says why."""

    def padded(data: dict[str, Any], root: Path) -> None:
        hosted_api_operator(data, root)
        for n in range(400):
            (root / "aaa_padding").mkdir(exist_ok=True)
            (root / "aaa_padding" / f"m{n:03}.py").write_text("VALUE = 1\n", encoding="utf-8")
        (root / "zz_train.py").write_text(TRAIN, encoding="utf-8")
        (root / ".ai-security-gate.toml").write_text("read-budget = 1\n", encoding="utf-8")

    _, report = _check(_repo(git_repo, padded))
    assert set(report["roles"]) >= {"developer", "system_operator", "data_custodian"}
    [notice] = [n for n in report["notices"] if n["rule"] == "observation.unread"]
    assert "every role's provisions apply" in notice["message"]


def test_training_code_the_gate_reads_makes_the_operator_a_developer(git_repo):
    def honest_reads(data: dict[str, Any], root: Path) -> None:
        hosted_api_operator(data, root)
        (root / "zz_train.py").write_text(TRAIN, encoding="utf-8")

    _, report = _check(_repo(git_repo, honest_reads))
    found = [f["message"] for f in report["manifest_findings"]]
    assert any("leaves out developer" in m and "zz_train.py:" in m for m in found), found
