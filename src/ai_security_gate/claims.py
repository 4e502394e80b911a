"""Self-declared conditions, earned: a fact only the manifest states cannot switch a provision
off when the repository shows otherwise, or when the manifest simply leaves it out.

Four conditions rest on such facts (applicability.py): whether model weights are published
(`models[].published`), whether outside providers run part of the infrastructure
(`infrastructure.cloud_providers`), whether an external model is well documented
(`models[].documentation`) and whether data or models go to another entity
(`disposal.transfer`). For each, a `Claim` makes the condition hold although the manifest's
own reading says it does not:
- observed: the repository shows the opposite (evidence/observed.py: a hub push, a cloud SDK,
  Terraform provider, a model declared well documented with no usable model card). No
  exemption can set that aside; the finding says what was seen and what to declare;
- undeclared: the manifest leaves the fact out, so the stricter reading applies until it
  says otherwise (`published: false`, `cloud_providers: []`, `documentation: adequate` with a
  model card) or, where nothing can be observed (transfers), a justified exemption
  (`not_applicable:`, exemptions.py) says why the provision does not apply.
Pure: manifest data and the observations in, claims out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .results import JsonPath

Observed = Mapping[str, Any]


@dataclass(frozen=True)
class Claim:
    conditions: tuple[str, ...]  # the applicability conditions it makes hold
    path: JsonPath  # the manifest field to fix
    message: str
    observed: bool  # the repository shows it; False: the manifest leaves the fact out
    rule: str


def build(data: dict[str, Any], observed: Observed | None) -> list[Claim]:
    seen = observed or {}
    return [
        *_published(data, seen),
        *_cloud(data, seen),
        *_documentation(data, seen),
        *_transfer(data, seen),
        *_weights(data, seen),
        *_assets(data, seen),
        *_sensitivity(data, seen),
        *_oversight(data),
        *_custodian(data, seen),
        *_unread(seen),
    ]


def holding(claims: Iterable[Claim]) -> set[str]:
    return {c for claim in claims for c in claim.conditions}


def _models(data: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    items = data.get("models")
    if not isinstance(items, list):
        return []
    return [(i, m) for i, m in enumerate(items) if isinstance(m, dict)]


def _held(m: dict[str, Any]) -> bool:
    artefact = m.get("artefact")
    return m.get("source") in ("in_house", "fine_tuned") or (
        isinstance(artefact, str) and bool(artefact.strip())
    )


def _name(m: dict[str, Any], i: int) -> str:
    return str(m.get("name") or f"models[{i}]")


def _seen(items: list[dict[str, Any]], limit: int = 3) -> str:
    shown = [
        f"{o['what']} ({o['file']}:{o['line']})" if o["line"] else f"{o['what']} ({o['file']})"
        for o in items[:limit]
    ]
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return "; ".join(shown) + more


def _published(data: dict[str, Any], seen: Observed) -> list[Claim]:
    models = _models(data)
    if any(m.get("published") is True for _, m in models):
        return []
    # observed.py leaves out pushes from tests, docs or examples nothing of the system runs
    pushes = list(seen.get("publishing") or [])
    if pushes:
        held = [(i, m) for i, m in models if _held(m)] or models
        where: JsonPath = ("models", held[0][0], "published") if held else ("models",)
        return [
            Claim(
                ("weights_shared", "transfers"),
                where,
                "no model is declared `published: true`, but the repository pushes model "
                f"weights or data out: {_seen(pushes)}; set `published: true` on the model it "
                "shares (recipients need its sha256, 5.2.4-1.2) and declare the transfer "
                "procedure in `disposal.transfer` (5.5.1-1)",
                True,
                "conditions.published_observed",
            )
        ]
    return [
        Claim(
            ("weights_shared", "transfers"),
            ("models", i, "published"),
            f"model {_name(m, i)}'s weights are held here, but `published:` is not declared, "
            "so the gate takes them as shared with others; set `published: false` if they never "
            "leave the organisation, or `published: true` and publish their sha256",
            False,
            "conditions.published_undeclared",
        )
        for i, m in models
        if _held(m) and "published" not in m
    ]


def _cloud(data: dict[str, Any], seen: Observed) -> list[Claim]:
    infra = data.get("infrastructure")
    declared = infra.get("cloud_providers") if isinstance(infra, dict) else None
    if isinstance(declared, list) and declared:
        return []
    where: JsonPath = ("infrastructure", "cloud_providers")
    providers = _hosted_models(data) + list(seen.get("cloud") or [])
    if providers:
        return [
            Claim(
                ("cloud_providers", "external_components"),
                where,
                "`infrastructure.cloud_providers` lists none, but the repository shows outside "
                f"providers deliver part of the system: {_seen(providers)}; list each with its "
                "contract and assurance (5.1.3-3, 5.2.2-6) and assess it (5.1.2-4, 5.1.2-7)",
                True,
                "conditions.cloud_observed",
            )
        ]
    if isinstance(declared, list):
        return []  # `cloud_providers: []`, and nothing seen says otherwise
    return [
        Claim(
            ("cloud_providers",),
            where,
            "the manifest does not say whether outside cloud or hosted-AI providers run part "
            "of the system, so the gate takes it that they do; list them under "
            "`infrastructure.cloud_providers`, or declare `cloud_providers: []` when the system "
            "runs only on the organisation's own infrastructure",
            False,
            "conditions.cloud_undeclared",
        )
    ]


# model hubs and code forges: a model there is downloaded, not run by the provider (as
# policies/lib/hosted.rego)
_HUBS = (
    "huggingface.co",
    "hf.co",
    "github.com",
    "gitlab.com",
    "kaggle.com",
    "modelscope.cn",
    "ollama.com",
    "ollama.ai",
)


# as file_download in policies/lib/hosted.rego
_DOWNLOAD = re.compile(
    r"\.(safetensors|bin|pt|pth|ckpt|gguf|ggml|onnx|h5|keras|tflite|pkl|pickle|joblib|nemo"
    r"|llamafile|tar|gz|tgz|zip|7z)([?#].*)?$"
)


def _hosted_models(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The manifest's own models called through a provider's hosted API: that provider runs
    part of the system, whatever `cloud_providers` says."""
    out = []
    for i, m in _models(data):
        uri = m.get("uri")
        if m.get("source") != "third_party" or not isinstance(uri, str):
            continue
        if not uri.lower().startswith("https://") or m.get("artefact"):
            continue
        host = uri[8:].split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0].lower()
        if any(host == h or host.endswith("." + h) for h in _HUBS):
            continue
        if _DOWNLOAD.search(uri.lower()):
            continue  # a weight file or archive: downloaded, not run by a provider
        out.append(
            {
                "what": f"model {_name(m, i)} is called at {uri}",
                "file": f"models[{i}].uri",
                "line": "",
            }
        )
    return out


