"""Per-role duties (duties.py, catalogue `duties:`): where the standard splits a provision's
duty between roles, each part is assessed for the role that carries it, another organisation
may carry a part with the agreement that assigns it, and a manifest cannot drop a part its own
facts show this organisation carries. 5.1.3-2: the developer passes on the threats it cannot
fix, the operator tells end users."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from ai_security_gate.catalog import by_id, load_catalog
from ai_security_gate.cli import main
from ai_security_gate.decision import DecideOptions, decide
from ai_security_gate.engines.base import Met, Violation
from ai_security_gate.loader import SourceMap
from ai_security_gate.policies import load_policies
from ai_security_gate.results import Status
from conftest import EXAMPLES, TODAY, git

PID = "5.1.3-2"
SOURCE = SourceMap("ai-security.yaml", {(): (1, 1), ("duties", 0): (30, 3)})
DOCUMENTED = Violation("p03_threats", "residual_risks_documented", PID, "not documented", ("x",))
TOLD = Violation("p03_threats", "residual_risks_told_to_users", PID, "not told", ("y",))
TOLD_MET = Met("p03_threats", "residual_risks_told_met", PID, "told in docs/limits.md", ("y",))
DOC_MET = Met("p03_threats", "residual_risks_met", PID, "documented in docs/r.md", ("x",))
# the self-declared conditions answered, so nothing else fails behind the tests' back
ANSWERED = {"infrastructure": {"cloud_providers": []}, "disposal": {"transfer": "docs/t.md"}}
DELEGATED = {
    "provision": PID,
    "part": "tell_users",
    "carried_by": "Acme Hosting Ltd",
    "agreement": "docs/contracts/acme.md",
}


def _decide(roles, violations=(), met=(), duties=None, extra=None, agreements=None, trusted=None):
    data = {"system": {"roles": roles}, **ANSWERED, **(extra or {})}
    if duties is not None:
        data["duties"] = duties
    decision = decide(
        manifest_name="ai-security.yaml",
        data=data,
        source_map=SOURCE,
        catalog=[by_id()[PID]],
        schema_findings=[],
        violations=list(violations),
        covered={PID: ["x"]},
        options=DecideOptions(today=dt.date(2026, 11, 22)),
        met=list(met),
        observed={"duty_agreements": agreements or {"docs/contracts/acme.md": ""}},
        trusted_duties=trusted,
    )
    return decision.results[0]


def test_the_catalogue_parts_name_known_roles_and_rules():
    rules = {e.rule_id for e in load_policies().index.entries}
    split = [p for p in load_catalog() if p.duties]
    assert split
    for p in split:
        for d in p.duties:
            assert d.role in p.roles, (p.id, d.part)
            assert set(d.rules) <= rules, (p.id, set(d.rules) - rules)


def test_an_operator_is_assessed_for_the_operator_part_only():
    r = _decide(["system_operator"], [DOCUMENTED], [TOLD_MET])
    assert r.status is Status.PASS
    assert "not this organisation's (it is no developer)" in r.reason


def test_an_operator_that_does_not_tell_users_fails_its_part():
    r = _decide(["system_operator"], [DOCUMENTED, TOLD])
    assert r.status is Status.FAIL
    assert [f.rule for f in r.findings] == ["p03_threats.residual_risks_told_to_users"]


def test_the_developer_part_does_not_earn_an_operator_its_pass():
    r = _decide(["system_operator"], [], [DOC_MET])
    assert r.status is Status.FAIL  # nothing verified of the part it carries


def test_both_roles_carry_both_parts():
    r = _decide(["developer", "system_operator"], [DOCUMENTED], [TOLD_MET])
    assert r.status is Status.FAIL
    assert [f.rule for f in r.findings] == ["p03_threats.residual_risks_documented"]


def test_another_organisation_may_carry_a_part_with_its_agreement():
    # operator declared, but nothing in the manifest shows it operates the system
    r = _decide(["developer", "system_operator"], [TOLD], [DOC_MET], duties=[DELEGATED])
    assert r.status is Status.PASS
    assert "carried by Acme Hosting Ltd (agreement docs/contracts/acme.md)" in r.reason


def test_a_part_the_manifest_shows_is_ours_cannot_be_given_away():
    logs = {"logging": {"events": ["user_prompt"]}}  # it runs the system: an operator
    r = _decide(["developer", "system_operator"], [TOLD], [DOC_MET], [DELEGATED], logs)
    assert r.status is Status.FAIL
    refused = [f for f in r.findings if f.rule == "duties.refused"]
    assert refused and "this organisation is a system operator" in refused[0].message
    assert refused[0].location.line == 30
    assert any(f.rule == "p03_threats.residual_risks_told_to_users" for f in r.findings)


def test_a_part_given_away_without_a_usable_agreement_is_refused():
    broken = {"docs/contracts/acme.md": "cites docs/contracts/acme.md, which is not usable: TODO"}
    r = _decide(["developer", "system_operator"], [TOLD], [DOC_MET], [DELEGATED], None, broken)
    assert r.status is Status.FAIL
    assert any("its agreement cites docs/contracts/acme.md" in f.message for f in r.findings)


def test_every_part_carried_elsewhere_is_not_applicable():
    developer_part = {**DELEGATED, "part": "pass_on", "carried_by": "Model Vendor plc"}
    r = _decide(["developer", "system_operator"], [TOLD], [], [DELEGATED, developer_part])
    assert r.status is Status.NOT_APPLICABLE
    assert "Model Vendor plc" in r.reason and "Acme Hosting Ltd" in r.reason


def test_the_cli_refuses_giving_away_the_operator_part_of_a_system_it_runs(tmp_path: Path):
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", root)
    git(root, "init", "-q", "-b", "main")
    for key, value in (("user.email", "t@example.com"), ("user.name", "T")):
        git(root, "config", key, value)
    (root / "docs" / "contracts").mkdir(parents=True)
    shutil.copy(root / "docs" / "suppliers" / "example-cloud.md", root / "docs/contracts/acme.md")
    path = root / "ai-security.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["duties"] = [DELEGATED]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "-c", "commit.gpgsign=false", "commit", "-qm", "system")
    result = CliRunner().invoke(main, ["check", str(root), "--today", TODAY, "-f", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    p = next(p for p in report["provisions"] if p["id"] == PID)
    assert p["status"] == "fail"
    assert any(
        f["rule"] == "duties.refused" and "logs the system's and users' actions" in f["message"]
        for f in p["findings"]
    )


def _schema_findings(tmp_path: Path, duties: list[dict[str, str]]) -> list[str]:
    from ai_security_gate import schema
    from ai_security_gate.loader import load_manifest

    data = yaml.safe_load((EXAMPLES / "passing" / "ai-security.yaml").read_text("utf-8"))
    data["duties"] = duties
    path = tmp_path / "ai-security.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    loaded = load_manifest(path)
    return [f"{f.path}: {f.message}" for f in schema.validate(loaded)]


def test_the_schema_takes_a_duty_with_its_agreement(tmp_path: Path):
    assert _schema_findings(tmp_path, [DELEGATED]) == []


def test_the_schema_wants_the_agreement_and_no_unknown_keys(tmp_path: Path):
    bare = {k: v for k, v in DELEGATED.items() if k != "agreement"}
    assert any("agreement" in f for f in _schema_findings(tmp_path, [bare]))
    assert any("roles" in f for f in _schema_findings(tmp_path, [{**DELEGATED, "roles": "x"}]))


def test_in_a_pull_request_only_the_base_branchs_duties_count():
    roles = ["developer", "system_operator"]
    new = _decide(roles, [TOLD], [DOC_MET], [DELEGATED], trusted=[])
    assert new.status is Status.FAIL
    assert any("it applies once merged" in f.message for f in new.findings)
    kept = _decide(roles, [TOLD], [DOC_MET], [DELEGATED], trusted=[dict(DELEGATED)])
    assert kept.status is Status.PASS


def test_the_cli_reads_duties_from_the_base_branch(git_repo: Path):
    shutil.copytree(EXAMPLES / "passing", git_repo, dirs_exist_ok=True)
    path = git_repo / "ai-security.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # nothing shows this organisation runs the system: operator is declared, not derived
    data.pop("logging")
    data["end_users"].pop("model_update_notice_days")
    data["human_oversight"].pop("mechanisms")
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "base")
    git(git_repo, "checkout", "-qb", "pr")
    (git_repo / "docs" / "contracts").mkdir()
    shutil.copy(
        git_repo / "docs" / "suppliers" / "example-cloud.md", git_repo / "docs/contracts/acme.md"
    )
    data["duties"] = [DELEGATED]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "give the user-facing part away")

    def status(*extra: str) -> dict:
        args = ["check", str(git_repo), "--today", TODAY, "--offline", "-f", "json", *extra]
        result = CliRunner().invoke(main, args)
        report = json.loads(result.output)
        return next(p for p in report["provisions"] if p["id"] == PID)

    assert "carried by Acme Hosting Ltd" in status()["reason"]
    in_pr = status("--base-ref", "main")
    assert any("it applies once merged" in f["message"] for f in in_pr["findings"])
    # once merged, the base branch has it: honoured in the next pull request
    git(git_repo, "checkout", "-q", "main")
    git(git_repo, "merge", "-q", "--ff-only", "pr")
    git(git_repo, "checkout", "-qb", "next")
    (git_repo / "README.md").write_text("next\n", encoding="utf-8")
    git(git_repo, "commit", "-qam", "next change")
    assert "carried by Acme Hosting Ltd" in status("--base-ref", "main")["reason"]
