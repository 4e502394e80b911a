"""People the manifest itself shows belong to the organisation: the system's owner and the
owners of its threats (a risk owner is accountable inside the organisation). A dataset whose
custodian is one of them cannot be `custodian_external: true` (roles.py, applicability.py,
undeclared.py)."""

from __future__ import annotations

from typing import Any


def internal(data: dict[str, Any]) -> dict[str, str]:
    """Normalised name -> why the manifest shows the person is inside the organisation."""
    out: dict[str, str] = {}
    system = data.get("system")
    owner = system.get("owner") if isinstance(system, dict) else None
    name = owner.get("name") if isinstance(owner, dict) else owner
    if isinstance(name, str) and name.strip():
        out[_norm(name)] = "the system's owner (system.owner)"
    model = data.get("threat_model")
    threats = model.get("threats") if isinstance(model, dict) else None
    for t in threats if isinstance(threats, list) else []:
        who = t.get("owner") if isinstance(t, dict) else None
        if isinstance(who, str) and who.strip():
            out.setdefault(
                _norm(who), f"the owner of threat {t.get('id', '?')} in the threat model"
            )
    return out


def external_custodian(data: dict[str, Any], d: dict[str, Any]) -> bool:
    """`custodian_external: true`, and not contradicted by the manifest's own people."""
    custodian = d.get("custodian")
    if d.get("custodian_external") is not True:
        return False
    return not (isinstance(custodian, str) and _norm(custodian) in internal(data))


def _norm(name: str) -> str:
    return " ".join(name.lower().split())
