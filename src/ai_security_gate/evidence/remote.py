"""Remote artefacts: is a model or dataset that lives outside the repository pinned to an
immutable revision or digest? Only the manifest's text is read; nothing is ever downloaded.

A reference is pinned only by an immutable form, an allow-list (docs/security.md; first
match wins):
  - a `sha256:` declared next to the URI (the content digest),
  - a digest in the URI (`@sha256:<64 hex>`, `sha256:<64 hex>`),
  - a commit id (40 or 64 hex digits) as a path segment or query value of the URI
    (e.g. huggingface.co/org/model/resolve/<commit>/...),
  - an object version the store never reuses in the URI (`versionId=` of S3, a numeric
    `generation=` or `#generation` of Cloud Storage),
  - a `revision:` declared next to the URI that is a commit id (40 or 64 hex digits) or a
    `sha256:<64 hex>` digest.
Anything else is a name that can move or a placeholder: `main`, `refs/heads/main`,
`origin/main`, `v1`, `HEAD~0`, `TODO-commit-id` are not pins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..results import JsonPath

MOVING = {
    "",
    "main",
    "master",
    "head",
    "latest",
    "dev",
    "develop",
    "development",
    "trunk",
    "stable",
    "default",
    "nightly",
    "current",
    "release",
}
_HEX_ID = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_IMMUTABLE_REVISION = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64}|sha256:[0-9a-f]{64})$")
_COMMIT_KEYS = {"version", "rev", "revision", "ref", "commit"}  # pinned by a commit id only


def remote_references(manifest: dict[str, Any]) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """(json path of the object that holds the uri, the object) for models, their base
    models and datasets."""
    for section in ("models", "datasets"):
        items = manifest.get(section)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("uri"), str):
                yield (section, i), item
            base = item.get("base_model") if section == "models" else None
            if isinstance(base, dict) and isinstance(base.get("uri"), str):
                yield (section, i, "base_model"), base


def remote_fact(path: JsonPath, holder: dict[str, Any]) -> dict[str, Any]:
    uri: str = holder["uri"]
    fact: dict[str, Any] = {"path": [*path, "uri"], "uri": uri}
    revision = holder.get("revision")
    if isinstance(revision, (str, int)) and not isinstance(revision, bool):
        fact["revision"] = str(revision)  # as declared; absent when none is
    how = pin_of(uri, holder.get("revision"), holder.get("sha256"))
    if how:
        fact["pinned"] = True
        fact["pin"] = how
    else:
        fact["pinned"] = False
        if isinstance(revision, str) and revision.strip().lower() in MOVING:
            fact["problem"] = (
                f"is pinned only to `{revision}`, a name that moves; use a commit id or digest"
            )
        elif "revision" in fact:
            fact["problem"] = (
                f"has revision `{revision}`, which is not an immutable form (a 40-hex commit "
                "id or a sha256: digest): a branch, tag or placeholder can move"
            )
        else:
            fact["problem"] = "names no immutable revision or digest"
    return fact


def pin_of(uri: str, revision: Any, sha256: Any) -> str:
    """How `uri` is pinned ('sha256', 'digest in uri', ...), or '' when it is not."""
    if isinstance(sha256, str) and re.fullmatch(r"[0-9a-f]{64}", sha256):
        return "sha256"
    if _DIGEST.search(uri.lower()):
        return "digest in uri"
    in_uri = _uri_pin(uri)
    if in_uri:
        return in_uri
    if isinstance(revision, str) and _IMMUTABLE_REVISION.match(revision.strip().lower()):
        return "commit" if _HEX_ID.match(revision.strip().lower()) else "digest"
    return ""


def _uri_pin(uri: str) -> str:
    """A commit or object version named in the uri's path, query or fragment, or ''."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return ""
    if any(_HEX_ID.match(seg) for seg in parts.path.lower().split("/")):
        return "commit in uri"
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        key, value = key.lower(), value.strip()
        if key == "versionid" and value.lower() not in MOVING and value != "null":
            return "version in uri"  # S3: an opaque id the bucket never reuses
        if key == "generation" and value.isdigit():
            return "version in uri"
        if key in _COMMIT_KEYS and _HEX_ID.match(value.lower()):
            return "commit in uri"
    if parts.fragment.isdigit():
        return "version in uri"  # gs://bucket/object#1360887759327000 (generation)
    return ""
