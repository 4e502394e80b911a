"""CycloneDX ML-BOMs (JSON, spec 1.5/1.6), read as plain JSON.

    input.evidence.boms[<path as written in the manifest>] = {
      "format": "CycloneDX", "spec_version": "1.6",
      "components": [                       # nested components flattened, models and data only
        {"type": "machine-learning-model", "name": "m", "version": "1.3.0",
         "sha256": "<hex>" (absent when the BOM has none), "licenses": ["Apache-2.0"],
         "purl": "pkg:huggingface/org/m@<commit>" (absent when the BOM has none),
         "ancestors": ["base-model-name", ...]},   # names in pedigree.ancestors
        {"type": "data", "name": "d", "sha256": "<hex>", "licenses": [...], "ancestors": []},
      ],
      "problem": "..."                       # present when the file is not a CycloneDX JSON BOM
    }

The fields are read as plain JSON, but a cited BOM must first be a valid one: CycloneDX JSON
is validated with cyclonedx-python-lib's strict JSON validator for its `specVersion` (the
CycloneDX project's own schemas); SPDX 2.2/2.3 (JSON, YAML, or tag-value: bom_spdx_tv.py) and
SPDX 3 JSON-LD are checked for the fields the SPDX specification requires (bom_spdx.py,
bom_spdx3.py) and read into the same components. A BOM that is not valid gets a `problem`: the
provisions it serves fail and the inventory and drift checks say they could not run. The
validation result is cached per file (path, size, mtime, ctime, inode): the validator costs
about a second to import.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .bom_spdx import spdx_fact, spdx_yaml_fact
from .bom_spdx3 import is_spdx3, spdx3_fact
from .bom_spdx_tv import looks_like_tag_value, parse_tag_value
from .cache import JsonCache
from .hashing import stat_key

CACHE_NAMESPACE = "bom-validation-v1"
# part of the cache key; bump it when the validation changes (not the library's installed
# version: reading package metadata costs milliseconds on every warm run)
VALIDATION_VERSION = 1

MAX_BOM_BYTES = 64 * 1024 * 1024
MAX_COMPONENTS = 50_000
KINDS = ("machine-learning-model", "data")


def bom_fact(real: Path, cache: JsonCache | None = None) -> dict[str, Any]:
    try:
        with real.open("rb") as fh:
            raw = fh.read(MAX_BOM_BYTES + 1)
    except OSError as exc:
        return {"problem": f"cannot be read: {exc.strerror or exc}"}
    if len(raw) > MAX_BOM_BYTES:
        return {"problem": f"is larger than {MAX_BOM_BYTES // (1024 * 1024)} MiB; not read"}
    if looks_like_tag_value(raw):
        return spdx_fact(parse_tag_value(raw.decode("utf-8", "replace")))
    if real.suffix.lower() in (".yaml", ".yml"):
        return spdx_yaml_fact(raw)
    if raw.lstrip()[:1] == b"<":
        return {
            "problem": "is an XML BOM; the gate reads CycloneDX JSON (convert it, or "
            "point `supply_chain.sbom` at the JSON form)"
        }
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        return {
            "problem": f"is not valid JSON ({exc}); an SBOM must be CycloneDX or SPDX JSON"[:300]
        }
    if isinstance(doc, dict) and "spdxVersion" in doc:
        return spdx_fact(doc)
    if is_spdx3(doc):
        return spdx3_fact(doc)
    if not isinstance(doc, dict) or doc.get("bomFormat") != "CycloneDX":
        return {
            "problem": 'is neither a CycloneDX BOM (no "bomFormat": "CycloneDX") nor an SPDX '
            'document (no "spdxVersion"); generate the SBOM with a CycloneDX or SPDX tool'
        }
    return _cyclonedx_fact(real, raw, doc, cache or JsonCache(None, CACHE_NAMESPACE))


def _cyclonedx_fact(
    real: Path, raw: bytes, doc: dict[str, Any], cache: JsonCache
) -> dict[str, Any]:
    """A CycloneDX JSON BOM, validated against its schema, with its model and data components
    (nested ones and the metadata component too, at most MAX_COMPONENTS visited)."""
    spec = str(doc.get("specVersion", ""))
    invalid = _validate_cached(real, raw, spec, cache)
    if invalid:
        return {"format": "CycloneDX", "spec_version": spec, "problem": invalid}
    fact: dict[str, Any] = {"format": "CycloneDX", "spec_version": spec}
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
    if isinstance(comp.get("purl"), str):
        out["purl"] = comp["purl"]
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


def _validate_cached(real: Path, raw: bytes, spec: str, cache: JsonCache) -> str | None:
    try:
        key = {**stat_key(real, real.stat()), "spec": spec, "validator": VALIDATION_VERSION}
    except OSError:
        return validate_cyclonedx(raw, spec)
    hit = cache.get(key)
    if hit is not None and "problem" in hit:
        return hit["problem"] if isinstance(hit["problem"], str) else None
    problem = validate_cyclonedx(raw, spec)
    cache.put(key, {"problem": problem})
    return problem


def _fast_valid(raw: bytes, version: Any) -> bool:
    from .bom_fast import is_valid

    try:
        structure = json.loads(raw.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError too: the library's message says what is wrong
        return False
    return is_valid(structure, version)


def validate_cyclonedx(raw: bytes, spec: str) -> str | None:
    """None when the BOM is valid CycloneDX JSON of its `specVersion`, else why not."""
    try:
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator
    except ImportError:  # a broken install must not let any BOM pass
        return "could not be validated: cyclonedx-python-lib is not installed (reinstall the gate)"
    try:
        version = SchemaVersion.from_version(spec)
    except ValueError:
        known = ", ".join(v.to_version() for v in SchemaVersion)
        return f"has specVersion {spec!r}, which is not a CycloneDX version ({known})"
    if version.to_version() in ("1.0", "1.1"):
        return f"is CycloneDX {spec}, which has no JSON form; use CycloneDX 1.5 or later"
    if _fast_valid(raw, version):  # linear; the library's validator is quadratic (bom_fast)
        return None
    try:
        error = JsonStrictValidator(version).validate_str(raw.decode("utf-8"))
    except Exception as exc:  # the validator must never crash the gate
        return f"could not be validated as CycloneDX {spec} ({type(exc).__name__}: {exc})"[:300]
    if error is None:
        return None
    data = getattr(error, "data", None)
    message = getattr(data, "message", None) or str(error)
    where = "".join(
        f"[{p}]" if isinstance(p, int) else f".{p}" for p in getattr(data, "absolute_path", [])
    ).lstrip(".")
    at = f" at {where}" if where else ""
    return (
        f"is not a valid CycloneDX {spec} BOM: {message[:200]}{at}; regenerate it with a "
        "CycloneDX tool or fix it"
    )
