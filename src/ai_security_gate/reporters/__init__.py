"""Output formats as a typed plug-in family: one `Format` member -> one `Reporter` class.

A reporter takes the decision and returns text; it computes nothing new. `reporter()` imports
only the module of the format asked for, so a run pays only for the formats it uses. Adding a
format: a member here, a branch in `reporter()`, a module with its `Reporter` subclass.
"""

from __future__ import annotations

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


def reporter(fmt: Format) -> Reporter:  # noqa: C901 -- one flat lazy-import branch per format
    """The reporter of `fmt`; imports its module (and only it) on first use."""
    if fmt is Format.TEXT:
        from .text import TextReporter

        return TextReporter()
    if fmt is Format.JSON:
        from .json_report import JsonReporter

        return JsonReporter()
    if fmt is Format.SARIF:
        from .sarif import SarifReporter

        return SarifReporter()
    if fmt is Format.JUNIT:
        from .junit import JunitReporter

        return JunitReporter()
    if fmt is Format.MARKDOWN:
        from .markdown import MarkdownReporter

        return MarkdownReporter()
    if fmt is Format.GITHUB:
        from .github import GithubReporter

        return GithubReporter()
    if fmt is Format.HTML:
        from .html import HtmlReporter

        return HtmlReporter()
    if fmt is Format.CYCLONEDX:
        from .cyclonedx import CycloneDxReporter

        return CycloneDxReporter()
    if fmt is Format.GITLAB:
        from .gitlab import GitlabReporter

        return GitlabReporter()
    if fmt is Format.AZURE:
        from .azure import AzureReporter

        return AzureReporter()
    raise AssertionError(f"no reporter for {fmt!r}")  # a member without a branch: a bug here


# The names, in the order help texts list them.
FORMATS: tuple[str, ...] = tuple(f.value for f in Format)

Renderer = Callable[[Decision, ReportOptions], str]


def get_renderer(name: str) -> Renderer:
    """`render` of the format called `name` (ValueError for an unknown name)."""
    return reporter(Format.parse(name)).render
