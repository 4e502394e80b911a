"""The roles the repository's own code and configuration show (roles.py decides with them):

- developer_seen: training or fine-tuning code (Python, notebooks, fine-tuning CLIs in
  scripts, Makefiles, Dockerfiles and CI, hosted fine-tuning jobs), weights saved or logged
  by the code or written by a DVC stage, fine-tuning configurations (axolotl, LLaMA-Factory);
- operator_seen: a service that runs for users (a web app made when its module loads, a
  Streamlit or Gradio app, a JavaScript web app on a model SDK; a Dockerfile, compose
  service, Kubernetes workload, Helm chart, Procfile, Hugging Face Space, script or CI step
  that runs or deploys one);
- custodian_seen: datasets the repository keeps under DVC, writes in a preparation step or
  publishes; each carries `path` (the file written, when the code names it) so a dataset the
  manifest gives an outside custodian does not count;
- library_seen: the repository is a distributable package (roles.py: a library that calls a
  hosted model API for its users does not itself operate a system);
- model_code_seen: the first file whose code imports a model library (roles.py: a web app or
  container counts as operating an AI system only where the repository works with a model).

Code under tests/, docs/, examples/, tutorials, demos and vendored directories does not count
(observed_assets.incidental, widened), unless the repository's own automation runs it. Files git tracks (.gitignore respected, so a local
checkpoint directory is not the repository's), no link followed, each file and the total read
bounded; nothing is run. Finding nothing proves nothing.
"""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..discover.files import WEIGHT_SUFFIXES
from . import role_code
from .code_paths import application_code as application_code
from .code_paths import counts
from .notebook_cells import Cell, code_cells
from .observed import ROLE_KINDS
from .read_budget import ReadBudget

_MAX_EACH = 20
_MAX_FILE = 1 << 20
_MAX_NOTEBOOK = 8 << 20  # outputs make notebooks big; a bigger one is not read
_MAX_READ = 48 << 20
_MAX_FILES = 50_000
_SERVE_WORDS = re.compile(
    r"\b(uvicorn|gunicorn|hypercorn|daphne|streamlit|gradio|chainlit|flask|fastapi|serve|"
    r"server|app\.py|api\.py|vllm|text-generation-launcher|torchserve|ollama|litserve|bentoml|"
    r"mlflow\s+models\s+serve|tritonserver)\b",
    re.IGNORECASE,
)
# fine-tuning command-line tools (a `python train.py` is read as Python instead)
_TRAIN_CLI = re.compile(
    r"\b(?:trl\s+(?:sft|dpo|kto|grpo|orpo|rloo|reward)|axolotl(?:\.cli)?(?:\.train|\s+train)|"
    r"llamafactory-cli\s+train|tune\s+run|autotrain\s+llm|mlx_lm\.lora|"
    r"openai\s+api\s+fine_tunes\.create)\b"
)
# a command that runs a Python script (shell, Makefile, CI, a Dockerfile's RUN or CMD)
_RUNS = re.compile(
    r"(?:\bpython[\d.]*|\baccelerate\s+launch|\btorchrun|\bdeepspeed|\bstreamlit\s+run|"
    r"\bchainlit\s+run)\s+(?:-[\w-]+\s+)*([\w./-]+\.py)\b"
)
# commands that start a server for users
_SERVE_CLI = re.compile(
    r"\b(?:uvicorn\s+\S+:\S+|gunicorn\s|hypercorn\s|streamlit\s+run|chainlit\s+run|"
    r"flask\s+run|vllm\s+serve|text-generation-launcher|ollama\s+serve|bentoml\s+serve|"
    r"mlflow\s+models\s+serve|torchserve\s+--start|litserve)"
)
_JS_WEB = {
    "next",
    "express",
    "fastify",
    "hono",
    "koa",
    "nuxt",
    "@sveltejs/kit",
    "@remix-run/node",
    "@nestjs/core",
}
_JS_AI = {
    "openai",
    "@anthropic-ai/sdk",
    "ai",
    "langchain",
    "@google/generative-ai",
    "@google/genai",
    "cohere-ai",
    "@mistralai/mistralai",
    "groq-sdk",
    "ollama",
    "replicate",
}
_WORKLOADS = {
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "InferenceService",
    "SeldonDeployment",
    "ServingRuntime",
    "RayService",
}


