"""Join the manifest's models and datasets to the AI-BOM's components by key, once.

    input.evidence.boms[<ref>]["matches"] = {
      "models":   [[2], [], ...],   # for models[i]: positions in `components` of the
      "datasets": [[5], ...],       # components of its type (or "package") whose name is
    }                               # the same, ignoring case

A policy that compared every manifest entry with every component grew with the square of
the manifest (10,000 models: minutes). Here the join is one dictionary pass, and the
policies read `matches[section][i]`. The name key is normalised in Python alone, so every
Rego engine sees the same pairs (engines lower-case some non-ASCII letters differently).
"""

from __future__ import annotations

from typing import Any

# manifest section -> the CycloneDX component types its entries may be listed as (a tool
# that knows no ML types lists a model or dataset as a "package")
TYPES_OF_SECTION = {
    "models": ("machine-learning-model", "package"),
    "datasets": ("data", "package"),
}


def name_key(name: str) -> str:
    """Names compare without regard to case (casefold: also ß/SS and similar)."""
    return name.casefold()


def bom_matches(manifest: dict[str, Any], components: list[dict[str, Any]]) -> dict[str, Any]:
    """Per manifest section, one list per entry (in manifest order) of matching components."""
    by_key: dict[tuple[str, str], list[int]] = {}
    for pos, comp in enumerate(components):
        by_key.setdefault((comp["type"], name_key(comp["name"])), []).append(pos)
    out: dict[str, Any] = {}
    for section, types in TYPES_OF_SECTION.items():
        entries = manifest.get(section)
        if not isinstance(entries, list):
            out[section] = []
            continue
        out[section] = [
            sorted(p for t in types for p in by_key.get((t, name_key(e["name"])), ()))
            if isinstance(e, dict) and isinstance(e.get("name"), str)
            else []
            for e in entries
        ]
    return out
