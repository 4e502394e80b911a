"""SPDX 3 (JSON-LD) documents as SBOMs: checked for what the SPDX 3 model requires of the
elements the gate reads, then read into the same component shape as a CycloneDX BOM.

    {"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
     "@graph": [{"type": "CreationInfo", "@id": "_:ci", "specVersion": "3.0.1",
                 "created": "...Z", "createdBy": [...]},
                {"type": "ai_AIPackage", "spdxId": "...", "creationInfo": "_:ci",
                 "name": "m", "software_packageVersion": "1.3.0",
                 "software_packageUrl": "pkg:...",
                 "verifiedUsing": [{"type": "Hash", "algorithm": "sha256", "hashValue": "..."}]},
                {"type": "Relationship", "from": "<pkg>", "relationshipType":
                 "hasDeclaredLicense", "to": ["<licence expression or listed licence>"]}, ...]}

SPDX 3 has model and dataset types of its own (the AI and Dataset profiles): an
`ai_AIPackage` is a machine-learning model, a `dataset_DatasetPackage` is data; a
`software_Package` or `software_File` whose primary purpose is `model` or `data` is read as
one too, any other package is a `package` (matched by name for models and datasets alike, like SPDX 2). Licences come
from the hasDeclaredLicense/hasConcludedLicense relationships, pedigree from
ancestorOf/descendantOf. This is a structural check of the required fields, not the SHACL
validation of the SPDX tools: enough that a file with the SPDX context and nothing real in it
cannot pass.
"""

from __future__ import annotations

import re
from typing import Any

MAX_ELEMENTS = 200_000
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
_LISTED_LICENCE = re.compile(r"^https?://spdx\.org/licenses/([A-Za-z0-9.+-]+)$")
PACKAGE_TYPES = {
    "ai_AIPackage": "machine-learning-model",
    "dataset_DatasetPackage": "data",
    "software_Package": "package",
    "software_File": "file",  # a component only when its purpose is `model` or `data`
}
RELATIONSHIPS = ("Relationship", "LifecycleScopedRelationship")
_PURPOSE_TYPES = {"model": "machine-learning-model", "data": "data"}


def is_spdx3(doc: Any) -> bool:
    if not isinstance(doc, dict):
        return False
    context = doc.get("@context")
    contexts = context if isinstance(context, list) else [context]
    return any(isinstance(c, str) and "spdx.org/rdf/3" in c for c in contexts)


def spdx3_fact(doc: dict[str, Any]) -> dict[str, Any]:
    graph = doc.get("@graph")
    elements = (
        [e for e in graph[:MAX_ELEMENTS] if isinstance(e, dict)] if isinstance(graph, list) else []
    )
    infos = _creation_infos(elements)
    version = next((str(i.get("specVersion")) for i in infos.values()), "3")
    fact: dict[str, Any] = {"format": "SPDX", "spec_version": f"SPDX-{version}"}
    errors = _errors(graph, elements, infos)
    if errors:
        shown = "; ".join(errors[:3]) + (
            f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        )
        fact["problem"] = (
            f"is not a valid SPDX {version} document: {shown}; regenerate it with an SPDX tool"
        )[:400]
        return fact
    packages = [e for e in elements if _is_component(e)]
    by_id = {_id(e): e for e in elements if _id(e)}
    names = {_id(p): p["name"] for p in packages}
    licences, ancestors = _relationships(elements, by_id, names)
    components = []
    for pkg in packages:
        pid = _id(pkg)
        comp: dict[str, Any] = {"type": _type(pkg) or "package", "name": pkg["name"]}
        for key, out in (("software_packageVersion", "version"), ("software_packageUrl", "purl")):
            if isinstance(pkg.get(key), str):
                comp[out] = pkg[key]
        hashes = pkg.get("verifiedUsing")
        for h in hashes if isinstance(hashes, list) else []:
            if (
                isinstance(h, dict)
                and str(h.get("algorithm", "")).lower() == "sha256"
                and isinstance(h.get("hashValue"), str)
            ):
                comp["sha256"] = h["hashValue"].strip().lower()
                break
        comp["licenses"] = licences.get(pid, [])[:1]
        comp["ancestors"] = ancestors.get(pid, [])
        components.append(comp)
    fact["components"] = components
    return fact


def _id(element: dict[str, Any]) -> str:
    value = element.get("spdxId", element.get("@id"))
    return value if isinstance(value, str) else ""


