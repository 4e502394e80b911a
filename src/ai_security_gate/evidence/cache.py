"""A small on-disk cache of JSON entries (file hashes, signature verifications).

- Location: $AI_SECURITY_GATE_CACHE_DIR, else the user's cache directory
  ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on
  Windows) under `ai-security-gate/`.
- One file per entry, named by the SHA-256 of its key, so concurrent runs never write the
  same file at the same time except for the same entry; writes go to a temporary file in the
  same directory and are moved into place with os.replace (atomic), so a reader sees the old
  entry, the new entry, or none, never half of one.
- An entry that cannot be read or parsed, or whose stored key differs from the one asked for,
  is treated as absent and rewritten. The cache never makes a run fail: any OSError while
  reading or writing just means "not cached".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

ENV_DIR = "AI_SECURITY_GATE_CACHE_DIR"
APP = "ai-security-gate"
# An entry is read whole; this bounds the memory a corrupted or planted file can take. put()
# never writes a larger one, so an entry the cache wrote is always readable (a size limit
# below what put() writes would turn every run into a miss for large entries).
MAX_ENTRY_BYTES = 64 * 1024 * 1024


def default_cache_dir() -> Path:
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return (Path(base) if base else home / "AppData" / "Local") / APP / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / APP
    xdg = os.environ.get("XDG_CACHE_HOME")
    base_dir = Path(xdg) if xdg and os.path.isabs(xdg) else home / ".cache"
    return base_dir / APP


class JsonCache:
    """Entries under `<root>/<namespace>/<2 hex>/<64 hex>.json`; `None` root disables it."""

    def __init__(self, root: Path | None, namespace: str, max_bytes: int = MAX_ENTRY_BYTES) -> None:
        self.root = root / namespace if root is not None else None
        self.writable = root is not None
        self.max_bytes = max_bytes

    @staticmethod
    def _name(key: dict[str, Any]) -> str:
        text = json.dumps(key, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _path(self, key: dict[str, Any]) -> Path | None:
        if self.root is None:
            return None
        name = self._name(key)
        return self.root / name[:2] / f"{name}.json"

    def get(self, key: dict[str, Any]) -> dict[str, Any] | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            with path.open("rb") as fh:
                if os.fstat(fh.fileno()).st_size > self.max_bytes:
                    return None
                raw = fh.read(self.max_bytes + 1)  # bounded even if the file grows meanwhile
        except OSError:
            return None
        if len(raw) > self.max_bytes:
            return None
        try:
            entry = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return None  # corrupted: the next put() rewrites it
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        value = entry.get("value")
        return value if isinstance(value, dict) else None

    def put(self, key: dict[str, Any], value: dict[str, Any]) -> None:
        path = self._path(key)
        if path is None or not self.writable:
            return
        data = json.dumps({"key": key, "value": value}, sort_keys=True).encode("utf-8")
        if len(data) > self.max_bytes:
            return  # get() would not read it back
        import tempfile  # here: a warm run writes nothing, and tempfile costs 8 ms to import

        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            self.writable = False  # read-only or full cache: stop trying for this run
