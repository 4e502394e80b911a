"""SPDX is read to the depth CycloneDX is: SPDX 2.x as JSON, YAML or tag-value, SPDX 3 as JSON-LD,
each into the same components (name, version, SHA-256, purl, licence, ancestors) that the
inventory (5.2.1-1) and drift (5.2.3-1) checks join with the manifest.

The fixtures are written here from the passing example's inventory (our own files); the
official SPDX examples were read during development to confirm the readers (not copied).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from ai_security_gate.evidence.bom import bom_fact
from ai_security_gate.evidence.bom_spdx import spdx_fact
from ai_security_gate.evidence.bom_spdx3 import spdx3_fact
from ai_security_gate.evidence.bom_spdx_tv import parse_tag_value
from ai_security_gate.pipeline import CheckOptions, run_check
from conftest import TODAY

DATE = dt.date.fromisoformat(TODAY)
SBOM = "sbom/ai-bom.cdx.json"
MODEL_SHA = "f51106dccf7bc4527ee879b0479ea1bbf42014bb95e1723b5d93914d08a42159"
BASE_REV = "3ad372fc79158a2148299e3318516c786aeded6c"

# (type, name, version, sha256, licence, purl, ancestor) as the passing example's inventory
INVENTORY = [
    ("model", "helpdesk-llm", "1.3.0", MODEL_SHA, "Apache-2.0", None, "open-weights-7b-instruct"),
    (
        "model",
        "open-weights-7b-instruct",
        BASE_REV,
        None,
        "Apache-2.0",
        f"pkg:huggingface/example-org/open-weights-7b-instruct@{BASE_REV}",
        None,
    ),
    (
        "data",
        "support-tickets-2025",
        "2026-01-15",
        "3bf47bd123bb2fdd297df2255511c0ad88be12b94bdd981e68805da6a3479c0c",
        None,
        None,
        None,
    ),
    (
        "data",
        "product-faq",
        "2026-02-01",
        "27575b57d65df2900c2b5669d340000126ac3304814a3dafd4623c7782bcc6de",
        "CC-BY-4.0",
        None,
        None,
    ),
]


def spdx3(inventory=INVENTORY) -> dict[str, Any]:
    base = "https://example.com/spdx/helpdesk-assistant"
    graph: list[dict[str, Any]] = [
        {
            "type": "CreationInfo",
            "@id": "_:ci",
            "specVersion": "3.0.1",
            "created": "2026-09-18T10:00:00Z",
            "createdBy": [f"{base}#tool"],
        },
        {"type": "Tool", "spdxId": f"{base}#tool", "creationInfo": "_:ci", "name": "ours"},
        {
            "type": "SpdxDocument",
            "spdxId": f"{base}#doc",
            "creationInfo": "_:ci",
            "rootElement": [f"{base}#helpdesk-llm"],
        },
    ]
    ids = {name: f"{base}#{name}" for _, name, *_ in inventory}
    for kind, name, version, sha, licence, purl, ancestor in inventory:
        pkg: dict[str, Any] = {
            "type": "ai_AIPackage" if kind == "model" else "dataset_DatasetPackage",
            "spdxId": ids[name],
            "creationInfo": "_:ci",
            "name": name,
            "software_packageVersion": version,
            "software_downloadLocation": "NOASSERTION",
        }
        if sha:
            pkg["verifiedUsing"] = [
                {"type": "Hash", "algorithm": "sha1", "hashValue": "0" * 40},
                {"type": "Hash", "algorithm": "sha256", "hashValue": sha},
            ]
        if purl:
            pkg["software_packageUrl"] = purl
        graph.append(pkg)
        if licence:
            graph.append(
                {
                    "type": "simplelicensing_LicenseExpression",
                    "spdxId": f"{ids[name]}-licence",
                    "creationInfo": "_:ci",
                    "simplelicensing_licenseExpression": licence,
                }
            )
            graph.append(
                {
                    "type": "Relationship",
                    "spdxId": f"{ids[name]}-declared",
                    "creationInfo": "_:ci",
                    "from": ids[name],
                    "relationshipType": "hasDeclaredLicense",
                    "to": [f"{ids[name]}-licence"],
                }
            )
        if ancestor:
            graph.append(
                {
                    "type": "Relationship",
                    "spdxId": f"{ids[name]}-descends",
                    "creationInfo": "_:ci",
                    "from": ids[name],
                    "relationshipType": "descendantOf",
                    "to": [ids[ancestor]],
                }
            )
    return {"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": graph}


def spdx2_json(inventory=INVENTORY) -> dict[str, Any]:
    packages, relationships = [], []
    for _, name, version, sha, licence, purl, ancestor in inventory:
        pkg: dict[str, Any] = {
            "name": name,
            "SPDXID": f"SPDXRef-{name}",
            "versionInfo": version,
            "downloadLocation": "NOASSERTION",
        }
        if sha:
            pkg["checksums"] = [{"algorithm": "SHA256", "checksumValue": sha}]
        if licence:
            pkg["licenseDeclared"] = licence
        if purl:
            pkg["externalRefs"] = [
                {
                    "referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl",
                    "referenceLocator": purl,
                }
            ]
        packages.append(pkg)
        if ancestor:
            relationships.append(
                {
                    "spdxElementId": f"SPDXRef-{name}",
                    "relationshipType": "DESCENDANT_OF",
                    "relatedSpdxElement": f"SPDXRef-{ancestor}",
                }
            )
    return {
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": "helpdesk-assistant",
        "documentNamespace": "https://example.com/spdx/helpdesk-assistant-1.3.0",
        "creationInfo": {"created": "2026-09-18T10:00:00Z", "creators": ["Tool: ours-1.0"]},
        "packages": packages,
        "relationships": relationships,
    }


def spdx2_tag_value(inventory=INVENTORY) -> str:
    lines = [
        "# written by hand, as tools write it",
        "SPDXVersion: SPDX-2.3",
        "DataLicense: CC0-1.0",
        "SPDXID: SPDXRef-DOCUMENT",
        "DocumentName: helpdesk-assistant",
        "DocumentNamespace: https://example.com/spdx/helpdesk-assistant-1.3.0",
        "Creator: Tool: ours-1.0",
        "Created: 2026-09-18T10:00:00Z",
        "DocumentComment: <text>Two lines",
        "of comment. PackageName: not-a-package</text>",
    ]
    for _, name, version, sha, licence, purl, ancestor in inventory:
        lines += [
            "",
            f"PackageName: {name}",
            f"SPDXID: SPDXRef-{name}",
            f"PackageVersion: {version}",
            "PackageDownloadLocation: NOASSERTION",
        ]
        if sha:
            lines.append(f"PackageChecksum: SHA256: {sha}")
        if licence:
            lines.append(f"PackageLicenseDeclared: {licence}")
        if purl:
            lines.append(f"ExternalRef: PACKAGE-MANAGER purl {purl}")
        if ancestor:
            lines.append(f"Relationship: SPDXRef-{name} DESCENDANT_OF SPDXRef-{ancestor}")
    # a file section: its SPDXID and checksum are the file's, not the last package's
    lines += [
        "",
        "FileName: ./weights.safetensors",
        "SPDXID: SPDXRef-file",
        "FileChecksum: SHA256: " + "1" * 64,
    ]
    return "\n".join(lines) + "\n"


def spdx2_yaml(inventory=INVENTORY) -> str:
    text = yaml.safe_dump(spdx2_json(inventory), sort_keys=False)
    # as tools write it: the date-time unquoted (YAML reads it as a timestamp)
    return text.replace("'2026-09-18T10:00:00Z'", "2026-09-18T10:00:00Z")


FORMS = {
    "spdx3": lambda inv=INVENTORY: json.dumps(spdx3(inv)),
    "spdx2-json": lambda inv=INVENTORY: json.dumps(spdx2_json(inv)),
    "spdx2-tag-value": spdx2_tag_value,
    "spdx2-yaml": spdx2_yaml,
}
NAMES = {
    "spdx3": "ai-bom.spdx3.json",
    "spdx2-json": "ai-bom.spdx.json",
    "spdx2-tag-value": "ai-bom.spdx",
    "spdx2-yaml": "ai-bom.spdx.yaml",
}


def write_sbom(repo: Path, form: str, inventory=INVENTORY) -> None:
    """The SBOM in `form`, under a name of its kind, cited by the manifest."""
    (repo / "sbom" / NAMES[form]).write_text(FORMS[form](inventory))
    manifest = repo / "ai-security.yaml"
    manifest.write_text(manifest.read_text().replace(SBOM, f"sbom/{NAMES[form]}"))


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("AI_SECURITY_GATE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def sbom_findings(repo: Path) -> dict[str, list[str]]:
    decision = run_check(CheckOptions(repo=repo, today=DATE, history=False))
    out: dict[str, list[str]] = {}
    for r in decision.results:
        for f in r.findings:
            if "sbom" in f.message.lower() or "ai-bom" in f.message.lower():
                out.setdefault(r.provision.id, []).append(f"{f.rule}: {f.message}")
    return out


def _components(fact: dict[str, Any]) -> list[dict[str, Any]]:
    assert "problem" not in fact, fact.get("problem")
    return sorted(fact["components"], key=lambda c: c["name"])


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_form_reads_the_same_components(tmp_path, form):
    path = tmp_path / NAMES[form]
    path.write_text(FORMS[form]())
    fact = bom_fact(path)
    assert fact["format"] == "SPDX"
    got = {c["name"]: c for c in _components(fact)}
    model = got["helpdesk-llm"]
    assert model["version"] == "1.3.0" and model["sha256"] == MODEL_SHA
    assert model["licenses"] == ["Apache-2.0"]
    assert model["ancestors"] == ["open-weights-7b-instruct"]
    assert got["open-weights-7b-instruct"]["purl"].startswith("pkg:huggingface/example-org/")
    assert "sha256" not in got["open-weights-7b-instruct"]
    assert got["product-faq"]["licenses"] == ["CC-BY-4.0"]
    # SPDX 3 has types of its own for models and data; SPDX 2 has packages only
    kinds = {c["name"]: c["type"] for c in got.values()}
    if form == "spdx3":
        assert kinds["helpdesk-llm"] == "machine-learning-model"
        assert kinds["product-faq"] == "data"
    else:
        assert set(kinds.values()) == {"package"}


def test_tag_value_yaml_and_json_agree(tmp_path):
    as_json = spdx_fact(spdx2_json())
    assert spdx_fact(parse_tag_value(spdx2_tag_value())) == as_json
    (tmp_path / "b.spdx.yaml").write_text(spdx2_yaml())
    assert bom_fact(tmp_path / "b.spdx.yaml") == as_json


@pytest.mark.parametrize("form", sorted(FORMS))
def test_an_spdx_bom_matching_the_manifest_passes(passing_copy, form):
    write_sbom(passing_copy, form)
    assert sbom_findings(passing_copy) == {}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_drift_and_gaps_are_found_in_every_form(passing_copy, form):
    inventory = [list(row) for row in INVENTORY if row[1] != "product-faq"]
    inventory[0][3] = "0" * 64  # the model's hash drifted
    inventory[0][2] = "1.2.0"  # and its version
    write_sbom(passing_copy, form, [tuple(r) for r in inventory])
    got = sbom_findings(passing_copy)
    drift = " ".join(got.get("5.2.3-1", []))
    assert "lists SHA-256 " + "0" * 64 in drift, got
    assert "version 1.2.0" in drift, got
    assert any("product-faq is not in the AI-BOM" in m for m in got.get("5.2.1-1", [])), got


def test_a_missing_ancestor_is_reported(passing_copy):
    inventory = [tuple(None if i == 6 else v for i, v in enumerate(r)) for r in INVENTORY]
    (passing_copy / SBOM).write_text(json.dumps(spdx3(inventory)))
    got = sbom_findings(passing_copy)
    assert any("does not record base model" in m for m in got.get("5.2.3-1", [])), got


def _without_creators(doc: dict[str, Any]) -> dict[str, Any]:
    doc["@graph"][0]["createdBy"] = []
    return doc


def _unknown_creation_info(doc: dict[str, Any]) -> dict[str, Any]:
    doc["@graph"][3]["creationInfo"] = "_:nowhere"
    return doc


def _no_packages(doc: dict[str, Any]) -> dict[str, Any]:
    doc["@graph"] = doc["@graph"][:3]
    return doc


def _nameless(doc: dict[str, Any]) -> dict[str, Any]:
    del doc["@graph"][3]["name"]
    return doc


def _no_id(doc: dict[str, Any]) -> dict[str, Any]:
    del doc["@graph"][3]["spdxId"]
    return doc


@pytest.mark.parametrize(
    ("breaks", "expected"),
    [
        (_without_creators, "createdBy must name who made it"),
        (_unknown_creation_info, "'_:nowhere' is not in the graph"),
        (_no_packages, "lists no packages"),
        (_nameless, "(ai_AIPackage): name is required"),
        (_no_id, "spdxId is required"),
        (lambda d: {**d, "@graph": []}, "@graph must list"),
    ],
)
def test_an_invalid_spdx3_document_fails_the_checks_that_need_it(passing_copy, breaks, expected):
    (passing_copy / SBOM).write_text(json.dumps(breaks(spdx3())))
    got = sbom_findings(passing_copy)
    assert any(expected in m for m in got["5.2.3-1"]), got
    assert any("could not run" in m for m in got["5.2.1-1"]), got


def test_a_tag_value_file_missing_required_tags_is_invalid(tmp_path):
    path = tmp_path / "bom.spdx"
    text = spdx2_tag_value().replace("DataLicense: CC0-1.0\n", "")
    path.write_text(text.replace("SPDXID: SPDXRef-helpdesk-llm\n", ""))
    problem = bom_fact(path)["problem"]
    assert 'dataLicense must be "CC0-1.0"' in problem
    assert "packages[0].SPDXID is required" in problem


def test_cyclonedx_components_carry_their_purl(tmp_path):
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "components": [
            {
                "type": "machine-learning-model",
                "name": "m",
                "purl": f"pkg:huggingface/org/m@{BASE_REV}",
            }
        ],
    }
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(bom))
    assert bom_fact(path)["components"][0]["purl"] == f"pkg:huggingface/org/m@{BASE_REV}"


HOSTILE: list[Any] = [None, 1, [], {}, "x", [1], {"a": 1}, [[]], True]


def _paths(node: Any, at: tuple[Any, ...] = ()) -> Any:
    yield at
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*at, k))
    elif isinstance(node, list):
        for i, v in enumerate(node[:6]):
            yield from _paths(v, (*at, i))


@pytest.mark.parametrize(("read", "doc"), [(spdx3_fact, spdx3()), (spdx_fact, spdx2_json())])
def test_any_value_of_any_type_anywhere_is_a_problem_or_a_reading_never_a_crash(read, doc):
    for at in [p for p in _paths(doc) if p]:
        for value in HOSTILE:
            broken = copy.deepcopy(doc)
            node = broken
            for key in at[:-1]:
                node = node[key]
            node[at[-1]] = value
            fact = read(broken)  # must not raise
            assert "problem" in fact or isinstance(fact.get("components"), list)
