"""Parsing JSON and YAML evidence from the repository without crashing (docs/security.md).

A cited file can nest `[[[[...` tens of thousands deep; the parsers then raise
RecursionError, which escaped as an internal error (exit 2) from the signature, model-card
and update-configuration readers. These wrappers turn it into the parser's own error type, so
every caller reports "not valid JSON/YAML" as evidence it cannot use, like any other bad
input. The manifest itself has its own bounds (loader.py)."""

from __future__ import annotations

import json
from typing import Any

TOO_DEEP = "nested too deeply to be read"


def loads_json(raw: str | bytes) -> Any:
    """json.loads; ValueError (not RecursionError) when nested too deeply."""
    try:
        return json.loads(raw)
    except RecursionError:
        raise ValueError(TOO_DEEP) from None


def load_yaml(text: str) -> Any:
    """yaml.safe_load; yaml.YAMLError (not RecursionError) when nested too deeply."""
    import yaml

    try:
        return yaml.safe_load(text)
    except RecursionError:
        raise yaml.YAMLError(TOO_DEEP) from None
