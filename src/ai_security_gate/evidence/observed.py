"""What the repository itself shows about facts a manifest could leave out or flip to switch a
provision off (claims.py reads them): model weights pushed to a hub or registry, cloud and
hosted-AI providers in its dependencies, infrastructure code and CI, weight files it keeps.

Collect stage: file names and a few small text files, read and parsed, never run; nothing is
downloaded. Best effort by design: what it finds contradicts a lighter reading the manifest
claims; finding nothing proves nothing (an omitted fact is read the strict way regardless).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import sys
from pathlib import Path, PurePosixPath
from typing import Any

from ..discover.files import CI_FILES, MANIFESTS, WEIGHT_SUFFIXES, classify
from .cache import JsonCache
from .exposure import observe_exposure
from .observed_assets import ASSET_KINDS, observe_assets
from .observed_roles import ROLE_KINDS, observe_roles

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover (Python 3.10)
    import tomli as tomllib

Observation = dict[str, Any]  # {"what": str, "file": str, "line": int}

KINDS = ("publishing", "cloud", "weights", "exposure", *ASSET_KINDS, *ROLE_KINDS)
_SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".tox",
    "site-packages",
}
_MAX_ENTRIES = 50_000  # directory entries walked
_MAX_FILE = 1 << 20  # a bigger "requirements.txt" or script is data, not read
_MAX_READ = 32 << 20  # bytes read in all
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
# CI steps that sign in to a provider or run its deployment command
CI_CLOUD = {
    "aws-actions/configure-aws-credentials": "Amazon Web Services",
    "google-github-actions/auth": "Google Cloud",
    "azure/login": "Microsoft Azure",
    "aws sagemaker ": "Amazon Web Services (SageMaker)",
    "gcloud run deploy": "Google Cloud",
    "gcloud ai ": "Google Cloud (Vertex AI)",
    "az ml ": "Microsoft Azure (Azure ML)",
}
# CI commands that push a model or dataset to a hub or registry outside the organisation
CI_PUBLISHING = (
    "huggingface-cli upload",
    "hf upload",
    "push_to_hub",
    "ollama push",
    "kaggle models",
    "kaggle datasets create",
    "kaggle datasets version",
    "cog push",
)
# Python calls that publish: push_to_hub (transformers, datasets, ...) always; the
# huggingface_hub upload calls only in a file that imports huggingface_hub (boto3 has an
# upload_file too)
_PUSH_CALLS = {"push_to_hub", "save_to_hub"}
_HUB_CALLS = {"upload_file", "upload_folder", "upload_large_folder", "create_commit"}


class _Budget:
    def __init__(self) -> None:
        self.read = 0

    def data(self, path: str, size: int) -> bytes | None:
        if size > _MAX_FILE or self.read + size > _MAX_READ:
            return None  # a huge file is data, not a script; the total read is bounded
        self.read += size
        try:  # never through a link, even one swapped in since the listing
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        with os.fdopen(fd, "rb") as f:
            return f.read(_MAX_FILE)


# file names worth classifying (discover.files.classify): the rest is skipped by suffix
_CLASSIFIED = {".txt", ".in", ".lock", ".toml", ".json", ".yml", ".yaml", ".cfg"}
_PY_HINTS = (b"push_to_hub", b"save_to_hub", b"upload_f", b"upload_large", b"create_commit")


CACHE_NAMESPACE = "observed-v2"  # v2: models, datasets, tools seen; exposure


def observe(root: Path, cache: JsonCache | None = None) -> dict[str, list[Observation]]:
    """kind -> what the repository at `root` shows, each with file and line. With a cache,
    a repository whose file names, sizes and modification times are unchanged is not read
    again (one entry per repository, keyed by a digest of that listing)."""
    files = _files(root)
    key: dict[str, Any] = {}
    if cache is not None:
        listing = hashlib.sha256()
        for rel, _, size, mtime in files:
            listing.update(f"{rel}\0{size}\0{mtime}\0".encode("utf-8", "surrogateescape"))
        key = {"root": str(root), "listing": listing.hexdigest()}
        hit = cache.get(key)
        if hit is not None and set(hit) == set(KINDS):
            return hit
    out = _scan(files)
    out.update(observe_assets(root))
    out.update(observe_roles(root))
    out["exposure"] = observe_exposure(files)
    if cache is not None:
        cache.put(key, dict(out))
    return out


def _scan(files: list[tuple[str, str, int, int]]) -> dict[str, list[Observation]]:
    out: dict[str, list[Observation]] = {k: [] for k in KINDS}
    budget = _Budget()
    for rel, path, size, _ in files:
        name = rel.rsplit("/", 1)[-1].lower()
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        if name in CLOUD_FILES:
            _add(out, "cloud", CLOUD_FILES[name], rel, 1)
            continue
        if suffix in WEIGHT_SUFFIXES:
            if classify(rel) == "weight":
                _add(out, "weights", f"weight file {rel}", rel, 1)
            continue
        wanted = suffix in _CLASSIFIED or name in MANIFESTS or rel.lower() in CI_FILES
        role = classify(rel) if wanted else None
        reader = _READERS.get(role or "") or _READERS.get(suffix)
        if reader is None:
            continue
        data = budget.data(path, size)
        if data is None or (suffix == ".py" and not any(h in data for h in _PY_HINTS)):
            continue  # most Python files: not even decoded
        for kind, what, line in reader(rel, data.decode("utf-8", "replace")):
            _add(out, kind, what, rel, line)
    return out


def _add(out: dict[str, list[Observation]], kind: str, what: str, rel: str, line: int) -> None:
    if len(out[kind]) < _MAX_EACH:
        out[kind].append({"what": what, "file": rel, "line": line})


def _files(root: Path) -> list[tuple[str, str, int, int]]:
    """(relative POSIX path, path, size, mtime_ns) of the regular files under `root`: links
    are never followed, and the listing is bounded."""
    out: list[tuple[str, str, int, int]] = []
    stack = [(str(root), "")]
    seen = 0
    while stack and seen <= _MAX_ENTRIES:
        directory, prefix = stack.pop()
        try:
            with os.scandir(directory) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError:
            continue
        seen += len(listed)
        for e in listed:
            try:
                if e.is_dir(follow_symlinks=False):
                    if e.name not in _SKIP_DIRS:
                        stack.append((e.path, f"{prefix}{e.name}/"))
                elif e.is_file(follow_symlinks=False):
                    st = e.stat(follow_symlinks=False)
                    out.append((f"{prefix}{e.name}", e.path, st.st_size, st.st_mtime_ns))
            except OSError:
                continue
    return out


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
    out: Found = []
    for n, line in enumerate(text.splitlines(), 1):
        low = " ".join(line.lower().split()) + " "
        out += [("cloud", f"{v}: CI runs {k.strip()}", n) for k, v in CI_CLOUD.items() if k in low]
        out += [("publishing", f"CI runs `{c}`", n) for c in CI_PUBLISHING if c in low]
    return out


def _python(rel: str, text: str) -> Found:
    if not any(c in text for c in (*_PUSH_CALLS, *_HUB_CALLS)):
        return []  # most files: no parse
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return []
    hub = "huggingface_hub" in text
    out: Found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in _PUSH_CALLS or (hub and name in _HUB_CALLS):
            where = "the Hugging Face Hub" if hub or name in _PUSH_CALLS else "a hub"
            out.append(("publishing", f"{name}() pushes to {where}", node.lineno))
    return out


def _line(text: str, needle: str) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


_READERS: dict[str, Any] = {
    "requirements": _requirements,
    "ci": _ci,
    ".py": _python,
    ".tf": _terraform,
}


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


def model_cards(manifest: dict[str, Any], evidence: dict[str, Any]) -> dict[str, str]:
    """models[].model_card -> "" when the collect stage found it usable, else what is wrong
    with it (claims.py: `documentation: adequate` needs a usable card)."""
    return usable(_refs(manifest, "models", "model_card"), evidence)


def duty_agreements(manifest: dict[str, Any], evidence: dict[str, Any]) -> dict[str, str]:
    """duties[].agreement -> "" when usable, else what is wrong with it (duties.py)."""
    return usable(_refs(manifest, "duties", "agreement"), evidence)


def _refs(manifest: dict[str, Any], section: str, key: str) -> list[str]:
    items = manifest.get(section)
    if not isinstance(items, list):
        return []
    return [x[key] for x in items if isinstance(x, dict) and isinstance(x.get(key), str)]


def usable(refs: list[str], evidence: dict[str, Any]) -> dict[str, str]:
    """ref -> "" when the collect stage found a usable file (or a pinned URL), else why not."""
    files = evidence.get("files") or {}
    urls = {u.get("uri"): u for u in evidence.get("document_urls") or [] if isinstance(u, dict)}
    out: dict[str, str] = {}
    for ref in refs:
        if ref in out:
            continue
        if ref in urls:
            problem = urls[ref].get("problem")
            out[ref] = f"cites {ref}, which {problem}" if problem else ""
            continue
        fact = files.get(ref) or {}
        problems = [p.get("message", "") for p in fact.get("problems") or [] if isinstance(p, dict)]
        if fact.get("problem"):
            problems.insert(0, str(fact["problem"]))
        if not (fact.get("exists") and fact.get("inside_repository")):
            out[ref] = f"cites {ref}, which is not a file in the repository"
        elif problems or fact.get("kind") != "file":
            why = problems[0] if problems else "not a file"
            out[ref] = f"cites {ref}, which is not usable: {why}"
        else:
            out[ref] = ""
    return out
