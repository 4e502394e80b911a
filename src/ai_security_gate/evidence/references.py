"""Which manifest values are repository paths: read from the schema index, not kept by hand.

A value is a file reference when its field's type is marked `x-evidence: repo_path`, or
`x-evidence: doc_ref` (a document that is a repository path or a URI) and it is not a URI.
"""

from __future__ import annotations

import re
from typing import Any

from ..results import JsonPath
from ..schema_index import ITEM, index_of

# the schema's two evidence types, which carry `x-evidence` (tests walk the schema with them)
REPO_PATH_REF = "#/$defs/repo_path"
DOC_REF = "#/$defs/doc_ref"
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_KIND = ""  # the trie key holding the evidence kind of the field that ends there


def is_uri(value: str) -> bool:
    return bool(_URI.match(value))


def file_references(data: Any, schema: dict[str, Any]) -> list[tuple[JsonPath, str]]:
    """(json path, value) for every repository path the manifest names, in document order."""
    trie: dict[str, Any] = {}
    for f in index_of(schema).evidence_fields():
        node = trie
        for step in f.path:
            node = node.setdefault(step, {})
        node[_KIND] = f.evidence
    out: list[tuple[JsonPath, str]] = []
    _walk(data, trie, (), out)
    return out


def _walk(node: Any, trie: dict[str, Any], path: JsonPath, out: list[tuple[JsonPath, str]]) -> None:
    # appends rather than yields: a generator per level hands every reference up through each
    # level above it (0.5 s of a 10,000-model check)
    kind = trie.get(_KIND)
    if kind and isinstance(node, str) and node and not (kind == "doc_ref" and is_uri(node)):
        out.append((path, node))
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key not in (_KIND, ITEM):
                below = trie.get(key)
                if below is not None:
                    _walk(value, below, (*path, key), out)
    elif isinstance(node, list):
        below = trie.get(ITEM)
        if below is not None:
            for i, item in enumerate(node):
                _walk(item, below, (*path, i), out)
