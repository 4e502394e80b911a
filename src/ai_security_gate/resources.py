"""Where shipped data (policies, schemas) lives: inside the wheel, or at the source root."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """`policies` or `schemas`: packaged copy first, then the source checkout's root."""
    packaged = _PACKAGE / name
    if packaged.is_dir():
        return packaged
    source_root = _PACKAGE.parent.parent / name  # src/ai_security_gate -> repository root
    if source_root.is_dir():
        return source_root
    raise FileNotFoundError(f"the installed package is missing its {name}/ directory")


def schema_path() -> Path:
    return data_dir("schemas") / "ai-security.schema.json"
