"""Output formats as plug-ins: each module has `render(decision, options) -> str` and
computes nothing new. Imported lazily so a run pays only for the formats it uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from ..model import Decision

FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "junit": "junit",
    "markdown": "markdown",
    "github": "github",
}


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False
    verbose: bool = False


Renderer = Callable[[Decision, ReportOptions], str]


def get_renderer(name: str) -> Renderer:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}")
    module = import_module(f"{__name__}.{FORMATS[name]}")
    return module.render  # type: ignore[no-any-return]
