"""A large manifest parsed in two parts by two processes (loader_split.py) gives what one
parse gives: every test manifest cut at every place the module may cut it, the same values
of the same types in the same order, the same position for every value and the same end of
the top-level mapping; and every cut that would change a value is declined. Real forks."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from ai_security_gate import loader, loader_split
from ai_security_gate.errors import GateError
from test_loader_fast import CASES, _manifests, _typed

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the split needs fork")

ROOT = Path(__file__).resolve().parent.parent
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _whole(text: str, limits: loader.LoadLimits | None = None) -> tuple[Any, Any, Any]:
    return loader._parse_whole(text, "m.yaml", limits or loader.LoadLimits(), LOADER)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*path, i))
    return found


def _cuts(text: str) -> set[tuple[int, str | None]]:
    """Every cut the module may choose, whatever the text's middle."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    return {cut for at in starts if (cut := loader_split.cut_at(text, at)) is not None}


def _same_or_declined(text: str, cut: tuple[int, str | None]) -> bool:
    """True when the cut parse gives one parse's result; False when it was declined."""
    parts = loader_split.parse_cut(text, cut, loader.LoadLimits(), LOADER)
    if parts is None:
        return False
    data, end, positions = parts
    whole_data, whole_end, whole_positions = _whole(text)
    assert _typed(data) == _typed(whole_data), cut
    for path in _paths(whole_data):
        assert positions.find(path) == whole_positions.find(path), (cut, path)
    assert (end.line, end.column) == (whole_end.line, whole_end.column), cut
    return True


def _every_cut(text: str) -> int:
    cuts = _cuts(text)
    return sum(_same_or_declined(text, cut) for cut in cuts)


@pytest.mark.parametrize("path", _manifests(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_test_manifest_cut_anywhere_parses_as_one(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    joined = _every_cut(text)
    if "models:" in text and "\r" not in text:
        assert joined > 0  # not vacuous: a manifest with a list of models was cut and joined


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_loader_cases_cut_anywhere_parse_as_one(name: str) -> None:
    _every_cut(CASES[name])


def _generated(tmp_path: Path, models: int) -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_scale import make_repo
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return (make_repo(tmp_path, models) / "ai-security.yaml").read_text(encoding="utf-8")


def test_a_generated_manifest_cut_anywhere_parses_as_one(tmp_path: Path) -> None:
    text = _generated(tmp_path, 12)
    assert _every_cut(text) > 20


# each cut where the parts alone would read differently from the whole
DECLINED = {
    "a quoted scalar over the cut": ('a: "one\nb: two"\nc: 1\n', "b: two"),
    "a flow sequence over the cut": ("a: [1,\nb, 2]\nc: 1\n", "b, 2]"),
    "a quoted scalar over an entry": ('a:\n  - "x\n  - y"\nb: 1\n', '  - y"'),
    "a duplicate key across the cut": ("a: 1\nb:\n  - x\na: 2\n", "a: 2"),
    "an alias across the cut": ("a: &x 1\nb:\n  - 1\nc: *x\n", "c: *x"),
    "an alias across an entry": ("a:\n  - &x 1\n  - *x\n", "  - *x"),
}


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_a_cut_that_would_change_a_value_is_declined(name: str) -> None:
    text, line = DECLINED[name]
    offset = text.index(line)
    key = None if not line.startswith(" ") else text[: text.index("\n") + 1]
    assert loader_split.parse_cut(text, (offset, key), loader.LoadLimits(), LOADER) is None


@pytest.mark.parametrize(
    "text",
    ["a: 1\r\nb:\r\n  - x\r\n", "a: 1\n---\nb: 2\n", "%YAML 1.1\n---\na: 1\n", "a: 1\u2028b: 2\n"],
    ids=["crlf", "documents", "directive", "unicode line separator"],
)
def test_texts_whose_lines_do_not_carry_over_are_never_cut(text: str) -> None:
    assert not _cuts(text)


def test_a_node_limit_over_both_parts_is_the_full_parse_s_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # each part alone is under the limit, the whole is over it: the full parse's message
    text = (
        "a:\n"
        + "".join(f"  - {i}\n" for i in range(30))
        + "b:\n"
        + "".join(f"  - {i}\n" for i in range(30))
    )
    limits = loader.LoadLimits(max_nodes=50)
    with pytest.raises(GateError) as whole:
        loader.parse_manifest(text.encode(), "m.yaml", limits)
    monkeypatch.setattr(loader, "SPLIT_MIN_CHARS", 0)
    assert loader_split.parse_cut(text, (text.index("b:"), None), limits, LOADER) is None
    with pytest.raises(GateError) as split:
        loader.parse_manifest(text.encode(), "m.yaml", limits)
    assert str(split.value) == str(whole.value)


def test_a_large_manifest_is_parsed_by_two_processes(
    tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a second core taken as free: the suite's other worker may be using it now
    monkeypatch.setattr(loader_split, "a_core_is_free", lambda: True)
    text = _generated(tmp_path, 1000)
    assert len(text) >= loader.SPLIT_MIN_CHARS
    data, source_map = loader.parse_manifest(text.encode(), "m.yaml")
    assert len(forks) == 1
    whole_data, whole_positions = _whole(text)[0], _whole(text)[2]
    assert _typed(data) == _typed(whole_data)
    for path in _paths(whole_data)[::97]:
        assert source_map.positions.find(path) == whole_positions.find(path)


def test_no_second_process_while_the_other_core_is_busy(
    tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader_split, "a_core_is_free", lambda: False)
    text = _generated(tmp_path, 1000)
    data, _ = loader.parse_manifest(text.encode(), "m.yaml")
    assert not forks
    assert _typed(data) == _typed(_whole(text)[0])


def test_a_busy_core_is_seen() -> None:
    # this test's own thread is runnable while it reads the count: with another process
    # spinning on every other core, no core is free
    import multiprocessing

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if cores < 2 or not Path("/proc/loadavg").exists():
        pytest.skip("needs two cores and /proc/loadavg")
    stop = multiprocessing.Event()
    spinners = [multiprocessing.Process(target=_spin, args=(stop,)) for _ in range(cores)]
    for p in spinners:
        p.start()
    try:
        seen = []
        for _ in range(20):  # over 0.2 s: the spinners are scheduled by then
            time.sleep(0.01)
            seen.append(loader_split.a_core_is_free())
    finally:
        stop.set()
        for p in spinners:
            p.join()
    assert seen.count(False) >= 15  # a snapshot: most readings see the busy cores


def _spin(stop: Any) -> None:
    while not stop.is_set():
        pass
