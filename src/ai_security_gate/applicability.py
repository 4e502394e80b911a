"""When a provision applies: the catalogue's conditions (`applies_when:`), evaluated on the
manifest's own facts.

Some provisions are conditional in the standard ("where the system interacts with other
systems", "when training data or a model is transferred", "where cloud providers help
deliver"...). The catalogue names the condition; this module says when it holds and why, in
words every report shows. A condition is never satisfied by leaving a section out when the
facts are elsewhere: each one looks at every field that shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

Facts = dict[str, Any]


@dataclass(frozen=True)
class Condition:
    name: str
    text: str  # "the system uses a model or component from outside"
    holds: Callable[[Facts], bool]
    # how a self-declared fact is earned (claims.py), for the provision pages; "" when the
    # condition rests on facts the other checks already verify
    earned: str = ""


def _items(data: Facts, key: str) -> list[dict[str, Any]]:
    items = data.get(key)
    return [x for x in items if isinstance(x, dict)] if isinstance(items, list) else []


def _section(data: Facts, *keys: str) -> Any:
    node: Any = data
    for k in keys:
        node = node.get(k) if isinstance(node, dict) else None
    return node


def _filled(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return value is not None and value is not False


def _sensitive(d: dict[str, Any]) -> bool:
    return d.get("personal_data") is True or d.get("classification") in (
        "confidential",
        "restricted",
    )


def _public(d: dict[str, Any]) -> bool:
    """As lib.public_data in Rego: declared public, or an http(s) origin."""
    origin = d.get("origin")
    web = isinstance(origin, str) and origin.lower().startswith(("http://", "https://"))
    return d.get("public_source") is True or web


def _external_components(data: Facts) -> bool:
    return (
        any(m.get("source") in ("third_party", "fine_tuned") for m in _items(data, "models"))
        or _filled(_section(data, "supply_chain", "suppliers"))
        or _filled(_section(data, "infrastructure", "cloud_providers"))
    )


def _interacts(data: Facts) -> bool:
    enabled = _section(data, "system", "capabilities", "enabled")
    acting = {"tool_use", "web_browsing", "code_execution"}
    return _filled(_section(data, "system", "integrations")) or (
        isinstance(enabled, list) and bool(acting & {str(c) for c in enabled})
    )


def _weights_held(data: Facts) -> bool:
    return any(
        _filled(m.get("artefact"))
        or m.get("source") in ("in_house", "fine_tuned")
        or m.get("published") is True
        or m.get("confidential") is True
        for m in _items(data, "models")
    )


def _custodian_internal(data: Facts) -> bool:
    from .people import external_custodian
    from .roles import declared, effective_roles

    datasets = _items(data, "datasets")
    if datasets and all(external_custodian(data, x) for x in datasets):
        return False
    mine = declared(data)
    if not mine or "data_custodian" in mine:  # effective_roles holds it without a derivation
        return True
    return "data_custodian" in effective_roles(data)


CONDITIONS: dict[str, Condition] = {
    c.name: c
    for c in (
        Condition(
            "custodian_internal",
            "the data custodian belongs to this organisation (it plays data_custodian, and not "
            "every dataset says custodian_external: true)",
            _custodian_internal,
            earned=(
                "`custodian_external: true` does not count when the custodian it names is, by the "
                "manifest's own word, inside the organisation: the system's owner or the owner "
                "of a threat in its threat model. Nothing else about a custodian can be observed, "
                "so that is the only cross-check."
            ),
        ),
        Condition(
            "external_components",
            "the system uses a model, supplier or cloud provider from outside the organisation",
            _external_components,
        ),
        Condition(
            "external_models",
            "a model comes from outside (models[].source third_party or fine_tuned)",
            lambda d: any(
                m.get("source") in ("third_party", "fine_tuned") for m in _items(d, "models")
            ),
            earned=(
                "Also holds when the code calls a model the manifest does not list: a hosted model "
                "API client (OpenAI, Anthropic, Gemini, Bedrock...) or a Hugging Face model download "
                "(from_pretrained, hf_hub_download, pipeline); each unlisted one is also a 5.2.1-1 "
                "inventory finding with its file and line."
            ),
        ),
        Condition(
            "datasets_declared",
            "the manifest declares datasets",
            lambda d: bool(_items(d, "datasets")),
            earned=(
                "Also holds when the repository uses a dataset the manifest does not list: a "
                "Hugging Face dataset download (load_dataset...) or a data file kept in a data "
                "directory (CSV, Parquet, JSON Lines...)."
            ),
        ),
        Condition(
            "custodian_controls",
            "a dataset is personal or confidential, or its custodian requires controls",
            lambda d: any(
                _sensitive(x) or _filled(x.get("required_controls")) for x in _items(d, "datasets")
            ),
            earned=(
                "A dataset that leaves out `personal_data:` or `classification:` reads as personal "
                "and confidential. `personal_data: false` counts only while the header of the "
                "cited data file (CSV, TSV, JSON Lines) shows no personal-data column (email, "
                "phone, person names, postal address, date of birth...)."
            ),
        ),
        Condition(
            "public_data",
            "a dataset was gathered from public sources (datasets[].public_source: true, or "
            "an http(s) origin: a flag left out cannot hide where the data came from)",
            lambda d: any(_public(x) for x in _items(d, "datasets")),
        ),
        Condition(
            "interacts",
            "the system interacts with other systems (system.integrations, or tool use, web "
            "browsing or code execution enabled)",
            _interacts,
            earned=(
                "Also holds when the code gives a model something to reach that no integration "
                "names: an MCP server configuration, a function-calling tool (@tool, tool "
                "schemas), a URL loader or code execution; each unlisted one is a 5.1.2-6 finding."
            ),
        ),
        Condition(
            "cloud_providers",
            "outside providers run part of the infrastructure (infrastructure.cloud_providers)",
            lambda d: _filled(_section(d, "infrastructure", "cloud_providers")),
            earned=(
                "Omitting `infrastructure.cloud_providers` reads as providers used. An empty list "
                "counts only while neither the manifest (a model called at a provider's hosted "
                "API) nor the repository shows one: cloud or hosted-AI SDKs among the "
                "declared dependencies (requirements, pyproject.toml, package.json), imported "
                "by the code, or installed by a script, Dockerfile or notebook; Terraform "
                "providers, Serverless/Cloud Build/SAM files, CI steps that sign in to AWS, Google "
                "Cloud or Azure. An SDK only a lockfile pins is a dependency of a dependency "
                "(s3fs pulls in botocore for users who never call AWS): it shows the system can "
                "reach the provider, not that the provider delivers part of it, so it "
                "contradicts nothing and is a notice for the reviewer. When the gate could not "
                "read the whole repository (`--read-budget`), the empty list is not accepted "
                "unchecked: the condition holds."
            ),
        ),
        Condition(
            "oversight_used",
            "human oversight is used as a risk control (human_oversight.mechanisms)",
            lambda d: _filled(_section(d, "human_oversight", "mechanisms")),
            earned=(
                "Left out or empty, `human_oversight.mechanisms` reads as oversight used: only a "
                "justified exemption of 5.1.4-3 (`not_applicable:`) says no person oversees the "
                "system, and none is accepted while the threat model's own mitigations name one "
                "(human review or approval, agent or moderator approval, a kill switch)."
            ),
        ),
        Condition(
            "confidential_assets",
            "model weights or training data may be confidential (models[].confidential, or a "
            "personal or confidential dataset, or weights held here)",
            lambda d: _weights_held(d) or any(_sensitive(x) for x in _items(d, "datasets")),
            earned=(
                "A dataset that leaves out `personal_data:` or `classification:`, or whose data "
                "file shows personal-data columns, counts as personal; weight files the repository "
                "keeps count as weights held."
            ),
        ),
        Condition(
            "weights_shared",
            "model weights are shared with others (models[].published: true)",
            lambda d: any(m.get("published") is True for m in _items(d, "models")),
            earned=(
                "A model whose weights are held here (trained or fine-tuned here, or an artefact) "
                "with `published:` left out reads as shared. `published: false` counts only while "
                "the repository shows no push to a hub: push_to_hub() or huggingface_hub uploads "
                "in Python or notebooks, `huggingface-cli upload`, `hf upload`, `ollama push`, "
                "`kaggle models/datasets` in CI, scripts, Makefiles, Dockerfiles or notebook "
                "shell lines, a `gh release upload` of a weight file. A `docker push` counts "
                "when the image goes to a public registry and a Dockerfile copies weights in "
                "(a private registry is the organisation's own deployment), a `twine upload` "
                "when weight files sit in a Python package. Such a push also makes the "
                "organisation a developer. When the gate could not read the whole repository "
                "(`--read-budget`), `published: false` is not accepted unchecked."
            ),
        ),
        Condition(
            "weights_held",
            "the organisation holds model weights (an artefact, a model trained or fine-tuned "
            "here, published or confidential weights)",
            _weights_held,
            earned=(
                "Also holds when the repository keeps weight files (.safetensors, .gguf, .pt, "
                ".onnx...), or when the code registers a model in a registry (MLflow, SageMaker, "
                "Vertex AI, Azure ML): the organisation holds its artefact there, whatever the "
                "model entries say. A registry is the organisation's own, so a registration "
                "does not make the weights published (a hub push does)."
            ),
        ),
        Condition(
            "poor_components",
            "a model is poorly documented or not secured (models[].documentation: poor)",
            lambda d: any(m.get("documentation") == "poor" for m in _items(d, "models")),
            earned=(
                "A model from outside (third_party, fine_tuned) with `documentation:` left out "
                "reads as poor. `documentation: adequate` counts only with a usable model card "
                "cited in `model_card:` (a file in the repository that passes the content checks, "
                "or a URL pinned to a revision)."
            ),
        ),
        Condition(
            "transfers",
            "data or models are transferred to or shared with another entity "
            "(disposal.transfer, or published weights)",
            lambda d: (
                _filled(_section(d, "disposal", "transfer"))
                or any(m.get("published") is True for m in _items(d, "models"))
            ),
            earned=(
                "Nothing can show that data or models are never transferred, so the condition "
                "holds unless `disposal.transfer` is declared or 5.5.1-1 carries a justified "
                "exemption (`not_applicable:`, approved by someone other than the owner). A push "
                "to a hub the repository shows cannot be exempted."
            ),
        ),
        Condition(
            "models_declared",
            "the manifest declares models",
            lambda d: bool(_items(d, "models")),
            earned=("Also holds when the code calls or downloads a model (see external_models)."),
        ),
    )
}


def unmet(
    conditions: tuple[str, ...], data: Facts, holding: Collection[str] = ()
) -> list[Condition]:
    """The conditions of a provision that do not hold on this manifest. `holding`: conditions
    that hold whatever the manifest says (claims.py: the repository shows them, or the
    manifest leaves the fact out)."""
    return [CONDITIONS[c] for c in conditions if c not in holding and not CONDITIONS[c].holds(data)]


def applies(conditions: tuple[str, ...], data: Facts, holding: Collection[str] = ()) -> bool:
    return not unmet(conditions, data, holding)


def reason(conditions: tuple[str, ...], data: Facts, holding: Collection[str] = ()) -> str:
    """Why a provision does not apply here, or "" when its conditions hold."""
    missing = unmet(conditions, data, holding)
    if not missing:
        return ""
    return (
        "applies only where " + " and ".join(c.text for c in missing) + "; this manifest shows none"
    )


def facts(data: Facts, holding: Collection[str] = ()) -> dict[str, bool]:
    """Every condition's value, for policies (input.config.conditions) that apply part of a
    duty only where it holds."""
    return {name: name in holding or c.holds(data) for name, c in CONDITIONS.items()}
