"""What the repository itself shows about facts a manifest could leave out or flip to switch a
provision off (claims.py reads them): model weights pushed to a hub or registry, cloud and
hosted-AI providers in its dependencies, infrastructure code and CI, weight files it keeps.

Collect stage: file names and a few small text files, read and parsed, never run; nothing is
downloaded. Best effort by design: what it finds contradicts a lighter reading the manifest
claims; finding nothing proves nothing (an omitted fact is read the strict way regardless).

This module lists the repository and answers from the cache when the listing is unchanged
(a warm pre-commit run); the readers (observed_scan.py and what it uses: discovery, the role
and asset observations, about 50 ms of imports) are imported only when something is read.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .read_budget import ReadBudget

if TYPE_CHECKING:
    from ..discover.model import Discovery
    from .cache import JsonCache

Observation = dict[str, Any]  # {"what": str, "file": str, "line": int}

# what observed_assets.py and observed_roles.py see (defined here: a cache hit reads no more)
ASSET_KINDS = ("models_seen", "datasets_seen", "tools_seen")
ROLE_KINDS = (
    "developer_seen",
    "operator_seen",
    "custodian_seen",
    "library_seen",
    "model_code_seen",
)
# unread: what the read budget stopped (read_budget.py), a summary first
# cloud_transitive: a cloud SDK only a lockfile pins (weaker than "cloud": see _lockfile)
KINDS = (
    "publishing",
    "cloud",
    "cloud_transitive",
    "weights",
    "registered",  # a model registered in the organisation's registry (observed_registries.py)
    "exposure",
    *ASSET_KINDS,
    *ROLE_KINDS,
    "unread",
)
_SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".tox",
    "site-packages",
}

CACHE_NAMESPACE = "observed-v3"  # v2: models, datasets, tools seen; exposure; v3: unread


def observe(
    root: Path,
    cache: JsonCache | None = None,
    budget: ReadBudget | None = None,
    found: Discovery | None = None,
) -> dict[str, list[Observation]]:
    """kind -> what the repository at `root` shows, each with file and line. With a cache,
    a repository whose file names, sizes and modification times are unchanged is not read
    again (one entry per repository, keyed by a digest of that listing). `budget` bounds
    everything read, across all readers (read_budget.py); what it stops is the `unread` kind.
    `found`: the repository's discovery when the caller has made it already (init)."""
    budget = budget or ReadBudget()
    files = _files(root, budget)
    key: dict[str, Any] = {}
    if cache is not None:
        listing = hashlib.sha256()
        limits = (budget.max_bytes, budget.max_files, budget.max_listed, budget.not_listed)
        listing.update(repr(limits).encode())
        for rel, _, size, mtime in files:
            listing.update(f"{rel}\0{size}\0{mtime}\0".encode("utf-8", "surrogateescape"))
        key = {"root": str(root), "listing": listing.hexdigest()}
        hit = cache.get(key)
        if hit is not None and set(hit) == set(KINDS):
            return hit
    from .observed_scan import scan  # the readers: imported only when there is reading

    out = scan(root, files, budget, found)
    if cache is not None:
        cache.put(key, dict(out))
    return out


def _files(root: Path, budget: ReadBudget) -> list[tuple[str, str, int, int]]:
    """(relative POSIX path, path, size, mtime_ns) of the regular files under `root`: links
    are never followed, and the listing is bounded (what it leaves out is counted)."""
    out: list[tuple[str, str, int, int]] = []
    stack = [(str(root), "")]
    seen = 0
    while stack:
        directory, prefix = stack.pop()
        if seen > budget.max_listed:
            budget.unlisted(len(stack) + 1)  # directories left: at least one file each
            break
        try:
            with os.scandir(directory) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError:
            continue
        seen += len(listed)
        for e in listed:
            try:
                if e.is_dir(follow_symlinks=False):
                    if e.name not in _SKIP_DIRS:
                        stack.append((e.path, f"{prefix}{e.name}/"))
                elif e.is_file(follow_symlinks=False):
                    st = e.stat(follow_symlinks=False)
                    out.append((f"{prefix}{e.name}", e.path, st.st_size, st.st_mtime_ns))
            except OSError:
                continue
    return out


def model_cards(manifest: dict[str, Any], evidence: dict[str, Any]) -> dict[str, str]:
    """models[].model_card -> "" when the collect stage found it usable, else what is wrong
    with it (claims.py: `documentation: adequate` needs a usable card)."""
    return usable(_refs(manifest, "models", "model_card"), evidence)


def duty_agreements(manifest: dict[str, Any], evidence: dict[str, Any]) -> dict[str, str]:
    """duties[].agreement -> "" when usable, else what is wrong with it (duties.py)."""
    return usable(_refs(manifest, "duties", "agreement"), evidence)


def _refs(manifest: dict[str, Any], section: str, key: str) -> list[str]:
    items = manifest.get(section)
    if not isinstance(items, list):
        return []
    return [x[key] for x in items if isinstance(x, dict) and isinstance(x.get(key), str)]


def usable(refs: list[str], evidence: dict[str, Any]) -> dict[str, str]:
    """ref -> "" when the collect stage found a usable file (or a pinned URL), else why not."""
    files = evidence.get("files") or {}
    urls = {u.get("uri"): u for u in evidence.get("document_urls") or [] if isinstance(u, dict)}
    out: dict[str, str] = {}
    for ref in refs:
        if ref in out:
            continue
        if ref in urls:
            problem = urls[ref].get("problem")
            out[ref] = f"cites {ref}, which {problem}" if problem else ""
            continue
        fact = files.get(ref) or {}
        problems = [p.get("message", "") for p in fact.get("problems") or [] if isinstance(p, dict)]
        if fact.get("problem"):
            problems.insert(0, str(fact["problem"]))
        if not (fact.get("exists") and fact.get("inside_repository")):
            out[ref] = f"cites {ref}, which is not a file in the repository"
        elif problems or fact.get("kind") != "file":
            why = problems[0] if problems else "not a file"
            out[ref] = f"cites {ref}, which is not usable: {why}"
        else:
            out[ref] = ""
    return out
