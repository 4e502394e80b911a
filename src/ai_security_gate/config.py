"""The gate's settings from a file: `[tool.ai-security-gate]` in pyproject.toml or the top
level of `.ai-security-gate.toml` (which wins when both exist), in the checked directory.

    [tool.ai-security-gate]
    fail-on = "should"
    policy = ["org-policies"]
    attestation-max-age = 180
    format = ["sarif:gate.sarif", "text"]

Keys are the long options of `check`. Precedence: command line > environment > file >
built-in default. In pull-request mode the file is read from the base branch: a pull
request cannot relax the gate that judges it (trusted.py).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import GateError

FILES = (".ai-security-gate.toml", "pyproject.toml")
# What a repository may set; the rest (manifest, base ref, dates, cache) is per run.
KEYS = (
    "fail-on",
    "policy",
    "attestation-max-age",
    "document-max-age",
    "review-max-age",
    "waiver-max-days",  # the waiver horizon: how far ahead a waiver may expire
    "format",
    "engine",
    "eval-timeout",  # the policy stage's time limit (watchdog.py)
    "read-budget",  # what observation reads (evidence/read_budget.py)
)


@dataclass(frozen=True)
class FileConfig:
    source: str  # "pyproject.toml" or "main:.ai-security-gate.toml", for messages
    values: dict[str, Any]


def find(repo: Path, base_ref: str | None, offline: bool) -> FileConfig | None:
    """The configuration that applies to the checked directory `repo`, or None.

    In pull-request mode, a base that cannot be read is an error only when the branch has a
    configuration file: using the branch's copy would let it relax its gate, and a clone
    without the base (or outside git) where no file exists simply has no configuration."""
    if base_ref:
        try:
            return _find(repo, base_ref, offline)
        except GateError:
            if _find(repo, None, offline) is not None:
                raise
            return None
    return _find(repo, None, offline)


def _find(repo: Path, base_ref: str | None, offline: bool) -> FileConfig | None:
    for name in FILES:
        if base_ref:
            from .trusted import read_at_base

            text = read_at_base(
                repo, name, base_ref, offline=offline, what="the gate's configuration"
            )
            source = f"{base_ref}:{name}"
        else:
            path = repo / name
            if not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise GateError(f"{path}: cannot read the gate's configuration: {exc}") from None
            source = str(path)
        if text is None:
            continue
        values = _table(text, source, name)
        if values is not None:
            return FileConfig(source, values)
    return None


def _table(text: str, source: str, name: str) -> dict[str, Any] | None:
    # imported here: most runs find no config file, and the TOML parser costs a check ~10 ms
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover (Python 3.10)
        import tomli as tomllib
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GateError(f"{source}: invalid TOML: {exc}; fix the file") from None
    if name == "pyproject.toml":
        table = doc.get("tool", {}).get("ai-security-gate")
        if table is None:
            return None
    else:
        table = doc.get("tool", {}).get("ai-security-gate", doc)
    if not isinstance(table, dict):
        raise GateError(f"{source}: [tool.ai-security-gate] must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise GateError(
            f"{source}: unknown setting(s) {', '.join(unknown)} in the gate's configuration; "
            f"the settings are: {', '.join(KEYS)}"
        )
    return table
