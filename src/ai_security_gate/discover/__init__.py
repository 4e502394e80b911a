"""Discovery: what a repository shows about its AI system, read from the files git tracks.
`discover(root)` returns plain records, each with the file and line it was found at; the
`init` command (init_manifest.py) turns them into a manifest. Nothing here writes."""

from __future__ import annotations

import hashlib
import importlib
import json
from contextvars import ContextVar
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import TYPE_CHECKING

import yaml

from . import files as F
from .configs import analyse_config
from .data_files import find_data
from .javascript import SUFFIXES as JS_SUFFIXES
from .javascript import analyse_javascript
from .mcp import analyse_mcp, is_mcp_config
from .model import (
    Discovery,
    HostedModel,
    HubReference,
    LocalData,
    Prompt,
    RepoFile,
    Tool,
    WeightFile,
    Where,
)
from .notebooks import analyse_notebook
from .python_ast import FileFindings, analyse
from .tracked import list_files

if TYPE_CHECKING:  # init never loads the evidence package (tests/test_layers.py)
    from ..evidence.read_budget import ReadBudget

__all__ = ["SCANNERS", "Discovery", "discover"]

_MANIFESTS = {"ai-security.yaml", "ai-security.yml"}
_MAX_TEXT = 2_000_000
_MAX_NOTEBOOK = 50_000_000  # a bigger "Python file" or README is data, not something to read
# dependency and model scanners recognised in CI workflow commands
SCANNERS = (
    "pip-audit",
    "safety",
    "modelscan",
    "bandit",
    "trivy",
    "grype",
    "osv-scanner",
    "semgrep",
    "snyk",
    "codeql",
    "dependency-review-action",
    "garak",
    "picklescan",
)
_CARD_KEYS = {"license", "pipeline_tag", "base_model", "library_name", "model-index", "datasets"}


# the read budget of an observation run (evidence/read_budget.py) and the root it is for:
# discover() then reads within it and records what it stops; None for `init`
_BUDGET: ContextVar[tuple[ReadBudget, Path] | None] = ContextVar("discover_budget", default=None)


def discover(root: Path, budget: ReadBudget | None = None) -> Discovery:
    """`budget`: bound everything read by a total shared with the caller (observation), and
    skip the sha256 of weight and data files (observation does not use them)."""
    root = root.resolve()
    token = _BUDGET.set((budget, root) if budget is not None else None)
    try:
        return _discover(root, budget)
    finally:
        _BUDGET.reset(token)


def _discover(root: Path, budget: ReadBudget | None) -> Discovery:
    paths = list_files(root, budget.max_listed if budget is not None else None)
    if budget is not None and len(paths) > budget.max_listed:
        budget.unlisted(len(paths) - budget.max_listed)
        paths = paths[: budget.max_listed]
    found = Discovery(root_name=root.name, root=root)
    found.files = F.classify_all(paths)
    # the repository's own paths: from_pretrained("models/x") or `data/a.jsonl` is no hub id
    local_dirs = _with_parents(paths)
    weight_dirs = _add_local_artifacts(found, root, paths)
    found.files = [_refine(root, rf, weight_dirs) for rf in found.files]
    _add_prompt_files(found)
    config_roles = {"ci", "dependency_updates", "lockfile", "sbom", "prompt"}
    skip = {f.path for f in found.files if f.role in config_roles}
    for path in paths:
        _analyse_path(found, root, path, local_dirs, skip)
    found.hub = _unique_hub(found.hub)
    found.hosted = _unique_hosted(found.hosted)
    found.tools = _unique_tools(found.tools)
    found.system_name, found.name_source = _system_name(root)
    return found


def _with_parents(paths: list[str]) -> frozenset[str]:
    """The paths and every folder above them ("." included), as PurePosixPath(p).parents
    gives them, by string slicing: pathlib cost seconds on 100,000 paths."""
    folders = {"."}
    for path in paths:
        cut = path.rfind("/")
        while cut > 0:
            folder = path[:cut]
            if folder in folders:
                break  # its own parents are in already
            folders.add(folder)
            cut = path.rfind("/", 0, cut)
    return frozenset(folders.union(paths))


