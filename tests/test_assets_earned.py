"""The inventory and the integrations are checked against the repository (undeclared.py,
claims.py, evidence/observed_assets.py): a model, dataset or tool the code shows that the
manifest does not list is a finding naming where it was seen, and an empty `models:`,
`datasets:` or `integrations` cannot switch off the provisions they condition. Real CLI, real
git repositories built from the passing example; the honest variant shows no such finding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ai_security_gate.undeclared import unlisted
from conftest import git
from test_conditions_earned import _check

OPENAI = (
    "from openai import OpenAI\n\n"
    "client = OpenAI()\n"
    'reply = client.chat.completions.create(model="gpt-4o-mini", messages=[])\n'
)
AGENT = (
    "from datasets import load_dataset\n"
    "from langchain_core.tools import tool\n\n"
    'faq = load_dataset("squad")\n\n\n'
    "@tool\n"
    "def order_lookup(order_id: str) -> str:\n"
    "    return order_id\n\n\n"
    "@tool\n"
    "def refund(order_id: str) -> str:\n"
    "    return order_id\n"
)


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def _rules(p: dict[str, Any], rule: str) -> list[str]:
    return [f["message"] for f in p.get("findings", []) if f.get("rule") == rule]


# --- models (5.2.1-1 inventory; models_declared / external_models conditions) -------------


def test_a_hosted_model_the_code_calls_but_the_manifest_omits_fails_the_inventory(git_repo):
    r = _check(git_repo, lambda data, root: _write(root, "helpdesk/answer.py", OPENAI))
    assert r["5.2.1-1"]["status"] == "fail"
    [message] = _rules(r["5.2.1-1"], "inventory.model_unlisted")
    assert "model gpt-4o-mini called through the OpenAI API (helpdesk/answer.py:4)" in message
    assert "`models:`" in message


def test_the_hosted_model_listed_earns_no_inventory_finding(git_repo):
    def honest(data, root):
        _write(root, "helpdesk/answer.py", OPENAI)
        data["models"].append(
            {
                "name": "gpt-4o-mini",
                "source": "third_party",
                "supplier": "OpenAI",
                "uri": "https://api.openai.com/v1",
            }
        )

    r = _check(git_repo, honest)
    assert _rules(r["5.2.1-1"], "inventory.model_unlisted") == []


def test_a_model_only_tests_or_examples_call_is_not_an_inventory_finding(git_repo):
    def honest(data, root):
        _write(root, "tests/test_answer.py", OPENAI)
        _write(root, "examples/demo.py", OPENAI)
        _write(root, "helpdesk/test_client.py", OPENAI)

    r = _check(git_repo, honest)
    assert _rules(r["5.2.1-1"], "inventory.model_unlisted") == []


def test_no_models_declared_while_the_code_calls_one_keeps_model_provisions(git_repo):
    def gamed(data, root):
        _write(root, "helpdesk/answer.py", OPENAI)
        data["models"] = []

    r = _check(git_repo, gamed)
    assert r["5.2.3-4"]["status"] == "fail"  # applies_when: [models_declared]
    [message] = _rules(r["5.2.3-4"], "conditions.models_observed")
    assert "helpdesk/answer.py:4" in message
    assert r["_manifest"]["exit"] == 1


# --- datasets ----------------------------------------------------------------------------


def test_a_hub_dataset_and_a_data_file_the_manifest_omits_fail_the_inventory(git_repo):
    def gamed(data, root):
        _write(root, "helpdesk/agent.py", AGENT)
        _write(root, "data/extra.csv", "question,answer\n")

    r = _check(git_repo, gamed)
    messages = _rules(r["5.2.1-1"], "inventory.dataset_unlisted")
    assert r["5.2.1-1"]["status"] == "fail"
    assert any(
        "dataset squad downloaded by load_dataset() (helpdesk/agent.py:4)" in m for m in messages
    )
    assert any("data file data/extra.csv" in m for m in messages)


def test_no_datasets_declared_while_the_code_loads_one_keeps_dataset_provisions(git_repo):
    def gamed(data, root):
        _write(root, "helpdesk/agent.py", AGENT)
        for d in data["datasets"]:  # the example's own files, removed with their entries
            (root / d["path"]).unlink()
        data["datasets"] = []

    r = _check(git_repo, gamed)
    for pid in ("5.1.2-5", "5.2.1-4.1"):  # applies_when: [datasets_declared]
        assert r[pid]["status"] == "fail", pid
        assert any(
            "helpdesk/agent.py:4" in m for m in _rules(r[pid], "conditions.datasets_observed")
        )


def test_the_passing_example_lists_every_data_file_it_keeps(git_repo):
    r = _check(git_repo, lambda data, root: None)
    assert _rules(r["5.2.1-1"], "inventory.dataset_unlisted") == []
    assert r["5.2.1-1"]["status"] == "pass"
    assert r["_manifest"]["exit"] == 0


# --- integrations (5.1.2-6, interacts condition) -----------------------------------------


def test_a_tool_the_code_gives_the_model_but_the_manifest_omits_fails(git_repo):
    def gamed(data, root):
        _write(root, "helpdesk/agent.py", AGENT)
        _write(root, ".mcp.json", '{"mcpServers": {"github": {"command": "npx"}}}\n')

    r = _check(git_repo, gamed)
    messages = _rules(r["5.1.2-6"], "inventory.integration_unlisted")
    assert r["5.1.2-6"]["status"] == "fail"
    assert any("`refund`" in m and "helpdesk/agent.py:12" in m for m in messages)
    assert any("`mcp-github`" in m and ".mcp.json:1" in m for m in messages)
    # order_lookup is the example's `order-lookup` integration
    assert not any("order_lookup" in m for m in messages)


def test_every_tool_listed_earns_no_integration_finding(git_repo):
    def honest(data, root):
        _write(root, "helpdesk/agent.py", AGENT)
        data["system"]["integrations"].append(
            {"name": "refund", "kind": "tool", "permissions": ["orders:refund"]}
        )

    r = _check(git_repo, honest)
    assert _rules(r["5.1.2-6"], "inventory.integration_unlisted") == []


def test_no_integrations_while_the_code_gives_the_model_tools_keeps_5_1_2_6(git_repo):
    def gamed(data, root):
        _write(root, "helpdesk/agent.py", AGENT)
        data["system"].pop("integrations")
        data["system"]["capabilities"]["enabled"] = ["text"]
        data["system"]["capabilities"]["available"] = ["text", "vision"]

    r = _check(git_repo, gamed)
    assert r["5.1.2-6"]["status"] == "fail"
    [message] = _rules(r["5.1.2-6"], "conditions.interacts_observed")
    assert "helpdesk/agent.py:7" in message and "`system.integrations`" in message


def test_no_integrations_and_no_tools_is_not_applicable(git_repo):
    def honest(data, root):
        data["system"].pop("integrations")
        data["system"]["capabilities"]["enabled"] = ["text"]
        data["system"]["capabilities"]["available"] = ["text", "vision"]

    assert _check(git_repo, honest)["5.1.2-6"]["status"] == "not_applicable"


# --- matching, pure ------------------------------------------------------------------------


def _seen_model(ident: str) -> dict[str, Any]:
    return {"models_seen": [{"what": ident, "file": "a.py", "line": 1, "ids": [ident]}]}


def test_listing_a_longer_model_id_does_not_list_a_shorter_one():
    data = {"models": [{"name": "gpt-4o-mini"}]}
    assert unlisted(data, _seen_model("gpt-4o"), "models_seen") != []
    assert unlisted(data, _seen_model("gpt-4o-mini"), "models_seen") == []


def test_a_hub_model_is_listed_by_its_uri_or_as_a_base_model():
    by_uri = {"models": [{"name": "x", "uri": "https://huggingface.co/org/m@abc"}]}
    as_base = {"models": [{"name": "x", "base_model": {"name": "org/m"}}]}
    other = {"models": [{"name": "x", "uri": "https://huggingface.co/org/m2"}]}
    assert unlisted(by_uri, _seen_model("org/m"), "models_seen") == []
    assert unlisted(as_base, _seen_model("org/m"), "models_seen") == []
    assert unlisted(other, _seen_model("org/m"), "models_seen") != []


def test_a_client_with_no_model_named_is_listed_by_a_model_at_that_provider():
    seen = {
        "models_seen": [
            {
                "what": "c",
                "file": "a.py",
                "line": 1,
                "ids": [],
                "provider": "anthropic",
                "supplier": "Anthropic",
                "hosts": ["https://api.anthropic.com"],
            }
        ]
    }
    at_host = {"models": [{"name": "m", "uri": "https://api.anthropic.com/v1"}]}
    by_supplier = {"models": [{"name": "m", "supplier": "Anthropic PBC"}]}
    elsewhere = {"models": [{"name": "m", "supplier": "OpenAI", "uri": "https://api.openai.com"}]}
    assert unlisted(at_host, seen, "models_seen") == []
    assert unlisted(by_supplier, seen, "models_seen") == []
    assert unlisted(elsewhere, seen, "models_seen") != []


def test_a_data_file_is_listed_by_its_path_or_a_directory_above_it():
    seen = {
        "datasets_seen": [
            {"what": "d", "file": "data/a/x.csv", "line": 0, "ids": ["data/a/x.csv"], "local": True}
        ]
    }
    assert unlisted({"datasets": [{"name": "d", "path": "data/a"}]}, seen, "datasets_seen") == []
    assert (
        unlisted({"datasets": [{"name": "d", "path": "data/a/x.csv"}]}, seen, "datasets_seen") == []
    )
    assert unlisted({"datasets": [{"name": "d", "path": "data/ab"}]}, seen, "datasets_seen") != []


# --- personal data and classification (5.2.1-4; custodian_controls, confidential_assets) ---


def _faq(data: dict[str, Any]) -> dict[str, Any]:
    return next(d for d in data["datasets"] if d["path"] == "data/product-faq.jsonl")


def _faq_as_csv(data: dict[str, Any], root: Path, header: str) -> None:
    """The public FAQ dataset (personal_data: false, public) kept as a CSV with `header`."""
    faq = _faq(data)
    (root / faq["path"]).unlink()
    faq["path"] = "data/product-faq.csv"
    faq.pop("sha256", None)
    _write(root, faq["path"], header + "\nx,y,z\n")


def test_personal_data_false_with_personal_columns_fails(git_repo):
    r = _check(git_repo, lambda d, root: _faq_as_csv(d, root, "question,customer_email,Phone"))
    [message] = _rules(r["5.2.1-4"], "datasets.personal_data_observed")
    assert r["5.2.1-4"]["status"] == "fail"
    assert "data/product-faq.csv:1" in message and "customer_email, Phone" in message
    assert "set `personal_data: true`" in message


def test_columns_that_hold_no_personal_data_are_not_a_finding(git_repo):
    r = _check(git_repo, lambda d, root: _faq_as_csv(d, root, "question,answer,name"))
    assert _rules(r["5.2.1-4"], "datasets.personal_data_observed") == []


def test_a_dataset_without_personal_data_or_classification_reads_as_sensitive(git_repo):
    def omitted(data, root):
        data["datasets"] = [_faq(data)]
        (root / "data" / "support-tickets-2025.jsonl").unlink()
        _faq(data).pop("personal_data")
        _faq(data).pop("classification")

    r = _check(git_repo, omitted)
    claimed = [m for p in r.values() for m in _rules(p, "conditions.sensitivity_undeclared")]
    assert claimed, "an omitted personal_data/classification switched provisions off"
    assert "leaves out `personal_data:` and `classification:`" in claimed[0]


def test_personal_column_names():
    from ai_security_gate.evidence.personal_columns import personal

    for column in ("email", "CustomerEmail", "date_of_birth", "Last Name", "ip_address"):
        assert personal(column), column
    for column in ("name", "id", "question", "product_name", "emailed_count_total"):
        assert not personal(column), column


# --- infrastructure.api.exposed (5.2.2-2) ----------------------------------------------------

INGRESS = """apiVersion: v1
kind: Service
metadata:
  name: helpdesk
