"""SPDX 2.2/2.3 documents as SBOMs (JSON, YAML, or tag-value read by bom_spdx_tv.py into the
same shape): checked for what the SPDX specification requires of a document and its packages,
then read into the same component shape as a CycloneDX BOM (name, version, SHA-256, purl,
licence, ancestors from DESCENDANT_OF/ANCESTOR_OF relationships).

SPDX 2.x has no model or dataset package type, so packages become components of type
`package`, which the inventory and drift checks match by name for models and datasets alike.
This is a structural check of the required fields, not the full SPDX validator (spdx-tools):
enough that a file merely named `*.spdx.json` cannot pass.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

VERSIONS = ("SPDX-2.2", "SPDX-2.3")
MAX_PACKAGES = 50_000
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def spdx_fact(doc: dict[str, Any]) -> dict[str, Any]:
    version = doc.get("spdxVersion")
    fact: dict[str, Any] = {"format": "SPDX", "spec_version": str(version)}
    errors = _errors(doc)
    if errors:
        shown = "; ".join(errors[:3]) + (
            f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        )
        fact["problem"] = (
            f"is not a valid {version} document: {shown}; regenerate it with an SPDX tool"
        )[:400]
        return fact
    components = []
    packages = doc.get("packages", [])[:MAX_PACKAGES]
    ancestors = _ancestors(doc, {p["SPDXID"]: p["name"] for p in packages})
    for pkg in packages:
        comp: dict[str, Any] = {
            "type": "package",
            "name": pkg["name"],
            "ancestors": ancestors.get(pkg["SPDXID"], []),
        }
        if isinstance(pkg.get("versionInfo"), str):
            comp["version"] = pkg["versionInfo"]
        purl = _purl(pkg)
        if purl:
            comp["purl"] = purl
        checksums = pkg.get("checksums")
        for c in checksums if isinstance(checksums, list) else []:
            if (
                isinstance(c, dict)
                and c.get("algorithm") == "SHA256"
                and isinstance(c.get("checksumValue"), str)
            ):
                comp["sha256"] = c["checksumValue"].strip().lower()
                break
        comp["licenses"] = [
            pkg[k]
            for k in ("licenseDeclared", "licenseConcluded")
            if isinstance(pkg.get(k), str) and pkg[k] not in ("NOASSERTION", "NONE")
        ][:1]
        components.append(comp)
    fact["components"] = components
    return fact


MAX_YAML_BYTES = 8 * 1024 * 1024  # YAML parses far slower than JSON


def spdx_yaml_fact(raw: bytes) -> dict[str, Any]:
    """An SPDX 2.x document in its YAML form (`*.spdx.yaml`)."""
    import yaml

    from .bounded import load_yaml

    if len(raw) > MAX_YAML_BYTES:
        return {"problem": f"is a YAML SBOM larger than {MAX_YAML_BYTES // 2**20} MiB; use JSON"}
    try:
        doc = load_yaml(raw.decode("utf-8", "replace"))
    except yaml.YAMLError as exc:
        return {"problem": f"is not valid YAML ({str(exc)[:160]}); an SPDX YAML SBOM must parse"}
    if not isinstance(doc, dict) or "spdxVersion" not in doc:
        return {"problem": 'is YAML but not an SPDX document (no "spdxVersion")'}
    info = doc.get("creationInfo")
    if isinstance(info, dict) and isinstance(info.get("created"), dt.datetime):
        # an unquoted date-time is a YAML timestamp: back to the text SPDX requires
        created = info["created"].astimezone(dt.timezone.utc).replace(tzinfo=None)
        info["created"] = created.isoformat(timespec="seconds") + "Z"
    return spdx_fact(doc)


def _purl(pkg: dict[str, Any]) -> str | None:
    refs = pkg.get("externalRefs")
    for ref in refs if isinstance(refs, list) else []:
        if (
            isinstance(ref, dict)
            and ref.get("referenceType") == "purl"
            and isinstance(ref.get("referenceLocator"), str)
        ):
            return str(ref["referenceLocator"])
    return None


def _ancestors(doc: dict[str, Any], names: dict[str, str]) -> dict[str, list[str]]:
    """Pedigree from the relationships: X DESCENDANT_OF Y, or Y ANCESTOR_OF X."""
    out: dict[str, list[str]] = {}
    rels = doc.get("relationships")
    for rel in rels[:MAX_PACKAGES] if isinstance(rels, list) else []:
        if not isinstance(rel, dict):
            continue
        a, kind, b = (
            rel.get("spdxElementId"),
            rel.get("relationshipType"),
            rel.get("relatedSpdxElement"),
        )
        if kind == "ANCESTOR_OF":
            a, b = b, a
        elif kind != "DESCENDANT_OF":
            continue
        if isinstance(a, str) and isinstance(b, str) and b in names:
            out.setdefault(a, []).append(names[b])
    return out


def _errors(doc: dict[str, Any]) -> list[str]:
    out = []
    if doc.get("spdxVersion") not in VERSIONS:
        out.append(f"spdxVersion must be one of {', '.join(VERSIONS)}")
    if doc.get("dataLicense") != "CC0-1.0":
        out.append('dataLicense must be "CC0-1.0"')
    if doc.get("SPDXID") != "SPDXRef-DOCUMENT":
        out.append('SPDXID must be "SPDXRef-DOCUMENT"')
    if not _text(doc.get("name")):
        out.append("name is required")
    if not (isinstance(doc.get("documentNamespace"), str) and _URI.match(doc["documentNamespace"])):
        out.append("documentNamespace must be a URI")
    out += _creation_errors(doc.get("creationInfo"))
    return out + _package_errors(doc.get("packages", []))


def _creation_errors(info: Any) -> list[str]:
    if not isinstance(info, dict):
        return ["creationInfo is required"]
    out = []
    if not (isinstance(info.get("created"), str) and _DATETIME.match(info["created"])):
        out.append("creationInfo.created must be a UTC date-time (YYYY-MM-DDThh:mm:ssZ)")
    creators = info.get("creators")
    if not (isinstance(creators, list) and creators and all(_text(c) for c in creators)):
        out.append("creationInfo.creators must list who made it")
    return out


def _package_errors(packages: Any) -> list[str]:
    if not isinstance(packages, list) or not packages:
        return ["packages must list the packages it describes"]
    out = []
    for i, pkg in enumerate(packages[:MAX_PACKAGES]):
        if not isinstance(pkg, dict):
            out.append(f"packages[{i}] must be an object")
            continue
        for key in ("name", "SPDXID", "downloadLocation"):
            if not _text(pkg.get(key)):
                out.append(f"packages[{i}].{key} is required")
    return out


def _text(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())
