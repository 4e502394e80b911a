"""The observation's readers (observed.py lists the repository and keeps the cache): what the
listed files show, read and parsed, never run, within the read budget; then the assets and
roles the code shows (observed_assets.py, observed_roles.py) and exposure (exposure.py)."""

from __future__ import annotations

import ast
import json
import os
import re
import sys
from pathlib import Path, PurePosixPath
from typing import Any

from ..discover.files import CI_FILES, LOCKFILES, MANIFESTS, WEIGHT_SUFFIXES, classify
from ..discover.model import Discovery
from .code_paths import incidental
from .exposure import observe_exposure
from .lockfiles import MAX_LOCK_BYTES
from .notebook_cells import code_cells
from .observed import KINDS, Observation
from .observed_assets import observe_assets
from .observed_commands import build_push_images, command_file, commands, copies_weights
from .observed_commands import read as read_command
from .observed_registries import HINTS as REGISTRY_HINTS
from .observed_registries import registrations
from .observed_roles import observe_roles
from .read_budget import ReadBudget

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover (Python 3.10)
    import tomli as tomllib

_MAX_FILE = 2 << 20  # a bigger "requirements.txt" or script is data, not read
_MAX_NOTEBOOK = 64 << 20  # outputs (images) make notebooks big; the cells are still read
_MAX_EACH = 20  # observations kept per kind: enough to name the evidence

# packages (PyPI names normalised, npm names as written) that call a cloud or hosted-AI
# provider: the provider then runs part of what delivers the system
CLOUD_PACKAGES = {
    "boto3": "Amazon Web Services",
    "botocore": "Amazon Web Services",
    "aiobotocore": "Amazon Web Services",
    "sagemaker": "Amazon Web Services (SageMaker)",
    "aws-cdk-lib": "Amazon Web Services",
    "langchain-aws": "Amazon Web Services (Bedrock)",
    "vertexai": "Google Cloud (Vertex AI)",
    "google-generativeai": "Google (Gemini API)",
    "google-genai": "Google (Gemini API)",
    "langchain-google-vertexai": "Google Cloud (Vertex AI)",
    "langchain-google-genai": "Google (Gemini API)",
    "openai": "OpenAI",
    "langchain-openai": "OpenAI",
    "anthropic": "Anthropic",
    "langchain-anthropic": "Anthropic",
    "mistralai": "Mistral AI",
    "langchain-mistralai": "Mistral AI",
    "cohere": "Cohere",
    "langchain-cohere": "Cohere",
    "groq": "Groq",
    "together": "Together AI",
    "replicate": "Replicate",
    "pulumi-aws": "Amazon Web Services",
    "pulumi-gcp": "Google Cloud",
    "pulumi-azure-native": "Microsoft Azure",
    "aws-sdk": "Amazon Web Services",
    "@anthropic-ai/sdk": "Anthropic",
    "@google/generative-ai": "Google (Gemini API)",
    "@google/genai": "Google (Gemini API)",
    "@mistralai/mistralai": "Mistral AI",
    "cohere-ai": "Cohere",
    "groq-sdk": "Groq",
    # JS/TS model clients (discover/javascript.py reads their code)
    "@anthropic-ai/bedrock-sdk": "Amazon Web Services (Bedrock)",
    "@anthropic-ai/vertex-sdk": "Google Cloud (Vertex AI)",
    "@huggingface/inference": "Hugging Face (Inference API)",
    "@langchain/openai": "OpenAI",
    "@langchain/anthropic": "Anthropic",
    "@langchain/google-genai": "Google (Gemini API)",
    "@langchain/google-vertexai": "Google Cloud (Vertex AI)",
    "@langchain/aws": "Amazon Web Services (Bedrock)",
    "@langchain/mistralai": "Mistral AI",
    "@langchain/groq": "Groq",
    "@ai-sdk/openai": "OpenAI",
    "@ai-sdk/anthropic": "Anthropic",
    "@ai-sdk/google": "Google (Gemini API)",
    "@ai-sdk/google-vertex": "Google Cloud (Vertex AI)",
    "@ai-sdk/amazon-bedrock": "Amazon Web Services (Bedrock)",
    "@ai-sdk/azure": "Microsoft Azure",
    "@ai-sdk/mistral": "Mistral AI",
    "@ai-sdk/groq": "Groq",
}
CLOUD_PREFIXES = {
    "google-cloud-": "Google Cloud",
    "azure-": "Microsoft Azure",
    "@aws-sdk/": "Amazon Web Services",
    "@google-cloud/": "Google Cloud",
    "@azure/": "Microsoft Azure",
    "@pulumi/aws": "Amazon Web Services",
}
# infrastructure-as-code and deployment files that only exist to run on a provider
CLOUD_FILES = {
    "serverless.yml": "Serverless Framework deployment",
    "serverless.yaml": "Serverless Framework deployment",
    "cloudbuild.yaml": "Google Cloud Build",
    "cloudbuild.yml": "Google Cloud Build",
    "samconfig.toml": "AWS SAM deployment",
}
_TF_PROVIDER = re.compile(
    r'^\s*(?:provider\s+"|source\s*=\s*"(?:hashicorp/)?)'
    r"(aws|google|google-beta|azurerm|azuread|oci|alicloud|ibm|digitalocean)\"",
)
# CI steps, scripts and notebook shell lines: observed_commands.py reads them
# Python calls that publish: push_to_hub (transformers, datasets, ...) always; the
# huggingface_hub upload calls only in a file that imports huggingface_hub (boto3 has an
# upload_file too)
_PUSH_CALLS = {"push_to_hub", "save_to_hub"}
_HUB_CALLS = {"upload_file", "upload_folder", "upload_large_folder", "create_commit"}