def _add_local_artifacts(found: Discovery, root: Path, paths: list[str]) -> set[str]:
    """Weights and local data sets, digested; returns the folders that hold weights."""
    weight_dirs = set()
    for rf in found.of_role("weight"):
        found.weights.append(_weight(root, rf.path))
        weight_dirs.add(str(PurePosixPath(rf.path).parent))
    for df in find_data(paths):
        if df.files > 1:  # a directory: a sha256 is for one file
            found.data.append(LocalData(df.path, None, files=df.files))
        else:
            sha256, lfs = _digest(root, df.path)
            found.data.append(LocalData(df.path, sha256, lfs))
    return weight_dirs


def _refine(root: Path, rf: RepoFile, weight_dirs: set[str]) -> RepoFile:
    """The role a file's name suggests, corrected by its content (hashes, card metadata)."""
    if rf.role == "requirements":
        role = "lockfile" if _hashed_requirements(root / rf.path) else "dependency_manifest"
        return RepoFile(role, rf.path, "requirements file")
    if rf.role == "readme" and (
        str(PurePosixPath(rf.path).parent) in weight_dirs or _has_card_metadata(root / rf.path)
    ):
        return RepoFile("model_card", rf.path)
    if rf.role == "ci":
        return RepoFile("ci", rf.path, ",".join(_scanners(root / rf.path)))
    return rf


def _add_prompt_files(found: Discovery) -> None:
    changelogs = {str(PurePosixPath(f.path).parent): f.path for f in found.of_role("changelog")}
    for rf in found.of_role("prompt"):
        beside = changelogs.get(str(PurePosixPath(rf.path).parent))
        found.prompts.append(Prompt(rf.path, None, Where(rf.path), changelog=beside))


def _analyse_path(
    found: Discovery, root: Path, path: str, local_dirs: frozenset[str], skip: set[str]
) -> None:
    """What one source file names: configs, MCP configs, notebooks, Python, JS/TS."""
    if path.endswith((".yaml", ".yml")):
        # a manifest of this gate names models too: it is what init writes, not a source
        if path not in skip and PurePosixPath(path).name not in _MANIFESTS:
            data = _read(root / path)
            if data is not None:
                found.hub += analyse_config(path, data, local_dirs)
        return
    if is_mcp_config(path):
        data = _read(root / path)
        found.tools += analyse_mcp(path, data) if data is not None else []
        return
    if path.endswith(".ipynb"):
        data = _read(root / path, _MAX_NOTEBOOK)  # outputs (images) make notebooks big
        if data is not None:
            _add(found, path, analyse_notebook(path, data, local_dirs))
        return
    if path.endswith(JS_SUFFIXES):
        data = _read(root / path)
        found.hosted += analyse_javascript(path, data) if data is not None else []
        return
    if not path.endswith(".py"):
        return
    source = _read(root / path)
    if source is not None:
        _add(found, path, analyse(path, source, local_dirs))


def _add(found: Discovery, path: str, result: FileFindings) -> None:
    if result.syntax_error:
        found.skipped.append(path)
    found.hub += result.hub
    found.hosted += result.hosted
    found.prompts += result.prompts
    found.tools += result.tools


def _read(path: Path, limit: int = _MAX_TEXT) -> bytes | None:
    bounded = _BUDGET.get()
    # past the budget: refused without even a stat (unless another reader took it)
    if (
        bounded is not None
        and bounded[0].exhausted()
        and bounded[0].over(str(path)[len(str(bounded[1])) + 1 :])
    ):
        return None
    try:
        if path.is_symlink():
            return None
        size = path.stat().st_size
        if bounded is not None:
            budget, root = bounded  # `path` is root / rel: its relative name by slicing
            if not budget.take(str(path)[len(str(root)) + 1 :], size, limit):
                return None
        elif size > limit:
            return None
        return path.read_bytes()
    except (OSError, ValueError):
        return None


