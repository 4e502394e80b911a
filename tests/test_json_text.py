"""The engine input's JSON text: orjson's where it can, the standard library's otherwise, and
the same JSON value either way."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from ai_security_gate import json_text
from ai_security_gate.loader import load_manifest

ROOT = Path(__file__).resolve().parent.parent


def _same(value: Any) -> None:
    text = json_text.utf8_dumps(value)
    assert text is not None
    assert json.loads(text) == json.loads(json.dumps(value, ensure_ascii=False))


def test_orjson_is_what_makes_the_text() -> None:
    # the fast path must be the one that runs where orjson is installed (it is a dependency)
    assert json_text.orjson is not None
    assert json_text.utf8_dumps({"a": [1, "é"]}) == '{"a":[1,"é"]}'


@pytest.mark.parametrize("example", ["passing", "failing"])
def test_a_manifest_gives_the_same_json(example: str) -> None:
    _same(load_manifest(ROOT / "examples" / example / "ai-security.yaml").data)


@pytest.mark.parametrize(
    "value",
    [
        {1: "an int key", None: "a null key"},  # orjson refuses keys that are not text
        {True: "a bool key"},
        {"big": 2**70, "small": -(2**70)},  # beyond 64 bits: orjson refuses
        {"tuple": (1, "two"), "float": 0.1, "nested": [{"x": [None, False]}]},
        {"text": 'line\nbreak "quoted" \u2028 \x00 emoji \U0001f600'},
    ],
)
def test_values_orjson_refuses_or_writes_differently_give_json_dumps_value(value: Any) -> None:
    _same(value)


def test_a_lone_surrogate_is_reported_not_written() -> None:
    # a file name decoded with surrogateescape; the caller replaces it (pipeline._utf8_safe)
    assert json_text.utf8_dumps({"files": {"bad\udcff.md": 1}}) is None


def test_a_type_json_cannot_write_fails_as_json_dumps_fails() -> None:
    # orjson would write a date; passed through, it fails the way the standard library does
    with pytest.raises(TypeError):
        json_text.utf8_dumps({"when": datetime.date(2026, 1, 1)})


def test_without_orjson_the_standard_library_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # orjson's absence (a platform without its wheel) cannot be installed here: it is removed
    # from the module for this test only
    monkeypatch.setattr(json_text, "orjson", None)
    assert json_text.utf8_dumps({"a": [1, "é"]}) == '{"a": [1, "é"]}'
    assert json_text.utf8_dumps({"bad\udcff": 1}) is None