def _open(path: str, size: int) -> bytes | None:
    """The file, read up to the `size` the budget allowed (a file grown since the listing is
    cut there)."""
    try:  # never through a link, even one swapped in since the listing
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        return f.read(size)


# file names worth classifying (discover.files.classify): the rest is skipped by suffix
_CLASSIFIED = {".txt", ".in", ".lock", ".toml", ".json", ".yml", ".yaml", ".cfg"}
_PY_HINTS = (b"push_to_hub", b"save_to_hub", b"upload_f", b"upload_large", b"create_commit")
# a Python file that mentions none of these imports no cloud or hosted-AI SDK
_IMPORT_HINTS = (
    b"boto",
    b"sagemaker",
    b"google",
    b"vertexai",
    b"azure",
    b"openai",
    b"anthropic",
    b"mistralai",
    b"cohere",
    b"groq",
    b"together",
    b"replicate",
    b"langchain_",
    b"pulumi_",
)
_JS_SUFFIXES = {".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"}
# one search per file instead of one per hint (most Python files match none)
_ANY_PY_HINT = re.compile(
    b"|".join(re.escape(h) for h in _PY_HINTS + _IMPORT_HINTS + REGISTRY_HINTS)
)


def scan(
    root: Path, files: list[tuple[str, str, int, int]], budget: ReadBudget, found: Discovery | None
) -> dict[str, list[Observation]]:
    """Every kind of observation (observed.KINDS) of the listed `files` under `root`."""
    out = _scan(files, budget)
    out.update(observe_assets(root, budget, found))
    out.update(observe_roles(root, budget))
    out["exposure"] = observe_exposure(files, budget)
    out["unread"] = budget.unread()
    return out


def _scan(
    files: list[tuple[str, str, int, int]], budget: ReadBudget
) -> dict[str, list[Observation]]:
    scan = _Scan(files, budget)
    # code left out (tests/, docs/, examples/...): rel -> how to read it if a command runs it
    aside: dict[str, tuple[str, int, str, str | None, Any]] = {}
    for rel, path, size, _ in files:
        name = rel.rsplit("/", 1)[-1].lower()
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        if name in CLOUD_FILES:
            _add(scan.out, "cloud", CLOUD_FILES[name], rel, 1)
            continue
        shell = command_file(rel)
        reader = None if suffix in WEIGHT_SUFFIXES else _reader(rel, name, suffix)
        if (shell or suffix in (".ipynb", ".py")) and incidental(rel):
            # not the system's (a test pushing a tiny model publishes nothing), unless one
            # of its commands runs it: then a push there is the system's, wherever it sits
            aside[rel] = (path, size, suffix, shell, reader)
            continue
        if reader or shell:
            scan.read(rel, path, size, suffix, shell, reader)
    for rel in sorted(scan.referenced & set(aside)):
        scan.read(rel, *aside[rel])
    return scan.done()


