"""SBOMs are SBOMs: a cited SBOM must validate as CycloneDX (cyclonedx-python-lib's strict
JSON validator for its specVersion) or SPDX (tests/test_evidence_spdx.py); otherwise the provisions it serves fail
and the inventory and drift checks say they could not run."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ai_security_gate.evidence.bom import bom_fact
from ai_security_gate.evidence.cache import JsonCache
from ai_security_gate.pipeline import CheckOptions, run_check
from conftest import TODAY

DATE = dt.date.fromisoformat(TODAY)
SBOM = "sbom/ai-bom.cdx.json"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("AI_SECURITY_GATE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def sbom_findings(repo) -> dict[str, list[str]]:
    # no git here: history checks off, so every failure below comes from the content
    decision = run_check(CheckOptions(repo=repo, today=DATE, history=False))
    out: dict[str, list[str]] = {}
    for r in decision.results:
        for f in r.findings:
            if "sbom" in f.message.lower() or "ai-bom" in f.message.lower():
                out.setdefault(r.provision.id, []).append(f"{f.rule}: {f.message}")
    return out


SPDX = {
    "spdxVersion": "SPDX-2.3",
    "dataLicense": "CC0-1.0",
    "SPDXID": "SPDXRef-DOCUMENT",
    "name": "helpdesk-assistant",
    "documentNamespace": "https://example.com/spdx/helpdesk-assistant-1.3.0",
    "creationInfo": {"created": "2026-09-18T10:00:00Z", "creators": ["Tool: example-1.0"]},
    "packages": [
        {
            "name": "helpdesk-llm",
            "SPDXID": "SPDXRef-model",
            "versionInfo": "1.3.0",
            "downloadLocation": "NOASSERTION",
            "licenseDeclared": "Apache-2.0",
            "checksums": [
                {
                    "algorithm": "SHA256",
                    "checksumValue": "f51106dccf7bc4527ee879b0479ea1bbf42014bb95e1723b5d93914d08a42159",
                }
            ],
        },
        {
            "name": "example-org/open-weights-7b-instruct",
            "SPDXID": "SPDXRef-base",
            "downloadLocation": "https://huggingface.co/example-org/open-weights-7b-instruct",
        },
        {"name": "support-tickets-2025", "SPDXID": "SPDXRef-d1", "downloadLocation": "NONE"},
        {"name": "product-faq", "SPDXID": "SPDXRef-d2", "downloadLocation": "NONE"},
    ],
    "relationships": [
        {
            "spdxElementId": "SPDXRef-model",
            "relationshipType": "DESCENDANT_OF",
            "relatedSpdxElement": "SPDXRef-base",
        }
    ],
}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("x", "not valid JSON"),
        ('{"hello": "world"}', "neither a CycloneDX BOM"),
        ('{"bomFormat": "CycloneDX", "specVersion": "9.9"}', "not a CycloneDX version"),
        (
            '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library"}]}',
            "'name' is a required property at components[0]",
        ),
        ('<?xml version="1.0"?><bom/>', "XML BOM"),
        (
            '{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}',
            "@graph must list the document's elements",
        ),
        (json.dumps({**SPDX, "dataLicense": "MIT"}), 'dataLicense must be "CC0-1.0"'),
        (json.dumps({**SPDX, "packages": [{"name": "m"}]}), "packages[0].SPDXID is required"),
    ],
)
def test_an_invalid_sbom_fails_every_provision_it_serves(passing_copy, content, expected):
    (passing_copy / SBOM).write_text(content)
    got = sbom_findings(passing_copy)
    assert set(got) >= {"5.2.1-1", "5.2.3-1"}, got
    assert any(expected in m for m in got["5.2.3-1"]), got["5.2.3-1"]
    assert any("could not run" in m for m in got["5.2.1-1"])
    assert any(".sbom_drift:" in m and "could not run" in m for m in got["5.2.3-1"])


def test_the_example_cyclonedx_bom_validates_and_a_valid_spdx_document_is_read(passing_copy):
    assert sbom_findings(passing_copy) == {}
    (passing_copy / SBOM).write_text(json.dumps(SPDX))
    fact = bom_fact(passing_copy / SBOM)
    assert fact["format"] == "SPDX" and "problem" not in fact
    assert fact["components"][0]["name"] == "helpdesk-llm"
    assert fact["components"][0]["ancestors"] == ["example-org/open-weights-7b-instruct"]
    assert sbom_findings(passing_copy) == {}


def test_a_missing_sbom_says_the_checks_could_not_run(passing_copy):
    (passing_copy / SBOM).unlink()
    got = sbom_findings(passing_copy)
    assert any("inventory check could not run" in m for m in got["5.2.1-1"])


def test_the_validation_result_is_cached_per_file(passing_copy, tmp_path):
    cache = JsonCache(tmp_path / "c", "bom")
    bad = '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library"}]}'
    (passing_copy / SBOM).write_text(bad)
    first = bom_fact(passing_copy / SBOM, cache)
    assert "problem" in first
    assert bom_fact(passing_copy / SBOM, cache) == first
    assert list((tmp_path / "c").rglob("*.json"))
    (passing_copy / SBOM).write_text(bad.replace('"library"}', '"library", "name": "x"}'))
    assert "problem" not in bom_fact(passing_copy / SBOM, cache)
