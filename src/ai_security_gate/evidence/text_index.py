"""Does a long text name this word or phrase? Answered from an index of the text's words.

A document that must name every model it is cited for (a report shared for 10,000 models)
was searched once per model with a regular expression: the text grows with the manifest, so
the checks grew with its square. TextIndex finds every maximal run of word characters once;
a name is then looked up by its rarest word and confirmed in place. The answer is the
regular expression's, `(?<![\\w<extra>])NAME(?![\\w])`: in any match, each word run inside
NAME is also a maximal run of the text (NAME's own edges are bounded by non-word characters),
so the index holds every place a match can start.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
_W = re.compile(r"\w")


class TextIndex:
    def __init__(self, text: str) -> None:
        self.text = text
        self._at: dict[str, list[int]] | None = None

    def _positions(self) -> dict[str, list[int]]:
        if self._at is None:
            at: dict[str, list[int]] = {}
            for m in _WORD.finditer(self.text):
                at.setdefault(m.group(), []).append(m.start())
            self._at = at
        return self._at

    def has(self, want: str, not_before: str = "") -> bool:
        """As re.search(r"(?<![\\w" + not_before + "])" + re.escape(want) + r"(?![\\w])")."""
        tokens = [(m.start(), m.group()) for m in _WORD.finditer(want)]
        if not tokens:
            extra = re.escape(not_before)
            pattern = rf"(?<![\w{extra}])" + re.escape(want) + r"(?![\w])"
            return re.search(pattern, self.text) is not None
        at = self._positions()
        offset, token = min(tokens, key=lambda t: len(at.get(t[1], ())))
        text, end = self.text, len(want)
        for p in at.get(token, ()):
            start = p - offset
            if start < 0 or not text.startswith(want, start):
                continue
            if start > 0 and (_W.match(text[start - 1]) or text[start - 1] in not_before):
                continue
            after = start + end
            if after < len(text) and _W.match(text[after]):
                continue
            return True
        return False
