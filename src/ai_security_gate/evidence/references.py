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
    found: list[tuple[JsonPath, str]] = []
    _walk(data, schema, schema, (), found, {})
    seen: set[JsonPath] = set()
    for path, value in found:
        if path not in seen:
            seen.add(path)
            yield path, value


def _walk(
    node: Any,
    sub: Any,
    root: dict[str, Any],
    path: JsonPath,
    out: list[tuple[JsonPath, str]],
    memo: dict[int, bool],
) -> None:
    if not isinstance(sub, dict) or not _reaches(sub, root, memo):
        return  # nothing below this part of the schema is a file reference: skip the subtree
    ref = sub.get("$ref")
    if ref in (REPO_PATH_REF, DOC_REF):
        if isinstance(node, str) and node and not (ref == DOC_REF and is_uri(node)):
            out.append((path, node))
        return
    if isinstance(ref, str) and ref.startswith("#/"):
        _walk(node, _target(ref, root), root, path, out, memo)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in sub.get(key, []):
            _walk(node, branch, root, path, out, memo)
    if isinstance(node, dict):
        props = sub.get("properties", {})
        for k, v in node.items():
            if k in props:
                _walk(v, props[k], root, (*path, k), out, memo)
    elif isinstance(node, list) and "items" in sub:
        items = sub["items"]
        if isinstance(items, dict) and _reaches(items, root, memo):
            for i, item in enumerate(node):
                _walk(item, items, root, (*path, i), out, memo)


def _target(ref: str, root: dict[str, Any]) -> Any:
    target: Any = root
    for part in ref[2:].split("/"):
        target = target.get(part, {}) if isinstance(target, dict) else {}
    return target


def _reaches(sub: dict[str, Any], root: dict[str, Any], memo: dict[int, bool]) -> bool:
    """Whether a file reference can be found below this subschema, following the same
    keywords as _walk (so skipping where it is False changes nothing). Without it, 10,000
    models meant visiting every value of every model against the schema."""
    key = id(sub)
    if key in memo:
        return memo[key]
    memo[key] = True  # while in progress (a recursive $ref): assume yes, never skip wrongly
    ref = sub.get("$ref")
    result = ref in (REPO_PATH_REF, DOC_REF)
    children: list[Any] = []
    if not result:
        if isinstance(ref, str) and ref.startswith("#/"):
            children.append(_target(ref, root))
        for k in ("anyOf", "oneOf", "allOf"):
            children.extend(sub.get(k, []))
        props = sub.get("properties", {})
        if isinstance(props, dict):
            children.extend(props.values())
        children.append(sub.get("items"))
        result = any(isinstance(c, dict) and _reaches(c, root, memo) for c in children)
    memo[key] = result
    return result
