"""The models, datasets and tools the repository itself shows, as observations (observed.py
keeps them beside the rest; undeclared.py and claims.py read them): discover/'s detectors,
reused rather than written again, so `init` and the check see the same things.

- models: hosted model API clients (and the model each asks for), Hugging Face model
  downloads (from_pretrained, hf_hub_download, pipeline...);
- datasets: Hugging Face dataset downloads (load_dataset...) and the data files it keeps;
- tools: what the code lets a model reach (MCP servers, function-calling tools, URL loaders,
  code execution).

Code under tests/, docs/, examples/ (and test_*.py files) is left out: it exercises or shows
a model without being part of the system. Each observation carries `ids`: the names a manifest entry may list it under. Read-only and
bounded as discover/ is (tracked files only, no link followed, big files skipped); nothing is
run or downloaded. A repository that cannot be read shows nothing: finding nothing proves
nothing, so this never makes a run fail.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..discover.model import Discovery, Where
from .code_paths import incidental as incidental
from .notebook_cells import file_line
from .observed import ASSET_KINDS
from .read_budget import ReadBudget

_MAX_EACH = 20  # as observed.py: enough to name the evidence


def observe_assets(
    root: Path, budget: ReadBudget | None = None, found: Discovery | None = None
) -> dict[str, list[dict[str, Any]]]:
    """`budget`: the read budget shared with the rest of observation (read_budget.py).
    `found`: the repository's discovery when the caller has it already (init), not redone."""
    from ..discover import discover
    from ..discover.providers import PROVIDERS

    if found is None:
        try:
            found = discover(root, budget=budget)
        except (OSError, ValueError, RecursionError):  # not a repository we can read
            return {k: [] for k in ASSET_KINDS}
    models: list[dict[str, Any]] = []
    for h in found.hosted:
        provider = PROVIDERS.get(h.provider)
        supplier = provider.supplier if provider else h.provider
        ids = [h.model] if h.model else []
        what = (
            f"model {h.model} called through the {supplier} API"
            if h.model
            else f"{'an' if supplier[:1] in 'AEIOU' else 'a'} {supplier} model API client"
        )
        hosts = [provider.uri] if provider and provider.uri else []
        if h.endpoint:
            hosts.append(h.endpoint)
        models.append(
            _seen(what, h.where, ids, provider=h.provider, supplier=supplier, hosts=hosts)
        )
    models += [
        _seen(f"model {r.repo_id} {_how(r.call, r.where)}", r.where, [r.repo_id])
        for r in found.hub
        if r.kind == "model"
    ]
    datasets = [
        {
            **_seen(f"dataset {r.repo_id} {_how(r.call, r.where)}", r.where, [r.repo_id]),
            "hub": True,
        }
        for r in found.hub
        if r.kind == "dataset"
    ]
    for d in found.data:
        what = (
            f"data directory {d.path} ({d.files} files)" if d.files > 1 else f"data file {d.path}"
        )
        datasets.append({**_seen(what, d.where, [d.path]), "local": True})
    tools = [
        _seen(f"`{t.name}` ({t.what})", t.where, [t.name, t.name.removeprefix("mcp-")], kind=t.kind)
        for t in found.tools
    ]
    out = {
        kind: [o for o in found_kind if not incidental(o["file"])][:_MAX_EACH]
        for kind, found_kind in (
            ("models_seen", models),
            ("datasets_seen", datasets),
            ("tools_seen", tools),
        )
    }
    _locate_cells(root, [o for found_kind in out.values() for o in found_kind])
    return out


def _locate_cells(root: Path, seen: list[dict[str, Any]]) -> None:
    """discover/ locates a notebook finding as `nb.ipynb#cell<N>` and the line in the cell;
    observations name the file and its line as stored, with the cell and line in `what`
    (notebook_cells.py says how)."""
    texts: dict[str, str] = {}
    for o in seen:
        path, sep, cell = str(o["file"]).partition("#cell")
        if not sep or not cell.isdigit():
            continue
        if path not in texts:
            data = _read(root / path)
            texts[path] = data.decode("utf-8", "replace") if data is not None else ""
        line = int(o["line"] or 1)
        o["what"] = f"{o['what']} in cell {cell}, line {line}"
        o["file"], o["line"] = path, file_line(texts[path], int(cell), line) or 0


def _read(path: Path) -> bytes | None:
    try:  # the notebook discover/ read already (within the budget); never through a link
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        return f.read(64 << 20)


# code that exercises or shows a model without being the system: tests, docs, examples (as
# discover/data_files.py leaves their data out); few false positives over completeness
def _how(call: str, where: Where) -> str:
    if where.file.lower().endswith((".py", ".ipynb")):
        return f"downloaded by {call.removesuffix('()')}()"
    return f"named in a configuration (`{call.removesuffix('()')}`)"


def _seen(what: str, where: Where, ids: list[str], **extra: Any) -> dict[str, Any]:
    return {"what": what, "file": where.file, "line": where.line, "ids": ids, **extra}