class _Scan:
    """What the scan has seen so far, and what it settles at the end (candidate pushes)."""

    def __init__(self, files: list[tuple[str, str, int, int]], budget: ReadBudget) -> None:
        self.out: dict[str, list[Observation]] = {k: [] for k in KINDS}
        self.budget = budget
        self.names = {r for r, _, _, _ in files}
        self.weights = [rel for rel in self.names if _is_weight(rel)]
        self.weights.sort()
        self.later: list[tuple[str, str, int]] = []  # pushes that count only with context
        self.images = 0  # a Dockerfile line that copies weights into an image
        self.referenced: set[str] = set()  # scripts the commands run
        for rel in self.weights:
            _add(self.out, "weights", f"weight file {rel}", rel, 1)

    def read(
        self, rel: str, path: str, size: int, suffix: str, shell: str | None, reader: Any
    ) -> None:
        text = _text(rel, path, size, suffix, self.budget)
        if text is None:
            return
        if shell == "docker" and not self.images:
            self.images = copies_weights(text, self.weights)
        found = _commands(shell, text) if shell else reader(rel, text) if reader else []
        for kind, what, line in found:
            if kind == "candidate":
                self.later.append((what, rel, line))
            elif kind == "script":
                self.referenced |= _script_paths(rel, what)
            else:
                _add(self.out, kind, what, rel, line)

    def done(self) -> dict[str, list[Observation]]:
        for what, rel, line in _settle(self.later, self.images > 0, self.weights, self.names):
            _add(self.out, "publishing", what, rel, line)
        return self.out


def _script_paths(rel: str, ref: str) -> set[str]:
    """A script path as a command names it: from the repository root (CI) or beside the file
    that runs it."""
    clean = ref.removeprefix("./")
    beside = str(PurePosixPath(rel).parent / clean)
    return {clean, beside.removeprefix("./")}


def _text(rel: str, path: str, size: int, suffix: str, budget: ReadBudget) -> str | None:
    name = rel.rsplit("/", 1)[-1].lower()
    limit = (
        _MAX_NOTEBOOK if suffix == ".ipynb" else MAX_LOCK_BYTES if name in LOCKFILES else _MAX_FILE
    )
    data = _open(path, size) if budget.take(rel, size, limit) else None
    if data is None or (suffix == ".py" and not _ANY_PY_HINT.search(data)):
        return None  # most Python files: not even decoded
    if suffix in _JS_SUFFIXES and b"@huggingface/hub" not in data:
        return None  # nor most JS/TS files
    return data.decode("utf-8", "replace")


def _reader(rel: str, name: str, suffix: str) -> Any:
    wanted = suffix in _CLASSIFIED or name in MANIFESTS or rel.lower() in CI_FILES
    role = classify(rel) if wanted else None
    return _READERS.get(role or "") or _READERS.get(suffix)


def _is_weight(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1].lower()
    return (
        "." in name
        and "." + name.rsplit(".", 1)[-1] in WEIGHT_SUFFIXES
        and (classify(rel) == "weight")
    )


def _settle(
    later: list[tuple[str, str, int]], image_weights: bool, weights: list[str], names: set[str]
) -> list[tuple[str, str, int]]:
    """Candidate pushes (observed_commands.py) that publish weights: a public image push when
    a Dockerfile copies weights in; a package upload when weights sit in a package directory."""
    packaged = any(f"{rel.rsplit('/', 1)[0]}/__init__.py" in names for rel in weights if "/" in rel)
    out = []
    for what, rel, line in later:
        if what.startswith("docker:") and image_weights:
            image = what.removeprefix("docker:")
            out.append(
                (
                    f"runs `docker push` of {image}, an image a Dockerfile copies weights into",
                    rel,
                    line,
                )
            )
        elif what == "twine" and packaged:
            out.append(("runs `twine upload` of a package that carries weight files", rel, line))
    return out


def _commands(kind: str, text: str) -> Found:
    out: Found = []
    for line, command in commands(kind, text):
        out += _command(line, command)
    return out


def _command(line: int, command: str) -> Found:
    """One command's observations, installed packages turned into cloud providers (kind
    "script": a script it runs, for _Scan)."""
    out: Found = []
    for kind, what, at in read_command(line, command):
        if kind == "package":
            provider = _package(what)
            if provider:
                out.append(("cloud", f"{provider}: installs {what}", at))
        else:
            out.append((kind, what, at))
    return out


def _add(out: dict[str, list[Observation]], kind: str, what: str, rel: str, line: int) -> None:
    if len(out[kind]) < _MAX_EACH:
        out[kind].append({"what": what, "file": rel, "line": line})


Found = list[tuple[str, str, int]]  # (kind, what, line)