def _documentation(data: dict[str, Any], seen: Observed) -> list[Claim]:
    models = _models(data)
    if any(m.get("documentation") == "poor" for _, m in models):
        return []
    cards: Mapping[str, str] = seen.get("model_cards") or {}
    out = []
    for i, m in models:
        if m.get("source") not in ("third_party", "fine_tuned"):
            continue  # our own models' documentation is 5.2.4's
        name = _name(m, i)
        if "documentation" not in m:
            out.append(
                Claim(
                    ("poor_components",),
                    ("models", i, "documentation"),
                    f"model {name} comes from outside, but `documentation:` is not declared, so "
                    "the gate takes it as poorly documented; set `documentation: adequate` and "
                    "cite its model card in `model_card:`, or keep it poor and justify its use",
                    False,
                    "conditions.documentation_undeclared",
                )
            )
            continue
        card = m.get("model_card")
        problem = (
            "cites no model card"
            if not isinstance(card, str) or not card.strip()
            else cards.get(card, f"cites {card}, which was not checked")
        )
        if problem:
            out.append(
                Claim(
                    ("poor_components",),
                    ("models", i, "model_card"),
                    f"model {name} is declared `documentation: adequate`, but it {problem}; "
                    "nothing shows its documentation is adequate: cite its model card (a copy "
                    "in the repository, or a URL pinned to a revision), or declare "
                    "`documentation: poor` and justify its use (5.2.3-2)",
                    True,
                    "conditions.documentation_unbacked",
                )
            )
    return out


def _transfer(data: dict[str, Any], seen: Observed) -> list[Claim]:
    disposal = data.get("disposal")
    transfer = disposal.get("transfer") if isinstance(disposal, dict) else None
    models = _models(data)
    if (isinstance(transfer, str) and transfer.strip()) or any(
        m.get("published") is True for _, m in models
    ):
        return []
    if seen.get("publishing"):
        return []  # _published names the push and asks for the transfer procedure
    if any(_held(m) and "published" not in m for _, m in models):
        return []  # _published's undeclared claim covers transfers until it is answered
    return [
        Claim(
            ("transfers",),
            ("disposal", "transfer"),
            "nothing in the manifest or the repository shows whether data or models go to "
            "another entity, so the gate takes it that they may; declare the transfer procedure "
            "in `disposal.transfer`, or, if nothing is ever transferred, exempt 5.5.1-1 under "
            "`not_applicable:` with a justification, an approver and a review date",
            False,
            "conditions.transfer_undeclared",
        )
    ]


