"""The Git LFS pointer format, exactly as the Git LFS specification writes it: `version`
first (v1), then `key value` lines sorted by key, keys from [a-z0-9.-], only
`oid sha256:<64 hex>`, `size <digits>` and `ext-N-name` extensions, each line ending in LF,
under 1024 bytes. Pure (no files, no git): discovery and evidence both read pointers, and
whether a path is tracked by LFS at all is evidence/lfs.py's question."""

from __future__ import annotations

import re
from typing import Any

LFS_POINTER_MAX = 1024
_VERSIONS = (
    b"version https://git-lfs.github.com/spec/v1",
    b"version https://hawser.github.com/spec/v1",
)
_KEY = re.compile(rb"[a-z0-9.-]+")
_EXT = re.compile(rb"ext-[0-9]+-[a-z0-9.-]+")
_OID = re.compile(rb"sha256:([0-9a-f]{64})")
_SIZE = re.compile(rb"0|[1-9][0-9]*")


def parse_pointer(data: bytes) -> dict[str, Any] | None:
    """{oid, size} of a pointer in the exact format, or None."""
    if len(data) >= LFS_POINTER_MAX or not data.endswith(b"\n"):
        return None
    lines = data[:-1].split(b"\n")
    if lines[0] not in _VERSIONS:
        return None
    values: dict[bytes, bytes] = {}
    keys: list[bytes] = []
    for line in lines[1:]:
        key, sep, value = line.partition(b" ")
        if not sep or not value or b"\r" in line or not _KEY.fullmatch(key) or key in values:
            return None
        if key not in (b"oid", b"size") and not _EXT.fullmatch(key):
            return None
        keys.append(key)
        values[key] = value
    if keys != sorted(keys):
        return None
    oid = _OID.fullmatch(values.get(b"oid", b""))
    size = values.get(b"size", b"")
    if not oid or not _SIZE.fullmatch(size):
        return None
    return {"oid": oid.group(1).decode("ascii"), "size": int(size)}