def observe_roles(root: Path, budget: ReadBudget | None = None) -> dict[str, list[dict[str, Any]]]:
    """`budget`: the read budget shared with the rest of observation (read_budget.py); what
    it stops is reported as unread, so padding a repository cannot hide its training code
    (the unread notice makes every observed condition read the strict way). Without one,
    this module's own bounds apply."""
    from ..discover.tracked import list_files

    out: dict[str, list[dict[str, Any]]] = {k: [] for k in ROLE_KINDS}
    cap = budget.max_listed if budget is not None else _MAX_FILES
    try:
        paths = list_files(root, cap)
    except (OSError, ValueError):
        return out
    if len(paths) > cap:
        if budget is not None:
            budget.unlisted(len(paths) - cap)
        paths = paths[:cap]
    reader = _Reader(root, out, budget)
    for rel in _in_reading_order(root, [p for p in paths if counts(p)]):
        try:
            reader.file(rel)
        except (OSError, ValueError, RecursionError, MemoryError):
            continue  # one unreadable or hostile file shows nothing; the rest still count
    # a script under examples/ or tests/ that the repository's own automation runs is part
    # of the system after all: where a file sits is the author's choice, what runs is not
    listed = set(paths)
    for script, by in list(reader.runs.items())[:_MAX_EACH]:
        if script in listed and not counts(script):
            try:
                reader.python(script, reader.data(script), run_by=by)
            except (OSError, ValueError, RecursionError, MemoryError):
                continue
    return out


def _in_reading_order(root: Path, paths: list[str]) -> list[str]:
    """Smallest first, so that the total read bound cannot be spent on padding: a pull
    request that adds large files sorted before `train.py` must add more bytes than the
    bound in files smaller than it to hide it."""

    def size(rel: str) -> int:
        try:
            return os.lstat(os.path.join(root, rel)).st_size
        except OSError:
            return 0

    return sorted(paths, key=lambda rel: (size(rel), rel))


def part_of_system(rel: str) -> bool:
    """Not tests, docs, examples, tutorials, demos or vendored code."""
    return counts(rel)


