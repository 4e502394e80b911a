"""schema_verdicts: a manifest the fast path confirmed valid is remembered by content, so a
warm run need not import jsonschema-rs; anything else is validated again. Real CLI runs in
fresh processes, a real cache directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ai_security_gate.schema_verdicts import key

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = "2026-11-22"

# the CLI in this process's interpreter, reporting which validators it imported
RUN = """
import sys
from ai_security_gate.cli import main
try:
    main()
finally:
    loaded = [m for m in ("jsonschema_rs", "jsonschema") if m in sys.modules]
    sys.stderr.write("IMPORTED " + ",".join(loaded) + "\\n")
"""


def _check(repo: Path, cache: Path) -> tuple[int, dict, str]:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            RUN,
            "check",
            str(repo),
            "--offline",
            "--today",
            TODAY,
            "-f",
            "json",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "AI_SECURITY_GATE_CACHE_DIR": str(cache)},
        timeout=120,
    )
    imported = done.stderr.rsplit("IMPORTED ", 1)[-1].strip()
    return done.returncode, json.loads(done.stdout), imported


def _schema_findings(report: dict) -> list[str]:
    return sorted(f["message"] for f in report["manifest_findings"])


def test_a_valid_manifest_is_confirmed_once(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", repo)
    cache = tmp_path / "cache"
    first = _check(repo, cache)
    second = _check(repo, cache)
    assert "jsonschema_rs" in first[2].split(",")  # confirmed by the fast path, remembered
    assert second[2] == ""  # a warm run imports no validator at all (the BOM's is cached too)
    assert first[0] == second[0]
    assert first[1]["summary"] == second[1]["summary"]


def test_a_changed_manifest_is_validated_again(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", repo)
    cache = tmp_path / "cache"
    assert _check(repo, cache)[1]["manifest_findings"] == []
    manifest = repo / "ai-security.yaml"
    manifest.write_text(
        manifest.read_text().replace("version: ", "version: [", 0) + "bogus_key: 1\n"
    )
    code, report, imported = _check(repo, cache)
    assert "jsonschema_rs" in imported.split(",")
    assert any("bogus_key" in m for m in _schema_findings(report)), report["findings"]
    assert code == 1


def test_an_invalid_manifest_is_never_remembered(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", repo)
    (repo / "ai-security.yaml").write_text(
        (repo / "ai-security.yaml").read_text() + "bogus_key: 1\n"
    )
    cache = tmp_path / "cache"
    runs = [_check(repo, cache) for _ in range(2)]
    for _, report, imported in runs:
        assert "jsonschema" in imported.split(",")  # located findings, each run
        assert any("bogus_key" in m for m in _schema_findings(report))
    assert not list((cache).rglob("schema-valid-v1/*"))


def test_the_key_follows_the_manifest_and_the_schema() -> None:
    base = key("a" * 64, b"{}")
    assert base is not None
    assert key("b" * 64, b"{}") != base
    assert key("a" * 64, b'{"type": "object"}') != base
    assert key("", b"{}") is None  # not read from a file: no verdict kept


def test_no_verdict_is_kept_in_a_cache_inside_the_repository(tmp_path: Path) -> None:
    """A pull request could commit a planted "valid" for its invalid manifest there."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", repo)
    inside = repo / ".cache"
    for _ in range(2):
        assert "jsonschema_rs" in _check(repo, inside)[2].split(",")
    assert not list(inside.rglob("schema-valid-v1/*"))
