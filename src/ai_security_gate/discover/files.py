"""Files whose role is known from their name and place: weights, lockfiles, dependency
manifests, SECURITY.md, Dependabot/Renovate, CI workflows, model cards, SBOMs, prompts."""

from __future__ import annotations

from pathlib import PurePosixPath

from .model import RepoFile

WEIGHT_SUFFIXES = {
    ".safetensors",
    ".pt",
    ".pth",
    ".bin",
    ".ckpt",
    ".gguf",
    ".ggml",
    ".onnx",
    ".h5",
    ".hdf5",
    ".keras",
    ".tflite",
    ".pkl",
    ".pickle",
    ".joblib",
    ".mar",
    ".nemo",
    ".llamafile",
    ".mlmodel",
}
# formats that unpickle on load: loading an untrusted one can run arbitrary code
PICKLE_SUFFIXES = {".pt", ".pth", ".bin", ".ckpt", ".pkl", ".pickle", ".joblib", ".mar", ".nemo"}
# `.bin` is also firmware, test data...: a weight file only when its name says so
_BIN_HINTS = ("model", "pytorch", "adapter", "weights", "checkpoint", "ckpt", "diffusion")

LOCKFILES = {
    "poetry.lock",
    "uv.lock",
    "pipfile.lock",
    "pylock.toml",
    "pdm.lock",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "conda-lock.yml",
    "conda-lock.yaml",
    "cargo.lock",
    "go.sum",
    "gemfile.lock",
    "composer.lock",
}
MANIFESTS = {
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "pipfile",
    "environment.yml",
    "environment.yaml",
    "package.json",
    "cargo.toml",
    "go.mod",
    "gemfile",
}
DEPENDENCY_UPDATES = {
    ".github/dependabot.yml",
    ".github/dependabot.yaml",
    "renovate.json",
    "renovate.json5",
    ".renovaterc",
    ".renovaterc.json",
    ".renovaterc.json5",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".gitlab/renovate.json",
}
CI_FILES = {
    ".gitlab-ci.yml",
    "azure-pipelines.yml",
    "azure-pipelines.yaml",
    ".circleci/config.yml",
    "jenkinsfile",
    "bitbucket-pipelines.yml",
    ".travis.yml",
}
MODEL_CARD_NAMES = {"model_card.md", "modelcard.md", "model-card.md", "model_card.yaml"}
_SBOM_SUFFIXES = (".cdx.json", ".cdx.xml", ".spdx", ".spdx.json", ".spdx.yaml", ".spdx.yml")
_SBOM_NAMES = {"bom.json", "bom.xml", "sbom.json", "sbom.xml", "aibom.json", "ml-bom.json"}
_PROMPT_DIRS = {"prompts", "prompt", "prompt_templates", "prompt-templates"}
_PROMPT_SUFFIXES = {".md", ".txt", ".yaml", ".yml", ".j2", ".jinja", ".jinja2", ".tmpl", ".json"}
_PROMPT_ONLY_SUFFIXES = {".prompt", ".prompty"}
_CHANGELOGS = {"changelog", "changes", "history"}
_NOT_PROMPTS = {"readme", "license", "licence", "notice", *_CHANGELOGS}

ROLES = (
    "weight",
    "lockfile",
    "requirements",  # requirements*.txt / *.in: a lockfile only when every line is pinned
    "dependency_manifest",
    "security_policy",
    "dependency_updates",
    "ci",
    "model_card",
    "readme",
    "sbom",
    "prompt",
    "changelog",
    "document",  # detail: the manifest field that cites it
)


def classify(path: str) -> str | None:
    """The role of the file at `path` (relative, POSIX), or None when it has none."""
    p = PurePosixPath(path)
    name = p.name.lower()
    suffix = p.suffix.lower()
    return (
        _dependency_role(p, name, suffix)
        or _repository_role(p, name, path.lower(), suffix)
        or _text_role(p, name, suffix)
    )


