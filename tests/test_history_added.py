"""A file added in its newest commit is new content, unless the same text lived before:
renamed, copied, or deleted and added back (evidence/history_added.py). Then its freshness
is the earlier life's, so renaming a stale document does not make it reviewed."""

from __future__ import annotations

from pathlib import Path

from ai_security_gate.evidence.history import git_facts
from test_evidence_history import commit, git, init

TM = "# Threats\n\nT1: prompt injection is handled by the gateway filter.\n"


def last(repo: Path, ref: str) -> str | None:
    f = git_facts(repo, {ref: ref}, manifest_rel=None, base_ref=None, offline=True)
    return f["last_commit"].get(ref)


def stale_repo(tmp_path: Path) -> Path:
    repo = init(tmp_path / "r")
    commit(repo, {"docs/tm.md": TM}, "2024-05-01")
    commit(repo, {"README.md": "unrelated"}, "2026-10-01")
    return repo


def test_a_new_document_counts_from_the_commit_that_added_it(tmp_path):
    repo = stale_repo(tmp_path)
    commit(repo, {"docs/new.md": "# Plan\n\nA document written today.\n"}, "2026-11-01")
    assert last(repo, "docs/new.md") == "2026-11-01"


def test_a_renamed_document_keeps_its_age(tmp_path):
    repo = stale_repo(tmp_path)
    git(repo, "mv", "docs/tm.md", "docs/threat-model.md")
    git(repo, "commit", "-q", "-m", "rename", date="2026-11-01")
    assert last(repo, "docs/threat-model.md") == "2024-05-01"


def test_a_renamed_document_with_whitespace_changes_keeps_its_age(tmp_path):
    repo = stale_repo(tmp_path)
    git(repo, "rm", "-q", "docs/tm.md")
    commit(repo, {"docs/threat-model.md": TM.replace(" is ", "  is ") + "\n\n"}, "2026-11-01")
    assert last(repo, "docs/threat-model.md") == "2024-05-01"


def test_a_copied_document_keeps_its_age(tmp_path):
    repo = stale_repo(tmp_path)
    commit(repo, {"docs/copy.md": TM}, "2026-11-01")
    assert last(repo, "docs/copy.md") == "2024-05-01"


def test_a_document_deleted_and_added_back_keeps_its_age(tmp_path):
    repo = stale_repo(tmp_path)
    git(repo, "rm", "-q", "docs/tm.md")
    git(repo, "commit", "-q", "-m", "remove", date="2026-10-05")
    commit(repo, {"docs/other.md": "something else entirely, to move on"}, "2026-10-06")
    commit(repo, {"docs/tm.md": TM}, "2026-11-01")
    assert last(repo, "docs/tm.md") == "2024-05-01"


def test_moves_are_followed_back_through_several_lives(tmp_path):
    repo = stale_repo(tmp_path)
    git(repo, "mv", "docs/tm.md", "docs/a.md")
    git(repo, "commit", "-q", "-m", "one", date="2025-01-01")
    git(repo, "rm", "-q", "docs/a.md")
    git(repo, "commit", "-q", "-m", "two", date="2025-06-01")
    commit(repo, {"docs/b.md": TM}, "2026-11-01")  # the text of a.md, deleted before
    # b.md's text was last seen at docs/a.md, deleted: not followed (another path), so the
    # addition counts; the same text at the same path is followed
    commit(repo, {"docs/a.md": TM}, "2026-11-02")
    assert last(repo, "docs/a.md") == "2024-05-01"


def test_a_real_change_in_the_moved_text_is_a_review(tmp_path):
    repo = stale_repo(tmp_path)
    git(repo, "rm", "-q", "docs/tm.md")
    commit(repo, {"docs/threat-model.md": TM + "T2: data poisoning, reviewed.\n"}, "2026-11-01")
    assert last(repo, "docs/threat-model.md") == "2026-11-01"


def test_a_placeholder_renamed_keeps_the_placeholders_age(tmp_path):
    repo = init(tmp_path / "r")
    commit(repo, {"docs/tm.md": "TODO\n"}, "2023-01-01")
    git(repo, "mv", "docs/tm.md", "docs/threat-model.md")
    git(repo, "commit", "-q", "-m", "rename", date="2026-11-01")
    assert last(repo, "docs/threat-model.md") == "2023-01-01"


def test_a_long_chain_of_renames_is_cut_off_older_never_fresher(tmp_path):
    repo = stale_repo(tmp_path)
    name = "docs/tm.md"
    for i in range(12):  # more moves than MAX_HOPS
        new = f"docs/tm{i}.md"
        git(repo, "mv", name, new)
        git(repo, "commit", "-q", "-m", f"move {i}", date=f"2025-{i + 1:02d}-01")
        name = new
    got = last(repo, name)
    assert got is not None and got < "2025-12-01", got  # not the last move's date


def test_a_whole_folder_moved_in_one_commit_keeps_every_documents_age(tmp_path):
    repo = init(tmp_path / "r")
    docs = {f"docs/d{i}.md": f"# Doc {i}\n\nText of document number {i}.\n" for i in range(25)}
    commit(repo, docs, "2024-03-01")
    git(repo, "mv", "docs", "documentation")
    # and a new document in the same commit: it is new content
    commit(repo, {"documentation/new.md": "# New\n\nWritten in the move.\n"}, "2026-11-01")
    refs = {f"documentation/d{i}.md": f"documentation/d{i}.md" for i in range(25)}
    refs["documentation/new.md"] = "documentation/new.md"
    f = git_facts(repo, refs, manifest_rel=None, base_ref=None, offline=True)
    dates = f["last_commit"]
    assert dates.pop("documentation/new.md") == "2026-11-01"
    assert set(dates.values()) == {"2024-03-01"}, dates


def test_renaming_a_stale_threat_model_does_not_pass_the_gate(tmp_path, monkeypatch):
    import datetime as dt
    import shutil

    from ai_security_gate.pipeline import CheckOptions, run_check
    from conftest import EXAMPLES, TODAY

    monkeypatch.setenv("AI_SECURITY_GATE_CACHE_DIR", str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", repo)
    init(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "example", date="2025-06-01")
    git(repo, "mv", "docs/security/threat-model.md", "docs/security/tm.md")
    manifest = repo / "ai-security.yaml"
    manifest.write_text(
        manifest.read_text().replace("docs/security/threat-model.md", "docs/security/tm.md")
    )
    git(repo, "commit", "-q", "-am", "rename", date="2026-11-20")
    decision = run_check(CheckOptions(repo=repo.resolve(), today=dt.date.fromisoformat(TODAY)))
    messages = [
        f.message for r in decision.results if r.provision.id == "5.1.3-1" for f in r.findings
    ]
    assert any(
        "docs/security/tm.md was last changed in git on 2025-06-01" in m for m in messages
    ), messages


def test_a_whitespace_edit_after_a_rename_does_not_hide_the_rename(tmp_path):
    repo = stale_repo(tmp_path)
    git(repo, "mv", "docs/tm.md", "docs/threat-model.md")
    git(repo, "commit", "-q", "-m", "rename", date="2026-10-01")
    commit(repo, {"docs/threat-model.md": TM + "\n\n"}, "2026-11-01")
    assert last(repo, "docs/threat-model.md") == "2024-05-01"
