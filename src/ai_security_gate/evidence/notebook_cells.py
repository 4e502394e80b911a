"""Jupyter notebooks as observation reads them: code cells only (outputs and markdown are
never read), each line located two ways so that anyone can find it:

- `file:line` is the line in the .ipynb file as stored (what an editor, `grep -n` or GitHub's
  raw view shows). nbformat writes a cell's `source` as a JSON list, one source line per file
  line, so the k-th source line sits k lines below `"source": [`; a source kept on one line
  (one string, or a compact writer) maps every line to that one;
- `cell N, line M`: the N-th cell from the top (markdown cells counted, as Jupyter, VS Code
  and GitHub's notebook view list them) and the line inside it.

JSON parsed with the standard library, bounded by the caller's read budget; a notebook that
does not parse shows nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_MAX_CELLS = 2000
_SOURCE = re.compile(r'"source"\s*:\s*')


@dataclass(frozen=True)
class Cell:
    number: int  # 1-based, every cell counted
    lines: list[str]
    first: int  # file line of the first source line
    one_per_line: bool  # source lines sit on consecutive file lines

    def file_line(self, line: int) -> int:
        """The .ipynb file line of the cell's 1-based `line`."""
        return self.first + (line - 1 if self.one_per_line else 0)

    def where(self, line: int) -> str:
        return f"cell {self.number}, line {line}"


def code_cells(text: str) -> list[Cell]:
    try:
        nb = json.loads(text)
    except (ValueError, RecursionError):
        return []
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return []
    anchors = _source_anchors(text)
    out = []
    for i, cell in enumerate(cells[:_MAX_CELLS]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source")
        if isinstance(source, list):
            body = "".join(s for s in source if isinstance(s, str))
        elif isinstance(source, str):
            body = source
        else:
            continue
        first, spread = anchors[i] if i < len(anchors) else (1, False)
        out.append(Cell(i + 1, body.split("\n"), first, spread))
    return out


def _source_anchors(text: str) -> list[tuple[int, bool]]:
    """Per cell in order: (file line of its first source line, one source line per file line).
    Best effort: a "source" key elsewhere (in metadata) can shift the numbers, never what is
    found."""
    out = []
    for match in _SOURCE.finditer(text):
        at = match.end()
        line = text.count("\n", 0, at) + 1
        if text.startswith("[", at):
            rest = text[at + 1 : at + 200]
            quote = rest.find('"')
            spread = quote >= 0 and "\n" in rest[:quote]
            out.append((line + 1 if spread else line, spread))
        else:
            out.append((line, False))
    return out


def file_line(text: str, cell_number: int, line: int) -> int:
    """The .ipynb file line of `line` in cell `cell_number` (1-based both), or 0."""
    for cell in code_cells(text):
        if cell.number == cell_number:
            return cell.file_line(line)
    return 0
