"""The decide stage on plain data: roles, waivers, attestations, blocking levels."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ai_security_gate.catalog import by_id, load_catalog
from ai_security_gate.decision import DecideOptions, decide
from ai_security_gate.engines.base import Met, Violation
from ai_security_gate.loader import SourceMap
from ai_security_gate.results import Status

TODAY = dt.date(2026, 11, 22)
SOURCE = SourceMap("ai-security.yaml", {(): (1, 1), ("waivers", 0, "expires"): (9, 5)})


# Most tests look at one behaviour; with no provision needing an attestation, nothing else
# can fail the gate behind their back. Attestations have their own test below.
WITHOUT_ATTESTATIONS = [replace(p, attestation=False) for p in load_catalog()]


# A check verified every provision (a policy's `met` record), so these tests see the statuses
# that findings, roles, waivers and attestations give; tests/test_earned.py covers the rest.
VERIFIED = [Met("p", "verified", p.id, "checked", ("models",)) for p in load_catalog()]


def _decide(data, violations=(), covered=None, catalog=None, fail_on="shall", met=VERIFIED):
    return decide(
        manifest_name="ai-security.yaml",
        data=data,
        source_map=SOURCE,
        catalog=catalog or WITHOUT_ATTESTATIONS,
        schema_findings=[],
        violations=list(violations),
        covered=covered if covered is not None else {p.id: ["x"] for p in load_catalog()},
        options=DecideOptions(today=TODAY, fail_on=fail_on),
        met=met,
    )


def _status(decision, pid):
    return next(r for r in decision.results if r.provision.id == pid)


def _violation(pid):
    return Violation("p05_assets", "rule", pid, "broken", ("models",))


# the self-declared conditions answered (claims.py reads an omitted one the strict way): no
# outside providers, a transfer procedure and no oversight (exempted), so those provisions do not fail behind a
# test's back
ANSWERED = {
    "infrastructure": {"cloud_providers": []},
    "disposal": {"transfer": "docs/t.md"},
    # no human oversight, exempted with a reason: left out, it reads as used (claims.py)
    "not_applicable": [
        {
            "provision": "5.1.4-3",
            "justification": "No person oversees this test system.",
            "approver": "Lena Fischer",
            "reviewed": "2026-10-01",
        }
    ],
}
ALL_ROLES = {
    "system": {"roles": ["developer", "system_operator", "data_custodian"]},
    **ANSWERED,
}


def test_every_provision_gets_exactly_one_status():
    decision = _decide(ALL_ROLES)
    assert [r.provision.id for r in decision.results] == [p.id for p in load_catalog()]
    assert len(decision.results) == 72


def test_role_not_played_is_not_applicable_and_says_which_role():
    decision = _decide({"system": {"roles": ["developer"]}, **ANSWERED}, [_violation("5.2.1-3")])
    r = _status(decision, "5.2.1-3")  # an operator-only provision
    assert r.status is Status.NOT_APPLICABLE
    assert "system operator" in r.reason
    assert decision.passed  # its violation does not count


def test_no_declared_roles_means_every_provision_applies():
    decision = _decide({"system": {}})
    # (a provision whose catalogue condition does not hold is not applicable whatever the roles)
    assert not any(
        r.status is Status.NOT_APPLICABLE and not r.provision.applies_when for r in decision.results
    )


def test_unmet_shall_fails_and_unmet_should_warns():
    shall, should = "5.2.1-1", "5.2.4-1.1"
    assert by_id()[shall].level == "shall" and by_id()[should].level == "should"
    warn = _decide(ALL_ROLES, [_violation(should)])
    assert _status(warn, should).status is Status.FAIL
    assert warn.passed and warn.exit_code == 0
    assert not _decide(ALL_ROLES, [_violation(should)], fail_on="should").passed
    assert _decide(ALL_ROLES, [_violation(shall)]).exit_code == 1


def test_valid_waiver_waives_and_expired_waiver_fails():
    waiver = {
        "provision": "5.2.1-1",
        "justification": "migrating the registry; interim manual inventory",
        "approver": "CISO",
    }
    valid = _decide(
        {**ALL_ROLES, "waivers": [{**waiver, "expires": "2026-12-31"}]}, [_violation("5.2.1-1")]
    )
    r = _status(valid, "5.2.1-1")
    assert r.status is Status.WAIVED and "CISO" in r.reason and valid.passed
    expired = _decide(
        {**ALL_ROLES, "waivers": [{**waiver, "expires": "2026-11-21"}]}, [_violation("5.2.1-1")]
    )
    r = _status(expired, "5.2.1-1")
    assert r.status is Status.FAIL and not expired.passed
    assert any("expired on 2026-11-21" in f.message and f.location.line == 9 for f in r.findings)


def test_expired_waiver_fails_even_without_findings():
    data = {
        **ALL_ROLES,
        "waivers": [
            {"provision": "5.2.1-1", "justification": "j", "approver": "a", "expires": "2025-01-31"}
        ],
    }
    assert _status(_decide(data), "5.2.1-1").status is Status.FAIL


def test_attestation_fresh_stale_and_missing():
    pid = "5.1.1-1"
    catalog = [replace(by_id()[pid], attestation=True)]
    none = _decide(ALL_ROLES, covered={}, catalog=catalog)
    assert _status(none, pid).status is Status.FAIL
    fresh = {
        **ALL_ROLES,
        "attestations": [{"provision": pid, "statement": "s", "owner": "o", "date": "2026-05-04"}],
    }
    assert _status(_decide(fresh, covered={}, catalog=catalog), pid).status is Status.ATTESTED
    stale = {
        **ALL_ROLES,
        "attestations": [{"provision": pid, "statement": "s", "owner": "o", "date": "2025-05-04"}],
    }
    r = _status(_decide(stale, covered={}, catalog=catalog), pid)
    assert r.status is Status.FAIL and "days old" in r.findings[0].message


def test_nothing_looked_at_it_is_not_a_pass():
    decision = _decide(ALL_ROLES, covered={})
    assert all(
        r.status is Status.NOT_ASSESSED
        for r in decision.results
        if not r.provision.applies_when  # (those are not applicable on this empty manifest)
    )


def test_organisational_provisions_fail_without_attestations():
    flagged = [p for p in load_catalog() if p.attestation]
    assert flagged
    decision = _decide(ALL_ROLES, covered={}, catalog=list(load_catalog()))
    for p in flagged:
        expected = Status.NOT_APPLICABLE if p.applies_when else Status.FAIL
        assert _status(decision, p.id).status is expected, p.id


def test_unknown_provision_ids_are_manifest_findings():
    data = {
        **ALL_ROLES,
        "waivers": [
            {"provision": "5.9.9-9", "justification": "j", "approver": "a", "expires": "2027-01-01"}
        ],
    }
    decision = _decide(data)
    assert any("not an EN 304 223 provision id" in f.message for f in decision.schema_findings)
    assert not decision.passed
