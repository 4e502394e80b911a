"""A pass must be earned: each class of gaming tried both ways on real copies of the passing
example, through the real CLI and the embedded engine (gamed -> fails, legitimate -> passes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import EXAMPLES, TODAY, git


def _edit(repo: Path, change) -> None:
    path = repo / "ai-security.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _check(repo: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    # a copy outside git says so explicitly; the git tests build real repositories
    history = [] if (repo / ".git").exists() else ["--no-history"]
    args = ["check", str(repo), "--today", TODAY, "-f", "json", *history, *extra]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)


def _result(report: dict[str, Any], pid: str) -> dict[str, Any]:
    return next(p for p in report["provisions"] if p["id"] == pid)


def _messages(report: dict[str, Any], pid: str) -> str:
    return "\n".join(f["message"] for f in _result(report, pid)["findings"])


def test_the_legitimate_manifest_passes_and_says_what_verified_each_pass(passing_copy):
    code, report = _check(passing_copy)
    assert code == 0
    threats = _result(report, "5.1.3-1.3")
    assert threats["status"] == "pass"
    assert any("all 7 threats" in v["what"] for v in threats["verified"])


def test_empty_sections_earn_nothing(passing_copy):
    def empty(data):
        data["threat_model"]["threats"] = []
        data["testing"]["security_tests"] = []
        data["human_oversight"]["output_review_aids"] = []
        data["models"][0]["datasets"] = []

    _edit(passing_copy, empty)
    code, report = _check(passing_copy)
    assert code == 1
    for pid in ("5.1.3-1.3", "5.2.5-2.1", "5.2.5-4.1", "5.1.4-2"):
        r = _result(report, pid)
        assert r["status"] == "fail", pid
        assert not r["verified"], pid
    assert "nothing shows 5.1.3-1.3 is met" in _messages(report, "5.1.3-1.3")
    # the finding says where to declare it
    finding = _result(report, "5.1.3-1.3")["findings"][0]
    assert finding["path"] == ["threat_model"]
    # a placeholder model with `datasets: []` is no inventory
    assert _result(report, "5.2.1-1")["status"] == "fail"


def test_a_missing_document_earns_nothing_even_where_no_rule_fires(passing_copy):
    (passing_copy / "docs" / "ops" / "update-policy.md").unlink()
    code, report = _check(passing_copy)
    assert code == 1
    assert _result(report, "5.4.1-3")["status"] == "fail"  # preview channel: the same file
    assert _result(report, "5.4.1-1.1")["status"] == "fail"


def test_a_directory_is_no_document(passing_copy):
    _edit(passing_copy, lambda d: d["threat_model"].__setitem__("document", "docs"))
    code, report = _check(passing_copy)
    assert code == 1
    assert _result(report, "5.1.3-1")["status"] == "fail"


def test_attestation_with_an_unchecked_url_is_attested_not_pass(passing_copy):
    _, report = _check(passing_copy)
    # 5.1.1-2.2 cites an intranet URL: nothing was verified, so it is only attested
    assert _result(report, "5.1.1-2.2")["status"] == "attested"
    assert "only an attestation" in _result(report, "5.1.1-2.2")["reason"]
    # 5.1.3-3 cites a document in the repository, which the rule checks: a pass
    assert _result(report, "5.1.3-3")["status"] == "pass"

    def cite_file(data):
        for a in data["attestations"]:
            if a["provision"] == "5.1.1-2.2":
                a["evidence"] = "docs/security/design-assessment.md"

    _edit(passing_copy, cite_file)
    _, report = _check(passing_copy)
    assert _result(report, "5.1.1-2.2")["status"] == "pass"


def test_future_dates_are_findings_under_the_provision_they_serve(passing_copy):
    def future(data):
        data["threat_model"]["last_reviewed"] = "2099-01-01"
        data["incident_response"]["last_exercised"] = "2027-03-01"
        data["datasets"][0]["collected"] = "2026-12-01"

    _edit(passing_copy, future)
    code, report = _check(passing_copy)
    assert code == 1
    for pid, field in (
        ("5.1.3-1", "threat_model.last_reviewed"),
        ("5.1.3-1.1", "threat_model.last_reviewed"),
        ("5.2.2-5", "incident_response.last_exercised"),
        ("5.2.4-2.1", "datasets[0].collected"),
    ):
        assert _result(report, pid)["status"] == "fail", pid
        assert f"{field} is " in _messages(report, pid) and "after today" in _messages(report, pid)


def test_dates_the_engine_cannot_compare_are_schema_findings_not_exit_2(passing_copy):
    def far(data):
        data["threat_model"]["last_reviewed"] = "9999-12-31"
        data["system"]["design_assessment"]["date"] = "1066-10-14"

    _edit(passing_copy, far)
    code, report = _check(passing_copy)
    assert code == 1
    texts = {f["path_text"]: f["message"] for f in report["manifest_findings"]}
    assert "1678-2261" in texts["threat_model.last_reviewed"]
    assert "1678-2261" in texts["system.design_assessment.date"]
    assert _result(report, "5.1.3-1")["status"] == "fail"


def _waive(repo: Path, **fields: Any) -> None:
    def add(data):
        data["testing"]["security_tests"] = [
            t for t in data["testing"]["security_tests"] if not t.get("independent")
        ]
        waiver = {
            "provision": "5.2.5-2.1",
            "justification": "Independent red team booked for January; internal tests meanwhile.",
            "approver": "Lena Fischer",
            "expires": "2027-02-01",
        }
        waiver.update(fields)
        data["waivers"] = [waiver]

    _edit(repo, add)


def test_a_time_boxed_waiver_by_someone_else_is_applied_and_listed(passing_copy):
    _waive(passing_copy)
    _, report = _check(passing_copy)
    assert _result(report, "5.2.5-2.1")["status"] == "waived"
    (record,) = report["waivers"]
    assert record["approver"] == "Lena Fischer" and record["applied"] is True
    assert record["days_left"] == 71  # 2026-11-22 -> 2027-02-01


def test_a_waiver_past_the_horizon_fails_like_an_expired_one(passing_copy):
    _waive(passing_copy, expires="2099-01-01")
    _, report = _check(passing_copy)
    assert _result(report, "5.2.5-2.1")["status"] == "fail"
    assert "at most 180 days" in _messages(report, "5.2.5-2.1")
    assert report["waivers"][0]["applied"] is False
    # the horizon is an option
    _, report = _check(passing_copy, "--waiver-max-days", "30000")
    assert _result(report, "5.2.5-2.1")["status"] == "waived"


def test_a_waiver_approved_by_the_system_owner_is_not_applied(passing_copy):
    for approver in ("Dana Okafor", "dana.okafor@example.com", "  dana  OKAFOR "):
        _waive(passing_copy, approver=approver)
        _, report = _check(passing_copy)
        assert _result(report, "5.2.5-2.1")["status"] == "fail", approver
        assert "the system owner" in _messages(report, "5.2.5-2.1")


def test_a_waiver_needs_a_justification(passing_copy):
    _waive(passing_copy, justification="tbd")
    _, report = _check(passing_copy)
    assert _result(report, "5.2.5-2.1")["status"] == "fail"
    assert "no justification" in _messages(report, "5.2.5-2.1")


def test_declared_roles_below_what_the_manifest_shows_fail_and_name_the_evidence(passing_copy):
    _edit(passing_copy, lambda d: d["system"].__setitem__("roles", ["system_operator"]))
    code, report = _check(passing_copy)
    assert code == 1
    texts = [f["message"] for f in report["manifest_findings"]]
    assert any("leaves out developer" in t and "helpdesk-llm is fine_tuned" in t for t in texts)
    assert any("leaves out data_custodian" in t and "Priya Raman" in t for t in texts)
    # the hidden roles' provisions are checked anyway
    assert set(report["roles"]) == {"developer", "system_operator", "data_custodian"}
    assert _result(report, "5.1.3-1.2")["status"] == "pass"  # a developer-only provision


def test_end_user_only_on_a_training_system_fails(passing_copy):
    _edit(passing_copy, lambda d: d["system"].__setitem__("roles", ["end_user"]))
    code, report = _check(passing_copy)
    assert code == 1
    assert any("leaves out developer" in f["message"] for f in report["manifest_findings"])


def test_a_role_set_with_no_obligations_is_a_finding(passing_copy):
    def bare(data):
        data["system"]["roles"] = ["end_user"]
        for key in ("models", "datasets", "logging", "end_users", "human_oversight"):
            data.pop(key, None)

    _edit(passing_copy, bare)
    # the data files it kept would show a data custodian (roles.py reads the repository too)
    shutil.rmtree(passing_copy / "data")
    code, report = _check(passing_copy)
    assert code == 1
    assert any("no obligations" in f["message"] for f in report["manifest_findings"])


def test_no_applicable_provision_passes_with_nothing_verified():
    """The decision itself: every provision applies, nothing fires, nothing is verified."""
    import datetime as dt

    from ai_security_gate.catalog import load_catalog
    from ai_security_gate.decision import DecideOptions, decide
    from ai_security_gate.loader import SourceMap
    from ai_security_gate.policies import load_policies
    from ai_security_gate.results import Status

    policies = load_policies()
    decision = decide(
        manifest_name="ai-security.yaml",
        data={"system": {"roles": ["developer", "system_operator", "data_custodian"]}},
        source_map=SourceMap("ai-security.yaml", {}),
        catalog=load_catalog(),
        schema_findings=[],
        violations=[],
        covered=policies.covered(),
        earners=policies.earners(),
        options=DecideOptions(today=dt.date(2026, 11, 22)),
    )
    assert not [r.provision.id for r in decision.results if r.status is Status.PASS]
    # and every provision a rule assesses has a check that can earn its pass
    earners = policies.earners()
    assert not [pid for pid in policies.covered() if pid not in earners]


def test_every_date_field_of_the_schema_is_classified():
    """A new date field must say which provisions it serves (or that it may lie ahead)."""
    from ai_security_gate import dates

    known = set(dates.SERVES) | dates.FUTURE_ALLOWED | dates.CHECKED_ELSEWHERE
    assert dates.date_fields(), "no date fields found: the schema walk is broken"
    assert not [f for f in dates.date_fields() if f not in known]


def _outside_custodian(data: dict[str, Any]) -> None:
    """The custodian is the customer's, not ours: someone the manifest shows nowhere else (a
    threat owner here would be inside the organisation, people.py)."""
    for d in data["datasets"]:
        d["custodian_external"] = True
        d["custodian"] = "Customer data office (Acme Retail Ltd)"
    data["disposal"]["custodian_signoff"] = "Customer data office (Acme Retail Ltd)"


def _exempt(repo: Path, pid: str, **fields: Any) -> None:
    def add(data):
        _outside_custodian(data)
        entry = {
            "provision": pid,
            "justification": "The datasets belong to our customer, whose custodian confirms uses.",
            "approver": "Lena Fischer",
            "reviewed": "2026-10-01",
        }
        entry.update(fields)
        data["not_applicable"] = [entry]

    _edit(repo, add)


def test_a_justified_exemption_is_not_applicable_with_its_reason_in_every_format(passing_copy):
    _exempt(passing_copy, "5.1.2-5")
    code, report = _check(passing_copy)
    r = _result(report, "5.1.2-5")
    assert r["status"] == "not_applicable" and r["justified"] is True
    assert "belong to our customer" in r["reason"] and "Lena Fischer" in r["reason"]
    assert code == 0
    text = CliRunner().invoke(main, ["check", str(passing_copy), "--today", TODAY, "-v"]).output
    assert "justified: The datasets belong to our customer" in text


def test_an_exemption_the_manifests_facts_contradict_is_refused(passing_copy):
    _exempt(passing_copy, "5.2.1-3")  # disaster recovery: the manifest shows an operator
    code, report = _check(passing_copy)
    assert code == 1
    r = _result(report, "5.2.1-3")
    assert r["status"] == "fail" and not r["justified"]
    assert "cannot set it aside" in _messages(report, "5.2.1-3")


def test_an_exemption_needs_a_fresh_review_and_an_approver_other_than_the_owner(passing_copy):
    for fields, words in (
        ({"reviewed": "2024-01-01"}, "more than 365 days ago"),
        ({"reviewed": "2027-01-01"}, "after today"),
        ({"approver": "Dana Okafor"}, "the system owner"),
        ({"justification": "n/a"}, "no justification"),
    ):
        _exempt(passing_copy, "5.1.2-5", **fields)
        _, report = _check(passing_copy)
        assert _result(report, "5.1.2-5")["status"] == "fail", fields
        assert words in _messages(report, "5.1.2-5"), fields


def test_a_pull_request_cannot_exempt_itself(git_repo):
    shutil.copytree(EXAMPLES / "passing", git_repo, dirs_exist_ok=True)
    _edit(git_repo, _outside_custodian)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "base")
    git(git_repo, "checkout", "-qb", "pr")
    _exempt(git_repo, "5.1.2-5")
    git(git_repo, "commit", "-qam", "exempt 5.1.2-5")

    _, report = _check(git_repo)  # outside pull-request mode the exemption applies
    assert _result(report, "5.1.2-5")["justified"] is True
    _, report = _check(git_repo, "--base-ref", "main", "--offline")
    assert _result(report, "5.1.2-5")["status"] == "fail"
    assert "new or changed in this pull request" in _messages(report, "5.1.2-5")

    git(git_repo, "checkout", "-q", "main")
    git(git_repo, "merge", "-q", "--ff-only", "pr")
    git(git_repo, "checkout", "-qb", "pr2")
    _, report = _check(git_repo, "--base-ref", "main", "--offline")  # now on the base: trusted
    assert _result(report, "5.1.2-5")["justified"] is True


def test_a_waiver_approved_by_its_own_author_is_not_applied(git_repo):
    shutil.copytree(EXAMPLES / "passing", git_repo, dirs_exist_ok=True)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "base")
    _waive(git_repo)  # approver: Lena Fischer
    _, report = _check(git_repo)  # not committed yet: git shows no author
    assert _result(report, "5.2.5-2.1")["status"] == "waived"

    who = ["-c", "user.name=Lena Fischer", "-c", "user.email=lena@example.com"]
    git(git_repo, *who, "commit", "-qam", "waive independent testing")
    _, report = _check(git_repo)
    assert _result(report, "5.2.5-2.1")["status"] == "fail"
    assert "who also wrote it" in _messages(report, "5.2.5-2.1")

    _waive(git_repo, approver="Omar Haddad")  # committed by Test, approved by someone else
    git(git_repo, "commit", "-qam", "CISO approves the waiver")
    _, report = _check(git_repo)
    assert _result(report, "5.2.5-2.1")["status"] == "waived"
