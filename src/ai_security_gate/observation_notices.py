"""Notices (for reviewers, never a failure by themselves) about what observation
(evidence/observed.py) could not settle:

- `observation.unread`: the read budget stopped it (evidence/read_budget.py); names what was not
  read. claims.py makes the incomplete observation a strict reading, so this says why;
- `observation.cloud_transitive`: the manifest declares `cloud_providers: []` and only a
  lockfile pins a cloud SDK (a dependency of a dependency). That shows the system can reach the
  provider, not that the provider delivers part of it, so it contradicts nothing; a reviewer
  should still look.
Pure: manifest data and observations in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .results import Notice


def notices(data: Mapping[str, Any], observed: Mapping[str, Any]) -> list[Notice]:
    return [*_unread(observed), *_transitive(data, observed)]


def _items(observed: Mapping[str, Any], kind: str) -> list[dict[str, Any]]:
    return [o for o in observed.get(kind) or [] if isinstance(o, dict)]


def _unread(observed: Mapping[str, Any]) -> list[Notice]:
    unread = _items(observed, "unread")
    if not unread:
        return []
    by_why: dict[str, list[str]] = {}
    for o in unread[1:]:
        by_why.setdefault(str(o["what"]).removeprefix("not read: "), []).append(str(o["file"]))
    total = int(unread[0].get("count") or 0)
    shown = sum(len(v) for v in by_why.values())
    named = "; ".join(f"{why}: {', '.join(files)}" for why, files in by_why.items())
    more = f" and {total - shown} more" if total > shown and named else ""
    return [
        Notice(
            "observation",
            "unread",
            f"observation is incomplete: {unread[0].get('what')}"
            f"{' (' + named + more + ')' if named else ''}; claims it could not check are taken "
            "the strict way and every role's provisions apply (raise --read-budget to read "
            "everything)",
            (),
        )
    ]


def _transitive(data: Mapping[str, Any], observed: Mapping[str, Any]) -> list[Notice]:
    infra = data.get("infrastructure")
    declared = infra.get("cloud_providers") if isinstance(infra, dict) else None
    pinned = _items(observed, "cloud_transitive")
    if declared != [] or not pinned or _items(observed, "cloud"):
        return []
    shown = "; ".join(f"{o['what']} ({o['file']}:{o['line']})" for o in pinned[:3])
    return [
        Notice(
            "observation",
            "cloud_transitive",
            "`cloud_providers: []`, and no dependency, import or CI step of the repository "
            f"calls a cloud or hosted-AI provider, but its lockfile pins their SDKs: {shown}; "
            "a dependency of a dependency proves the system can reach them, not that they "
            "deliver part of it: confirm no code path calls them",
            ("infrastructure", "cloud_providers"),
        )
    ]
