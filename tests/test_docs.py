"""docs/provisions/: one generated page per provision that must not drift from the catalogue,
the policies or the schema; `explain ID` shows the same information in the terminal."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
import yaml
from click.testing import CliRunner

from ai_security_gate.catalog import load_catalog
from ai_security_gate.catalogue import docgen
from ai_security_gate.cli import main
from ai_security_gate.decision import DecideOptions, decide
from ai_security_gate.loader import SourceMap
from conftest import ROOT

DOCS = ROOT / "docs" / "provisions"
CATALOG = load_catalog()


def _flat(text: str) -> str:
    """Whitespace-insensitive text: the terminal wraps lines, the Markdown does not."""
    return " ".join(text.split())


def test_checked_in_pages_match_a_fresh_generation(tmp_path):
    """Fails when the catalogue, a policy or the schema changed and the pages were not
    regenerated: run `ai-security-gate docs docs/provisions`."""
    out = tmp_path / "provisions"
    result = CliRunner().invoke(main, ["docs", str(out)])
    assert result.exit_code == 0, result.output
    fresh = {p.name: p.read_text("utf-8") for p in out.glob("*.md")}
    checked_in = {p.name: p.read_text("utf-8") for p in DOCS.glob("*.md")}
    assert len(fresh) == len(CATALOG) + 1, "the generator wrote no pages (or not all)"
    assert sorted(fresh) == sorted(checked_in)
    stale = [name for name in fresh if fresh[name] != checked_in[name]]
    assert not stale, f"out of date (run `ai-security-gate docs docs/provisions`): {stale}"


def test_one_page_per_provision_and_an_index():
    assert {p.name for p in DOCS.glob("*.md")} == {f"{p.id}.md" for p in CATALOG} | {"README.md"}
    index = (DOCS / "README.md").read_text("utf-8")
    assert "72/72 assessed" in index
    for p in CATALOG:
        assert f"[{p.id}]({p.id}.md)" in index


def test_check_flag_reports_drift(tmp_path):
    copy = tmp_path / "provisions"
    shutil.copytree(DOCS, copy)
    assert CliRunner().invoke(main, ["docs", "--check", str(copy)]).exit_code == 0
    page = copy / "5.1.3-1.md"
    page.write_text(page.read_text("utf-8").replace("threat", "thread"), "utf-8")
    result = CliRunner().invoke(main, ["docs", "--check", str(copy)])
    assert result.exit_code == 1
    assert "5.1.3-1.md" in result.output


def test_regenerating_keeps_files_it_did_not_write(tmp_path):
    out = tmp_path / "provisions"
    out.mkdir()
    (out / "notes.md").write_text("# my notes\n", "utf-8")
    (out / "9.9.9-9.md").write_text(f"{docgen.GENERATED}; old page -->\n", "utf-8")
    assert CliRunner().invoke(main, ["docs", str(out)]).exit_code == 0
    assert (out / "notes.md").is_file()  # not ours: kept
    assert not (out / "9.9.9-9.md").exists()  # ours, for no provision any more: removed


@pytest.mark.parametrize("p", CATALOG, ids=[p.id for p in CATALOG])
def test_page_has_what_the_issue_asks_for(p):
    page = (DOCS / f"{p.id}.md").read_text("utf-8")
    doc = docgen.provision_doc(p)
    assert page.startswith(f"# {p.id}: ")
    assert f"| UK Code of Practice | {p.uk_id} |" in page
    assert f"| Principle | {p.principle}: {p.principle_title} |" in page
    assert f"| Phase | {p.phase.replace('_', ' ')} |" in page
    assert f"| Level | {p.level} " in page
    assert "Our paraphrase, not the text of the standard" in page
    assert f"> {p.title}" in page
    for rule in doc.rules:
        assert f"`{rule.rule_id}`" in page
    assert doc.rules or p.attestation, "a provision nothing assesses"
    if doc.rules:
        # rules read manifest fields: the schema names at least one for the provision
        assert doc.fields, "no schema description names this provision"
        assert "## What a finding looks like" in page
    for block in re.findall(r"```yaml\n(.*?)```", page, re.DOTALL):
        assert isinstance(yaml.safe_load(block), dict)
    if p.attestation:
        assert "attestations:" in page and "no attestation for" in page


def test_finding_examples_are_the_rules_messages():
    """The message template on the page is the rule's own text, so a reader sees what the
    gate will print (placeholders like <name> stand for values from the manifest)."""
    page = (DOCS / "5.2.2-2.md").read_text("utf-8")
    assert (
        "the model API is exposed without a rate limit; set `infrastructure.api.rate_limit:`"
        in page
    )
    page = (DOCS / "5.1.2-6.md").read_text("utf-8")
    assert "integration <name> holds the broad permission <p>" in page
    assert "ai-security.yaml:<line of system.integrations[i].permissions[j]>" in page


def test_attestation_examples_are_what_a_decision_prints():
    """docgen takes the attestation text from attestation_messages.py without running a
    decision; a real decision on a missing and a 400-day-old attestation must print it."""
    p = next(p for p in CATALOG if p.attestation and not p.applies_when)
    stale = (docgen.EXAMPLE_TODAY - dt.timedelta(days=400)).isoformat()
    printed = []
    for extra in (
        {},
        {"attestations": [{"provision": p.id, "statement": "s", "owner": "o", "date": stale}]},
    ):
        decision = decide(
            manifest_name="ai-security.yaml",
            data={"system": {"roles": list(p.roles)}, **extra},
            source_map=SourceMap("ai-security.yaml", {}),
            catalog=[p],
            schema_findings=[],
            violations=[],
            covered={},
            options=DecideOptions(today=docgen.EXAMPLE_TODAY),
        )
        printed += [f.message for r in decision.results for f in r.findings]
    assert printed == docgen.attestation_findings(p)
    assert len(printed) == 2 and "400 days old" in printed[1]


def test_yaml_examples_come_from_the_passing_example():
    page = (DOCS / "5.4.2-1.md").read_text("utf-8")
    example = re.search(r"```yaml\n(.*?)```", page, re.DOTALL).group(1)
    assert yaml.safe_load(example)["logging"]["retention_days"] == 365


@pytest.mark.parametrize("p", CATALOG, ids=[p.id for p in CATALOG])
def test_explain_shows_the_same_information(p):
    result = CliRunner().invoke(main, ["explain", p.id])
    assert result.exit_code == 0, result.output
    text = _flat(result.output)
    doc = docgen.provision_doc(p)
    assert f"{p.id} (UK Code {p.uk_id}) {p.level.upper()}" in text
    assert _flat(p.title) in text
    assert "Paraphrase (ours, not the standard's text)" in text
    for rule in doc.rules:
        assert f"rule {rule.rule_id}" in text
        for check in rule.checks:
            assert _flat(check) in text
        for _path, message in rule.findings:
            if message:
                assert _flat(message) in text
    for field, _description in doc.fields:
        assert f" {field} " in text
    for line in doc.example.splitlines():
        assert _flat(line) in text
    for message in doc.attestation_findings:
        assert _flat(message) in text


def test_explain_by_uk_code_id():
    result = CliRunner().invoke(main, ["explain", "8.1.2"])
    assert result.exit_code == 0
    assert result.output.startswith("5.2.4-1.2 ")
