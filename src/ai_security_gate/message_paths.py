"""Paths quoted in messages, from the git top level like report locations (issue 12).

A subproject's manifest (`services/chat/ai-security.yaml`) cites its evidence relative to
its directory (`docs/threat-model.md`, `../shared/SECURITY.md`), and policies quote those
paths as written. Report locations already start at the git top level, so a message saying
"docs/threat-model.md does not exist" beside `services/chat/ai-security.yaml:12` names a file
that is not where it says. Every cited path quoted in a message is rewritten to its
top-level form (`services/chat/docs/threat-model.md`, `services/shared/SECURITY.md`): the
reader can open what the report names. Only paths the manifest cites are touched, as whole
tokens (a path with spaces or punctuation beyond `._~+@=-` is quoted as written); a name
without `/` only when that file exists (it could be ordinary text).
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Mapping
from typing import Any

from .results import Decision, Finding

# A path-like token: looked up in a dict of cited paths, so the cost stays linear in the
# messages however many files the manifest cites (never one regex alternative per path).
_TOKEN = re.compile(r"(?<![\w./~+@=-])[\w./~+@=-]+")


def rebase(decision: Decision, cited: Mapping[str, Any], prefix: str) -> None:
    """Rewrite, in place, the cited paths quoted in `decision`'s messages from relative to the
    checked directory (`prefix`, relative to the git top level) to relative to the top.
    `cited`: the evidence stage's file facts, keyed by the path as the manifest writes it."""
    moved = _moved(cited, prefix)
    if not moved:
        return

    def swap(m: re.Match[str]) -> str:
        token = m.group(0)
        path = token.rstrip(".")  # a path that ends a sentence
        top = moved.get(path)
        return token if top is None else top + token[len(path) :]

    def text(message: str) -> str:
        return _TOKEN.sub(swap, message)

    def finding(f: Finding) -> Finding:
        new = text(f.message)
        return f if new == f.message else dataclasses.replace(f, message=new)

    decision.schema_findings = [finding(f) for f in decision.schema_findings]
    decision.notices = [finding(f) for f in decision.notices]
    for r in decision.results:
        r.findings = [finding(f) for f in r.findings]
        r.verified = [dataclasses.replace(v, what=text(v.what)) for v in r.verified]
        r.reason = text(r.reason)
    # the inventory's asset locations (HTML, CycloneDX, JSON) are cited paths as written
    assets = tuple(
        dataclasses.replace(a, location=moved[a.location]) if a.location in moved else a
        for a in decision.inventory.assets
    )
    decision.inventory = dataclasses.replace(decision.inventory, assets=assets)


def _moved(cited: Mapping[str, Any], prefix: str) -> dict[str, str]:
    """cited path -> its form from the git top level, for those that differ. A path without
    a `/` is taken only when it exists (a manifest citing `e.g` must not rewrite "e.g.")."""
    out: dict[str, str] = {}
    for ref, fact in cited.items():
        if not isinstance(ref, str) or not ref or ref.startswith(("/", "~")) or "://" in ref:
            continue  # refused or remote: quoted as written
        exists = isinstance(fact, dict) and fact.get("exists") is True
        if "/" not in ref and not exists:
            continue
        top = posixpath.normpath(posixpath.join(prefix, ref))
        if top == ".." or top.startswith("../"):
            continue  # outside the work tree: the message says so, as written
        if top != ref:
            out[ref] = top
    return out
