"""Where the repository opens the system to callers outside the organisation's network
(undeclared.py checks `infrastructure.api.exposed: false` against it).

Counted, because each exists only to take outside traffic: a Kubernetes `Ingress`, a Gateway
API `HTTPRoute`/`GRPCRoute`, a `Service` of type `LoadBalancer`. Not counted, for few false
positives: a Service annotated as an internal load balancer (AWS, GCP, Azure, OCI), a
`NodePort` or `ClusterIP` Service, a Dockerfile `EXPOSE` or a FastAPI/Flask route (both serve
internal callers just as often), and Helm templates (`{{ }}`: whether they render, and what,
depends on values). Plain YAML, parsed safely, never applied; links are never followed.
"""

from __future__ import annotations

import os
import re
from typing import Any

import yaml

from .read_budget import ReadBudget

_MAX_FILE = 2 << 20  # as the rest of observation
_MAX_READ = 16 << 20
_MAX_EACH = 20
_HINTS = (b"Ingress", b"HTTPRoute", b"GRPCRoute", b"LoadBalancer")
_ROUTES = {"Ingress", "HTTPRoute", "GRPCRoute"}
# annotations that keep a LoadBalancer inside the provider's network
_INTERNAL = re.compile(
    r"load-balancer-internal|load-balancer-type|internal-load-balancer|lb-internal"
    r"|oci-load-balancer-internal|load-balancer-scheme",
)


def observe_exposure(
    files: list[tuple[str, str, int, int]], budget: ReadBudget | None = None
) -> list[dict[str, Any]]:
    """(relative path, path, size, mtime) of the repository's files -> what exposes it.
    `budget`: the read budget shared with the rest of observation (read_budget.py), which
    records what it stops; without one, this module's own bounds."""
    out: list[dict[str, Any]] = []
    read = 0
    for rel, path, size, _ in files:
        if not rel.lower().endswith((".yaml", ".yml")):
            continue
        if len(out) >= _MAX_EACH:
            break
        if budget is not None:
            if not budget.take(rel, size, _MAX_FILE):
                continue
        elif size > _MAX_FILE:
            continue
        elif read + size > _MAX_READ:
            break
        read += size
        data = _read(path, size if budget is not None else _MAX_FILE)
        if data is None or b"kind:" not in data or not any(h in data for h in _HINTS):
            continue
        if b"{{" in data:
            continue  # a template: what it renders depends on values
        out += _exposing(rel, data.decode("utf-8", "replace"))
    return out[:_MAX_EACH]


def _read(path: str, limit: int) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        return f.read(max(limit, 0) + 1)


def _exposing(rel: str, text: str) -> list[dict[str, Any]]:
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return []
    out = []
    for node in nodes:
        if not isinstance(node, yaml.MappingNode):
            continue
        try:
            doc = yaml.safe_load(yaml.serialize(node))
        except (yaml.YAMLError, RecursionError):
            continue
        what = _what(doc)
        if what:
            out.append({"what": what, "file": rel, "line": node.start_mark.line + 1})
    return out


def _what(doc: Any) -> str:
    if not isinstance(doc, dict) or not isinstance(doc.get("kind"), str):
        return ""
    kind = doc["kind"]
    meta: dict[str, Any] = doc["metadata"] if isinstance(doc.get("metadata"), dict) else {}
    name = str(meta.get("name") or "?")
    if kind in _ROUTES and str(doc.get("apiVersion", "")).startswith(
        ("networking.k8s.io", "extensions", "gateway.networking.k8s.io")
    ):
        return f"Kubernetes {kind} {name}"
    spec: dict[str, Any] = doc["spec"] if isinstance(doc.get("spec"), dict) else {}
    if kind == "Service" and spec.get("type") == "LoadBalancer":
        notes: dict[str, Any] = meta.get("annotations") or {}
        notes = notes if isinstance(notes, dict) else {}
        internal = ("true", "internal", "0.0.0.0/0")
        if any(_INTERNAL.search(str(k)) and str(v).lower() in internal for k, v in notes.items()):
            return ""  # an internal load balancer
        return f"Kubernetes Service {name} of type LoadBalancer"
    return ""
