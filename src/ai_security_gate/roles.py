"""The roles an organisation plays follow from the manifest, not from what it declares.

Derivation (docs/manifest.md, "Roles"): the least set of roles the manifest's own facts show.
- developer: a model is trained (in_house) or fine-tuned here, or its weights are published
  (`models[].published: true`).
- data_custodian: a dataset is held with a custodian inside the organisation (a dataset
  naming its `custodian`, unless `custodian_external: true`).
- system_operator: the system is run for end users: it logs their actions
  (`logging.events`), tells them about model updates (`end_users.model_update_notice_days`),
  or people oversee it in operation (`human_oversight.mechanisms`). (A data use notice is not
  enough: developers publish one too.)

The repository's code and configuration show roles too (evidence/observed_roles.py; each
observation names its file and line):
- developer: training or fine-tuning code (or a fine-tuning CLI or hosted fine-tuning job),
  weights the code saves or logs to MLflow, a fine-tuning configuration, a push of artefacts
  to a hub from the system's own code;
- system_operator: a service run for users (a web app made when its module loads, a
  Streamlit or Gradio app, a container, compose service, Kubernetes workload, Helm chart or
  CI step that deploys it), where the repository works with a model at all; hosted-model API
  calls from application code, unless the repository is a distributable library (a library
  that wraps an API for its users operates nothing itself) or the calls evaluate a model;
- data_custodian: data files kept, data under DVC, datasets written by a preparation step or
  published, unless the manifest gives those datasets an outside custodian.

Declared roles below the derived set are a failing manifest finding that names the evidence;
the provisions of the missing role apply anyway. A role set that carries no obligations of an
organisation (only `end_user`) is a finding too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .catalog import ROLES
from .people import external_custodian
from .results import Finding, JsonPath, SourceMap

ORGANISATION_ROLES = ("developer", "system_operator", "data_custodian")


def declared(data: dict[str, Any]) -> tuple[str, ...]:
    system = data.get("system")
    roles = system.get("roles") if isinstance(system, dict) else None
    if isinstance(roles, list) and all(r in ROLES for r in roles):
        return tuple(r for r in ROLES if r in roles)
    return ()  # unset, or still being filled in (a TODO item): every role applies


def derived(
    data: dict[str, Any], observed: Mapping[str, Any] | None = None
) -> dict[str, list[tuple[JsonPath, str]]]:
    """role -> the manifest facts that show it: (path, what). `observed` (evidence/observed.py):
    a repository that pushes model weights or data to a hub publishes artefacts, so it is a
    developer whatever the manifest says."""
    out: dict[str, list[tuple[JsonPath, str]]] = {}
    _published(out, observed)
    _from_code(out, data, observed or {})
    for i, m in _items(data, "models"):
        name = m.get("name", i)
        if m.get("source") in ("in_house", "fine_tuned"):
            out.setdefault("developer", []).append(
                (("models", i, "source"), f"model {name} is {m['source']} here")
            )
        if m.get("published") is True:
            out.setdefault("developer", []).append(
                (("models", i, "published"), f"model {name}'s weights are published")
            )
    for i, d in _items(data, "datasets"):
        custodian = d.get("custodian")
        if isinstance(custodian, str) and custodian.strip() and not external_custodian(data, d):
            out.setdefault("data_custodian", []).append(
                (("datasets", i, "custodian"), f"dataset {d.get('name', i)} is held by {custodian}")
            )
    logging = data.get("logging")
    if isinstance(logging, dict) and _filled(logging.get("events")):
        out.setdefault("system_operator", []).append(
            (("logging", "events"), "it logs the system's and users' actions")
        )
    users = data.get("end_users")
    if isinstance(users, dict):
        notice = users.get("model_update_notice_days")
        if isinstance(notice, int) and not isinstance(notice, bool) and notice > 0:
            out.setdefault("system_operator", []).append(
                (("end_users", "model_update_notice_days"), "it tells end users of model updates")
            )
    oversight = data.get("human_oversight")
    if isinstance(oversight, dict) and _filled(oversight.get("mechanisms")):
        out.setdefault("system_operator", []).append(
            (("human_oversight", "mechanisms"), "people oversee the system in operation")
        )
    return out


def _published(
    out: dict[str, list[tuple[JsonPath, str]]], observed: Mapping[str, Any] | None
) -> None:
    seen = observed or {}
    # a dataset pushed to a hub makes a custodian (below), not a developer; a test that
    # uploads is not the system publishing (observed.py leaves it out unless a command runs it)
    datasets = {(o.get("file"), o.get("line")) for o in _seen(seen, "custodian_seen")}
    pushes = [o for o in _seen(seen, "publishing") if (o["file"], o["line"]) not in datasets]
    for o in pushes[:1]:
        where = f"{o['file']}:{o['line']}"
        out.setdefault("developer", []).append(
            ((), f"the repository publishes artefacts: {o['what']} ({where})")
        )


def _from_code(
    out: dict[str, list[tuple[JsonPath, str]]], data: dict[str, Any], seen: Mapping[str, Any]
) -> None:
    """The roles the repository's code and configuration show (evidence/observed_roles.py)."""
    shown = {
        "developer": sorted(_seen(seen, "developer_seen"), key=_strongest),
        "system_operator": _operating(seen),
        "data_custodian": _custodian(data, seen),
    }
    for role, items in shown.items():
        for o in items[:3]:
            where = _where(o)  # "data file data/x.jsonl" names its place already
            text = o["what"] if o["what"].endswith(where) else f"{o['what']} ({where})"
            out.setdefault(role, []).append(((), text))


