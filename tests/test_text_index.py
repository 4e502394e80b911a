"""TextIndex answers exactly as the regular expressions it replaces (evidence/text_index.py)."""

from __future__ import annotations

import random
import re

import pytest

from ai_security_gate.evidence.text_index import TextIndex

PIECES = [
    "adapter",
    "-",
    "00007",
    "0007",
    "model",
    " ",
    "  ",
    "_",
    ".",
    "v1.3.0",
    "1.3",
    "ß",
    "Straße",
    "é",
    "x",
    "/",
    "g7",
    "G7",
    "-g7",
    "t1",
    "(",
    ")",
    "\n",
    "a-b",
    "1",
]


def _regex(text: str, want: str, not_before: str = "") -> bool:
    pattern = rf"(?<![\w{re.escape(not_before)}])" + re.escape(want) + r"(?![\w])"
    return re.search(pattern, text) is not None


def _cases(seed: int) -> list[tuple[str, str]]:
    rnd = random.Random(seed)
    out = []
    for _ in range(400):
        text = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 40)))
        want = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 4)))
        if rnd.random() < 0.5 and len(text) > 2:  # often a piece of the text itself
            a = rnd.randrange(len(text))
            want = text[a : a + rnd.randint(1, 12)]
        out.append((text, want))
    return out


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("not_before", ["", "-"])
def test_same_answer_as_the_regular_expression(seed: int, not_before: str) -> None:
    for text, want in _cases(seed):
        index = TextIndex(text)
        assert index.has(want, not_before) == _regex(text, want, not_before), (text, want)


def test_names_in_a_long_report() -> None:
    text = "\n".join(f"- adapter-{i:05d} version 1.3.0" for i in range(5000))
    index = TextIndex(text)
    assert index.has("adapter-04999") and index.has("adapter-00000")
    assert not index.has("adapter-05000") and not index.has("adapter-0499")
    assert index.has("04999 version") and not index.has("4999")
