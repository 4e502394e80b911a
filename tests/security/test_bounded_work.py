"""Hostile file contents and names do not crash the gate (docs/security.md): evidence
nested tens of thousands deep, and file names that are not UTF-8, in plain and
pull-request mode. The real CLI on a real git repository ends with a verdict (exit 0 or 1),
never an internal error."""

from __future__ import annotations

import os
import shutil

import pytest
from hostile import EXAMPLES, check, git, init

DEEP = 100_000


def _deep(open_: str, close: str) -> str:
    return open_ * DEEP + close * DEEP


@pytest.fixture
def repo(tmp_path):
    repo = init(tmp_path / "repo")
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "feature")
    return repo


def _model_card(repo):
    card = repo / "models" / "helpdesk-llm" / "README.md"
    # under the 64 KiB front-matter bound, still far deeper than any parser recursion
    card.write_text("---\nx: " + "[" * 30_000 + "]" * 30_000 + "\n---\n" + card.read_text())


ATTACKS = {
    "signature bundle": lambda r: (r / "models/helpdesk-llm/model.sig").write_text(_deep("[", "]")),
    "sbom": lambda r: (r / "sbom/ai-bom.cdx.json").write_text(_deep("[", "]")),
    "dependabot": lambda r: (r / ".github/dependabot.yml").write_text(_deep("[", "]")),
    "model card": _model_card,
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_deeply_nested_evidence_is_unusable_evidence_not_a_crash(repo, attack):
    ATTACKS[attack](repo)
    git(repo, "commit", "-qam", f"deep {attack}")
    for args in ([], ["--base-ref", "main"]):
        code, report, output = check(repo, "--offline", *args)
        assert code == 1 and report is not None, output[-2000:]
        assert "internal error" not in output and "RecursionError" not in output


def test_file_names_that_are_not_utf8(repo):
    folder = os.fsencode(repo / "models" / "helpdesk-llm")
    with open(os.path.join(folder, b"weights-\xff\xfe.bin"), "wb") as f:
        f.write(b"extra shard")
    with open(os.path.join(os.fsencode(repo / "docs"), b"notes-\xe9.md"), "wb") as f:
        f.write(b"# notes\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "names that are not UTF-8")
    out = repo.parent
    formats = [["-f", f"{fmt}:{out / fmt}"] for fmt in ("sarif", "junit", "text", "markdown")]
    for args in ([], ["--base-ref", "main"], *formats):
        code, _, output = check(repo, "--offline", *args)
        assert code in (0, 1), output[-2000:]
        assert "internal error" not in output and "Traceback" not in output


def test_one_directory_spelt_many_ways_is_walked_once(tmp_path, monkeypatch):
    from ai_security_gate import schema
    from ai_security_gate.evidence import EvidenceOptions, collect, files

    repo = init(tmp_path / "repo")
    weights = repo / "models" / "m"
    weights.mkdir(parents=True)
    for i in range(50):
        (weights / f"shard-{i}.bin").write_bytes(b"w")
    walks = []
    real_walk = files._directory_facts

    def counting(*args, **kwargs):
        walks.append(args[1])
        return real_walk(*args, **kwargs)

    monkeypatch.setattr(files, "_directory_facts", counting)  # a spy around the real walk
    spellings = ["models/m", "models/m/.", "models/m//", "./models/m", "models/x/../m"]
    manifest = {"models": [{"name": f"m{i}", "artefact": s} for i, s in enumerate(spellings)]}
    facts = collect(repo, manifest, schema.schema_document(), EvidenceOptions(history=False))
    assert len(walks) == 1
    assert {facts["files"][s]["file_count"] for s in spellings} == {50}


def test_the_walk_has_a_total_budget(tmp_path):
    from ai_security_gate.evidence.files import WalkBudget, file_fact

    repo = init(tmp_path / "repo")
    for name in ("a", "b"):
        (repo / name).mkdir()
        for i in range(40):
            (repo / name / f"{i}.txt").write_text("x")
    budget = WalkBudget(remaining=60)
    first, _ = file_fact(repo, "a", budget=budget)
    second, _ = file_fact(repo, "b", budget=budget)
    assert first["file_count"] == 40 and "truncated" not in first
    assert second["truncated"] is True and "budget" in second["note"]
    assert budget.remaining == 0
