"""The CycloneDX attestation, validated with cyclonedx-python-lib's strict JSON validator for
1.6 (the reference implementation's reading of the spec, not ours), and read back: the
standard's 72 requirements, one attestation mapping each to claims, evidence and
conformance, the models and datasets with their hashes."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from ai_security_gate.catalog import load_catalog
from ai_security_gate.reporters import ReportOptions, get_renderer
from ai_security_gate.reporters.common import printable
from ai_security_gate.results import Status
from conftest import EXAMPLES, TODAY
from reporters_support import HOSTILE, HOSTILE_HTML, auditor_decision, passing_decision

GATE = str(Path(sys.executable).with_name("ai-security-gate"))


def render(decision) -> str:
    return get_renderer("cyclonedx")(decision, ReportOptions())


def valid(text: str) -> dict:
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text, all_errors=True)
    assert errors is None, [str(e) for e in errors]
    return json.loads(text)


def refs(document: dict) -> list[str]:
    """Every bom-ref the document defines, wherever it is."""
    out: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("bom-ref"), str):
                out.append(node["bom-ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    return out


def test_valid_cyclonedx_1_6_with_the_standard_as_requirements():
    document = valid(render(auditor_decision()))
    assert document["specVersion"] == "1.6" and document["bomFormat"] == "CycloneDX"
    (standard,) = document["definitions"]["standards"]
    assert standard["name"] == "ETSI EN 304 223" and standard["version"] == "2.1.1"
    catalog = load_catalog()
    assert [r["identifier"] for r in standard["requirements"]] == [p.id for p in catalog]
    for requirement, p in zip(standard["requirements"], catalog, strict=False):
        # our paraphrase, labelled as such: never presented as the standard's text
        assert "text" not in requirement
        assert requirement["descriptions"] == [
            f"Paraphrase by ai-security-gate, not the standard's text: {p.title}"
        ]
    levels = {lv["identifier"]: set(lv["requirements"]) for lv in standard["levels"]}
    assert levels["shall"] | levels["should"] == {r["bom-ref"] for r in standard["requirements"]}
    assert not levels["shall"] & levels["should"]
    by_id = {r["identifier"]: r for r in standard["requirements"]}
    assert by_id["5.1.1-1.1"]["parent"] == by_id["5.1.1-1"]["bom-ref"]
    assert len(refs(document)) == len(set(refs(document)))  # every bom-ref is unique


def test_declarations_map_every_requirement_to_claims_evidence_and_conformance():
    decision = auditor_decision()
    document = valid(render(decision))
    declarations = document["declarations"]
    (assessor,) = declarations["assessors"]
    assert assessor["organization"]["name"].startswith("ai-security-gate ")
    (attestation,) = declarations["attestations"]
    assert attestation["assessor"] == assessor["bom-ref"]
    defined = set(refs(document))
    claims = {c["bom-ref"]: c for c in declarations["claims"]}
    evidence = {e["bom-ref"]: e for e in declarations["evidence"]}
    requirement_ids = {
        r["bom-ref"]: r["identifier"]
        for r in document["definitions"]["standards"][0]["requirements"]
    }
    assert len(attestation["map"]) == 72
    for entry, r in zip(attestation["map"], decision.results, strict=False):
        assert requirement_ids[entry["requirement"]] == r.provision.id
        score = entry["conformance"].get("score")
        expected = {Status.PASS: 1, Status.ATTESTED: 1, Status.FAIL: 0, Status.WAIVED: 0}
        assert score == expected.get(r.status), r.status
        assert r.status.value.replace("_", " ") in entry["conformance"]["rationale"]
        if r.status is Status.NOT_ASSESSED:
            assert "claims" not in entry and entry["confidence"]["score"] == 0
            continue
        (claim_ref,) = entry["claims"]
        claim = claims[claim_ref]
        assert claim["target"] in defined
        proof = [evidence[e] for e in claim.get("evidence", [])]
        against = [evidence[e] for e in claim.get("counterEvidence", [])]
        assert [e["description"] for e in proof] == [printable(v.what) for v in r.verified]
        assert [e["description"] for e in against] == [printable(f.message) for f in r.findings]
        for e in proof + against:
            assert e["created"] == "2026-11-22T00:00:00Z"
            location = e["data"][0]["contents"]["attachment"]["content"]
            assert location.startswith("ai-security.yaml:")
    passed = next(r for r in decision.results if r.status is Status.PASS)
    entry = next(
        e for e in attestation["map"] if requirement_ids[e["requirement"]] == passed.provision.id
    )
    assert len(claims[entry["claims"][0]]["evidence"]) == 2
    attested = next(
        e for e in attestation["map"] if e["conformance"]["rationale"].startswith("attested")
    )
    assert attested["confidence"]["score"] < 1  # an attestation is not a verification
    na = next(r for r in decision.results if r.status is Status.NOT_APPLICABLE)
    entry = next(
        e for e in attestation["map"] if requirement_ids[e["requirement"]] == na.provision.id
    )
    assert "justified exemption" in entry["conformance"]["rationale"]


def test_models_and_datasets_are_components_with_their_hashes():
    document = valid(render(auditor_decision()))
    components = {c["bom-ref"]: c for c in document["components"]}
    model, remote, dataset = components["model-0"], components["model-1"], components["dataset-0"]
    assert model["type"] == remote["type"] == "machine-learning-model"
    assert dataset["type"] == "data"
    assert model["hashes"] == [{"alg": "SHA-256", "content": "a" * 64}]
    assert remote["hashes"] == [{"alg": "SHA-256", "content": "b" * 64}]  # declared only
    assert dataset["hashes"] == [{"alg": "SHA-256", "content": "d" * 64}]  # the file's
    props = {p["name"]: p["value"] for p in dataset["properties"]}
    assert props["ai-security-gate:sha256-declared"] == "c" * 64
    assert props["ai-security-gate:sha256-state"] == "the file differs from the declared sha256"
    system = document["metadata"]["component"]
    assert system["bom-ref"] == "system" and system["type"] == "application"
    deps = {d["ref"]: d.get("dependsOn", []) for d in document["dependencies"]}
    assert set(deps["system"]) == {"model-0", "model-1", "dataset-0"}
    # lineage: a model depends on the declared datasets it names, once each
    assert deps["model-0"] == ["dataset-0"] and deps["model-1"] == []


def test_hostile_text_is_data():
    text = render(auditor_decision())
    document = valid(text)
    assert "\x1b" not in text and "\\u001b" not in text and "\\u0000" not in text
    assert document["metadata"]["component"]["name"] == printable(
        f"helpdesk {HOSTILE}{HOSTILE_HTML}"
    )


def test_deterministic_and_the_serial_follows_the_content():
    first, second = render(auditor_decision()), render(auditor_decision())
    assert first == second
    changed = auditor_decision()
    next(r for r in changed.results if r.status is Status.NOT_ASSESSED).status = Status.FAIL
    assert json.loads(render(changed))["serialNumber"] != json.loads(first)["serialNumber"]
    assert json.loads(first)["metadata"]["timestamp"].startswith("2026-11-22T00:00:00")


def test_no_run_date_means_no_timestamp():
    document = valid(render(passing_decision()))
    assert "timestamp" not in document["metadata"]


@pytest.mark.parametrize("example", ["passing", "failing"])
def test_the_examples_through_the_cli(example, tmp_path):
    out = tmp_path / "bom.cdx.json"
    result = subprocess.run(
        [GATE, "check", str(EXAMPLES / example), "--today", TODAY, "-f", f"cyclonedx:{out}"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == (0 if example == "passing" else 1), result.stderr
    assert result.stderr == ""  # the library warns on stderr about incomplete BOMs
    document = valid(out.read_text(encoding="utf-8"))
    manifest = (EXAMPLES / example / "ai-security.yaml").read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(manifest)
    kinds = sorted(c["type"] for c in document["components"])
    assert kinds == sorted(
        ["machine-learning-model"] * len(data.get("models", []))
        + ["data"] * len(data.get("datasets", []))
    )
    if example == "passing":
        # a hashed artefact: the component's hash is the file's, recomputed here
        for i, m in enumerate(data["models"]):
            if "artefact" in m and "sha256" in m:
                component = next(c for c in document["components"] if c["bom-ref"] == f"model-{i}")
                path = EXAMPLES / example / m["artefact"]
                if path.is_file():
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                    assert component["hashes"][0]["content"] == digest
