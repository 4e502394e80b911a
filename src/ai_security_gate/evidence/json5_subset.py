"""JSON5 as Renovate users write it (renovate.json5, .renovaterc.json5), read in one pass.

The JSON5 additions are translated to JSON, which the standard parser then reads: `//` and
`/* */` comments, trailing commas, unquoted (identifier) keys, single-quoted strings, line
continuations, `+1`, `.5`, `5.`, hexadecimal numbers, Infinity and NaN. The PyPI `json5`
package reads the same grammar but took over a minute on an 800 KB file: in pull-request mode
the file is the contributor's, so the reader must stay linear.
"""

from __future__ import annotations

from typing import Any

from .bounded import loads_json

_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
_IDENT = _IDENT_START | frozenset("0123456789")
_WORDS = {"true", "false", "null", "Infinity", "NaN"}
# JSON5 escapes JSON lacks (an escaped quote of either kind, vertical tab, NUL)
_ESCAPES = {"'": "'", "v": "\\u000b", "0": "\\u0000"}
_SPACE = frozenset(" \t\r\n\ufeff\u00a0\u2028\u2029")


class Json5Error(ValueError):
    pass


def loads_json5(text: str) -> Any:
    """The value of a JSON5 document; Json5Error (a ValueError) with the line when it is not
    one the gate can read."""
    return loads_json(_to_json(text))


def _to_json(text: str) -> str:  # noqa: C901 -- one scanner: splitting it costs clarity
    out: list[str] = []
    comma = False  # a comma seen and not yet written: dropped before `]` or `}`
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _SPACE:
            i += 1
            continue
        if c == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise Json5Error(f"line {_line(text, i)}: a /* comment is never closed")
            i = end + 2
            continue
        if comma:
            if c not in "]}":
                out.append(",")
            comma = False
        if c == ",":
            comma = True
            i += 1
        elif c in "\"'":
            i = _string(text, i, out)
        elif c in _IDENT_START:
            j = i
            while j < n and text[j] in _IDENT:
                j += 1
            word = text[i:j]
            if word not in _WORDS and _next(text, j) != ":":
                raise Json5Error(f"line {_line(text, i)}: {word!r} is neither a key nor a value")
            out.append(word if word in _WORDS else _quoted(word))
            i = j
        elif c in "+-.0123456789":
            i = _number(text, i, out)
        elif c in "{}[]:":
            out.append(c)
            i += 1
        else:
            raise Json5Error(f"line {_line(text, i)}: unexpected {c!r}")
    if comma:
        out.append(",")  # a stray comma at the end: let the JSON parser reject it
    return " ".join(out)


def _string(text: str, i: int, out: list[str]) -> int:
    quote, n = text[i], len(text)
    part = ['"']
    j = i + 1
    while j < n:
        c = text[j]
        if c == quote:
            part.append('"')
            out.append("".join(part))
            return j + 1
        if c == "\\" and j + 1 < n:
            nxt = text[j + 1]
            if nxt == "\n":  # a line continuation
                j += 2
                continue
            if nxt == "\r":
                j += 3 if text.startswith("\r\n", j + 1) else 2
                continue
            if nxt == "x":  # JSON5's \xHH is JSON's \u00HH
                part.append("\\u00")
                j += 2
                continue
            part.append(_ESCAPES.get(nxt, c + nxt))
            j += 2
            continue
        if c == "\n":
            break
        part.append('\\"' if c == '"' else c)
        j += 1
    raise Json5Error(f"line {_line(text, i)}: a string is never closed")


def _number(text: str, i: int, out: list[str]) -> int:
    n = len(text)
    j = i
    sign = ""
    if text[j] in "+-":
        sign = "-" if text[j] == "-" else ""
        j += 1
    if text.startswith(("Infinity", "NaN"), j):
        word = "Infinity" if text.startswith("Infinity", j) else "NaN"
        out.append(sign + word)
        return j + len(word)
    if text.startswith(("0x", "0X"), j):
        k = j + 2
        while k < n and text[k] in "0123456789abcdefABCDEF":
            k += 1
        if k == j + 2:
            raise Json5Error(f"line {_line(text, i)}: a hexadecimal number has no digits")
        out.append(sign + str(int(text[j + 2 : k], 16)))
        return k
    k = j
    while k < n and (text[k] in "0123456789.eE" or (text[k] in "+-" and text[k - 1] in "eE")):
        k += 1
    body = text[j:k]
    if body.startswith("."):
        body = "0" + body
    if body.endswith("."):
        body = body[:-1]
    body = body.replace(".e", "e").replace(".E", "E")
    if not body:
        raise Json5Error(f"line {_line(text, i)}: unexpected {text[i]!r}")
    out.append(sign + body)
    return k


def _next(text: str, i: int) -> str:
    """The next character that is not space or a comment ("" at the end)."""
    n = len(text)
    while i < n:
        if text[i] in _SPACE:
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            return text[i]
    return ""


def _quoted(word: str) -> str:
    return '"' + word + '"'


def _line(text: str, i: int) -> int:
    return text.count("\n", 0, i) + 1
