"""The loader's fast path (loader_fast.py) builds exactly what the full builder builds: the
same values of the same types, the same positions (start, end, children, keys) and the same
end of the top-level mapping; and it hands everything else to the full builder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ai_security_gate import loader, loader_fast
from ai_security_gate.errors import GateError

ROOT = Path(__file__).resolve().parent.parent
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CASES = {
    "block": "version: 1\nsystem:\n  name: x\n  roles: [developer]\nmodels:\n  - name: a\n",
    "flow": "a: {b: 1, c: [1, 2, {d: e}]}\nf: [\n  x,\n  y\n]\ng: {}\nh: []\n",
    "block scalars": "a: |\n  one\n  two\nb: >-\n  folded\n  text\nc: |+\n  kept\n\nd: x\n",
    "block scalar last": "a:\n  b: |\n    one\n    two\n",
    "nulls": "a:\nb: ~\nc: null\nd: Null\ne: ''\nf:\n  - \n  - x\n",
    "keys": "'1': a\n\"yes\": b\n2: c\nyes: d\n2.5: e\n0x1F: f\nno: g\nname: h\n",
    "numbers": "a: [0x1F, 1_000, 0o17, +1, -1.5e3, 1.3.0, 017, 0b101, 1:30, 190:20:30]\n",
    "booleans": "a: [true, True, yes, No, off, ON, y, n, t, f, T, F]\n",
    "dates": "a: 2026-11-22\nb: 2026-11-22T10:00:00Z\nc: 2026-02-30\nd: 2026-1-2 10:00:00\n",
    "tags": "a: !!str 123\nb: !!int '5'\nc: ! plain\nd: !!float 1\ne: !!bool yes\n",
    "quoted": "a: 'it''s'\nb: \"tab\\tnew\\nline\"\nc: \"1\"\nd: '2026-11-22'\n",
    "comments": "# top\na: # after key\n  - x # item\n  # between\n  - y\n# end\nb: z\n",
    "lists of lists": "a:\n- - x\n  - y\n- - z\n- []\n- - {k: v}\n",
    "compact": "a:\n- name: m\n  tags:\n  - t\n- name: n\n",
    "multi-line plain": "a: one\n  two\n  three\nb: c\n",
    "crlf": "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
    "markers": "---\na: 1\n...\n",
    "unicode": "naïve: 'über'\nb: 日本語\n",
    "value on next line": "a:\n  b\nc:\n  - d\n",
    "flow at root": "{a: 1, b: [2]}\n",
    "empty at end": "a: 1\nb:\n",
    "deep": "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "v: 1\n",
    "no final newline": "a:\n  - x\n  - y",
    # the same text plain, quoted and tagged, as value and as key: resolved once only as plain
    "repeats": "a: [true, 'true', !!str true, true, 1, '1', 1]\nb: {yes: 1}\nc: {'yes': 1}\n"
    "d: {yes: 2}\ne: [{1: x}, {'1': y}, {1: z}]\n",
    "leading comments and blank lines": "\n\n# c\n\nversion: 1\n",
}
# the full builder's business: expanded or refused there, never by the fast path
HANDED_ON = {
    "anchor": "a: &x {b: 1}\nc: *x\n",
    "anchored key": "&k a: 1\n",
    "alias key": "a: &x k\n*x : 2\n",
    "duplicate": "a: 1\na: 2\n",
    "merge": "a: &x {b: 1}\nc:\n  <<: *x\n",
    "several documents": "a: 1\n---\nb: 2\n",
    "empty": "",
    "list at top": "- a\n",
    "complex key": "? [a]\n: b\n",
    "null key": "~: a\n",
    "infinite": "a: .inf\n",
    "binary": "a: !!binary aGVsbG8=\n",
    "syntax": "a: [1, 2\n",
    "too deep": "".join("  " * i + f"k{i}:\n" for i in range(70)) + "  " * 70 + "v: 1\n",
}


def _typed(value: Any) -> Any:
    """The value with every scalar's type beside it: 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, value)


def _full(text: str) -> tuple[Any, Any, Any]:
    parser = LOADER(text)
    builder = loader._Builder("m.yaml", LOADER, parser.get_event, loader.LoadLimits())
    try:
        data = builder.document()
    finally:
        parser.dispose()
    return data, builder.positions, builder.root_end_mark


def _fast(text: str) -> tuple[Any, Any, Any]:
    parser = LOADER(text)
    limits = loader.LoadLimits()
    builder = loader._Builder("m.yaml", LOADER, parser.get_event, limits)
    try:
        data, end = loader_fast.build(parser.get_event, limits, builder)
    finally:
        parser.dispose()
    return data, builder.positions, end


def _same(text: str) -> None:
    data, positions, end = _full(text)
    fast_data, fast_positions, fast_end = _fast(text)
    assert _typed(fast_data) == _typed(data)
    for name in ("lines", "columns", "end_lines", "end_columns"):
        assert list(getattr(fast_positions, name)) == list(getattr(positions, name)), name
    assert {k: list(v) for k, v in fast_positions.children.items()} == {
        k: list(v) for k, v in positions.children.items()
    }
    assert fast_positions.keys == positions.keys
    assert (fast_end.line, fast_end.column) == (end.line, end.column)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_fast_path_builds_what_the_full_builder_builds(name: str) -> None:
    _same(CASES[name])


def _manifests() -> list[Path]:
    found = [*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("tests/**/ai-security*.yaml")]
    return sorted(p for p in found if p.is_file())


@pytest.mark.parametrize("path", _manifests(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_manifest_builds_the_same(path: Path) -> None:
    _same(path.read_text(encoding="utf-8"))


def test_a_generated_manifest_of_many_models_builds_the_same(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_scale import make_repo
    finally:
        sys.path.remove(str(ROOT / "bench"))
    repo = make_repo(tmp_path, 40)
    _same((repo / "ai-security.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(HANDED_ON))
def test_anchors_and_refusals_are_handed_to_the_full_builder(name: str) -> None:
    with pytest.raises(loader_fast.Fallback):
        _fast(HANDED_ON[name])


def test_an_anchored_manifest_still_loads_through_the_full_builder() -> None:
    data, source_map = loader.parse_manifest(HANDED_ON["anchor"].encode(), "m.yaml")
    assert data == {"a": {"b": 1}, "c": {"b": 1}}
    assert source_map.locate(("c",)).line == 2


@pytest.mark.parametrize("name", ["duplicate", "merge", "several documents", "too deep"])
def test_a_refusal_keeps_the_full_builders_message(name: str) -> None:
    with pytest.raises(GateError) as raised:
        loader.parse_manifest(HANDED_ON[name].encode(), "m.yaml")
    assert str(raised.value).startswith("m.yaml:")
