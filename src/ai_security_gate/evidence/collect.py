"""Build `input.evidence` from the manifest and the repository."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import JsonPath
from .files import file_fact
from .references import file_references


def collect(repo: Path, manifest: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    files: dict[str, Any] = {}
    for path, ref in file_references(manifest, schema):
        if ref in files:
            files[ref]["referenced_at"].append(list(path))
            if (
                _declares_hash(manifest, path)
                and "sha256" not in files[ref]
                and files[ref]["exists"]
            ):
                files[ref] = file_fact(repo, ref, True) | {
                    "referenced_at": files[ref]["referenced_at"]
                }
            continue
        fact = file_fact(repo, ref, want_hash=_declares_hash(manifest, path))
        fact["referenced_at"] = [list(path)]
        files[ref] = fact
    return {"files": files}


def _declares_hash(manifest: dict[str, Any], path: JsonPath) -> bool:
    """Hash only files whose manifest entry claims a sha256: a multi-GB model is read only
    when there is a claim to check."""
    node: Any = manifest
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, dict) and "sha256" in node
