"""Models and datasets named in YAML configuration (training recipes, accelerate/axolotl
style configs): `model_name_or_path: org/model` with its `model_revision`, `dataset_name`,
and `datasets:` lists of `{id|path|name: org/data}`. Read as YAML nodes (for line numbers),
never executed, never with tags that construct objects."""

from __future__ import annotations

import yaml

from .model import HubReference, Where

MODEL_KEYS = {
    "model_name_or_path",
    "pretrained_model_name_or_path",
    "base_model",
    "base_model_name_or_path",
    "model_id",
    "teacher_model_name_or_path",
    "ref_model_name_or_path",
    "reward_model_name_or_path",
}
DATASET_KEYS = {"dataset_name", "dataset_id", "dataset_name_or_path"}
REVISION_KEYS = ("model_revision", "revision", "base_model_revision")
_ENTRY_KEYS = ("id", "path", "name")  # inside a `datasets:` list
_TRIGGERS = tuple(k.encode() for k in (*MODEL_KEYS, *DATASET_KEYS, "datasets"))
_MAX_BYTES = 1_000_000
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def analyse_config(
    path: str, data: bytes, local: frozenset[str] = frozenset()
) -> list[HubReference]:
    """Hub references in one YAML file; values naming a path in `local` (the repository's
    own files and directories) are not hub ids."""
    if len(data) > _MAX_BYTES or not any(t in data for t in _TRIGGERS):
        return []
    try:
        nodes = list(yaml.compose_all(data, Loader=_Loader))
    except (yaml.YAMLError, RecursionError, ValueError):
        return []
    out: list[HubReference] = []
    stack = [n for n in nodes if n is not None]
    seen = 0
    while stack and seen < 100_000:  # iterative: a hostile file cannot exhaust recursion
        node = stack.pop()
        seen += 1
        if isinstance(node, yaml.MappingNode):
            out += [r for r in _mapping(path, node) if r.repo_id.rstrip("/") not in local]
            stack += [v for _, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return out


def _mapping(path: str, node: yaml.MappingNode) -> list[HubReference]:
    scalars = {
        k.value: v
        for k, v in node.value
        if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)
    }
    revision = next((scalars[k].value for k in REVISION_KEYS if k in scalars), None)
    out = []
    for key, value in scalars.items():
        kind = "model" if key in MODEL_KEYS else "dataset" if key in DATASET_KEYS else None
        if kind and _hub_id(value.value):
            rev = revision if kind == "model" else scalars.get("dataset_revision")
            rev_text = rev.value if isinstance(rev, yaml.ScalarNode) else rev
            where = Where(path, value.start_mark.line + 1)
            out.append(HubReference(kind, value.value, rev_text or None, key, where))
    for key, value in node.value:
        if (
            isinstance(key, yaml.ScalarNode)
            and key.value == "datasets"
            and isinstance(value, yaml.SequenceNode)
        ):
            for item in value.value:
                out += _dataset_entry(path, item)
    return out


def _dataset_entry(path: str, item: yaml.Node) -> list[HubReference]:
    if isinstance(item, yaml.ScalarNode):
        candidates = [item]
    elif isinstance(item, yaml.MappingNode):
        entry = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
        candidates = [entry[k] for k in _ENTRY_KEYS if isinstance(entry.get(k), yaml.ScalarNode)][
            :1
        ]
    else:
        return []
    return [
        HubReference("dataset", c.value, None, "datasets", Where(path, c.start_mark.line + 1))
        for c in candidates
        if _hub_id(c.value)
    ]


def _hub_id(text: object) -> bool:
    """org/name: a configuration value naming a hub repository (a bare name could be
    anything, a path has more parts or starts with . or /)."""
    if not isinstance(text, str) or text.startswith((".", "/", "~")) or "://" in text:
        return False
    parts = text.split("/")
    return (
        len(parts) == 2
        and all(parts)
        and all(ch.isalnum() or ch in "-_." for part in parts for ch in part)
    )
