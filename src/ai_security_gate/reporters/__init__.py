"""Output formats as a typed plug-in family: one `Format` member -> one `Reporter` class.

A reporter takes the decision and returns text; it computes nothing new. `reporter()` imports
only the module of the format asked for, so a run pays only for the formats it uses. Adding a
format: a member here, an entry in `_CLASSES`, a module with its `Reporter` subclass.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

from ..results import Decision


class Format(str, Enum):
    """Every output format `--format` accepts, by the name users type."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    MARKDOWN = "markdown"
    GITHUB = "github"
    HTML = "html"
    CYCLONEDX = "cyclonedx"
    GITLAB = "gitlab"
    AZURE = "azure"

    @classmethod
    def parse(cls, name: str) -> Format:
        try:
            return cls(name)
        except ValueError:
            raise ValueError(
                f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}"
            ) from None


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False
    verbose: bool = False
    quiet: bool = False  # only what fails the gate, and the result


class Reporter(ABC):
    """One output format. Subclasses set `format` and implement `render`."""

    format: ClassVar[Format]

    @abstractmethod
    def render(self, decision: Decision, options: ReportOptions) -> str:
        """The whole report as text (the caller writes it to stdout or a file)."""


# Format -> (module in this package, its Reporter class): imported on first use, so a run
# loads only the formats it writes (HTML's template, CycloneDX's model are not free)
_CLASSES: dict[Format, tuple[str, str]] = {
    Format.TEXT: ("text", "TextReporter"),
    Format.JSON: ("json_report", "JsonReporter"),
    Format.SARIF: ("sarif", "SarifReporter"),
    Format.JUNIT: ("junit", "JunitReporter"),
    Format.MARKDOWN: ("markdown", "MarkdownReporter"),
    Format.GITHUB: ("github", "GithubReporter"),
    Format.HTML: ("html", "HtmlReporter"),
    Format.CYCLONEDX: ("cyclonedx", "CycloneDxReporter"),
    Format.GITLAB: ("gitlab", "GitlabReporter"),
    Format.AZURE: ("azure", "AzureReporter"),
}


def reporter(fmt: Format) -> Reporter:
    """The reporter of `fmt`; imports its module (and only it) on first use."""
    if fmt not in _CLASSES:  # a member without an entry: a bug here
        raise AssertionError(f"no reporter for {fmt!r}")
    module, name = _CLASSES[fmt]
    cls: type[Reporter] = getattr(importlib.import_module(f".{module}", __name__), name)
    return cls()


# The names, in the order help texts list them.
FORMATS: tuple[str, ...] = tuple(f.value for f in Format)

Renderer = Callable[[Decision, ReportOptions], str]


def get_renderer(name: str) -> Renderer:
    """`render` of the format called `name` (ValueError for an unknown name)."""
    return reporter(Format.parse(name)).render
