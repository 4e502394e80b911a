"""A manifest's schema verdict "valid", kept between runs: a pre-commit run checks the same
manifest again and again, and confirming it (jsonschema-rs's import alone, ~13 ms CPU, pulls
in email.utils, socket and decimal) was the largest part of the schema stage of a warm run.

The key is a SHA-256 over exactly what the verdict depends on: the manifest's bytes, the
schema's text, the code that reads and validates them (the loader with its fast path and
its split, schema, schema_fast), and the validating libraries' files (jsonschema-rs, and
whichever `uri` checker schema_fast uses), by size and modification time. Only "valid" is
kept: an invalid manifest always goes through jsonschema for its located findings. The
entry lives in the user's cache directory (evidence/cache.py), never in one inside the
checked repository (a pull request could commit a planted verdict there); the cache can
make a run faster, never different.
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__

if TYPE_CHECKING:
    from .evidence.cache import JsonCache

NAMESPACE = "schema-valid-v1"
_CODE = (
    "loader.py",
    "loader_fast.py",
    "loader_split.py",
    "schema.py",
    "schema_fast.py",
    "schema_verdicts.py",
)
# what schema_fast may validate with; a library that is absent counts as absent
_LIBRARIES = ("jsonschema_rs", "rfc3987", "rfc3986_validator")


def verdict_cache(
    cache_dir: Path | None, use_cache: bool, checked: list[Path | None]
) -> JsonCache | None:
    """The verdicts' cache: none with --no-cache, or when the directory is inside a checked
    one (the repository, its git work tree)."""
    if not use_cache:
        return None
    from .evidence.cache import JsonCache, default_cache_dir

    root = (cache_dir or default_cache_dir()).resolve()
    for place in (p.resolve() for p in checked if p is not None):
        if root == place or place in root.parents:
            return None
    return JsonCache(root, NAMESPACE)


def key(manifest_digest: str, schema_text: bytes) -> dict[str, Any] | None:
    """None when the manifest's digest is unknown or the stamp cannot be made: no cache."""
    stamp = _stamp()
    if not manifest_digest or stamp is None:
        return None
    return {
        "manifest": manifest_digest,
        "schema": hashlib.sha256(schema_text).hexdigest(),
        "stamp": stamp,
    }


@cache
def _stamp() -> str | None:
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    try:
        for name in _CODE:
            digest.update((here / name).read_bytes())
        for library in _LIBRARIES:
            digest.update(f"\0{library}:{_library_stamp(library)}".encode())
    except (OSError, ImportError, ValueError):
        return None
    return digest.hexdigest()


def _library_stamp(name: str) -> str:
    spec = importlib.util.find_spec(name)  # finds, does not import
    if spec is None:
        return "absent"
    places = list(spec.submodule_search_locations or []) or [spec.origin or ""]
    stamps = []
    for place in places:
        root = Path(place)
        files = sorted(root.iterdir()) if root.is_dir() else [root]
        for path in files:
            if path.is_file():
                st = path.stat()
                stamps.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(stamps)
