"""Jupyter notebooks: their code cells read like Python files (with `ast`), each finding
located as `notebook.ipynb#cell<N>:<line>`. IPython magics and shell lines (`%pip`, `!ls`)
are blanked first so the rest of the cell still parses."""

from __future__ import annotations

import json
from dataclasses import replace

from .model import Where
from .python_ast import FileFindings, analyse

_MAX_CELLS = 2000


def analyse_notebook(path: str, data: bytes, local: frozenset[str]) -> FileFindings:
    out = FileFindings()
    try:
        nb = json.loads(data)
    except (ValueError, RecursionError):
        return out
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return out
    for number, cell in enumerate(cells[:_MAX_CELLS], 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source")
        text = "".join(source) if isinstance(source, list) else source
        if not isinstance(text, str):
            continue
        lines = ["" if ln.lstrip().startswith(("%", "!")) else ln for ln in text.split("\n")]
        where = f"{path}#cell{number}"
        found = analyse(where, "\n".join(lines).encode("utf-8", "replace"), local)
        # a cell that does not parse (half-written, other kernels) is skipped; the others count
        out.hub += [replace(h, where=Where(where, h.where.line)) for h in found.hub]
        out.hosted += [replace(h, where=Where(where, h.where.line)) for h in found.hosted]
        out.tools += [replace(t, where=Where(where, t.where.line)) for t in found.tools]
        # a prompt constant in a notebook: the notebook is the file to track
        out.prompts += [
            replace(p, path=path, where=Where(where, p.where.line)) for p in found.prompts
        ]
    return out
