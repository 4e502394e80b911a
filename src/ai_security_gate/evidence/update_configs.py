"""A dependency-update configuration is what it claims to be: parsed as Dependabot
(`.github/dependabot.yml`: `version: 2` and `updates` with an ecosystem, a directory and a
schedule each) or Renovate (renovate.json / .renovaterc / .github/renovate.json: a JSON
object that is not disabled; renovate.json5 and .renovaterc.json5 are read as JSON5 by
json5_subset.py). Anything else (a CI workflow, a README) is a problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .bounded import loads_json
from .json5_subset import loads_json5

MAX_BYTES = 1024 * 1024
RENOVATE = (
    "renovate.json",
    "renovate.json5",
    ".renovaterc",
    ".renovaterc.json",
    ".renovaterc.json5",
)
WHAT = (
    "a Dependabot (.github/dependabot.yml) or Renovate (renovate.json) configuration; "
    "cite that file"
)


def update_config_problems(real: Path, rel: str) -> list[dict[str, str]]:
    name = real.name.lower()
    path = "/" + rel.lower()
    try:
        with real.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return [{"kind": "unreadable", "message": f"cannot be read: {exc.strerror or exc}"}]
    text = raw[:MAX_BYTES].decode("utf-8", "replace")
    if name in ("dependabot.yml", "dependabot.yaml") and path.endswith(f"/.github/{name}"):
        return _problems(_dependabot(text))
    if name in RENOVATE:
        return _problems(_renovate(text, name.endswith("json5")))
    if "/.github/workflows/" in path:
        return _problems(f"is a CI workflow, not {WHAT}")
    return _problems(f"is not {WHAT}")


def _problems(message: str | None) -> list[dict[str, str]]:
    return [{"kind": "update_config_invalid", "message": message}] if message else []


def _dependabot(text: str) -> str | None:
    try:
        doc = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        return f"is not valid YAML{where}; Dependabot cannot read it"
    if not isinstance(doc, dict) or doc.get("version") != 2:
        return "is not a Dependabot configuration: it needs `version: 2`"
    updates = doc.get("updates")
    if not isinstance(updates, list) or not updates:
        return "configures no updates: Dependabot needs a non-empty `updates:` list"
    for i, u in enumerate(updates):
        if not isinstance(u, dict):
            return f"updates[{i}] is not a mapping"
        missing = [
            k
            for k, ok in (
                ("package-ecosystem", isinstance(u.get("package-ecosystem"), str)),
                ("directory", "directory" in u or "directories" in u),
                ("schedule.interval", isinstance((u.get("schedule") or {}).get("interval"), str)),
            )
            if not ok
        ]
        if missing:
            return f"updates[{i}] has no {', '.join(missing)}; Dependabot would reject it"
    return None


def _renovate(text: str, json5: bool) -> str | None:
    try:
        doc: Any = loads_json5(text) if json5 else loads_json(text)
    except ValueError as exc:
        form = "JSON5" if json5 else "JSON"
        return f"is not valid {form} ({str(exc)[:120]}); Renovate cannot read it"
    if not isinstance(doc, dict):
        return "is not a Renovate configuration (a JSON object)"
    if doc.get("enabled") is False:
        return 'turns Renovate off (`"enabled": false`)'
    return None
