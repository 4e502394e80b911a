"""Which manifest values are repository paths: read from the schema, not kept by hand.

A value is a file reference when the schema describes it with `$ref: #/$defs/repo_path`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import JsonPath

REPO_PATH_REF = "#/$defs/repo_path"


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
    if ref == REPO_PATH_REF:
        if isinstance(node, str):
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
