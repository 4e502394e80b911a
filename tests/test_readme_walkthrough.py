"""The README's walkthrough from `init` to green shows real output: this test replays it
(examples/passing without its manifest, then with it) and requires every line the README
shows to be what the gate prints today. When a policy change moves the numbers, update the
README with the new real output."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from ai_security_gate.cli import main
from conftest import EXAMPLES, ROOT, git

README = (ROOT / "README.md").read_text(encoding="utf-8")
WALKTHROUGH = README[README.index("## From `init` to green") : README.index("## In CI")]


def _blocks() -> list[str]:
    return re.findall(r"```console\n(.*?)```", WALKTHROUGH, re.DOTALL)


def _shown(block: str, command: str) -> list[str]:
    """The lines the README shows after `$ command`, up to the next prompt or a cut (…)."""
    lines = block.splitlines()
    start = lines.index(f"$ {command}") + 1
    out = []
    for line in lines[start:]:
        if line.startswith("$ ") or line == "…":
            break
        out.append(line)
    return out


def test_the_readme_walkthrough_is_real_output(tmp_path: Path):
    repo = tmp_path / "walk"  # the README's repository is called walk
    shutil.copytree(EXAMPLES / "passing", repo)
    (repo / "ai-security.yaml").unlink()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the project")
    run = CliRunner().invoke
    init_block, check_block, green_block = _blocks()

    written = run(main, ["init", str(repo)]).output
    assert _shown(init_block, "ai-security-gate init")[0] in written.replace(f"{repo}/", "")
    manifest = (repo / "ai-security.yaml").read_text().splitlines()
    assert (
        _shown(init_block, "sed -n 10,32p ai-security.yaml")
        == manifest[9:32][: len(_shown(init_block, "sed -n 10,32p ai-security.yaml"))]
    )

    out = run(main, ["check", str(repo), "--today", "2026-11-22"]).output.splitlines()
    shown = [ln for ln in _shown(check_block, "ai-security-gate check") if ln.strip()]
    assert shown and all(ln in out for ln in shown), [ln for ln in shown if ln not in out]
    tail = check_block[check_block.index("Summary:") :].strip().splitlines()
    assert [ln for ln in tail if ln.strip()] == [ln for ln in out[-len(tail) :] if ln.strip()]

    shutil.copy(EXAMPLES / "passing" / "ai-security.yaml", repo / "ai-security.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "filled in")
    green = run(main, ["check", str(repo), "--today", "2026-11-22"]).output.splitlines()
    for line in _shown(green_block, "ai-security-gate check"):
        assert line in green, line
    update = run(main, ["init", str(repo), "--update"]).output
    assert "nothing new discovered; unchanged" in update
