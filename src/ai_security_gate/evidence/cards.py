"""Hugging Face model cards: the YAML front matter of a model's README, read locally.

    input.evidence.model_cards[<path as written in the manifest>] = {
      "front_matter": true,                   # false: the file has no `---` front matter
      "licenses": ["apache-2.0"],             # `license` (and `license_name` when it is "other")
      "base_models": ["org/base-model"],      # `base_model`, a string or a list on the Hub
      "datasets": ["org/dataset", ...],
      "problem": "..."                        # present when the card cannot be read or parsed
    }

Only these keys are read, and only as strings or lists of strings; anything else in the card
is ignored, so a hostile card cannot make the input large or odd. No hub is ever called.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .bounded import load_yaml

MAX_CARD_BYTES = 1024 * 1024
MAX_FRONT_MATTER = 64 * 1024


def model_card_fact(real: Path) -> dict[str, Any]:
    try:
        with real.open("rb") as fh:
            raw = fh.read(MAX_CARD_BYTES)
    except OSError as exc:
        return {"front_matter": False, "problem": f"cannot be read: {exc.strerror or exc}"}
    text = raw.decode("utf-8", "replace").lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {
            "front_matter": False,
            "problem": "has no YAML front matter (`---` lines at the top with license, "
            "base_model and datasets)",
        }
    end = next((i for i, ln in enumerate(lines[1:], 1) if ln.strip() in ("---", "...")), None)
    if end is None:
        return {
            "front_matter": False,
            "problem": "has a front matter that is never closed by `---`",
        }
    block = "\n".join(lines[1:end])
    if len(block) > MAX_FRONT_MATTER:
        return {"front_matter": False, "problem": "has a front matter larger than 64 KiB"}
    import yaml

    try:
        # safe loading; aliases only share objects here and we copy out plain strings below
        data = load_yaml(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        return {"front_matter": False, "problem": f"has front matter that is not valid YAML{where}"}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {"front_matter": False, "problem": "has front matter that is not a mapping"}
    licenses = _strings(data.get("license"))
    if [x.lower() for x in licenses] == ["other"]:
        licenses = _strings(data.get("license_name")) or licenses
    return {
        "front_matter": True,
        "licenses": licenses,
        "base_models": _strings(data.get("base_model")),
        "datasets": _strings(data.get("datasets")),
    }


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [v.strip() for v in value[:1000] if isinstance(v, str) and v.strip()]
    return []
