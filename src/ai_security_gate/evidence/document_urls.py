"""Documents kept outside the repository (a model card on a model hub, a user guide on a
documentation site), cited by URL: is the URL pinned to an immutable revision, so what was
reviewed is what users read? Only the manifest's text is read; nothing is downloaded."""

from __future__ import annotations

from typing import Any

from ..results import JsonPath
from .references import is_uri
from .remote import pin_of

# manifest fields that may cite a document by URL, provided the URL is pinned
PINNED_URL_FIELDS: tuple[tuple[str, ...], ...] = (
    ("models", "*", "model_card"),
    ("end_users", "documentation"),
)


def document_url_facts(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """input.evidence.document_urls: one fact per URL such a field holds."""
    out = []
    for path, value in _values(manifest):
        if not is_uri(value):
            continue
        how = pin_of(value, None, None)
        fact: dict[str, Any] = {"path": list(path), "uri": value, "pinned": bool(how)}
        if how:
            fact["pin"] = how
        else:
            fact["problem"] = "names no immutable revision (a commit id or digest in the URL)"
        out.append(fact)
    return out


def _values(manifest: dict[str, Any]) -> list[tuple[JsonPath, str]]:
    out: list[tuple[JsonPath, str]] = []
    for pattern in PINNED_URL_FIELDS:
        out += _match(manifest, pattern, ())
    return out


def _match(node: Any, pattern: tuple[str, ...], path: JsonPath) -> list[tuple[JsonPath, str]]:
    if not pattern:
        return [(path, node)] if isinstance(node, str) else []
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if not isinstance(node, list):
            return []
        return [m for i, item in enumerate(node) for m in _match(item, rest, (*path, i))]
    if not isinstance(node, dict) or head not in node:
        return []
    return _match(node[head], rest, (*path, head))
