"""Remote artefacts: is a model or dataset that lives outside the repository pinned to an
immutable revision or digest? Only the manifest's text is read; nothing is ever downloaded.

A reference is pinned by (first match wins):
  - a `sha256:` declared next to the URI (the content digest),
  - a digest in the URI (`@sha256:<64 hex>`, `sha256:<64 hex>`),
  - a commit id (40 or 64 hex digits) as a path segment or query value of the URI
    (e.g. huggingface.co/org/model/resolve/<commit>/...),
  - an object version in the URI query (`versionId=`, `generation=`, `version=`),
  - a `revision:` declared next to the URI that is not a moving name such as main or latest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..model import JsonPath

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
_VERSION_KEYS = {"versionid", "generation", "version", "rev", "revision", "ref", "commit"}


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
        if isinstance(revision, str) and revision.strip():
            fact["problem"] = (
                f"is pinned only to `{revision}`, a name that moves; use a commit id or digest"
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
    try:
        parts = urlsplit(uri)
    except ValueError:
        parts = None
    if parts is not None:
        if any(_HEX_ID.match(seg) for seg in parts.path.lower().split("/")):
            return "commit in uri"
        for key, value in parse_qsl(parts.query, keep_blank_values=False):
            if key.lower() in _VERSION_KEYS and value.strip().lower() not in MOVING:
                return "version in uri"
        if parts.fragment.isdigit():
            return "version in uri"  # gs://bucket/object#1360887759327000 (generation)
    if isinstance(revision, (str, int)) and not isinstance(revision, bool):
        text = str(revision).strip()
        if text.lower() not in MOVING:
            return "commit" if _HEX_ID.match(text.lower()) else "revision"
    return ""