def _is_component(element: dict[str, Any]) -> bool:
    kind = element.get("type")
    return isinstance(kind, str) and kind in PACKAGE_TYPES and _type(element) is not None


def _type(pkg: dict[str, Any]) -> str | None:
    """The component type; None for a file that is not a model or data."""
    kind = PACKAGE_TYPES[pkg["type"]]
    if kind in ("package", "file"):
        purpose = _PURPOSE_TYPES.get(str(pkg.get("software_primaryPurpose")))
        return purpose or (None if kind == "file" else kind)
    return kind


def _creation_infos(elements: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """@id -> CreationInfo, for the ones given as elements of the graph (blank nodes)."""
    return {
        e["@id"]: e
        for e in elements
        if e.get("type") == "CreationInfo" and isinstance(e.get("@id"), str)
    }


def _info_errors(info: Any, where: str) -> list[str]:
    if not isinstance(info, dict):
        return [f"{where}: creationInfo is required"]
    out = []
    if not str(info.get("specVersion", "")).startswith("3."):
        out.append(f"{where}: creationInfo.specVersion must be 3.x")
    if not (isinstance(info.get("created"), str) and _DATETIME.match(info["created"])):
        out.append(f"{where}: creationInfo.created must be a UTC date-time (YYYY-MM-DDThh:mm:ssZ)")
    by = info.get("createdBy")
    if not (isinstance(by, list) and by and all(isinstance(a, str) and a for a in by)):
        out.append(f"{where}: creationInfo.createdBy must name who made it")
    return out


def _errors(  # noqa: C901 -- one list of required fields
    graph: Any, elements: list[dict[str, Any]], infos: dict[str, dict[str, Any]]
) -> list[str]:
    if not isinstance(graph, list) or not graph:
        return ["@graph must list the document's elements"]
    out = []
    checked: set[str] = set()
    for i, e in enumerate(elements):
        kind = e.get("type")
        if not isinstance(kind, str) or not kind:
            out.append(f"@graph[{i}].type is required")
            continue
        if kind == "CreationInfo":
            continue
        where = f"@graph[{i}] ({kind})"
        if not _id(e):
            out.append(f"{where}: spdxId is required")
        info = e.get("creationInfo")
        if isinstance(info, str):
            if info not in infos:
                out.append(f"{where}: creationInfo {info!r} is not in the graph")
            elif info not in checked:
                checked.add(info)
                out += _info_errors(infos[info], where)
        else:
            out += _info_errors(info, where)
        if _is_component(e) and not (isinstance(e.get("name"), str) and e["name"].strip()):
            out.append(f"{where}: name is required")
    if not any(_is_component(e) for e in elements):
        out.append(
            "the graph lists no packages (software_Package, ai_AIPackage, "
            "dataset_DatasetPackage) and no model or data file"
        )
    return out


def _relationships(
    elements: list[dict[str, Any]], by_id: dict[str, dict[str, Any]], names: dict[str, str]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    licences: dict[str, list[str]] = {}
    ancestors: dict[str, list[str]] = {}
    for rel in elements:
        if rel.get("type") not in RELATIONSHIPS:
            continue
        kind, src, targets = rel.get("relationshipType"), rel.get("from"), rel.get("to")
        if not isinstance(src, str) or not isinstance(targets, list):
            continue
        for dst in targets:
            if not isinstance(dst, str):
                continue
            if kind in ("hasDeclaredLicense", "hasConcludedLicense"):
                licence = _licence(dst, by_id)
                if licence:  # declared first: the relationships' order is not meaningful
                    entry = licences.setdefault(src, [])
                    entry.insert(0 if kind == "hasDeclaredLicense" else len(entry), licence)
            elif kind == "descendantOf" and dst in names:
                ancestors.setdefault(src, []).append(names[dst])
            elif kind == "ancestorOf" and src in names:
                ancestors.setdefault(dst, []).append(names[src])
    return licences, ancestors


def _licence(ref: str, by_id: dict[str, dict[str, Any]]) -> str | None:
    element = by_id.get(ref)
    if element is not None:
        for key in ("simplelicensing_licenseExpression", "expandedlicensing_licenseId", "name"):
            value = element.get(key)
            if isinstance(value, str) and value not in ("NOASSERTION", "NONE"):
                return value
        return None
    listed = _LISTED_LICENCE.match(ref)
    return listed.group(1) if listed else None