class _Reader:
    def __init__(
        self, root: Path, out: dict[str, list[dict[str, Any]]], budget: ReadBudget | None = None
    ) -> None:
        self.root = root
        self.out = out
        self.budget = budget
        self.read = 0
        self.runs: dict[str, str] = {}  # script a command runs -> where (file:line)

    def data(self, rel: str, limit: int = _MAX_FILE) -> bytes | None:
        path = os.path.join(self.root, rel)
        try:  # never through a link
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        with os.fdopen(fd, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if self.budget is not None:
                if not self.budget.take(rel, size, limit):
                    return None
                limit = int(limit * self.budget.scale)
            elif size > limit or self.read + size > _MAX_READ:
                return None
            self.read += size
            return f.read(limit)

    def add(self, kind: str, what: str, rel: str, line: int, **extra: Any) -> None:
        if len(self.out[kind]) < _MAX_EACH:
            self.out[kind].append({"what": what, "file": rel, "line": line, **extra})

    def file(self, rel: str) -> None:
        lower = rel.rsplit("/", 1)[-1].lower()
        if lower.endswith(".py"):
            self.python(rel, self.data(rel))
        elif lower.endswith(".ipynb"):
            self.notebook(rel)
        elif (
            lower == "dockerfile"
            or lower.startswith("dockerfile.")
            or lower.endswith(".dockerfile")
        ):
            self.dockerfile(rel)
        elif lower.endswith(".dvc") or lower == "dvc.yaml":
            self.dvc(rel)
        else:
            self.config(rel, lower)

    def config(self, rel: str, lower: str) -> None:
        if lower.endswith(".sh") or lower in ("makefile", "justfile", "taskfile.yml"):
            self.commands(rel)
        elif lower in ("procfile", "fly.toml", "render.yaml", "app.yaml", "chart.yaml"):
            self.platform(rel, lower)
        elif rel.lower().startswith(".github/workflows/") or lower == ".gitlab-ci.yml":
            self.ci(rel)
        elif lower.endswith((".yaml", ".yml")):
            self.yaml_file(rel)
        elif lower == "package.json":
            self.node_app(rel)
        elif lower == "langgraph.json":
            self.add("operator_seen", "a LangGraph Platform deployment (langgraph.json)", rel, 1)
        elif lower == "readme.md" and "/" not in rel:
            self.space(rel)
        elif lower in ("pyproject.toml", "setup.py", "setup.cfg"):
            self.packaging(rel, lower)

    # -- code ------------------------------------------------------------------------------
    def python(self, rel: str, data: bytes | None, line_of: Any = None, run_by: str = "") -> None:
        if data is None:
            return
        found = role_code.read(data, model_known=bool(self.out["model_code_seen"]))
        where = line_of or (lambda n: (rel, n))
        if run_by:
            found.developer = [(f"{w}, run by {run_by}", n) for w, n in found.developer]
            found.operator = [(f"{w}, run by {run_by}", n) for w, n in found.operator]
            found.custodian = [(f"{w}, run by {run_by}", n, p) for w, n, p in found.custodian]
        if found.uses_model and not self.out["model_code_seen"]:
            self.add("model_code_seen", "code that imports a model library", *where(1))
        for what, n in found.developer:
            self.add("developer_seen", what, *where(n))
        for what, n in found.operator:
            self.add("operator_seen", what, *where(n))
        for what, n, path in found.custodian:
            self.add("custodian_seen", what, *where(n), path=path)

    def notebook(self, rel: str) -> None:
        """Code cells (notebook_cells.py, the one notebook reader of observation), read as one
        program (a model made in one cell is trained in the next; magics and shell lines
        blanked, a cell that does not parse left out), each finding at the notebook's own
        file line."""
        data = self.data(rel, _MAX_NOTEBOOK)
        if data is None:
            return
        program: list[str] = []
        starts: list[tuple[int, Cell]] = []  # (first line in the program, its cell)
        for cell in code_cells(data.decode("utf-8", "replace")):
            text = "\n".join("" if _magic(ln) else ln for ln in cell.lines)
            try:
                ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            starts.append((len(program) + 1, cell))
            program += text.split("\n")

        def where(n: int) -> tuple[str, int]:
            first, cell = next((s for s in reversed(starts) if s[0] <= n), starts[0])
            return rel, cell.file_line(n - first + 1)

        if starts:
            self.python(rel, "\n".join(program).encode("utf-8", "replace"), where)

    # -- deployment ------------------------------------------------------------------------
    def dockerfile(self, rel: str) -> None:
        """A container whose command starts a server (a training image is not a service)."""
        text = _text(self.data(rel))
        self.commands(rel, text, serve=False)
        for n, line in enumerate(text.splitlines(), 1):
            words = line.strip().split(None, 1)
            command = len(words) == 2 and words[0].upper() in ("CMD", "ENTRYPOINT")
            if command and _SERVE_WORDS.search(words[1]):
                self.add(
                    "operator_seen",
                    f"a container that runs a service ({line.strip()[:80]})",
                    rel,
                    n,
                )
                return

    def ci(self, rel: str) -> None:
        """A CI step that deploys (not documentation to Pages), or that trains."""
        text = _text(self.data(rel))
        for n, line in enumerate(text.splitlines(), 1):
            if _deploys(line):
                self.add("operator_seen", f"CI deploys it (`{line.strip()[:60]}`)", rel, n)
                break
        self.commands(rel, text, serve=False)

    def commands(self, rel: str, text: str | None = None, serve: bool = True) -> None:
        """Shell scripts, Makefiles, CI: a fine-tuning CLI run (developer), a server started
        (operator). Comment lines do not count."""
        text = _text(self.data(rel)) if text is None else text
        trained = served = False
        for n, line in enumerate(text.splitlines(), 1):
            command = line.split("#", 1)[0]
            for script in _RUNS.findall(re.sub(r'[\[\]",]', " ", command)):
                self.runs.setdefault(_normal(script), f"{rel}:{n}")
            if not trained and (match := _TRAIN_CLI.search(command)):
                self.add("developer_seen", f"a fine-tuning run (`{match.group(0)}`)", rel, n)
                trained = True
            if serve and not served and (match := _SERVE_CLI.search(command)):
                self.add(
                    "operator_seen", f"a script that starts a service (`{match.group(0)}`)", rel, n
                )
                served = True

    def platform(self, rel: str, lower: str) -> None:
        text = _text(self.data(rel))
        if lower == "procfile":
            n = _line(text, r"^web\s*:")
            if n:
                self.add("operator_seen", "a Procfile `web:` process", rel, n)
        elif lower == "chart.yaml":
            self.add("operator_seen", "a Helm chart that deploys it", rel, 1)
        elif lower == "app.yaml":
            n = _line(text, r"^runtime\s*:")
            if n:
                self.add("operator_seen", "a Google App Engine service", rel, n)
        else:
            self.add("operator_seen", f"a {lower} deployment", rel, 1)

    def node_app(self, rel: str) -> None:
        """A JavaScript web app (Next.js, Express...) that depends on a model SDK: a service
        calling a model. A package others install (`main`/`exports`, not private) is a
        library."""
        text = _text(self.data(rel))
        try:
            doc = json.loads(text)
        except (ValueError, RecursionError):
            return
        if not isinstance(doc, dict):
            return
        if ("main" in doc or "exports" in doc) and doc.get("private") is not True:
            return
        deps = doc.get("dependencies")
        names = set(deps) if isinstance(deps, dict) else set()
        web = sorted(names & _JS_WEB)
        ai = sorted(n for n in names if n in _JS_AI or n.startswith(("@ai-sdk/", "@langchain/")))
        if web and ai:
            n = _line(text, re.escape(f'"{web[0]}"'))
            what = f"a {web[0]} web app that calls a model ({ai[0]})"
            self.add("operator_seen", what, rel, n or 1)
            if not self.out["model_code_seen"]:
                self.add("model_code_seen", f"{ai[0]} in the dependencies", rel, n or 1)

    def space(self, rel: str) -> None:
        """A Hugging Face Space: its README front matter names the app it runs."""
        text = _text(self.data(rel))
        if text.startswith("---"):
            n = _line(text.split("\n---", 1)[0], r"^sdk\s*:\s*(gradio|streamlit|docker)")
            if n:
                self.add("operator_seen", "a Hugging Face Space (README `sdk:`)", rel, n)

    def yaml_file(self, rel: str) -> None:
        data = self.data(rel)
        if data is None or not any(
            h in data for h in (b"kind:", b"services:", b"base_model", b"finetuning_type")
        ):
            return
        text = _text(data)
        try:
            docs = [d for d in yaml.safe_load_all(text) if isinstance(d, dict)][:100]
        except yaml.YAMLError:
            return  # a Helm template or not YAML: Chart.yaml says it deploys
        for doc in docs:
            kind = doc.get("kind")
            if isinstance(kind, str) and kind in _WORKLOADS:
                self.add(
                    "operator_seen",
                    f"a Kubernetes {kind}",
                    rel,
                    _line(text, r"^kind\s*:\s*" + kind),
                )
                return
            services = doc.get("services")
            if isinstance(services, dict) and any(
                isinstance(s, dict) and s.get("ports") for s in services.values()
            ):
                self.add(
                    "operator_seen",
                    "a compose service that publishes ports",
                    rel,
                    _line(text, r"^\s*ports\s*:"),
                )
                return
            if _fine_tuning_config(doc):
                self.add(
                    "developer_seen",
                    "a fine-tuning configuration (axolotl / LLaMA-Factory)",
                    rel,
                    1,
                )
                return

    # -- data ------------------------------------------------------------------------------
    def dvc(self, rel: str) -> None:
        text = _text(self.data(rel))
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError:
            return
        if not isinstance(doc, dict):
            return
        if rel.lower().endswith(".dvc"):
            outs = doc.get("outs")
            for o in outs if isinstance(outs, list) else []:
                path = o.get("path") if isinstance(o, dict) else None
                if isinstance(path, str):
                    base = str(PurePosixPath(rel).parent)
                    full = path if base == "." else f"{base}/{path}"
                    self.add("custodian_seen", f"data kept under DVC ({full})", rel, 1, path=full)
            return
        stages = doc.get("stages")
        for stage in (stages or {}).values() if isinstance(stages, dict) else []:
            outs = stage.get("outs") if isinstance(stage, dict) else None
            for o in outs if isinstance(outs, list) else []:
                path = (
                    o
                    if isinstance(o, str)
                    else next(iter(o), None)
                    if isinstance(o, dict)
                    else None
                )
                if not isinstance(path, str):
                    continue
                n = _line(text, re.escape(path)) or 1
                if PurePosixPath(path).suffix.lower() in WEIGHT_SUFFIXES:
                    self.add(
                        "developer_seen", f"a DVC pipeline writes model weights ({path})", rel, n
                    )
                else:
                    self.add("custodian_seen", f"a DVC pipeline writes {path}", rel, n, path=path)

    def packaging(self, rel: str, lower: str) -> None:
        if "/" in rel:
            return  # a sub-package of a larger repository: not what the repository is
        text = _text(self.data(rel))
        if lower == "pyproject.toml":
            n = _line(text, r"^\[build-system\]")
            if not n:
                return
        else:
            n = 1
        self.add("library_seen", f"a distributable Python package ({rel})", rel, n)


def _magic(line: str) -> bool:
    return line.lstrip().startswith(("%", "!"))


def _normal(script: str) -> str:
    """The script's path in the repository, as written (run from the top, as CI and most
    Dockerfiles do), without `./`."""
    path = script.removeprefix("./")
    return str(PurePosixPath(path)).lstrip("/")


def _deploys(line: str) -> bool:
    """A CI command that deploys a service: `<tool> deploy` (`fly deploy`, `gcloud run
    deploy`, `npm run deploy`...), `kubectl apply`, `helm upgrade|install`. Not a step's
    name, an echo, or documentation (`mkdocs gh-deploy`, Pages)."""
    words = line.strip().removeprefix("-").strip().removeprefix("run:").strip(" |>").split()
    if not words or words[0].endswith(":") or words[0] in ("echo", "printf", "#"):
        return False
    if re.search(r"docs|pages|mkdocs|sphinx|storybook", line, re.I):
        return False
    head = words[:5]
    return (
        "deploy" in head
        or (words[0] == "kubectl" and "apply" in head)
        or (words[0] == "helm" and bool({"upgrade", "install"} & set(head)))
    )


def _fine_tuning_config(doc: dict[str, Any]) -> bool:
    axolotl = "base_model" in doc and (
        "datasets" in doc and bool({"micro_batch_size", "num_epochs", "adapter"} & set(doc))
    )
    factory = "finetuning_type" in doc and doc.get("stage") in (
        "pt",
        "sft",
        "rm",
        "ppo",
        "dpo",
        "kto",
    )
    return axolotl or factory


def _text(data: bytes | None) -> str:
    return data.decode("utf-8", "replace") if data is not None else ""


def _line(text: str, pattern: str) -> int:
    match = re.search(pattern, text, re.MULTILINE | re.IGNORECASE)
    return text.count("\n", 0, match.start()) + 1 if match else 0