def _weight(root: Path, rel: str) -> WeightFile:
    sha256, lfs = _digest(root, rel)
    return WeightFile(rel, sha256, F.is_pickle(rel), lfs=lfs, where=Where(rel))


def _digest(root: Path, rel: str) -> tuple[str | None, bool]:
    """(sha256, is a Git LFS pointer): a pointer's oid is the real content's sha256; None
    when the file cannot be read or is a symlink (never followed out of the repository)."""
    from ..lfs_pointer import parse_pointer

    path = root / rel
    if path.is_symlink():
        return None, False
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
            pointer = parse_pointer(head) if len(head) < 1024 else None
            if pointer and pointer.get("oid"):
                return str(pointer["oid"]), True
            if _BUDGET.get() is not None:
                return None, False  # observation: gigabytes of weights are not hashed
            h = hashlib.sha256(head)
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
            return h.hexdigest(), False
    except OSError:
        return None, False


def _hashed_requirements(path: Path) -> bool:
    """A requirements file is a lockfile when it carries hashes (pip-compile
    --generate-hashes, uv export); otherwise it only lists what is wanted."""
    data = _read(path)
    return data is not None and b"--hash=" in data


def _has_card_metadata(path: Path) -> bool:
    data = _read(path)
    if data is None or not data.startswith(b"---"):
        return False
    end = data.find(b"\n---", 3)
    if end < 0:
        return False
    try:
        meta = yaml.safe_load(data[3:end])
    except yaml.YAMLError:
        return False
    return isinstance(meta, dict) and bool(_CARD_KEYS & set(meta))


def _scanners(path: Path) -> list[str]:
    data = _read(path)
    if data is None:
        return []
    text = data.decode("utf-8", "replace").lower()
    return [s for s in SCANNERS if s in text]


def scanner_line(root: Path, path: str, scanner: str) -> int:
    data = _read(root / path) or b""
    for n, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        if scanner in line.lower():
            return n
    return 0


def _system_name(root: Path) -> tuple[str | None, Where | None]:
    pyproject = root / "pyproject.toml"
    data = _read(pyproject) if pyproject.is_file() else None
    if data is not None:
        try:  # Python 3.11+; on 3.10 the name comes from package.json or the directory
            tomllib: ModuleType | None = importlib.import_module("tomllib")
        except ImportError:
            tomllib = None
        if tomllib is not None:
            try:
                name = tomllib.loads(data.decode("utf-8")).get("project", {}).get("name")
            except (ValueError, UnicodeDecodeError):
                name = None
            if isinstance(name, str) and name.strip():
                return name, Where("pyproject.toml", _line_of(data, "name"))
    package = root / "package.json"
    data = _read(package) if package.is_file() else None
    if data is not None:
        try:
            name = json.loads(data).get("name")
        except (ValueError, AttributeError):
            name = None
        if isinstance(name, str) and name.strip():
            return name, Where("package.json", _line_of(data, '"name"'))
    return None, None


def _line_of(data: bytes, start: str) -> int:
    for n, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        if line.strip().startswith(start):
            return n
    return 0


def _unique_hub(refs: list[HubReference]) -> list[HubReference]:
    best: dict[tuple[str, str], HubReference] = {}
    for ref in refs:
        key = (ref.kind, ref.repo_id)
        if key not in best or (best[key].revision is None and ref.revision is not None):
            best[key] = ref
    return sorted(best.values(), key=lambda r: (r.where.file, r.where.line))


def _unique_hosted(found: list[HostedModel]) -> list[HostedModel]:
    named = {h.provider for h in found if h.model}
    out: dict[tuple[str, str | None], HostedModel] = {}
    for h in found:
        if h.model is None and h.provider in named:
            continue  # the client is listed through the models it is asked for
        out.setdefault((h.provider, h.model), h)
    return sorted(out.values(), key=lambda h: (h.where.file, h.where.line))


def _unique_tools(found: list[Tool]) -> list[Tool]:
    out: dict[str, Tool] = {}
    for t in found:
        out.setdefault(t.name, t)
    return sorted(out.values(), key=lambda t: (t.where.file, t.where.line))


__all__ += ["WeightFile", "scanner_line"]
