"""Every one of the 72 provisions is assessed: by Rego rules, by an attestation, or both.

Computed from the policy files and the catalogue, never from a list kept here."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from ai_security_gate.catalog import load_catalog
from ai_security_gate.catalogue.coverage import ATTESTATION, BOTH, NONE, RULES, assessments
from ai_security_gate.cli import main
from ai_security_gate.decision import DecideOptions, decide
from ai_security_gate.loader import SourceMap
from ai_security_gate.policies import load_policies
from ai_security_gate.results import Status


def test_all_72_provisions_are_assessed():
    rows = assessments()
    assert len(rows) == 72
    missing = [a.provision.id for a in rows if not a.assessed]
    assert not missing, f"provisions nobody assesses: {missing}"


def test_coverage_rules_come_from_the_rule_index():
    """Each rule id in the coverage is a rule of its package, and every provision a policy
    reports is a catalogue provision."""
    rules = {e.rule_id for e in load_policies().index.entries}
    listed = {r for a in assessments() for r in a.rules}
    assert listed and listed <= rules
    known = {p.id for p in load_catalog()}
    assert set(load_policies().covered()) <= known


def test_assessed_by_follows_rules_and_the_attestation_flag():
    for a in assessments():
        expected = {
            (True, True): BOTH,
            (True, False): RULES,
            (False, True): ATTESTATION,
            (False, False): NONE,
        }[(bool(a.rules), a.provision.attestation)]
        assert a.how == expected, a.provision.id


def test_training_and_awareness_provisions_need_an_attestation():
    """Principle 1 is organisational: no rule over the manifest can show training happened."""
    principle_1 = [p for p in load_catalog() if p.principle == 1]
    assert principle_1 and all(p.attestation for p in principle_1)


def test_a_manifest_with_no_findings_leaves_nothing_not_assessed():
    """The decision stage agrees: with the shipped coverage, no provision can end up
    `not_assessed`, whatever the manifest holds (here: everything applies, nothing fires)."""
    decision = decide(
        manifest_name="ai-security.yaml",
        data={
            "system": {"roles": ["developer", "system_operator", "data_custodian"]},
            # the self-declared conditions answered (an omitted one reads the strict way)
            "infrastructure": {"cloud_providers": []},
            "disposal": {"transfer": "docs/transfer.md"},
        },
        source_map=SourceMap("ai-security.yaml", {}),
        catalog=load_catalog(),
        schema_findings=[],
        violations=[],
        covered=load_policies().covered(),
        options=DecideOptions(today=dt.date(2026, 11, 22)),
    )
    statuses = {r.provision.id: r.status for r in decision.results}
    assert Status.NOT_ASSESSED not in statuses.values()
    # attestation-flagged provisions without an attestation are unmet, never passed
    # (unless their catalogue condition does not hold on this manifest: then not applicable)
    for p in load_catalog():
        if p.attestation:
            expected = Status.NOT_APPLICABLE if p.applies_when else Status.FAIL
            assert statuses[p.id] is expected, p.id


def test_cli_prints_every_provision_and_72_of_72():
    result = CliRunner().invoke(main, ["provisions", "--coverage"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1].startswith("72/72 assessed (")
    by_id = {line.split()[0]: line for line in lines[1:-1]}
    assert len(by_id) == 72
    for a in assessments():
        row = by_id[a.provision.id]
        assert f" {a.how} " in row
        for rule in a.rules:
            assert rule in row


def test_cli_coverage_as_json():
    result = CliRunner().invoke(main, ["provisions", "--coverage", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 72
    assert all(r["assessed_by"] in (RULES, ATTESTATION, BOTH) for r in rows)
    assert all(r["rules"] or r["assessed_by"] == ATTESTATION for r in rows)


def test_cli_coverage_respects_the_filters():
    result = CliRunner().invoke(main, ["provisions", "--coverage", "--phase", "end_of_life"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("2/2 assessed")