def _package(name: str) -> str | None:
    lowered = name.strip().lower()
    normal = lowered if lowered.startswith("@") else re.sub(r"[-_.]+", "-", lowered)
    if normal in CLOUD_PACKAGES:
        return CLOUD_PACKAGES[normal]
    return next((v for k, v in CLOUD_PREFIXES.items() if normal.startswith(k)), None)


def _first_token(line: str) -> str:
    match = re.match(r"\s*(?:-\s+)?[\"']?([A-Za-z0-9@/_.\-]+)", line)
    return match.group(1) if match else ""


def _requirements(rel: str, text: str) -> Found:
    out: Found = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("#", "-r", "-c", "--")):
            continue
        provider = _package(_first_token(line))
        if provider:
            out.append(("cloud", f"{provider}: {_first_token(line)} in the dependencies", n))
    return out


def _pyproject(rel: str, text: str) -> Found:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    project = doc.get("project") if isinstance(doc.get("project"), dict) else {}
    names: list[str] = []
    deps = project.get("dependencies")
    names += [d for d in deps if isinstance(d, str)] if isinstance(deps, list) else []
    extras = project.get("optional-dependencies")
    for group in (extras or {}).values() if isinstance(extras, dict) else ():
        names += [d for d in group if isinstance(d, str)] if isinstance(group, list) else []
    poetry = doc.get("tool", {}).get("poetry", {}) if isinstance(doc.get("tool"), dict) else {}
    if isinstance(poetry, dict) and isinstance(poetry.get("dependencies"), dict):
        names += list(poetry["dependencies"])
    return _named(rel, text, [_first_token(n) for n in names])


def _package_json(rel: str, text: str) -> Found:
    try:
        doc = json.loads(text)
    except ValueError:
        return []
    names: list[str] = []
    for key in ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies"):
        section = doc.get(key) if isinstance(doc, dict) else None
        names += list(section) if isinstance(section, dict) else []
    return _named(rel, text, names)


def _named(rel: str, text: str, names: list[str]) -> Found:
    out: Found = []
    for name in names:
        provider = _package(name)
        if provider:
            out.append(("cloud", f"{provider}: {name} in the dependencies", _line(text, name)))
    return out


def _terraform(rel: str, text: str) -> Found:
    out: Found = []
    for n, line in enumerate(text.splitlines(), 1):
        match = _TF_PROVIDER.match(line)
        if match:
            out.append(("cloud", f'Terraform provider "{match.group(1)}"', n))
    return out


def _ci(rel: str, text: str) -> Found:
    """Each line of a CI file as a command (a `run:` step, a `uses:` sign-in action),
    continuation lines joined and comment lines dropped."""
    out: Found = []
    for n, line in commands("ci", text):
        command = re.sub(r"^\s*(?:-\s+)?(?:run|script|uses)\s*:\s*", "", line)
        out += [
            (k, re.sub(r"^(.*?: )?runs ", r"\1CI runs ", w, count=1), at)
            for k, w, at in _command(n, command)
        ]
    if "docker/build-push-action" in text:  # an image push, settled as `docker push` is
        out += [("candidate", f"docker:{image}", n) for n, image in build_push_images(text)]
    return out


def _notebook(rel: str, text: str) -> Found:
    """Code cells (notebook_cells.py): shell lines (`!hf upload`, `%pip install`, a
    `%%bash` cell) as commands, the rest as Python; located at the .ipynb file line, with the
    cell and its line in `what`."""
    out: Found = []
    for cell in code_cells(text):
        lines = cell.lines
        whole = lines[0].strip().split()[:2] if lines else []
        shell_cell = bool(whole) and (
            whole[0] in ("%%bash", "%%sh") or (whole[0] == "%%script" and whole[1:] != ["python"])
        )
        python: list[str] = []
        found: Found = []
        for n, line in enumerate(lines, 1):
            stripped = line.strip()
            if shell_cell or stripped.startswith(("!", "%")):
                python.append("")
                if n > 1 or not shell_cell:
                    found += _command(n, stripped.lstrip("!%"))
            else:
                python.append(line)
        source = "\n".join(python)
        if _ANY_PY_HINT.search(source.encode("utf-8", "replace")):
            found += _python(rel, source)
        out += [
            (k, what if k in ("script", "candidate") else f"{what} in {cell.where(n)}", line)
            for k, what, n in found
            for line in (cell.file_line(n),)
        ]
    return out


