"""Where organisation policies (`-p DIR`) may live (docs/security.md).

Rego merges every module of a package, so a custom module that declares a shipped package
adds bodies to its rules and functions: `package ai_security.p07_supply_chain` with
`pinned(ref) if true` would pin everything. Custom modules therefore may not declare
`ai_security` itself, a shipped principle package (`ai_security.p<digit>...`), the shared
library (`ai_security.lib`) or the attestations (`ai_security.attestations`), nor anything
below them. Their home is `ai_security.custom.<name>` (any other `ai_security.<name>` works)."""

from __future__ import annotations

import re

from .errors import GateError

CUSTOM_HOME = "ai_security.custom"
_PACKAGE_LINE = re.compile(r"^[ \t]*package[ \t]+([^#\n]+)", re.MULTILINE)
# one segment of a package reference: `.name`, `name`, `["name"]`
_SEGMENT = re.compile(r'\s*(?:\.?\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*"((?:[^"\\]|\\.)*)"\s*\])')
_RESERVED = re.compile(r"^(?:p\d.*|lib|attestations)$")


def package_path(source: str) -> list[str] | None:
    """The segments of a module's package (`ai_security["p07"]` -> [ai_security, p07]), or
    None when there is no package line it can read. Comments are skipped line by line."""
    match = _PACKAGE_LINE.search(source)
    if not match:
        return None
    text = match.group(1).rstrip()
    segments: list[str] = []
    pos = 0
    while pos < len(text):
        seg = _SEGMENT.match(text, pos)
        if not seg or seg.end() == pos:
            return None
        segments.append(seg.group(1) if seg.group(1) is not None else seg.group(2))
        pos = seg.end()
    return segments or None


def check_custom_module(name: str, source: str) -> None:
    """GateError (exit 2) naming the module when it declares a shipped package."""
    segments = package_path(source)
    if segments is None:
        raise GateError(
            f"{name}: cannot read its `package` line; declare `package {CUSTOM_HOME}.<name>`"
        )
    if segments[0] != "ai_security":
        return  # outside data.ai_security: the gate does not read it, and it cannot touch ours
    if len(segments) == 1 or _RESERVED.match(segments[1]):
        declared = ".".join(segments)
        raise GateError(
            f"{name}: declares package {declared}, which belongs to the shipped policies "
            "(ai_security, ai_security.p*, ai_security.lib, ai_security.attestations); a custom "
            "module there would change the shipped rules. Declare "
            f"`package {CUSTOM_HOME}.<name>` instead"
        )
