"""Pull-request mode: changes that narrow what the gate checks (docs/security.md).

A pull request that narrows `system.roles` makes whole groups of provisions "not
applicable"; one that removes a section loses the claims the policies check; one that drops
a model, dataset or prompt from the inventory while changing it escapes every change rule
about it; a signing key, certificate or Sigstore identity the pull request adds or changes
would vouch for its own artefacts. None of these can be approved by the pull request itself,
so each is a blocking manifest finding (exit 1) that names what the base had. With no
manifest on the base (a new system) there is nothing to compare with. Reading the base manifest is
evidence/history.py's job; this module only compares plain data."""

from __future__ import annotations

from typing import Any

from .evidence.paths import normalise
from .results import Finding, JsonPath, SourceMap

RULE = "pull-request-narrowing"
# removing these only strengthens the gate (fewer waivers, attestations, exemptions)
_REMOVABLE = {"waivers", "attestations", "exemptions", "version", "$schema"}
_WHY = (
    "a pull request cannot approve its own narrowing of what the gate checks: land this "
    "change on its own, reviewed by the owners of the base branch"
)


def narrowing_findings(
    head: dict[str, Any], git: dict[str, Any], roles: Any, source_map: SourceMap
) -> list[Finding]:
    """`roles(data) -> tuple` gives the roles a manifest declares (decision.declared_roles)."""
    base = git.get("base_manifest")
    if not git.get("changes_available") or not isinstance(base, dict):
        return []
    changed = {c for c in git.get("changed", []) if isinstance(c, str)}
    out: list[Finding] = []

    def add(path: JsonPath, message: str) -> None:
        out.append(
            Finding(
                source="pull-request",
                message=f"{message}; {_WHY}",
                path=path,
                location=source_map.locate(path),
                rule=RULE,
            )
        )

    dropped_roles = [r for r in roles(base) if r not in roles(head)]
    if dropped_roles:
        add(
            ("system", "roles"),
            f"this pull request removes the role(s) {', '.join(dropped_roles)} the base "
            "branch declares, which makes the provisions for them not applicable",
        )
    for key, value in base.items():
        if key in _REMOVABLE or _empty(value) or not _empty(head.get(key)):
            continue
        add((key,), f"this pull request removes the `{key}` section the base branch has")
    for section, name_key, where in _INVENTORIES:
        before = _entries(base, section, name_key)
        after = _entries(head, section, name_key)
        for name, entry in before.items():
            if name in after:
                continue
            touched = [p for p in _paths(entry) if _hit(p, changed)]
            if touched:
                add(
                    where,
                    f"this pull request drops {section.split('.')[-1][:-1]} {name!r} from the "
                    f"inventory while changing {', '.join(touched)}, so no change rule sees it",
                )
    _anchor_findings(head, base, changed, add)
    return out


def _anchors(data: dict[str, Any]) -> set[tuple[str, ...]]:
    """(method, anchor...) of every model signature: the key or certificate file, or the
    Sigstore identity and issuer."""
    out = set()
    for model in data.get("models") or []:
        sig = model.get("signature") if isinstance(model, dict) else None
        if isinstance(sig, dict):
            out.add(_anchor(sig))
    return out


def _anchor(sig: dict[str, Any]) -> tuple[str, ...]:
    method = str(sig.get("method"))
    if method == "sigstore":
        return (method, str(sig.get("identity")), str(sig.get("issuer")))
    field = "public_key" if method == "key" else "certificate"
    ref = sig.get(field)
    # the lexical form git reports changes in: `keys/./k.pub` is the file keys/k.pub
    return (method, normalise(ref) if isinstance(ref, str) else "")


def _anchor_findings(
    head: dict[str, Any], base: dict[str, Any], changed: set[str], add: Any
) -> None:
    """A trust anchor the pull request adds or changes does not vouch for its own artefacts:
    the base must already have it (the same key or certificate file, unchanged; the same
    Sigstore identity and issuer)."""
    trusted = _anchors(base)
    for i, model in enumerate(head.get("models") or []):
        sig = model.get("signature") if isinstance(model, dict) else None
        if not isinstance(sig, dict) or sig.get("method") not in ("key", "certificate", "sigstore"):
            continue
        anchor = _anchor(sig)
        if anchor not in trusted:
            what = "identity and issuer" if anchor[0] == "sigstore" else f"{anchor[0]} {anchor[1]}"
            add(
                ("models", i, "signature"),
                f"the signature of model {model.get('name')!r} is checked against a {what} "
                "the base branch does not have: a trust anchor added by the pull request "
                "cannot vouch for the pull request's own artefacts",
            )
        elif anchor[0] != "sigstore" and anchor[1] and _hit(anchor[1], changed):
            add(
                ("models", i, "signature"),
                f"this pull request changes the {anchor[0]} file {anchor[1]} that verifies "
                f"model {model.get('name')!r}: a trust anchor changed by the pull request "
                "cannot vouch for the pull request's own artefacts",
            )


_INVENTORIES: tuple[tuple[str, str, JsonPath], ...] = (
    ("models", "name", ("models",)),
    ("datasets", "name", ("datasets",)),
    ("change_management.prompts", "path", ("change_management", "prompts")),
    ("change_management.configs", "path", ("change_management", "configs")),
)
_PATH_FIELDS = ("artefact", "path", "model_card", "datasheet")


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


def _entries(data: dict[str, Any], section: str, name_key: str) -> dict[str, dict[str, Any]]:
    node: Any = data
    for part in section.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    if not isinstance(node, list):
        return {}
    return {
        str(e[name_key]): e
        for e in node
        if isinstance(e, dict) and isinstance(e.get(name_key), str)
    }


def _paths(entry: dict[str, Any]) -> list[str]:
    out = []
    for key in _PATH_FIELDS:
        value = entry.get(key)
        if isinstance(value, str) and value and "://" not in value:
            out.append(value.removeprefix("./").rstrip("/"))
    return out


def _hit(rel: str, changed: set[str]) -> bool:
    return rel in changed or any(c.startswith(rel + "/") for c in changed)
