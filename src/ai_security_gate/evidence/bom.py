"""CycloneDX ML-BOMs (JSON, spec 1.5/1.6), read as plain JSON.

    input.evidence.boms[<path as written in the manifest>] = {
      "format": "CycloneDX", "spec_version": "1.6",
      "components": [                       # nested components flattened, models and data only
        {"type": "machine-learning-model", "name": "m", "version": "1.3.0",
         "sha256": "<hex>" (absent when the BOM has none), "licenses": ["Apache-2.0"],
         "ancestors": ["base-model-name", ...]},   # names in pedigree.ancestors
        {"type": "data", "name": "d", "sha256": "<hex>", "licenses": [...], "ancestors": []},
      ],
      "problem": "..."                       # present when the file is not a CycloneDX JSON BOM
    }

Plain JSON rather than cyclonedx-python-lib: the gate reads six fields and must not fail on a
BOM that a stricter model would reject for unrelated reasons; the library adds nothing here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MAX_BOM_BYTES = 64 * 1024 * 1024
MAX_COMPONENTS = 50_000
KINDS = ("machine-learning-model", "data")


def bom_fact(real: Path) -> dict[str, Any]:
    try:
        with real.open("rb") as fh:
            raw = fh.read(MAX_BOM_BYTES + 1)
    except OSError as exc:
        return {"problem": f"cannot be read: {exc.strerror or exc}"}
    if len(raw) > MAX_BOM_BYTES:
        return {"problem": f"is larger than {MAX_BOM_BYTES // (1024 * 1024)} MiB; not read"}
    if raw.lstrip()[:1] == b"<":
        return {
            "problem": "is an XML BOM; the gate reads CycloneDX JSON (convert it, or "
            "point `supply_chain.sbom` at the JSON form)"
        }
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return {"problem": f"is not valid JSON ({exc})"[:300]}
    if not isinstance(doc, dict) or doc.get("bomFormat") != "CycloneDX":
        return {"problem": 'is not a CycloneDX BOM (no "bomFormat": "CycloneDX")'}
    fact: dict[str, Any] = {"format": "CycloneDX", "spec_version": str(doc.get("specVersion", ""))}
    components: list[dict[str, Any]] = []
    stack = list(reversed(_list(doc.get("components"))))
    metadata = doc.get("metadata")
    if isinstance(metadata, dict) and isinstance(metadata.get("component"), dict):
        stack.append(metadata["component"])
    seen = 0
    while stack and seen < MAX_COMPONENTS:
        comp = stack.pop()
        seen += 1
        if not isinstance(comp, dict):
            continue
        stack.extend(reversed(_list(comp.get("components"))))
        if comp.get("type") in KINDS and isinstance(comp.get("name"), str):
            components.append(_component(comp))
    if stack:
        fact["note"] = f"only the first {MAX_COMPONENTS} components were read"
    fact["components"] = components
    return fact


def _component(comp: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": comp["type"], "name": comp["name"]}
    if isinstance(comp.get("version"), str):
        out["version"] = comp["version"]
    if isinstance(comp.get("bom-ref"), str):
        out["bom_ref"] = comp["bom-ref"]
    for h in _list(comp.get("hashes")):
        if (
            isinstance(h, dict)
            and str(h.get("alg", "")).upper().replace("_", "-") == "SHA-256"
            and isinstance(h.get("content"), str)
        ):
            out["sha256"] = h["content"].strip().lower()
            break
    out["licenses"] = _licenses(comp.get("licenses"))
    pedigree = comp.get("pedigree")
    ancestors: list[str] = []
    if isinstance(pedigree, dict):
        for a in _list(pedigree.get("ancestors")):
            if isinstance(a, dict) and isinstance(a.get("name"), str):
                ancestors.append(a["name"])
    out["ancestors"] = ancestors
    return out


def _licenses(value: Any) -> list[str]:
    out = []
    for entry in _list(value):
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("expression"), str):
            out.append(entry["expression"])
        lic = entry.get("license")
        if isinstance(lic, dict):
            for key in ("id", "name"):
                if isinstance(lic.get(key), str):
                    out.append(lic[key])
                    break
    return out


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
