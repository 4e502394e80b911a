"""Document freshness from committed history, cached by commit (a warm run's time).

The last commit that changed each cited document beyond whitespace (history.py `_fresh`)
walks the history with whitespace-blind diffs and follows moved documents back: in a
repository with a long history most of a warm check's git time. It is a function of the
commit walked (whose id fixes the whole history behind it), the documents asked for and the
code that walks; the key is exactly those. What the work tree holds (uncommitted, untracked)
is read afresh on every run and never comes from here.

Not cached: a shallow clone (the history behind the commit grows when it is deepened) and
pull-request mode (its change checks share the walk's work budget). The cache lives in the
user's cache directory, never inside the tree under check (collect.py), like the rule index;
an entry of the wrong shape is ignored and the walk done again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__
from .cache import JsonCache

NAMESPACE = "history-v1"
_WALKERS = ("history.py", "history_added.py", "history_cache.py", "gitsafe.py")

Found = dict[str, tuple[str, str]]  # document -> (commit, date)


def fresh(
    cache: JsonCache | None, commit: str, targets: set[str], walk: Callable[[], Found]
) -> Found:
    """`walk()`'s answer for these documents at `commit`, from the cache when it holds it."""
    code = _code_stamp()
    if cache is None or code is None or not commit:
        return walk()
    key = {"commit": commit, "documents": sorted(targets), "code": code}
    hit = cache.get(key)
    found = _decode(hit, targets) if hit is not None else None
    if found is None:
        found = walk()
        cache.put(key, {"found": {t: [c, d] for t, (c, d) in found.items()}})
    return found


def _decode(value: dict[str, Any], targets: set[str]) -> Found | None:
    raw = value.get("found")
    if not isinstance(raw, dict):
        return None
    out: Found = {}
    for target, pair in raw.items():
        if target not in targets or not isinstance(pair, list) or len(pair) != 2:
            return None
        commit, date = pair
        if not isinstance(commit, str) or not isinstance(date, str):
            return None
        out[target] = (commit, date)
    return out


@cache
def _code_stamp() -> str | None:
    """A digest of the code that walks the history (None when it cannot be read: no cache)."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    try:
        for name in _WALKERS:
            digest.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()
