"""Which manifest values are repository paths: read from the schema, not kept by hand.

A value is a file reference when the schema describes it with `$ref: #/$defs/repo_path`, or
with `$ref: #/$defs/doc_ref` (a document that is a repository path or a URI) and it is not a
URI.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..model import JsonPath

REPO_PATH_REF = "#/$defs/repo_path"
DOC_REF = "#/$defs/doc_ref"
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_uri(value: str) -> bool:
    return bool(_URI.match(value))


def file_references(data: Any, schema: dict[str, Any]) -> Iterator[tuple[JsonPath, str]]:
    """(json path, value) for every repository path the manifest names, in document order."""
    seen: set[JsonPath] = set()
    for path, value in _walk(data, schema, schema, ()):
        if path not in seen:
            seen.add(path)
            yield path, value


def _walk(
    node: Any, sub: Any, root: dict[str, Any], path: JsonPath
) -> Iterator[tuple[JsonPath, str]]:
    if not isinstance(sub, dict):
        return
    ref = sub.get("$ref")
    if ref in (REPO_PATH_REF, DOC_REF):
        if isinstance(node, str) and node and not (ref == DOC_REF and is_uri(node)):
            yield path, node
        return
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        yield from _walk(node, target, root, path)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in sub.get(key, []):
            yield from _walk(node, branch, root, path)
    if isinstance(node, dict):
        props = sub.get("properties", {})
        for k, v in node.items():
            if k in props:
                yield from _walk(v, props[k], root, (*path, k))
    elif isinstance(node, list) and "items" in sub:
        for i, item in enumerate(node):
            yield from _walk(item, sub["items"], root, (*path, i))