def _python(rel: str, text: str) -> Found:
    pushes = any(c in text for c in (*_PUSH_CALLS, *_HUB_CALLS))
    imports = not incidental(rel) and any(h.decode() in text for h in _IMPORT_HINTS)
    registers = not incidental(rel) and any(h.decode() in text for h in REGISTRY_HINTS)
    if not (pushes or imports or registers):
        return []  # most files: no parse
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return []
    hub = "huggingface_hub" in text
    out: Found = _cloud_imports(tree) if imports else []
    out += registrations(tree, text) if registers else []
    for node in ast.walk(tree) if pushes else ():
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in _PUSH_CALLS or (hub and name in _HUB_CALLS):
            where = "the Hugging Face Hub" if hub or name in _PUSH_CALLS else "a hub"
            out.append(("publishing", f"{name}() pushes to {where}", node.lineno))
    return out


def _cloud_imports(tree: ast.Module) -> Found:
    """`import boto3`, `from google.cloud import storage`: the code itself calls the provider
    (the strongest sign, beside a dependency that may only be installed). Module names map to
    their package (google.cloud.storage -> google-cloud-storage) and CLOUD_PACKAGES."""
    out: Found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for module in modules:
            provider = _module_provider(module)
            if provider:
                out.append(("cloud", f"{provider}: the code imports {module}", node.lineno))
                break
    return out


def _module_provider(module: str) -> str | None:
    parts = module.split(".")
    for n in range(min(len(parts), 3), 0, -1):
        provider = _package("-".join(parts[:n]).replace("_", "-"))
        if provider:
            return provider
    return None


def _line(text: str, needle: str) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


_READERS: dict[str, Any] = {
    "requirements": _requirements,
    "ci": _ci,
    ".py": _python,
    ".tf": _terraform,
    ".ipynb": _notebook,
}


def _lockfile(rel: str, text: str) -> Found:
    """Cloud SDKs a lockfile pins (evidence/lockfiles.py parses it). A lockfile holds the
    dependencies of dependencies, so this is weaker than a declared dependency or an import:
    s3fs, mlflow or smart_open pull boto3 in for users who never call AWS. An auditor reads it
    as "the system can reach the provider", not "the provider delivers part of it": kind
    `cloud_transitive`, which contradicts no claim and is shown as a notice when the manifest
    declares no cloud provider (the direct dependency, the import or the CI login does)."""
    from .lockfiles import dependency_names

    names = dependency_names(PurePosixPath(rel).name.lower(), text)
    out: Found = []
    providers: set[str] = set()
    for raw in names or []:
        name = _dep_name(raw)
        provider = _package(name)
        if provider and provider not in providers:
            providers.add(provider)
            found = re.search(r"(?<![\w@.-])" + re.escape(name) + r"(?![\w-])", text)
            line = text.count("\n", 0, found.start()) + 1 if found else 1
            out.append(("cloud_transitive", f"{provider}: {name} pinned in the lockfile", line))
    return out


def _dep_name(raw: str) -> str:
    """pnpm's /@aws-sdk/client-s3@3.1.0 or @aws-sdk/client-s3@3.1.0 -> @aws-sdk/client-s3."""
    name = raw.strip().lstrip("/")
    if name.startswith("@"):
        scope, _, rest = name.partition("/")
        return f"{scope}/{rest.split('@', 1)[0].split('/', 1)[0]}"
    return name.split("@", 1)[0]


def _dependency_manifest(rel: str, text: str) -> Found:
    name = PurePosixPath(rel).name.lower()
    if name == "pyproject.toml":
        return _pyproject(rel, text)
    if name == "package.json":
        return _package_json(rel, text)
    if name in ("environment.yml", "environment.yaml"):
        return _requirements(rel, text)
    return []


_READERS["dependency_manifest"] = _dependency_manifest
_READERS["lockfile"] = _lockfile

# @huggingface/hub's upload calls (JS/TS): a push to the Hub, as push_to_hub in Python
_JS_HUB_PUSH = re.compile(r"\b(uploadFiles?|uploadFilesWithProgress|commit)\s*\(")


def _javascript(rel: str, text: str) -> Found:
    if "@huggingface/hub" not in text or incidental(rel):
        return []
    lines = text.splitlines()
    return [
        ("publishing", f"{m.group(1)}() of @huggingface/hub pushes to the Hugging Face Hub", n)
        for n, line in enumerate(lines, 1)
        if not line.lstrip().startswith(("//", "*"))
        for m in [_JS_HUB_PUSH.search(line)]
        if m
    ]


for _suffix in _JS_SUFFIXES:
    _READERS[_suffix] = _javascript
