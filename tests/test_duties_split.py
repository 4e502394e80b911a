"""Per-part duties of every provision whose duty the standard splits between roles (catalogue
`duties:`): 5.1.3-2, 5.2.5-2, 5.3.1-1, 5.3.1-2 and 5.4.1-1. Each part is assessed only for the
role that carries it; a part owed only to another organisation ("an external developer must
supply the operator") is assessed only where another organisation carries the other part, so
giving the user-facing part away brings the developer's supply back. Decision-level tests over
the whole catalogue, then the real CLI on repositories built from the passing example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from ai_security_gate.catalog import by_id, load_catalog
from ai_security_gate.decision import DecideOptions, decide
from ai_security_gate.engines.base import Met, Violation
from ai_security_gate.loader import SourceMap
from ai_security_gate.results import Duty, Provision, Status
from test_three_systems import _check, _repo, hosted_api_operator, open_weights_developer

SPLIT = [p for p in load_catalog() if p.duties]
SOURCE = SourceMap("ai-security.yaml", {(): (1, 1), ("duties", 0): (30, 3)})
ANSWERED = {"infrastructure": {"cloud_providers": []}, "disposal": {"transfer": "docs/t.md"}}
AGREEMENT = "docs/contracts/acme.md"


def _unmet(p: Provision, d: Duty) -> list[Violation]:
    return [Violation(*r.split("."), p.id, f"{r} unmet", ("x",)) for r in d.rules]


def _met(p: Provision, d: Duty) -> list[Met]:
    return [Met(*r.split("."), p.id, f"{r} met", ("x",)) for r in d.rules]


def _decide(p: Provision, roles, violations=(), met=(), duties=None, extra=None):
    data: dict[str, Any] = {"system": {"roles": roles}, **ANSWERED, **(extra or {})}
    if duties is not None:
        data["duties"] = duties
    return decide(
        manifest_name="ai-security.yaml",
        data=data,
        source_map=SOURCE,
        catalog=[p],
        schema_findings=[],
        violations=list(violations),
        covered={p.id: ["x"]},
        options=DecideOptions(today=dt.date(2026, 11, 22)),
        met=list(met),
        observed={"duty_agreements": {AGREEMENT: ""}},
    ).results[0]


def test_the_split_provisions_are_the_ones_the_standard_splits():
    # the reasoning for each (and for the ones that do not split) is on the provision pages
    assert sorted(p.id for p in SPLIT) == ["5.1.3-2", "5.2.5-2", "5.3.1-1", "5.3.1-2", "5.4.1-1"]
    for p in SPLIT:
        assert p.reasoning, p.id
        assert len({d.role for d in p.duties}) > 1, p.id  # a split names different roles


def _cases() -> list[tuple[str, str]]:
    return [(p.id, d.part) for p in SPLIT for d in p.duties]


@pytest.mark.parametrize(("pid", "part"), _cases())
def test_a_part_is_assessed_only_for_the_role_that_carries_it(pid: str, part: str):
    p = by_id()[pid]
    mine = next(d for d in p.duties if d.part == part)
    others = [d for d in p.duties if d.role != mine.role]
    every_unmet = [v for d in p.duties for v in _unmet(p, d)]
    r = _decide(p, [mine.role], every_unmet)
    assert r.status is Status.FAIL
    # only the findings of its own part count against it
    assert {f.rule for f in r.findings} == set(mine.rules) - {x for d in others for x in d.rules}
    # its own part met earns the pass; the other roles' parts met earn nothing
    assert _decide(p, [mine.role], met=_met(p, mine)).status is Status.PASS
    others_met = [m for d in others for m in _met(p, d)]
    assert _decide(p, [mine.role], met=others_met).status is Status.FAIL


@pytest.mark.parametrize("pid", [p.id for p in SPLIT if any(d.external_only for d in p.duties)])
def test_a_supply_part_is_internal_when_one_organisation_carries_both(pid: str):
    p = by_id()[pid]
    supply = next(d for d in p.duties if d.external_only)
    rest = [d for d in p.duties if not d.external_only]
    roles = sorted({d.role for d in p.duties})
    r = _decide(p, roles, _unmet(p, supply), [m for d in rest for m in _met(p, d)])
    assert r.status is Status.PASS
    assert "owed to another organisation only" in r.reason


@pytest.mark.parametrize("pid", [p.id for p in SPLIT if any(d.external_only for d in p.duties)])
def test_giving_the_other_part_away_brings_the_supply_part_back(pid: str):
    """The attack: declare both roles so the supply part is internal, then give the other
    part to another organisation. The supply is then owed to that organisation."""
    p = by_id()[pid]
    supply = next(d for d in p.duties if d.external_only)
    given = [
        {"provision": pid, "part": d.part, "carried_by": "Acme Ltd", "agreement": AGREEMENT}
        for d in p.duties
        if not d.external_only
    ]
    roles = sorted({d.role for d in p.duties})
    r = _decide(p, roles, _unmet(p, supply), duties=given)
    assert r.status is Status.FAIL
    assert {f.rule for f in r.findings} == set(supply.rules)
    passed = _decide(p, roles, met=_met(p, supply), duties=given)
    assert passed.status is Status.PASS
    assert "carried by Acme Ltd" in passed.reason


def _provision(report: dict[str, Any], pid: str) -> dict[str, Any]:
    return next(p for p in report["provisions"] if p["id"] == pid)


def _rules(entry: dict[str, Any], key: str) -> set[str]:
    return {f["rule"] for f in entry[key]}


def test_an_operator_rolls_updates_out_and_is_not_asked_for_advisories(git_repo: Path):
    def legit(data, root):
        hosted_api_operator(data, root)
        data["updates"].pop("advisories")  # the model's supplier publishes those

    code, report = _check(_repo(git_repo, legit))
    assert code == 0, report
    updates = _provision(report, "5.4.1-1")
    assert updates["status"] == "pass"
    assert _rules(updates, "verified") == {"p11_updates.rollout_met"}


def test_an_operator_without_a_rollout_policy_fails(git_repo: Path):
    def gamed(data, root):
        hosted_api_operator(data, root)
        data["updates"].pop("policy")
        data["updates"].pop("preview_channel")  # not an operator's duty either (5.4.1-3)

    code, report = _check(_repo(git_repo, gamed))
    assert code == 1
    updates = _provision(report, "5.4.1-1")
    assert updates["status"] == "fail"
    assert _rules(updates, "findings") == {"p11_updates.rollout_process"}


def test_a_developer_supports_operators_testing_instead_of_deploying(git_repo: Path):
    def legit(data, root):
        open_weights_developer(data, root)
        data["testing"].pop("pre_deployment")  # it deploys nothing

    code, report = _check(_repo(git_repo, legit))
    assert code == 0, report
    tested = _provision(report, "5.2.5-2")
    assert tested["status"] == "pass"
    assert _rules(tested, "verified") == {"p09_testing.operator_testing_supported_met"}


def test_a_developer_that_supports_no_operator_testing_fails(git_repo: Path):
    def gamed(data, root):
        open_weights_developer(data, root)
        data["testing"].pop("shared_with_operators")

    code, report = _check(_repo(git_repo, gamed))
    assert code == 1
    tested = _provision(report, "5.2.5-2")
    assert tested["status"] == "fail"
    assert "p09_testing.operator_testing_supported" in _rules(tested, "findings")


def test_a_developer_that_tells_operators_nothing_fails_5_3_1(git_repo: Path):
    def gamed(data, root):
        open_weights_developer(data, root)
        data.pop("operator_information")  # end_users.* stays: it serves no end users

    code, report = _check(_repo(git_repo, gamed))
    assert code == 1
    assert _rules(_provision(report, "5.3.1-1"), "findings") == {"p10_deployment.data_use_supplied"}
    assert _rules(_provision(report, "5.3.1-2"), "findings") == {"p10_deployment.guidance_supplied"}
