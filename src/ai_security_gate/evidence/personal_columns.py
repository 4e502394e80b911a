"""Columns that show a dataset holds personal data: the header of a CSV or TSV file, or the
keys of a JSON Lines file's first record (for a directory of shards, its first few such
files), for each dataset the manifest cites by `path:`
(claims.py and undeclared.py cross-check `personal_data:` against them).

Only what names a person's data counts (email, phone, first/last/full name, postal address,
date of birth, national or passport number, IP address...): a bare `name` or `id` column is
as often a product's as a person's, so it is left out (few false positives: a finding here
cannot be argued away). Reads the first 64 KiB of files the collect stage found to be
regular files inside the repository, never through a link; nothing else is opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..personal_header import personal, personal_in

__all__ = ["personal", "personal_columns"]


def personal_columns(
    root: Path, manifest: dict[str, Any], evidence: dict[str, Any]
) -> dict[str, list[str]]:
    """datasets[].path -> the personal-data columns its header shows (absent: none seen)."""
    files = evidence.get("files") or {}
    out: dict[str, list[str]] = {}
    items = manifest.get("datasets")
    for d in items if isinstance(items, list) else []:
        path = d.get("path") if isinstance(d, dict) else None
        if not isinstance(path, str) or path in out:
            continue
        fact = files.get(path) or {}
        # a directory of shards too: a dataset kept as data/tickets/part-*.csv
        if not (
            fact.get("exists")
            and fact.get("inside_repository")
            and fact.get("kind") in ("file", "directory")
        ):
            continue
        found = personal_in(root / path)
        if found:
            out[path] = found
    return out
