"""What discovery finds: plain records, each with the file and line it was found at."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Where:
    file: str  # relative to the repository root, POSIX separators
    line: int = 0  # 0: the file itself, not a line in it

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class WeightFile:
    path: str
    sha256: str | None  # None when the file could not be read
    pickle: bool  # a pickle-based format: loading it can run code
    lfs: bool = False  # a Git LFS pointer; sha256 is the oid of the real content
    where: Where = field(default_factory=lambda: Where(""))


@dataclass(frozen=True)
class LocalData:
    """A data file the repository keeps (or a directory of its shards), for `datasets:`."""

    path: str
    sha256: str | None  # None for a directory, or when the file could not be read
    lfs: bool = False  # a Git LFS pointer; sha256 is the oid of the real content
    files: int = 1  # data files it stands for (a directory of shards: more than one)

    @property
    def where(self) -> Where:
        return Where(self.path)


@dataclass(frozen=True)
class HubReference:
    """A model or dataset a Hugging Face call downloads."""

    kind: str  # "model" or "dataset"
    repo_id: str
    revision: str | None  # as written in the call; None when the call pins nothing
    call: str  # from_pretrained, hf_hub_download, snapshot_download, load_dataset, pipeline
    where: Where


@dataclass(frozen=True)
class HostedModel:
    """A hosted model API client and, when the code names it, the model it asks for."""

    provider: str  # key of discover.providers.PROVIDERS
    model: str | None
    where: Where
    # None: the provider's own endpoint; a URL: the server the code points the client at;
    # "": pointed elsewhere, but the code does not say where (an environment variable)
    endpoint: str | None = None


@dataclass(frozen=True)
class Prompt:
    path: str
    constant: str | None  # the constant's name for a prompt kept in code, None for a file
    where: Where
    changelog: str | None = None  # a CHANGELOG beside a prompt file


@dataclass(frozen=True)
class Tool:
    """Something the code lets a model reach: a search tool, a URL loader, code execution..."""

    name: str
    kind: str  # the manifest's integration kinds: tool, data_source, api, ...
    what: str  # a few words saying what it gives the model
    where: Where


@dataclass(frozen=True)
class RepoFile:
    """A file whose role is known from its name and place: lockfile, SECURITY.md, CI..."""

    role: str  # see discover.files.ROLES
    path: str
    detail: str = ""

    @property
    def where(self) -> Where:
        return Where(self.path)


@dataclass
class Discovery:
    root_name: str
    root: Path | None = None
    name_source: Where | None = None  # where the system name was found (pyproject...)
    system_name: str | None = None
    weights: list[WeightFile] = field(default_factory=list)
    data: list[LocalData] = field(default_factory=list)  # local data files: datasets
    hub: list[HubReference] = field(default_factory=list)
    hosted: list[HostedModel] = field(default_factory=list)
    prompts: list[Prompt] = field(default_factory=list)
    tools: list[Tool] = field(default_factory=list)
    files: list[RepoFile] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # Python files that do not parse

    def of_role(self, role: str) -> list[RepoFile]:
        return [f for f in self.files if f.role == role]
