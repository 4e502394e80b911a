"""Where organisation policies (`-p DIR`) may live (docs/security.md).

Rego merges every module of a package, so a custom module that declares a shipped package
adds bodies to its rules and functions: `package ai_security.p07_supply_chain` with
`pinned(ref) if true` would pin everything. Custom modules therefore may not declare
`ai_security` itself, a shipped principle package (`ai_security.p<digit>...`), the shared
library (`ai_security.lib`), the attestations (`ai_security.attestations`) or the library
evidence rule (`ai_security.evidence`), nor anything
below them. Their home is `ai_security.custom.<name>` (any other `ai_security.<name>` works)."""

from __future__ import annotations

from .errors import GateError

CUSTOM_HOME = "ai_security.custom"
# the shipped packages under ai_security: principles (p01_...), the helpers, the attestation
# checks and the library evidence rule
_RESERVED_EXACT = ("lib", "attestations", "evidence")


def _reserved(segment: str) -> bool:
    return segment in _RESERVED_EXACT or (
        len(segment) >= 2 and segment[0] == "p" and segment[1].isdigit()
    )


def check_custom_module(name: str, package: tuple[str, ...]) -> None:
    """GateError (exit 2) naming the module when it declares a shipped package. `package`:
    the segments of its package as the engine's parser read them (rego_ast)."""
    if not package:
        raise GateError(
            f"{name}: cannot read its `package` line; declare `package {CUSTOM_HOME}.<name>`"
        )
    if package[0] != "ai_security":
        return  # outside data.ai_security: the gate does not read it, and it cannot touch ours
    if len(package) == 1 or _reserved(package[1]):
        declared = ".".join(package)
        raise GateError(
            f"{name}: declares package {declared}, which belongs to the shipped policies "
            "(ai_security, ai_security.p*, ai_security.lib, ai_security.attestations, "
            "ai_security.evidence); a custom module there would change the shipped rules. "
            f"Declare `package {CUSTOM_HOME}.<name>` instead"
        )