def _dependency_role(p: PurePosixPath, name: str, suffix: str) -> str | None:
    """Weights, lockfiles, requirements and dependency manifests."""
    if suffix in WEIGHT_SUFFIXES and (suffix != ".bin" or any(h in name for h in _BIN_HINTS)):
        return "weight"
    if name in LOCKFILES or (name.startswith("pylock.") and name.endswith(".toml")):
        return "lockfile"
    if name.startswith("requirements") and suffix in (".txt", ".in", ".lock"):
        return "requirements"
    if p.parent.name == "requirements" and suffix in (".txt", ".in"):
        return "requirements"
    if name in MANIFESTS:
        return "dependency_manifest"
    return None


def _repository_role(p: PurePosixPath, name: str, lower: str, suffix: str) -> str | None:
    """Files a repository keeps by convention: security policy, CI, cards, README, SBOMs."""
    if name == "security.md" and str(p.parent).lower() in (".", ".github", "docs"):
        return "security_policy"
    if lower in DEPENDENCY_UPDATES:
        return "dependency_updates"
    if lower in CI_FILES or (
        lower.startswith(".github/workflows/") and suffix in (".yml", ".yaml")
    ):
        return "ci"
    if name in MODEL_CARD_NAMES:
        return "model_card"
    if name == "readme.md":
        return "readme"
    if name.endswith(_SBOM_SUFFIXES) or name in _SBOM_NAMES:
        return "sbom"
    return None


def _text_role(p: PurePosixPath, name: str, suffix: str) -> str | None:
    """Prompts, and the texts that look like prompts but are not (changelogs, licences)."""
    if p.stem.lower() in _NOT_PROMPTS:
        return "changelog" if p.stem.lower() in _CHANGELOGS else None
    if suffix in _PROMPT_ONLY_SUFFIXES or name.endswith((".prompt.md", ".prompt.txt")):
        return "prompt"
    if suffix in _PROMPT_SUFFIXES and (
        "prompt" in p.stem.lower() or any(part.lower() in _PROMPT_DIRS for part in p.parts[:-1])
    ):
        return "prompt"
    return None


# documents recognised by their file name -> the manifest field that cites such a document
_DOCUMENT_NAMES: dict[str, str] = {
    **dict.fromkeys(("threat_model", "threatmodel", "ai_threat_model"), "threat_model.document"),
    **dict.fromkeys(
        ("design_assessment", "security_assessment", "ai_risk_assessment", "risk_assessment"),
        "system.design_assessment.document",
    ),
    **dict.fromkeys(
        ("incident_response", "incident_response_plan", "incident_plan", "incident_runbook"),
        "incident_response.plan",
    ),
    **dict.fromkeys(
        ("disaster_recovery", "disaster_recovery_plan"), "infrastructure.disaster_recovery.plan"
    ),
    **dict.fromkeys(("rollback", "rollback_procedure"), "infrastructure.rollback.procedure"),
    **dict.fromkeys(
        ("decommissioning", "decommission", "decommissioning_runbook", "disposal"),
        "disposal.plan",
    ),
    **dict.fromkeys(("update_policy", "maintenance_policy"), "updates.policy"),
    **dict.fromkeys(("user_guide", "usage_guide", "user_guidance"), "end_users.documentation"),
    **dict.fromkeys(
        ("privacy_notice", "data_use_notice", "privacy_policy"), "end_users.data_use_notice"
    ),
    **dict.fromkeys(("known_limitations", "limitations"), "end_users.limitations"),
}
_DOCUMENT_SUFFIXES = {".md", ".rst", ".txt", ".pdf", ".html", ".adoc"}


def document_field(path: str) -> str | None:
    """The manifest field a document with this file name is cited by (threat-model.md ->
    threat_model.document), or None."""
    p = PurePosixPath(path)
    if p.suffix.lower() not in _DOCUMENT_SUFFIXES:
        return None
    stem = p.stem.lower().replace("-", "_").replace(" ", "_")
    return _DOCUMENT_NAMES.get(stem)


def is_pickle(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in PICKLE_SUFFIXES


def classify_all(paths: list[str]) -> list[RepoFile]:
    out = []
    for path in paths:
        role = classify(path)
        if role is not None:
            out.append(RepoFile(role=role, path=path))
        field = document_field(path)
        if field is not None:
            out.append(RepoFile(role="document", path=path, detail=field))
    return out