spec:
  type: ClusterIP
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: helpdesk-public
spec:
  rules:
    - host: chat.example.com
"""
INTERNAL_LB = """apiVersion: v1
kind: Service
metadata:
  name: helpdesk
  annotations:
    networking.gke.io/load-balancer-type: "Internal"
spec:
  type: LoadBalancer
"""
PUBLIC_LB = INTERNAL_LB.replace("Internal", "External")


def _not_exposed(data: dict[str, Any], root: Path, rel: str, text: str) -> None:
    data["infrastructure"]["api"] = {"exposed": False}
    _write(root, rel, text)


def test_api_declared_not_exposed_while_an_ingress_opens_it_fails(git_repo):
    r = _check(git_repo, lambda d, root: _not_exposed(d, root, "deploy/k8s.yaml", INGRESS))
    [message] = _rules(r["5.2.2-2"], "infrastructure.api_exposed_observed")
    assert r["5.2.2-2"]["status"] == "fail"
    assert "Kubernetes Ingress helpdesk-public (deploy/k8s.yaml:8)" in message
    assert "set `exposed: true`" in message


def test_a_public_load_balancer_counts_and_an_internal_one_does_not(git_repo, tmp_path):
    r = _check(git_repo, lambda d, root: _not_exposed(d, root, "deploy/svc.yaml", PUBLIC_LB))
    assert _rules(r["5.2.2-2"], "infrastructure.api_exposed_observed") != []
    other = tmp_path / "internal"
    other.mkdir()
    git(other, "init", "-q", "-b", "main")
    git(other, "config", "user.email", "test@example.com")
    git(other, "config", "user.name", "Test")
    git(other, "config", "commit.gpgsign", "false")
    r = _check(other, lambda d, root: _not_exposed(d, root, "deploy/svc.yaml", INTERNAL_LB))
    assert _rules(r["5.2.2-2"], "infrastructure.api_exposed_observed") == []


def test_a_helm_template_is_not_read_as_exposure(git_repo):
    template = "{{- if .Values.ingress.enabled }}\n" + INGRESS + "{{- end }}\n"
    r = _check(
        git_repo, lambda d, root: _not_exposed(d, root, "chart/templates/ingress.yaml", template)
    )
    assert _rules(r["5.2.2-2"], "infrastructure.api_exposed_observed") == []


# --- human_oversight.mechanisms (5.1.4-3, oversight_used) -----------------------------------


def test_no_oversight_while_the_threat_model_relies_on_it_fails(git_repo):
    def gamed(data, root):
        data.pop("human_oversight")

    r = _check(git_repo, gamed)
    assert r["5.1.4-3"]["status"] == "fail"
    [message] = _rules(r["5.1.4-3"], "conditions.oversight_observed")
    assert "'agent approval for account actions' (threat_model.threats[0])" in message


def _no_oversight_anywhere(data: dict[str, Any]) -> None:
    data["human_oversight"] = {"mechanisms": []}
    for t in data["threat_model"]["threats"]:
        t["mitigations"] = [m for m in t.get("mitigations", []) if "approval" not in m]
        t.pop("rationale", None)
        t["treatment"] = "mitigate" if t["mitigations"] else t["treatment"]


def test_no_oversight_declared_reads_as_used_until_exempted(git_repo):
    r = _check(git_repo, lambda data, root: _no_oversight_anywhere(data))
    assert r["5.1.4-3"]["status"] == "fail"
    [message] = _rules(r["5.1.4-3"], "conditions.oversight_undeclared")
    assert "exempt 5.1.4-3 under `not_applicable:`" in message


def test_no_oversight_with_a_justified_exemption_is_not_applicable(git_repo, tmp_path):
    def honest(data, root):
        _no_oversight_anywhere(data)
        data["not_applicable"] = [
            {
                "provision": "5.1.4-3",
                "justification": "No person oversees the system: it only ranks FAQ entries.",
                "approver": "Priya Raman",
                "reviewed": "2026-10-01",
            }
        ]

    assert _check(git_repo, honest)["5.1.4-3"]["status"] == "not_applicable"


# --- custodian_external (5.1.2-1.1, custodian_internal; data_custodian role) ----------------


def _external(data: dict[str, Any], custodian: str) -> None:
    for d in data["datasets"]:
        d["custodian_external"] = True
        d["custodian"] = custodian


def test_an_external_custodian_who_owns_a_threat_here_is_a_finding(git_repo):
    r = _check(git_repo, lambda data, root: _external(data, "Priya Raman"))
    assert r["5.1.2-1.1"]["status"] == "fail"
    messages = _rules(r["5.1.2-1.1"], "datasets.custodian_external_contradicted")
    assert messages and "Priya Raman is the owner of threat T2" in messages[0]


def test_an_outside_custodian_makes_5_1_2_1_1_not_applicable(git_repo):
    r = _check(git_repo, lambda data, root: _external(data, "Ngozi Adeyemi (Acme Data Ltd)"))
    assert r["5.1.2-1.1"]["status"] == "not_applicable"
    assert _rules(r["5.1.2-1.1"], "datasets.custodian_external_contradicted") == []


def test_a_dated_or_tagged_model_id_is_listed_by_name_and_version():
    dated = {"models": [{"name": "gpt-4o-mini", "version": "2024-07-18"}]}
    tagged = {"models": [{"name": "llama3.1", "version": "8b"}]}
    assert unlisted(dated, _seen_model("gpt-4o-mini-2024-07-18"), "models_seen") == []
    assert unlisted(tagged, _seen_model("llama3.1:8b"), "models_seen") == []
    assert unlisted(tagged, _seen_model("llama3.1:70b"), "models_seen") != []


PREFIXED = (
    "from dataclasses import dataclass\n"
    "from langchain.chat_models import init_chat_model\n\n"
    "@dataclass\nclass ModelConfig:\n    id: str\n\n"
    'MODELS = {"fast": ModelConfig(id="anthropic:claude-haiku-4-5-20251001")}\n'
    'llm = init_chat_model(model=MODELS["fast"].id)\n'
    'NOTES = ["openai: see the docs", "note:remember", "http://example.org"]\n'
)


def test_a_provider_prefixed_model_id_the_manifest_omits_fails_the_inventory(git_repo):
    """LangChain's init_chat_model, deepagents and pydantic-ai name a model "provider:id";
    chat-langchain names all three of its models so, and init and the inventory saw none."""
    r = _check(git_repo, lambda data, root: _write(root, "helpdesk/agent.py", PREFIXED))
    messages = _rules(r["5.2.1-1"], "inventory.model_unlisted")
    assert len(messages) == 1, messages  # "openai: see the docs" and "note:..." are no models
    assert (
        "claude-haiku-4-5-20251001 called through the Anthropic API (helpdesk/agent.py:8)"
        in (messages[0])
    )


def test_a_provider_prefixed_model_id_listed_earns_no_inventory_finding(git_repo):
    def honest(data, root):
        _write(root, "helpdesk/agent.py", PREFIXED)
        data["models"].append(
            {
                "name": "claude-haiku-4-5-20251001",
                "source": "third_party",
                "supplier": "Anthropic",
                "uri": "https://api.anthropic.com",
            }
        )

    r = _check(git_repo, honest)
    assert _rules(r["5.2.1-1"], "inventory.model_unlisted") == []
