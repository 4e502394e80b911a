"""Commands a repository runs outside Python: shell scripts, Makefiles, justfiles, Dockerfile
RUN instructions, CI steps and notebook shell lines (`!hf upload ...`). observed.py reads each
file's command lines through here; what they show is a hub push (publishing) or a cloud
provider's tool or SDK being installed (cloud).

Publishing, decided as an auditor would read "weights shared with others":
- a push to a model hub (`huggingface-cli upload`, `hf upload`, `ollama push`, `kaggle
  models`, `cog push`, `git push` to huggingface.co) always counts;
- `gh release upload` counts when it names a weight file (a release asset is delivered to
  whoever can read the releases);
- `docker push` (or `docker buildx build --push`) counts when the image goes to a public
  registry (Docker Hub, ghcr.io, quay.io, public.ecr.aws) and a Dockerfile of the repository
  copies weight files in; a push to a private registry (ECR, Artifact Registry, ACR) is the
  organisation's own deployment, and an image reference held in a variable is not guessed;
- `twine upload` counts when weight files sit inside a Python package directory (they travel
  in the wheel); otherwise a package upload shares code, not a model.
Nothing is run; a command is text matched on whole words after joining continuation lines.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import PurePosixPath

# hub pushes: the command's first words (lowercased, spaces collapsed)
HUB_PUSHES = (
    "huggingface-cli upload",
    "hf upload",
    "push_to_hub",
    "ollama push",
    "kaggle models",
    "kaggle datasets create",
    "kaggle datasets version",
    "cog push",
)
# cloud provider command-line tools and CI sign-ins -> provider
CLOUD_COMMANDS = {
    "aws-actions/configure-aws-credentials": "Amazon Web Services",
    "google-github-actions/auth": "Google Cloud",
    "azure/login": "Microsoft Azure",
    "aws sagemaker ": "Amazon Web Services (SageMaker)",
    "aws bedrock": "Amazon Web Services (Bedrock)",
    "gcloud run deploy": "Google Cloud",
    "gcloud ai ": "Google Cloud (Vertex AI)",
    "az ml ": "Microsoft Azure (Azure ML)",
}
_PUBLIC_REGISTRIES = ("docker.io", "index.docker.io", "ghcr.io", "quay.io", "public.ecr.aws")
_INSTALLERS = (
    ("pip", "install"),
    ("pip3", "install"),
    ("uv", "add"),
    ("poetry", "add"),
    ("pdm", "add"),
    ("conda", "install"),
    ("mamba", "install"),
    ("npm", "install"),
    ("npm", "i"),
    ("yarn", "add"),
    ("pnpm", "add"),
)
_SHELL_SUFFIXES = (".sh", ".bash", ".zsh")
_MAKE_NAMES = {"makefile", "gnumakefile"}
_JUST_NAMES = {"justfile", ".justfile"}

Command = tuple[int, str]  # (line where it starts, the command joined on one line)
Seen = tuple[str, str, int]  # (kind, what, line) as observed.py's readers return


def command_file(rel: str) -> str | None:
    """ "shell", "make", "just" or "docker" for a file whose lines are commands, else None."""
    name = PurePosixPath(rel).name.lower()
    if name.endswith(_SHELL_SUFFIXES):
        return "shell"
    if name in _MAKE_NAMES or name.endswith(".mk"):
        return "make"
    if name in _JUST_NAMES or name.endswith(".just"):
        return "just"
    if name in ("dockerfile", "containerfile") or name.startswith("dockerfile."):
        return "docker"
    if name.endswith((".dockerfile", ".containerfile")):
        return "docker"
    return None


def commands(kind: str, text: str) -> list[Command]:
    """The command lines of a file of `kind`: continuation lines joined, comments dropped;
    for a Dockerfile, its RUN instructions only."""
    out: list[Command] = []
    for start, line in _joined(text):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if kind == "docker":
            match = re.match(r"(?i)run\s+(.*)", stripped)
            if match is None:
                continue
            stripped = _exec_form(match.group(1))
        elif kind in ("make", "just"):
            stripped = stripped.lstrip("@-+ \t")  # recipe prefixes: silent, ignore errors
        out.append((start, stripped))
    return out


def _joined(text: str) -> Iterator[Command]:
    start = 0
    parts: list[str] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not parts:
            start = n
        if line.rstrip().endswith("\\"):
            parts.append(line.rstrip()[:-1])
            continue
        parts.append(line)
        yield start, " ".join(parts)
        parts = []
    if parts:
        yield start, " ".join(parts)


def _exec_form(text: str) -> str:
    """RUN ["pip", "install", "boto3"] -> pip install boto3."""
    if not text.lstrip().startswith("["):
        return text
    return " ".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))


def read(line: int, command: str) -> list[Seen]:
    """What one command shows: hub pushes, cloud tools, packages installed. Pushes that count
    only with more context (docker push, gh release upload, twine upload) come back as kind
    "candidate" with what they need in `what` (observed.py settles them)."""
    low = " ".join(command.lower().split()) + " "
    out: list[Seen] = [
        ("cloud", f"{v}: runs {k.strip()}", line) for k, v in CLOUD_COMMANDS.items() if k in low
    ]
    out += [("publishing", f"runs `{c}`", line) for c in HUB_PUSHES if _words(low, c)]
    if re.search(r"\bgit push\b", low) and re.search(r"\b(?:huggingface\.co|hf\.co)/", low):
        out.append(("publishing", "runs `git push` to the Hugging Face Hub", line))
    if "huggingface_hub" in low and re.search(r"\b(?:upload_\w+|create_commit)\b", low):
        out.append(("publishing", "runs a huggingface_hub upload", line))
    out += _candidates(low, line)
    out += [("package", name, line) for name in installed(command)]
    out += [("script", path, line) for path in _SCRIPT.findall(command)]
    return out


# a script a command runs (bash scripts/release.sh, ./tools/push.sh): observed.py reads it even
# where scripts are otherwise left out (docs/, examples/), since this command runs it
_SCRIPT = re.compile(r"(?<![\w./-])((?:\./)?[\w.-]+(?:/[\w.-]+)*\.(?:sh|bash|zsh|py))\b")


def _words(low: str, phrase: str) -> bool:
    """`phrase` as whole words: `/usr/bin/hf upload`, `m.push_to_hub(`, not `my-hf upload`."""
    return re.search(r"(?<![\w-])" + re.escape(phrase) + r"\b", low) is not None


def _candidates(low: str, line: int) -> list[Seen]:
    out: list[Seen] = []
    for segment in re.split(r"&&|\|\||;|\|", low):
        words = _split(segment)
        if words[:1] == ["docker"]:
            out += [("candidate", f"docker:{image}", line) for image in _pushed_images(words)]
        elif words[:3] == ["gh", "release", "upload"]:
            for w in words[4:]:
                if is_weight_name(w.split("#", 1)[0]):
                    out.append(("publishing", f"runs `gh release upload` of {w}", line))
        elif words[:2] == ["twine", "upload"] or words[1:4] == ["-m", "twine", "upload"]:
            out.append(("candidate", "twine", line))
    return out


def _pushed_images(words: list[str]) -> list[str]:
    """Public images a `docker push` or `docker buildx build --push` sends."""
    if words[1:2] == ["push"]:
        images = [next((w for w in words[2:] if not w.startswith("-")), "")]
    elif words[1:3] == ["buildx", "build"] and "--push" in words:
        images = _options(words, ("-t", "--tag"))
    else:
        return []
    return [i for i in images if _public_image(i)]


def _split(segment: str) -> list[str]:
    try:
        return shlex.split(segment, posix=True)
    except ValueError:  # an unbalanced quote: split on spaces
        return segment.split()


def _options(words: list[str], names: tuple[str, ...]) -> list[str]:
    out = []
    for i, w in enumerate(words):
        if w in names and i + 1 < len(words):
            out.append(words[i + 1])
        for n in names:
            if n.startswith("--") and w.startswith(n + "="):
                out.append(w.split("=", 1)[1])
    return out


def _public_image(image: str) -> bool:
    """An image reference that names a public registry; one held in a variable is not."""
    if not image or "$" in image or "{" in image:
        return False
    first = image.split("/", 1)[0]
    if "/" not in image or not ("." in first or ":" in first or first == "localhost"):
        return True  # no registry host: Docker Hub
    return first in _PUBLIC_REGISTRIES


def installed(command: str) -> list[str]:
    """Package names a command installs (pip install boto3, npm i @aws-sdk/client-s3)."""
    out: list[str] = []
    for segment in re.split(r"&&|\|\||;|\|", command):
        words = _split(segment.strip().lstrip("!%"))
        for i in range(len(words) - 1):
            if (words[i].rsplit("/", 1)[-1], words[i + 1]) in _INSTALLERS:
                out += [_bare(w) for w in words[i + 2 :] if not w.startswith(("-", ".", "/"))]
                break
    return [n for n in out if n]


def _bare(spec: str) -> str:
    """boto3==1.34 -> boto3; @aws-sdk/client-s3@3 -> @aws-sdk/client-s3; extras dropped."""
    if spec.startswith("@"):
        scope, _, rest = spec.partition("/")
        return f"{scope}/{rest.split('@', 1)[0]}"
    return re.split(r"[\[<>=!~;@ ]", spec, maxsplit=1)[0]


_WEIGHT_NAME = re.compile(
    r"\.(safetensors|pt|pth|ckpt|gguf|ggml|onnx|h5|keras|tflite|pkl|pickle|joblib|nemo"
    r"|llamafile|mlmodel)$|(model|pytorch|adapter|weights|checkpoint)[^/]*\.bin$"
)


def is_weight_name(name: str) -> bool:
    return _WEIGHT_NAME.search(name.lower()) is not None


def copies_weights(text: str, weight_paths: list[str]) -> int:
    """The line of a Dockerfile COPY/ADD that brings a weight file (or a directory holding
    one of `weight_paths`) into the image, or 0."""
    dirs = {str(p) for w in weight_paths for p in PurePosixPath(w).parents if str(p) != "."}
    for start, line in _joined(text):
        match = re.match(r"(?i)\s*(?:copy|add)\s+(.*)", line)
        if match is None:
            continue
        words = [w for w in _split(_exec_form(match.group(1))) if not w.startswith("--")]
        for src in words[:-1]:
            clean = src.strip("/").removeprefix("./")
            if clean in (".", "") and weight_paths:
                return start  # COPY . /app: the whole repository, weights included
            if is_weight_name(clean) or clean in dirs or clean in weight_paths:
                return start
    return 0


_BUILD_PUSH = re.compile(r"^(\s*)(?:-\s+)?uses\s*:\s*[\"']?docker/build-push-action@")


def build_push_images(text: str) -> list[tuple[int, str]]:
    """(line, image) for each public image a CI `docker/build-push-action` step pushes
    (`push: true`, its `tags:` inline, as a list or a block). Read as text: the step is the
    lines indented deeper than its `uses:`."""
    lines = text.splitlines()
    out: list[tuple[int, str]] = []
    for n, line in enumerate(lines):
        match = _BUILD_PUSH.match(line)
        if match is None:
            continue
        indent = len(match.group(1))
        step = []
        for following in lines[n + 1 :]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            step.append(following)
        body = "\n".join(step)
        if not re.search(r"^\s*push\s*:\s*[\"']?true", body, re.MULTILINE):
            continue
        tags = re.findall(r"(?:^\s*tags\s*:\s*|^\s*-\s+|^\s+)([\w.\-/:@]+)\s*$", body, re.MULTILINE)
        out += [(n + 1, t) for t in dict.fromkeys(tags) if not t.endswith(":") and _public_image(t)]
    return out
