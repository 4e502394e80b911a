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
