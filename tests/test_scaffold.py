"""`scaffold` writes the documents the manifest cites but the repository lacks, from the
document kinds data file, so their headings are what the evidence checks expect; it never
overwrites, never writes outside the repository, and the gate rejects an unedited scaffold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import TODAY, git

# the data file and its reader are issue 10's; scaffold renders from them
documents = pytest.importorskip("ai_security_gate.evidence.documents")

MANIFEST = """\
version: 1
system:
  name: demo
  roles: [developer]
threat_model:
  document: docs/security/threat-model.md
  threats:
    - id: T1
      category: prompt_injection
supply_chain:
  suppliers:
    - name: Acme AI
      due_diligence: docs/suppliers/acme.md
    - name: Remote Co
      due_diligence: https://example.org/dd.pdf
vulnerability_disclosure:
  policy: SECURITY.md
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def repo(git_repo: Path) -> Path:
    (git_repo / "ai-security.yaml").write_text(MANIFEST)
    (git_repo / "SECURITY.md").write_text("mine, not the scaffold's\n")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "start")
    return git_repo


def _headings(text: str) -> list[str]:
    return [ln[3:] for ln in text.splitlines() if ln.startswith("## ")]


def test_scaffold_writes_missing_documents_with_the_headings_the_checks_expect(repo: Path):
    result = run("scaffold", str(repo))
    assert result.exit_code == 0, result.output
    kinds = documents.document_kinds()
    threat = (repo / "docs/security/threat-model.md").read_text()
    assert _headings(threat) == [alts[0] for alts in kinds["threat_model"].headings]
    assert "T1" in threat  # what it must name is prompted from the manifest
    dd = (repo / "docs/suppliers/acme.md").read_text()
    assert _headings(dd) == [alts[0] for alts in kinds["due_diligence"].headings]
    assert "Acme AI" in dd
    marker = documents.scaffold_marker()
    assert all(t.count(marker) >= 2 for t in (threat, dd))
    assert (repo / "SECURITY.md").read_text() == "mine, not the scaffold's\n"  # never overwritten
    assert "https://example.org/dd.pdf" in result.output  # a URL is named, not written
    again = run("scaffold", str(repo))
    assert "wrote 0" in again.output


def test_an_unedited_scaffold_fails_the_gate(repo: Path):
    run("scaffold", str(repo))
    report = json.loads(run("check", str(repo), "--today", TODAY, "-f", "json").output)
    messages = [
        f["message"]
        for p in report["provisions"]
        if p["status"] == "fail"
        for f in p["findings"]
        if "docs/security/threat-model.md" in f["message"]
    ]
    assert messages, "the scaffolded threat model passed unedited"


def test_scaffold_never_writes_through_a_link_out_of_the_repository(repo: Path, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    (repo / "docs").symlink_to(outside, target_is_directory=True)
    result = run("scaffold", str(repo))
    assert list(outside.iterdir()) == []
    assert "outside the repository" in result.output


@pytest.mark.parametrize("via", ["plan", "write"])
def test_scaffold_creates_nothing_through_a_link_inside_the_repository(
    repo: Path, via: str, monkeypatch
):
    # `docs` links to another directory of the repository: the documents would land in it,
    # and the directories on the way would be created through the link
    (repo / "elsewhere").mkdir()
    (repo / "docs").symlink_to("elsewhere", target_is_directory=True)
    if via == "write":  # a link planted after planning (or missed by it) still stops the write
        from ai_security_gate import scaffold as sc

        monkeypatch.setattr(sc, "_link_on_way", lambda repo, value: None, raising=False)
        with pytest.raises(Exception, match="symbolic link"):
            sc.write(repo, {"threat_model": {"document": "docs/security/threat-model.md"}})
    else:
        result = run("scaffold", str(repo))
        assert "symbolic link" in result.output
        assert (repo / "SECURITY.md").read_text() == "mine, not the scaffold's\n"
    assert list((repo / "elsewhere").iterdir()) == []
