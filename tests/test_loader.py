"""The loader: source map positions, and every refusal as a clear exit-2 message."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ai_security_gate import loader
from ai_security_gate.cli import main
from ai_security_gate.errors import GateError
from ai_security_gate.loader import load_manifest
from conftest import TODAY


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "ai-security.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _check(repo: Path):
    result = CliRunner().invoke(main, ["check", str(repo), "--today", TODAY])
    return result


def test_source_map_points_at_keys_and_items(tmp_path):
    path = _write(tmp_path, "version: 1\nsystem:\n  name: x\nmodels:\n  - name: a\n    sha256: b\n")
    m = load_manifest(path, "ai-security.yaml")
    assert m.source_map.locate(("system", "name")).line == 3
    assert m.source_map.locate(("models", 0)).line == 5
    loc = m.source_map.locate(("models", 0, "sha256"))
    assert (loc.line, loc.column) == (6, 5)
    # a missing key points at its nearest existing parent
    assert m.source_map.locate(("models", 0, "licence")).line == 5


def test_dates_become_iso_strings(tmp_path):
    path = _write(tmp_path, "version: 1\nwhen: 2026-01-31\nat: 2026-01-31T10:00:00Z\n")
    data = load_manifest(path).data
    assert data["when"] == "2026-01-31"
    assert data["at"].startswith("2026-01-31T10:00:00")


@pytest.mark.parametrize(
    ("text", "needle", "line"),
    [
        (
            "version: 1\nsystem:\n  name: a\n  name: b\n",
            "duplicate key 'name' (first at line 3)",
            4,
        ),
        ("version: 1\nsystem: [\n", "YAML syntax error", 3),
        ("version: 1\n---\nversion: 1\n", "more than one YAML document", 2),
        ("- a\n- b\n", "top level must be a mapping", 1),
        ("just text\n", "top level must be a mapping", 1),
        ("version: 1\n<<: {a: 1}\n", "merge keys", 2),
        ("version: 1\nwhen: !!python/name:os.system\n", "cannot read the value", 2),
        ("version: 1\n? [a, b]\n: 1\n", "plain value", 2),
    ],
)
def test_loader_errors_name_file_and_line(tmp_path, text, needle, line):
    _write(tmp_path, text)
    result = _check(tmp_path)
    assert result.exit_code == 2, result.output
    assert needle in result.output
    assert f"ai-security.yaml:{line}" in result.output
    assert "Traceback" not in result.output


def test_empty_manifest(tmp_path):
    _write(tmp_path, "# nothing yet\n")
    result = _check(tmp_path)
    assert result.exit_code == 2
    assert "ai-security.yaml: the manifest is empty" in result.output


def test_non_utf8_names_the_line(tmp_path):
    _write(tmp_path, b"version: 1\nsystem:\n  name: caf\xe9\n")
    result = _check(tmp_path)
    assert result.exit_code == 2
    assert "ai-security.yaml:3: the file is not valid UTF-8" in result.output


def test_oversize_manifest(tmp_path, monkeypatch):
    monkeypatch.setenv("AI_SECURITY_GATE_MANIFEST_MAX_BYTES", str(1024 * 1024))
    _write(tmp_path, "version: 1\n" + "# padding\n" * 200_000)
    result = _check(tmp_path)
    assert result.exit_code == 2
    assert "larger than 1 MiB" in result.output
    assert "AI_SECURITY_GATE_MANIFEST_MAX_BYTES" in result.output


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["version: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    _write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(GateError, match="expands to more than"):
        load_manifest(tmp_path / "ai-security.yaml")


def test_recursive_alias_is_refused(tmp_path):
    _write(tmp_path, "version: 1\na: &a\n  b: *a\n")
    with pytest.raises(GateError):
        load_manifest(tmp_path / "ai-security.yaml")


def test_missing_manifest_says_what_to_do(tmp_path):
    result = _check(tmp_path)
    assert result.exit_code == 2
    assert "no ai-security.yaml" in result.output


def test_manifest_option_names_a_file_that_is_missing(tmp_path):
    result = CliRunner().invoke(
        main, ["check", str(tmp_path), "--manifest", str(tmp_path / "x.yaml")]
    )
    assert result.exit_code == 2
    assert "x.yaml: no such file" in result.output


def test_bounds_are_modest():
    # large enough for 10,000 models (about 11 MiB, 450,000 values), small enough that a
    # hostile manifest costs seconds, not minutes
    assert loader.MAX_BYTES <= 64 * 1024 * 1024
    assert loader.MAX_NODES <= 4_000_000
    assert loader.MAX_ALIAS_NODES <= 1_000_000
