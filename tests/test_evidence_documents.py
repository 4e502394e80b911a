"""Documents are real documents: the data file of document kinds, the content checks on
files written in the tests, and findings through the real pipeline and Rego engine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from ai_security_gate import schema
from ai_security_gate.evidence import collect
from ai_security_gate.evidence.documents import (
    document_kinds,
    document_rules,
    kind_for_path,
    scaffold_marker,
)
from ai_security_gate.evidence.references import file_references
from ai_security_gate.loader import load_manifest
from ai_security_gate.pipeline import CheckOptions, run_check
from conftest import TODAY

DATE = dt.date.fromisoformat(TODAY)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("AI_SECURITY_GATE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def problems_of(repo: Path, ref: str) -> list[dict]:
    loaded = load_manifest(repo / "ai-security.yaml")
    facts = collect(repo.resolve(), loaded.data, schema.schema_document())
    return facts["files"][ref].get("problems", [])


def kinds_of(repo: Path, ref: str) -> set[str]:
    return {p["kind"] for p in problems_of(repo, ref)}


def failed(repo: Path) -> dict[str, list[str]]:
    """provision -> finding messages, through the real pipeline."""
    # no git here: history checks off, so every failure below comes from the content
    decision = run_check(CheckOptions(repo=repo, today=DATE, history=False))
    return {
        r.provision.id: [f.message for f in r.findings]
        for r in decision.results
        if r.status.value == "fail"
    }


def edit_manifest(repo: Path, change) -> None:
    path = repo / "ai-security.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


# ---- the data file ----------------------------------------------------------------------


def test_every_kind_is_cited_by_fields_the_schema_has():
    """A field in the data file that the schema does not have would never be checked."""
    doc = schema.schema_document()
    fields = set()
    for node in _schema_fields(doc, doc, ()):
        fields.add(".".join(node))
    for kind in document_kinds().values():
        assert kind.headings or kind.names or kind.min_words, kind.name
        for f in kind.fields:
            assert f in fields, f"{kind.name}: {f} is not a path field of the schema"


def _schema_fields(node, root, path, depth=0):
    if not isinstance(node, dict) or depth > 30:
        return
    ref = node.get("$ref")
    if ref in ("#/$defs/repo_path", "#/$defs/doc_ref"):
        yield path
        return
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        yield from _schema_fields(root["$defs"][ref.split("/")[-1]], root, path, depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        for b in node.get(key, []):
            yield from _schema_fields(b, root, path, depth + 1)
    for k, v in node.get("properties", {}).items():
        yield from _schema_fields(v, root, (*path, k), depth + 1)
    if "items" in node:
        yield from _schema_fields(node["items"], root, (*path, "*"), depth + 1)


def test_kinds_named_by_the_contract_exist_and_fields_map_to_one_kind():
    kinds = document_kinds()
    for name in (
        "threat_model",
        "design_assessment",
        "risk_note",
        "due_diligence",
        "test_report",
        "evaluation_report",
        "incident_plan",
        "decommissioning_runbook",
        "user_guidance",
        "data_use_notice",
        "change_log",
        "training_material",
    ):
        assert name in kinds
    seen: dict[str, str] = {}
    for kind in kinds.values():
        for f in kind.fields:
            assert f not in seen, f"{f} is in {seen.get(f)} and {kind.name}"
            seen[f] = kind.name
    assert kind_for_path(("supply_chain", "suppliers", 3, "due_diligence")).name == "due_diligence"
    assert kind_for_path(("supply_chain", "suppliers", "x", "due_diligence")) is None
    assert scaffold_marker() == document_rules().placeholders.scaffold_marker
    assert scaffold_marker().startswith("> TODO(ai-security-gate)")


def test_every_document_the_passing_example_cites_passes_the_checks(passing_copy):
    loaded = load_manifest(passing_copy / "ai-security.yaml")
    facts = collect(passing_copy.resolve(), loaded.data, schema.schema_document())
    docs = [
        ref
        for path, ref in file_references(loaded.data, schema.schema_document())
        if kind_for_path(path) is not None
    ]
    assert len(set(docs)) >= 20
    bad = {
        ref: facts["files"][ref].get("problems")
        for ref in docs
        if facts["files"][ref].get("problems")
    }
    assert bad == {}


# ---- placeholders -----------------------------------------------------------------------

THREAT_MODEL = "docs/security/threat-model.md"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("TODO\n", "placeholder"),
        ("   \n\n\t\n", "placeholder"),
        ("# Threat model\n\nTo be done.\n", "placeholder"),
        ("# Threat model\n\nNot done yet.\n", "placeholder"),
        ("# Threats\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit.\n", "placeholder"),
        ("# Threats\n\n| Threat | Owner |\n| --- | --- |\n| T1 | TBD |\n", "placeholder"),
        ("# Scope\n\n> TODO(ai-security-gate): describe the system.\n", "scaffold_unfilled"),
        ("# Threat model\n\nThe model might be attacked.\n", "too_short"),
        ("# Threat model\n\nThe model might be attacked.\n", "missing_section"),
        ("# Scope\n\nAll.\n\n# Threats\n\n" + "T1 T2 T3 T4 T5 T6 T7 are handled. " * 40, "filler"),
    ],
)
def test_a_placeholder_threat_model_is_rejected(passing_copy, text, kind):
    (passing_copy / THREAT_MODEL).write_text(text)
    assert kind in kinds_of(passing_copy, THREAT_MODEL)


def test_a_long_document_with_one_unfinished_line_is_rejected_at_its_line(passing_copy):
    path = passing_copy / THREAT_MODEL
    lines = path.read_text().splitlines()
    lines.insert(12, "")
    lines.insert(13, "TBD: add the data flow diagram.")
    path.write_text("\n".join(lines) + "\n")
    (p,) = [p for p in problems_of(passing_copy, THREAT_MODEL) if p["kind"] == "placeholder"]
    assert "line 14" in p["message"] and "TBD" in p["message"]


def test_prose_that_merely_contains_the_words_is_not_a_placeholder(passing_copy):
    path = passing_copy / THREAT_MODEL
    path.write_text(
        path.read_text()
        + "\n## Notes\n\nTo do this review again we book a session with the data custodian; "
        "not applicable cells are written n/a in the tables.\n"
    )
    assert kinds_of(passing_copy, THREAT_MODEL) == set()


def test_a_required_section_that_is_empty_is_reported(passing_copy):
    path = passing_copy / THREAT_MODEL
    text = path.read_text()
    start = text.index("## Threats")
    end = text.index("\n## ", start + 5)
    path.write_text(text[:start] + "## Threats\n\nSee below.\n" + text[end:])
    probs = problems_of(passing_copy, THREAT_MODEL)
    assert any(p["kind"] == "empty_section" and "'Threats'" in p["message"] for p in probs)


def test_a_pdf_or_binary_document_cannot_earn_a_pass(passing_copy):
    (passing_copy / THREAT_MODEL).write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    probs = problems_of(passing_copy, THREAT_MODEL)
    assert [p["kind"] for p in probs] == ["not_text"]
    assert "PDF" in probs[0]["message"]


# ---- cross-checks with the manifest -------------------------------------------------------


def test_every_threat_id_must_appear_in_the_threat_model(passing_copy):
    edit_manifest(
        passing_copy,
        lambda d: d["threat_model"]["threats"].append(
            {**d["threat_model"]["threats"][0], "id": "T42"}
        ),
    )
    (p,) = [p for p in problems_of(passing_copy, THREAT_MODEL) if p["kind"] == "names_missing"]
    assert "T42" in p["message"] and "T1," not in p["message"]
    assert "5.1.3-1" in failed(passing_copy)


def test_a_threat_id_is_matched_as_a_whole_token(passing_copy):
    path = passing_copy / THREAT_MODEL
    path.write_text(path.read_text().replace("T7", "T77"))
    probs = problems_of(passing_copy, THREAT_MODEL)
    assert any("T7" in p["message"] for p in probs if p["kind"] == "names_missing")


def test_due_diligence_must_name_its_supplier(passing_copy):
    ref = "docs/suppliers/example-org.md"
    edit_manifest(
        passing_copy, lambda d: d["supply_chain"]["suppliers"][0].update(name="Other Labs")
    )
    probs = [p for p in problems_of(passing_copy, ref) if p["kind"] == "names_missing"]
    assert len(probs) == 1 and "Other Labs" in probs[0]["message"]
    assert probs[0]["at"] == ["supply_chain", "suppliers", 0, "due_diligence"]
    assert any("Other Labs" in m for m in failed(passing_copy)["5.1.2-7"])


def test_a_test_report_names_the_model_version_and_a_date(passing_copy):
    ref = "docs/evaluation/red-team-2026-09.md"
    edit_manifest(
        passing_copy,
        lambda d: [t.update(model_version="9.9.9") for t in d["testing"]["security_tests"][:2]],
    )
    probs = [p for p in problems_of(passing_copy, ref) if p["kind"] == "names_missing"]
    assert probs and all("'9.9.9'" in p["message"] for p in probs)
    path = passing_copy / ref
    import re

    path.write_text(
        re.sub(r"\b\d{4}-\d\d-\d\d\b|\b(September|Sept?) 2026\b", "recently", path.read_text())
    )
    probs = problems_of(passing_copy, ref)
    assert any("no date" in p["message"] for p in probs)


def test_one_file_cited_for_unrelated_evidence_is_reported(passing_copy):
    shared = "docs/security/threat-model.md"

    def cite(d):
        d["end_users"]["data_use_notice"] = shared
        d["disposal"]["plan"] = shared

    edit_manifest(passing_copy, cite)
    probs = problems_of(passing_copy, shared)
    assert any(p["kind"] == "catch_all" for p in probs)


def test_a_structured_document_is_checked_by_its_keys(passing_copy):
    ref = "docs/security/threat-model.yaml"
    text = (passing_copy / THREAT_MODEL).read_text()
    (passing_copy / ref).write_text(
        yaml.safe_dump(
            {
                "scope": "The helpdesk assistant, its gateway, model server and order tool. " * 3,
                "threats": {
                    f"T{i}": "An attacker tries this and we stop it. " * 4 for i in range(1, 8)
                },
                "notes": text[:2000],
            }
        )
    )
    edit_manifest(passing_copy, lambda d: d["threat_model"].update(document=ref))
    assert kinds_of(passing_copy, ref) == set()
    (passing_copy / ref).write_text("scope: x\n" + "a:\n " * 0 + "[" * 5000 + "]" * 5000 + "\n")
    assert kinds_of(passing_copy, ref) & {"invalid_structure", "not_text"}


def test_a_code_or_config_file_holding_only_a_placeholder_is_rejected(passing_copy):
    ref = "pipelines/validate_tickets.py"
    (passing_copy / ref).write_text("# TODO\n")
    assert kinds_of(passing_copy, ref) == {"placeholder"}
    (passing_copy / ref).write_text("x\n")
    assert kinds_of(passing_copy, ref) == {"too_short"}


def test_every_path_filled_with_one_tiny_file_fails_the_gate(passing_copy):
    """The attack from the issue: every path the manifest names points at a two-byte file."""
    loaded = load_manifest(passing_copy / "ai-security.yaml")
    refs = {ref for _, ref in file_references(loaded.data, schema.schema_document())}
    tiny = passing_copy / "x.txt"
    tiny.write_text("x\n")

    def point_all(d):
        _replace_refs(d, refs, "x.txt")

    edit_manifest(passing_copy, point_all)
    fails = failed(passing_copy)
    for provision in (
        "5.1.2-1",  # design assessment
        "5.1.2-7",  # supplier due diligence
        "5.1.3-1",  # threat model
        "5.2.5-1",  # security test reports
        "5.3.1-1",  # user documentation
        "5.4.1-1",  # update policy and dependency updates
        "5.5.1-2",  # decommissioning plan
    ):
        assert provision in fails, provision


def _replace_refs(node, refs, new):
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, str) and v in refs:
                node[k] = new
            else:
                _replace_refs(v, refs, new)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, str) and v in refs:
                node[i] = new
            else:
                _replace_refs(v, refs, new)


def test_docs_evidence_lists_every_document_kind_as_the_data_file_says():
    from ai_security_gate.evidence.documents import documents_markdown

    page = (Path(__file__).resolve().parent.parent / "docs" / "evidence.md").read_text()
    start = page.index("-->\n", page.index("<!-- document kinds:")) + 4
    end = page.index("<!-- end document kinds -->")
    assert page[start:end] == documents_markdown()


def test_explain_shows_what_a_document_kind_must_contain():
    from click.testing import CliRunner

    from ai_security_gate.cli import main

    result = CliRunner().invoke(main, ["explain", "5.1.3-1"])
    assert result.exit_code == 0
    assert "Threat model:" in result.output and "'Threats'" in result.output
    result = CliRunner().invoke(main, ["explain", "due_diligence"])
    assert result.exit_code == 0
    assert "supply_chain.suppliers.*.due_diligence" in result.output


@pytest.mark.parametrize(
    ("name", "heading"),
    [("threat-model.rst", "Threats\n~~~~~~~\n"), ("threat-model.adoc", "== Threats\n")],
)
def test_restructuredtext_and_asciidoc_headings_are_sections(passing_copy, name, heading):
    md = (passing_copy / THREAT_MODEL).read_text()
    body = md.replace("## Scope and data flows\n", "Scope and data flows\n====================\n")
    body = body.replace("## Threats\n", heading if name.endswith(".rst") else "== Threats\n")
    if name.endswith(".adoc"):
        body = body.replace(
            "Scope and data flows\n====================\n", "== Scope and data flows\n"
        )
    ref = f"docs/security/{name}"
    (passing_copy / ref).write_text(body.replace("## ", "Notes: "))
    edit_manifest(passing_copy, lambda d: d["threat_model"].update(document=ref))
    assert not {"missing_section", "empty_section"} & kinds_of(passing_copy, ref)


def test_unfilled_hub_and_github_templates_are_placeholders(passing_copy):
    card = passing_copy / "models/helpdesk-llm/README.md"
    card.write_text(card.read_text() + "\n## Environmental impact\n\n[More Information Needed]\n")
    assert "placeholder" in kinds_of(passing_copy, "models/helpdesk-llm/README.md")
    policy = passing_copy / "SECURITY.md"
    policy.write_text(
        policy.read_text()
        + "\n## Reporting a Vulnerability\n\nUse this section to tell people how to report a "
        "vulnerability.\n"
    )
    assert "placeholder" in kinds_of(passing_copy, "SECURITY.md")


def test_a_report_cited_many_times_is_scanned_once_for_its_date_and_versions(
    passing_copy, monkeypatch, tmp_path
):
    """Issue 15: a report cited for every model was scanned for its date (and for a missing
    version) once per citation: quadratic, minutes at 10,000 models. The answers do not depend
    on the citation, so each is found once per document; the findings stay per citation."""
    from ai_security_gate.evidence import content, document_dates

    ref = "docs/evaluation/red-team-2026-09.md"
    scans = {"date": 0, "version": 0}
    real_date, real_version = document_dates.date_problem, content._has_version

    def count(kind, real):
        def spy(*args):
            scans[kind] += 1
            return real(*args)

        return spy

    # content.py imports it where a document is read
    monkeypatch.setattr(document_dates, "date_problem", count("date", real_date))
    monkeypatch.setattr(content, "_has_version", count("version", real_version))
    seen = []
    for copies in (1, 40):

        def cite(d, copies=copies):
            tests = d["testing"]["security_tests"]
            tests += [{**tests[0], "report": ref, "model_version": "9.9.9"}] * copies

        edit_manifest(passing_copy, cite)
        scans.update(date=0, version=0)
        monkeypatch.setenv("AI_SECURITY_GATE_CACHE_DIR", str(tmp_path / f"cache-{copies}"))
        probs = [p for p in problems_of(passing_copy, ref) if "'9.9.9'" in p["message"]]
        assert len(probs) >= copies  # still one finding per citation
        seen.append(dict(scans))
    assert seen[0]["date"] > 0 and seen[0]["version"] > 0
    assert seen[1] == seen[0], seen  # 40 more citations, no more scans
