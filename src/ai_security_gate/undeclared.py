"""The inventory is checked against the repository: a model, dataset or tool the code shows
(evidence/observed_assets.py) that the manifest does not list is a finding that names where it
was seen (5.2.1-1 for models and datasets, 5.1.2-6 for what the system can reach).

A manifest lists an asset when one of its entries names it: the model id or hub repository as
a `name`, `version`, `revision` or as a segment of a `uri` (base models count: they are in the
inventory); a hosted client with no model named in the code by any model entry pointing at
that provider (its endpoint, or its supplier's name); a data file by its `path` (or a directory
above it); a tool by an integration's `name`. Matching is by whole segments, so listing
`gpt-4o-mini` does not list `gpt-4o`. Pure: manifest data and the observations in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from .people import internal
from .personal_header import header_at
from .results import Finding, JsonPath, SourceMap

INVENTORY = "5.2.1-1"
INTEGRATIONS = "5.1.2-6"
API = "5.2.2-2"  # controls on an API offered to outside callers
SENSITIVE = "5.2.1-4"
CUSTODIAN = "5.1.2-1.1"  # the custodian in design, where the custodian is in-house  # guard sensitive data: what `personal_data:` serves


def findings(
    data: dict[str, Any], source_map: SourceMap, observed: Mapping[str, Any] | None
) -> list[Finding]:
    seen = observed or {}
    out: list[Finding] = []
    for path, provision, rule, message in _missing(data, seen):
        out.append(
            Finding(
                source="policy",
                provision=provision,
                rule=rule,
                path=path,
                location=source_map.locate(path),
                message=message,
            )
        )
    return out


def unlisted(data: dict[str, Any], seen: Mapping[str, Any], kind: str) -> list[dict[str, Any]]:
    """The observations of `kind` (models_seen, datasets_seen, tools_seen) no entry lists."""
    items = [o for o in seen.get(kind) or [] if isinstance(o, dict)]
    if kind == "models_seen":
        entries = list(_entries(data, "models"))
        entries += [m["base_model"] for m in entries if isinstance(m.get("base_model"), dict)]
        return [o for o in items if not any(_lists_model(e, o) for e in entries)]
    if kind == "datasets_seen":
        entries = list(_entries(data, "datasets"))
        return [o for o in items if not any(_lists_dataset(e, o) for e in entries)]
    system = data.get("system")
    integrations = system.get("integrations") if isinstance(system, dict) else None
    names = {
        _tool(str(x.get("name")))
        for x in integrations or []
        if isinstance(x, dict) and isinstance(integrations, list)
    }
    return [o for o in items if not any(_tool(i) in names for i in o.get("ids") or [])]


def where(o: Mapping[str, Any]) -> str:
    return f"{o['file']}:{o['line']}" if o.get("line") else str(o.get("file"))


def _missing(
    data: dict[str, Any], seen: Mapping[str, Any]
) -> Iterator[tuple[JsonPath, str, str, str]]:
    for o in unlisted(data, seen, "models_seen"):
        yield (
            ("models",),
            INVENTORY,
            "inventory.model_unlisted",
            f"the repository uses {o['what']} ({where(o)}), but no entry under `models:` "
            "lists it; add it (name, source: third_party, supplier, uri and the version or "
            "revision used) so the inventory is complete",
        )
    for o in unlisted(data, seen, "datasets_seen"):
        yield (
            ("datasets",),
            INVENTORY,
            "inventory.dataset_unlisted",
            f"the repository uses {o['what']} ({where(o)}), but no entry under `datasets:` "
            "lists it; add it (name, origin, custodian, and `path:` or `uri:` with its sha256 "
            "or revision) so the inventory is complete",
        )
    exposure = [o for o in seen.get("exposure") or [] if isinstance(o, dict)]
    api = _section(data, "infrastructure", "api")
    if exposure and isinstance(api, dict) and api.get("exposed") is False:
        shown = "; ".join(f"{o['what']} ({where(o)})" for o in exposure[:3])
        more = f" and {len(exposure) - 3} more" if len(exposure) > 3 else ""
        yield (
            ("infrastructure", "api", "exposed"),
            API,
            "infrastructure.api_exposed_observed",
            "`infrastructure.api.exposed` is false, but the repository opens the system to "
            f"outside callers: {shown}{more}; set `exposed: true` with `authentication:` and "
            "`rate_limit:`, or make that route internal (an internal load balancer, no "
            "Ingress) if outside callers must not reach it",
        )
    people = internal(data)
    items = data.get("datasets")
    for i, d in enumerate(items if isinstance(items, list) else []):
        who = d.get("custodian") if isinstance(d, dict) else None
        if isinstance(who, str) and d.get("custodian_external") is True and _person(who) in people:
            yield (
                ("datasets", i, "custodian_external"),
                CUSTODIAN,
                "datasets.custodian_external_contradicted",
                f"dataset {d.get('name') or i} declares `custodian_external: true`, but its "
                f"custodian {who} is {people[_person(who)]}, inside this organisation; set "
                "`custodian_external: false`, or name the outside organisation's custodian",
            )
    for i, d, columns in personal_unmarked(data, seen):
        yield (
            ("datasets", i, "personal_data"),
            SENSITIVE,
            "datasets.personal_data_observed",
            f"dataset {d.get('name') or i} is not declared `personal_data: true`, but "
            f"{header_at(d['path'])} has columns that hold personal data ({', '.join(columns[:5])}); "
            "set `personal_data: true` and guard it as personal data, or remove those "
            "columns from the data",
        )
    from .applicability import CONDITIONS

    # with no integration declared at all, claims.py's conditions.interacts_observed says it
    tools = unlisted(data, seen, "tools_seen") if CONDITIONS["interacts"].holds(data) else []
    for o in tools:
        yield (
            ("system", "integrations"),
            INTEGRATIONS,
            "inventory.integration_unlisted",
            f"the code gives the model {o['what']} ({where(o)}), but no entry under "
            "`system.integrations` names it; list it with its kind and the permissions it "
            "holds there",
        )


def _section(data: dict[str, Any], *keys: str) -> Any:
    node: Any = data
    for k in keys:
        node = node.get(k) if isinstance(node, dict) else None
    return node


def _entries(data: dict[str, Any], key: str) -> Iterator[dict[str, Any]]:
    items = data.get(key)
    if isinstance(items, list):
        yield from (x for x in items if isinstance(x, dict))


def _norm(text: str) -> str:
    return text.strip().lower()


def _person(name: str) -> str:
    return " ".join(name.lower().split())


def _tool(name: str) -> str:
    """`order_lookup` in code is the `order-lookup` integration."""
    return re.sub(r"[-_.\s]+", "-", _norm(name))


def _names(value: str, ident: str) -> bool:
    """`value` names `ident`: equal, or `ident` as whole segments of a URI or id."""
    v, i = _norm(value), _norm(ident)
    if not i:
        return False
    if v == i:
        return True
    return re.search(r"(?:^|[/@:=])" + re.escape(i) + r"(?:$|[/@:?#])", v) is not None


def _strings(entry: Mapping[str, Any], keys: tuple[str, ...]) -> list[str]:
    return [entry[k] for k in keys if isinstance(entry.get(k), str)]


def _lists_model(entry: Mapping[str, Any], o: Mapping[str, Any]) -> bool:
    values = _strings(entry, ("name", "version", "revision", "uri", "artefact"))
    name, version = entry.get("name"), entry.get("version")
    if isinstance(name, str) and isinstance(version, (str, int, float)):
        # a dated or tagged id: gpt-4o-mini-2024-07-18, llama3.1:8b
        values += [f"{name}{sep}{version}" for sep in ("-", ":", "@")]
    ids = [i for i in o.get("ids") or [] if isinstance(i, str)]
    if ids:
        return any(_names(v, i) for v in values for i in ids)
    # a client whose model the code does not name: a model entry at that provider lists it
    hosts = [_host(h) for h in o.get("hosts") or [] if isinstance(h, str)]
    uri = entry.get("uri")
    if isinstance(uri, str) and _host(uri) and _host(uri) in hosts:
        return True
    supplier = str(o.get("supplier") or "").split(" (")[0].split()[0:1]
    words = [_norm(w) for w in supplier] + [_norm(str(o.get("provider") or ""))]
    text = " ".join(_norm(v) for v in (*values, *_strings(entry, ("supplier",))))
    return any(w and re.search(r"\b" + re.escape(w) + r"\b", text) for w in words)


def _host(uri: str) -> str:
    rest = uri.split("://", 1)[-1]
    return rest.split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0].lower()


def _lists_dataset(entry: Mapping[str, Any], o: Mapping[str, Any]) -> bool:
    ids = [i for i in o.get("ids") or [] if isinstance(i, str)]
    if o.get("local"):
        paths = [p.strip().strip("/").removeprefix("./") for p in _strings(entry, ("path",))]
        return any(
            i == p or i.startswith(p + "/") or p.startswith(i + "/")
            for i in ids
            for p in paths
            if p
        )
    values = _strings(entry, ("name", "origin", "uri", "path"))
    return any(_names(v, i) for v in values for i in ids)


def personal_unmarked(
    data: dict[str, Any], seen: Mapping[str, Any]
) -> list[tuple[int, dict[str, Any], list[str]]]:
    """Datasets not declared `personal_data: true` whose file shows personal-data columns
    (evidence/personal_columns.py)."""
    columns: Mapping[str, list[str]] = seen.get("personal_columns") or {}
    items = data.get("datasets")
    out = []
    for i, d in enumerate(items if isinstance(items, list) else []):
        if not isinstance(d, dict) or d.get("personal_data") is True:
            continue
        found = columns.get(d["path"]) if isinstance(d.get("path"), str) else None
        if found:
            out.append((i, d, list(found)))
    return out