def _custodian(data: dict[str, Any], seen: Observed) -> list[Claim]:
    """The repository keeps, writes or publishes datasets no outside custodian holds
    (roles.py): the custodian is this organisation, whatever `custodian_external` says."""
    from .applicability import CONDITIONS
    from .roles import code_custodian

    found = code_custodian(data, seen)
    if not found or CONDITIONS["custodian_internal"].holds(data):
        return []
    return [
        Claim(
            ("custodian_internal",),
            ("datasets",),
            f"the repository holds or produces datasets no outside custodian is named for: "
            f"{found}; this organisation is their custodian: list them under `datasets:` with "
            "a custodian of yours, or name the outside custodian of each",
            True,
            "conditions.custodian_observed",
        )
    ]


def _weights(data: dict[str, Any], seen: Observed) -> list[Claim]:
    from .applicability import CONDITIONS

    files = list(seen.get("weights") or [])
    # a model registered in the organisation's registry: its artefact is held there
    registered = list(seen.get("registered") or [])
    if not (files or registered) or CONDITIONS["weights_held"].holds(data):
        return []
    shows = []
    if files:
        shows.append(f"the repository keeps weight files: {_seen(files)}")
    if registered:
        shows.append(f"the code registers models in a registry: {_seen(registered)}")
    return [
        Claim(
            ("weights_held", "confidential_assets"),
            ("models",),
            "no model in the manifest holds weights here (no `artefact:`, nothing trained or "
            f"fine-tuned here), but {'; and '.join(shows)}; declare the model each belongs to "
            "with `artefact:` and its sha256",
            True,
            "conditions.weights_observed",
        )
    ]


def _assets(data: dict[str, Any], seen: Observed) -> list[Claim]:
    """Models, datasets and tools the code shows (evidence/observed_assets.py) make the
    conditions they stand for hold, whatever the manifest lists; undeclared.py names each
    unlisted one under its provision."""
    from .applicability import CONDITIONS
    from .undeclared import unlisted

    out = []
    models = unlisted(data, seen, "models_seen")
    if models and not CONDITIONS["external_models"].holds(data):
        out.append(
            Claim(
                ("models_declared", "external_models", "external_components"),
                ("models",),
                "no model from outside is declared, but the repository uses "
                f"{_seen(models)}; list each under `models:` with `source: third_party`, its "
                "supplier and the version used",
                True,
                "conditions.models_observed",
            )
        )
    datasets = unlisted(data, seen, "datasets_seen")
    if datasets and not CONDITIONS["datasets_declared"].holds(data):
        hub = [o for o in datasets if o.get("hub")]
        out.append(
            Claim(
                ("datasets_declared", *(("public_data",) if hub else ())),
                ("datasets",),
                f"no dataset is declared, but the repository uses {_seen(datasets)}; list each "
                "under `datasets:` with its origin, custodian and sha256 or revision",
                True,
                "conditions.datasets_observed",
            )
        )
    tools = unlisted(data, seen, "tools_seen")
    if tools and not CONDITIONS["interacts"].holds(data):
        out.append(
            Claim(
                ("interacts",),
                ("system", "integrations"),
                "no integration is declared and no tool use is enabled, but the code gives the "
                f"model {_seen(tools)}; list each under `system.integrations` with the "
                "permissions it holds, and `tool_use` under `system.capabilities.enabled`",
                True,
                "conditions.interacts_observed",
            )
        )
    return out


def _sensitivity(data: dict[str, Any], seen: Observed) -> list[Claim]:
    """A dataset's `personal_data:` and `classification:` decide whether the custodian's
    controls and the confidentiality provisions apply. Columns that hold personal data
    contradict `personal_data: false` (undeclared.py names them under 5.2.1-4 too); a dataset
    that leaves either fact out reads as sensitive until the manifest says otherwise."""
    from .personal_header import header_at
    from .undeclared import personal_unmarked

    conditions = ("custodian_controls", "confidential_assets")
    out = [
        Claim(
            conditions,
            ("datasets", i, "personal_data"),
            f"dataset {d.get('name') or i} is not declared personal, but {header_at(d['path'])} has "
            f"personal-data columns ({', '.join(columns[:5])}); set `personal_data: true`",
            True,
            "conditions.personal_data_observed",
        )
        for i, d, columns in personal_unmarked(data, seen)
    ]
    shown = {c.path[1] for c in out}
    items = data.get("datasets")
    for i, d in enumerate(items if isinstance(items, list) else []):
        if not isinstance(d, dict) or i in shown:
            continue
        missing = [k for k in ("personal_data", "classification") if k not in d]
        if not missing:
            continue
        fields = " and ".join(f"`{k}:`" for k in missing)
        out.append(
            Claim(
                conditions,
                ("datasets", i, missing[0]),
                f"dataset {d.get('name') or i} leaves out {fields}, so the gate takes it as "
                "personal and confidential; declare `personal_data: true` or `false` and its "
                "`classification:` (public, internal, confidential, restricted)",
                False,
                "conditions.sensitivity_undeclared",
            )
        )
    return out