def _strongest(o: Mapping[str, Any]) -> tuple[bool, bool]:
    """Training before saving, the system's code before its benchmarks and evaluations."""
    from .evidence.code_paths import application_code

    return ("saved" in o["what"], not application_code(str(o["file"])))


def _operating(seen: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A service run for users, where the repository works with a model; hosted-model calls
    from application code, unless the repository is a library (it operates nothing itself)."""
    from .evidence.code_paths import application_code

    models = _seen(seen, "models_seen")
    ai = bool(models or _seen(seen, "model_code_seen") or _seen(seen, "weights"))
    out = list(_seen(seen, "operator_seen")) if ai else []
    if not _seen(seen, "library_seen"):
        out += [
            {**o, "what": f"a hosted model called from application code: {o['what']}"}
            for o in models
            if o.get("provider") and application_code(str(o["file"]))
        ]
    return out


def _custodian(data: dict[str, Any], seen: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Data kept, written or published here, but for datasets the manifest gives an outside
    custodian (matched by path: the file, or a directory above it)."""
    outside = [
        str(d["path"]).strip().strip("/").removeprefix("./")
        for _, d in _items(data, "datasets")
        if isinstance(d.get("path"), str) and external_custodian(data, d)
    ]

    def theirs(path: str) -> bool:
        path = path.strip().strip("/").removeprefix("./")
        return bool(path) and any(
            path == p or path.startswith(p + "/") or p.startswith(path + "/") for p in outside if p
        )

    kept = [
        o
        for o in _seen(seen, "datasets_seen")
        if o.get("local") and not any(theirs(str(i)) for i in o.get("ids") or [])
    ]
    made = [o for o in _seen(seen, "custodian_seen") if not theirs(str(o.get("path") or ""))]
    return kept + made


def _shown_by(evidence: list[tuple[JsonPath, str]]) -> str:
    code = [p for p, _ in evidence if not p]
    return (
        "repository"
        if len(code) == len(evidence)
        else "manifest"
        if not code
        else "manifest and the repository"
    )


def code_custodian(data: dict[str, Any], seen: Mapping[str, Any]) -> str:
    """What the repository shows of datasets this organisation holds ("" when nothing),
    for claims.py: the custodian condition holds then."""
    return "; ".join(f"{o['what']} ({_where(o)})" for o in _custodian(data, seen)[:3])


def _seen(seen: Mapping[str, Any], kind: str) -> list[dict[str, Any]]:
    return [o for o in seen.get(kind) or [] if isinstance(o, dict) and "file" in o]


def _where(o: Mapping[str, Any]) -> str:
    return f"{o['file']}:{o['line']}" if o.get("line") else str(o["file"])


def effective_roles(
    data: dict[str, Any],
    observed: Mapping[str, Any] | None = None,
    shown: Mapping[str, Any] | None = None,
) -> tuple[str, ...]:
    """Declared and derived roles; every role when the manifest declares none (the safe
    default, as before). `shown`: derived(data, observed), where the caller has it (it reads
    every model and dataset: 20 ms a call at 10,000 models)."""
    mine = declared(data)
    if not mine or (observed or {}).get("unread"):
        # nothing declared, or the read budget left files unread (code that trains or serves
        # may be among them): every role applies, as every observed condition reads strictly
        return ROLES
    roles = set(mine) | set(derived(data, observed) if shown is None else shown)
    return tuple(r for r in ROLES if r in roles)


def findings(
    data: dict[str, Any],
    source_map: SourceMap,
    observed: Mapping[str, Any] | None = None,
    shown: Mapping[str, list[tuple[JsonPath, str]]] | None = None,
) -> list[Finding]:
    mine = declared(data)
    if not mine:
        return []  # the schema requires roles; every provision applies meanwhile
    out = []
    where: JsonPath = ("system", "roles")
    shown = derived(data, observed) if shown is None else shown
    for role, evidence in shown.items():
        if role in mine:
            continue
        facts = "; ".join(f"{what} ({_path(p)})" if p else what for p, what in evidence[:3])
        out.append(
            Finding(
                source="schema",
                rule="roles.below_derived",
                path=where,
                location=source_map.locate(where),
                message=f"`system.roles` leaves out {role}, but the {_shown_by(evidence)} shows "
                f"this organisation is one: {facts}; add {role} to `system.roles` (its "
                "provisions are checked anyway)",
            )
        )
    if not set(effective_roles(data, observed, shown)) & set(ORGANISATION_ROLES):
        out.append(
            Finding(
                source="schema",
                rule="roles.no_obligations",
                path=where,
                location=source_map.locate(where),
                message=f"`system.roles` is {list(mine)}: a role set with no obligations of a "
                "developer, system operator or data custodian, so the gate would check nothing; "
                "declare the roles your organisation plays for this system",
            )
        )
    return out


def _items(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    items = data.get(key)
    if not isinstance(items, list):
        return []
    return [(i, x) for i, x in enumerate(items) if isinstance(x, dict)]


def _filled(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return value is not None


def _path(path: JsonPath) -> str:
    from .results import format_path

    return format_path(path)
