"""A manifest in a subdirectory of a git repository (a monorepo's subproject) may cite files
anywhere inside that repository with `..`, never outside it; history facts follow them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ai_security_gate import evidence, schema
from ai_security_gate.cli import main
from ai_security_gate.evidence.paths import resolve_inside
from ai_security_gate.loader import load_manifest
from conftest import TODAY, git

MANIFEST = """\
version: 1
system:
  name: svc
  roles: [developer]
updates:
  dependency_updates: ../.github/dependabot.yml
vulnerability_disclosure:
  policy: ../../outside.md
"""


def _monorepo(top: Path) -> Path:
    (top / ".github").mkdir()
    (top / ".github/dependabot.yml").write_text(
        "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /svc\n"
        "    schedule:\n      interval: weekly\n"
    )
    (top / "svc").mkdir()
    (top / "svc/ai-security.yaml").write_text(MANIFEST)
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "monorepo")
    return top / "svc"


def test_a_subproject_cites_the_repository_roots_files_but_nothing_outside(git_repo: Path):
    sub = _monorepo(git_repo).resolve()
    loaded = load_manifest(sub / "ai-security.yaml")
    facts = evidence.collect(
        sub,
        loaded.data,
        schema.schema_document(),
        evidence.EvidenceOptions(
            manifest_path=sub / "ai-security.yaml", boundary=git_repo.resolve(), use_cache=False
        ),
    )
    root_file = facts["files"]["../.github/dependabot.yml"]
    assert root_file["exists"] and root_file["inside_repository"]
    assert "../.github/dependabot.yml" in facts["git"]["last_commit"]  # history follows it
    escaping = facts["files"]["../../outside.md"]
    assert not escaping["inside_repository"] and "outside the repository" in escaping["problem"]


def test_the_cli_checks_a_subproject_with_the_git_top_as_boundary(git_repo: Path):
    sub = _monorepo(git_repo)
    result = CliRunner().invoke(main, ["check", str(sub), "--today", TODAY, "-f", "json"])
    report = json.loads(result.output)
    messages = [f["message"] for p in report["provisions"] for f in p["findings"]]
    assert not any("../.github/dependabot.yml" in m and "outside" in m for m in messages)
    assert any("../../outside.md" in m and "outside the repository" in m for m in messages)


def test_without_a_boundary_dot_dot_stays_refused(tmp_path: Path):
    (tmp_path / "x.md").write_text("x")
    sub = tmp_path / "sub"
    sub.mkdir()
    assert resolve_inside(sub.resolve(), "../x.md").real is None
    assert resolve_inside(sub.resolve(), "../x.md", tmp_path.resolve()).real is not None
    # a boundary that does not hold the directory is ignored
    assert resolve_inside(sub.resolve(), "../x.md", (tmp_path / "other").resolve()).real is None


def test_every_report_names_a_subprojects_files_from_the_git_top_level(git_repo: Path):
    sub = _monorepo(git_repo)
    run = CliRunner().invoke
    text = run(main, ["check", str(sub), "--today", TODAY]).output
    assert text.startswith("ai-security-gate: svc/ai-security.yaml")
    assert "  svc/ai-security.yaml:" in text
    report = json.loads(run(main, ["check", str(sub), "--today", TODAY, "-f", "json"]).output)
    assert report["manifest"] == "svc/ai-security.yaml"
    locations = {f["location"]["file"] for p in report["provisions"] for f in p["findings"]}
    assert locations == {"svc/ai-security.yaml"}
    sarif = json.loads(run(main, ["check", str(sub), "--today", TODAY, "-f", "sarif"]).output)
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
        for loc in r["locations"]
    }
    assert uris == {"svc/ai-security.yaml"}  # not svc/svc/...