# a control the threat register names that is a person overseeing the system
_OVERSIGHT = re.compile(
    r"\bhuman[- ](?:in[- ]the[- ]loop|review|approval|oversight|sign[- ]?off|override)"
    r"|\bmanual(?:ly)?[- ](?:review|approv|sign[- ]?off|override)"
    r"|\b(?:person|agent|operator|moderator|reviewer|staff|analyst)s?[- ]"
    r"(?:approval|review|sign[- ]?off|override)"
    r"|\b(?:approved|reviewed|checked|signed[- ]off) by (?:a |an |the )?"
    r"(?:human|person|agent|operator|moderator|reviewer|staff|analyst)"
    r"|\bkill[- ]switch\b|\bfour[- ]eyes\b",
    re.IGNORECASE,
)


def _oversight(data: dict[str, Any]) -> list[Claim]:
    """Whether human oversight is a risk control (5.1.4-3) is the manifest's word, but its own
    threat register can contradict an empty `human_oversight.mechanisms`; left out, it reads
    as used until a justified exemption says no person oversees the system."""
    section = data.get("human_oversight")
    mechanisms = section.get("mechanisms") if isinstance(section, dict) else None
    if isinstance(mechanisms, list) and mechanisms:
        return []
    where: JsonPath = ("human_oversight", "mechanisms")
    named = list(_oversight_controls(data))
    if named:
        shown = "; ".join(f"{text!r} (threat_model.threats[{i}])" for i, text in named[:3])
        return [
            Claim(
                ("oversight_used",),
                where,
                "no human oversight mechanism is declared, but the threat model relies on "
                f"people overseeing the system: {shown}; declare each under "
                "`human_oversight.mechanisms` with the threats it controls and the test that "
                "shows it works",
                True,
                "conditions.oversight_observed",
            )
        ]
    return [
        Claim(
            ("oversight_used",),
            where,
            "the manifest declares no human oversight mechanism, so the gate takes it that "
            "oversight is used as a risk control; declare each under "
            "`human_oversight.mechanisms`, or, if no person oversees the system, exempt 5.1.4-3 "
            "under `not_applicable:` with a justification, an approver and a review date",
            False,
            "conditions.oversight_undeclared",
        )
    ]


def _oversight_controls(data: dict[str, Any]) -> Iterable[tuple[int, str]]:
    model = data.get("threat_model")
    threats = model.get("threats") if isinstance(model, dict) else None
    for i, t in enumerate(threats if isinstance(threats, list) else []):
        if not isinstance(t, dict):
            continue
        mitigations = t.get("mitigations")
        texts: list[Any] = mitigations if isinstance(mitigations, list) else []
        for text in [*texts, t.get("rationale")]:
            if isinstance(text, str) and _OVERSIGHT.search(text):
                yield i, text


# the conditions whose manifest reading observation checks (evidence/observed.py): an
# incomplete observation cannot vouch for any of them
_OBSERVED_CONDITIONS = (
    "weights_shared",
    "transfers",
    "cloud_providers",
    "external_components",
    "weights_held",
    "confidential_assets",
    "models_declared",
    "external_models",
    "datasets_declared",
    "interacts",
)


def _unread(seen: Observed) -> list[Claim]:
    """The read budget stopped observation (evidence/read_budget.py): what it did not read
    could show a hub push, a cloud SDK, a model, a dataset or a tool the manifest denies. No
    silent pass: each condition observation checks reads the strict way, so a provision the
    manifest's word alone would switch off applies, with this finding naming what was not
    read. Padding a repository past the budget makes the gate stricter, never blind."""
    unread = [o for o in seen.get("unread") or [] if isinstance(o, dict)]
    if not unread:
        return []
    summary, named = unread[0], [o for o in unread[1:] if o.get("file")]
    shown = ", ".join(str(o["file"]) for o in named[:3])
    more = f" and {len(named) - 3} more named in the notice" if len(named) > 3 else ""
    return [
        Claim(
            _OBSERVED_CONDITIONS,
            (),
            f"the gate did not read the whole repository ({summary.get('what')}"
            f"{': ' + shown + more if shown else ''}), so it cannot confirm what the manifest "
            "says here against the code, and takes the strict reading; raise `--read-budget` "
            "(`read-budget` in the gate's configuration) until everything is read, or keep "
            "generated and vendored files out of the repository",
            False,
            "conditions.observation_incomplete",
        )
    ]
