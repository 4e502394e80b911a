"""What one Python source shows about the roles its organisation plays (observed_roles.py
walks the repository): training or fine-tuning a model (developer), a service that runs for
users (system operator), datasets written or published (data custodian).

Read with `ast`, never run and never matched as text: a comment or a string saying "we train
a model" is not training code. Each signal is one a careful reviewer would accept on its own;
ambiguous calls count only in company (`.fit()` on a scaler is not training: a fitted
estimator must also be saved; `.step()` only beside `.backward()`).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

# a file parsed only when it holds one of these together (each signal below needs all the
# words of one group): most files of an ML repository are not parsed at all
HINTS = (
    (b"backward", b"step"),
    (b"Trainer", b".train("),
    (b"Trainer", b".fit("),
    (b"compile", b".fit("),
    (b".fit(", b"dump("),
    (b".fit(", b"save_model"),
    (b".fit(", b"log_model"),
    (b"YOLO", b".train("),
    (b"RTDETR", b".train("),
    (b"get_peft_model",),
    (b"prepare_model_for_kbit_training",),
    (b"apply_updates",),
    (b"save_pretrained",),
    (b"torch.save",),
    (b"log_model",),
    (b"register_model",),
    (b"create_model_version",),
    (b"fine_tuning",),
    (b"FineTuningJob",),
    (b"model_customization",),
    (b"sft.train",),
    (b"fastapi",),
    (b"flask",),
    (b"starlette",),
    (b"litestar",),
    (b"quart",),
    (b"sanic",),
    (b"gradio",),
    (b"streamlit",),
    (b"chainlit",),
    (b"uvicorn",),
    (b"push_to_hub",),
    (b"repo_type",),
    (b"save_to_disk",),
    (b"read_", b"to_parquet"),
    (b"read_", b"to_csv"),
    (b"read_", b"to_json"),
    (b"read_", b"write_table"),
    (b"load_dataset", b"to_parquet"),
    (b"load_dataset", b"to_csv"),
    (b"load_dataset", b"to_json"),
    (b"load_dataset", b"write_table"),
)
_FIRST = re.compile(b"|".join(re.escape(w) for w in sorted({g[0] for g in HINTS})))
# packages whose import shows the code works with a model (a web app that imports none of
# them, in a repository where none does, serves no AI system)
AI_MODULES = {
    "torch",
    "tensorflow",
    "keras",
    "jax",
    "flax",
    "transformers",
    "peft",
    "trl",
    "diffusers",
    "sentence_transformers",
    "sklearn",
    "xgboost",
    "lightgbm",
    "catboost",
    "onnxruntime",
    "vllm",
    "llama_cpp",
    "ctransformers",
    "ollama",
    "openai",
    "anthropic",
    "mistralai",
    "cohere",
    "groq",
    "together",
    "replicate",
    "litellm",
    "langchain",
    "langchain_core",
    "langchain_community",
    "langchain_openai",
    "langchain_anthropic",
    "langgraph",
    "llama_index",
    "haystack",
    "dspy",
    "vertexai",
    "google.generativeai",
    "google.genai",
    "ultralytics",
    "timm",
    "spacy",
    "mlflow",
    "huggingface_hub",
    "instructor",
    "pydantic_ai",
    "smolagents",
    "autogen",
    "crewai",
}
# classes fitted in preprocessing: fitting one trains no model
_NOT_ESTIMATORS = (
    "Scaler",
    "Encoder",
    "Imputer",
    "Vectorizer",
    "Transformer",
    "Binarizer",
    "Normalizer",
    "Discretizer",
    "Selector",
    "PCA",
    "SVD",
    "Tokenizer",
    "Splitter",
    "KFold",
)
_PREPROCESSING = (
    "sklearn.preprocessing",
    "sklearn.impute",
    "sklearn.feature_extraction",
    "sklearn.feature_selection",
    "sklearn.decomposition",
)
_ESTIMATOR_PACKAGES = ("sklearn", "xgboost", "lightgbm", "catboost")
_SAVES = {"joblib.dump", "pickle.dump", "skops.io.dump", "cloudpickle.dump", "dill.dump"}
# web frameworks whose app object, made when the module loads, is a service entry point
_APPS = {
    "fastapi.FastAPI": "a FastAPI app",
    "flask.Flask": "a Flask app",
    "starlette.applications.Starlette": "a Starlette app",
    "litestar.Litestar": "a Litestar app",
    "quart.Quart": "a Quart app",
    "sanic.Sanic": "a Sanic app",
    "gradio.Blocks": "a Gradio app",
    "gradio.Interface": "a Gradio app",
    "gradio.ChatInterface": "a Gradio app",
    "gradio.TabbedInterface": "a Gradio app",
}
_WEB = {m.split(".")[0] for m in _APPS} | {"streamlit", "uvicorn", "chainlit"}
_READERS = {"load_dataset", "read_csv", "read_parquet", "read_json", "read_sql", "read_table"}
_WRITERS = {"save_to_disk", "to_parquet", "write_table", "to_json", "to_csv"}
# written files that are results, not datasets
_NOT_DATA = ("result", "metric", "score", "report", "pred", "eval", "submission", "output", "log")
# a dataset the code produces is one it names (a library writes where its caller says)
_DATA_FILE = re.compile(r"\.(csv|tsv|parquet|jsonl|arrow|feather)(\.gz|\.zst)?$|^data", re.I)
_SAVE_SKIP = ("tokenizer", "processor", "config", "feature_extractor", "self", "cls")


@dataclass
class RoleFindings:
    developer: list[tuple[str, int]] = field(default_factory=list)  # (what, line)
    operator: list[tuple[str, int]] = field(default_factory=list)
    custodian: list[tuple[str, int, str]] = field(default_factory=list)  # (what, line, path)
    uses_model: bool = False  # imports a package that works with a model


_AI_IMPORT = re.compile(
    rb"^[ \t]*(?:from|import)[ \t]+("
    + b"|".join(re.escape(m.encode()) for m in sorted(AI_MODULES))
    + rb")\b",
    re.MULTILINE,
)


def read(source: bytes, model_known: bool = False) -> RoleFindings:
    """`model_known`: another file already shows the code uses a model (only the first one
    is kept), so an unparsed file's imports need no search."""
    if not _FIRST.search(source) or not any(all(w in source for w in g) for g in HINTS):
        # most files: not parsed; an import line is enough to say the code uses a model
        return RoleFindings(uses_model=not model_known and _AI_IMPORT.search(source) is not None)
    try:
        tree = ast.parse(source)
        return _Reader(tree).read()
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return RoleFindings()  # not Python, or built to exhaust a recursive reader


class _Reader:
    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.imports: dict[str, str] = {}  # local name -> dotted origin
        # variable (raw text) -> dotted names of the calls bound to it, in any scope (`clf`
        # may be a classifier in one function and what `train()` returns in another)
        self.bound: dict[str, list[str]] = {}
        self.compiled: set[str] = set()  # receivers of `.compile()` (Keras)
        self.names: dict[int, str] = {}  # id(expression) -> its dotted name (the tree is kept)
        self.out = RoleFindings()

    def read(self) -> RoleFindings:
        nodes = list(ast.walk(self.tree))
        for node in nodes:
            self._learn(node)
        self.out.uses_model = any(_root_in(m, AI_MODULES) for m in self.imports.values())
        calls = [n for n in nodes if isinstance(n, ast.Call)]
        self.compiled = {
            _raw(c.func.value)
            for c in calls
            if isinstance(c.func, ast.Attribute) and c.func.attr == "compile"
        }
        self._training(calls)
        self._estimators(calls)
        self._saves(calls)
        self._service(calls)
        self._data(calls)
        return self.out

    # -- names -------------------------------------------------------------------------------
    def _learn(self, node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.imports[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                self.imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            for target in node.targets:
                self.bound.setdefault(_raw(target), []).append(self._dotted(node.value.func))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if isinstance(item.context_expr, ast.Call) and item.optional_vars is not None:
                    made = self._dotted(item.context_expr.func)
                    self.bound.setdefault(_raw(item.optional_vars), []).append(made)

    def _dotted(self, expr: ast.AST) -> str:
        """`st.write` -> `streamlit.write` through the imports; calls as written otherwise."""
        known = self.names.get(id(expr))
        if known is None:
            known = self.names[id(expr)] = self._resolve(expr)
        return known

    def _resolve(self, expr: ast.AST) -> str:
        parts: list[str] = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        if isinstance(expr, ast.Call):  # Foo().bar: the bar of what Foo() makes
            return self._dotted(expr.func) + "()." + ".".join(reversed(parts))
        if not isinstance(expr, ast.Name):
            return ".".join(reversed(parts))
        head = self.imports.get(expr.id, expr.id)
        return ".".join([head, *reversed(parts)])

    def _made_by(self, receiver: ast.AST) -> list[str]:
        """The dotted names of the calls that made `receiver` (`trainer = SFTTrainer(...)`)."""
        if isinstance(receiver, ast.Call):
            return [self._dotted(receiver.func)]
        return self.bound.get(_raw(receiver), [])

    # -- developer ---------------------------------------------------------------------------
    def _training(self, calls: list[ast.Call]) -> None:
        backward = [c for c in calls if _method(c) == "backward"]
        steps = [c for c in calls if _method(c) == "step" and self._optimizer(c)]
        if backward and steps:
            self._dev("a training loop (`.backward()` and an optimizer's `.step()`)", backward[0])
        for c in calls:
            name = _method(c)
            makers = self._made_by(c.func.value) if isinstance(c.func, ast.Attribute) else []
            trainer = next((m for m in makers if _trainer(m, name)), None)
            if trainer is not None:
                self._dev(f"training with {trainer.rsplit('.', 1)[-1]}.{name}()", c)
            elif name == "fit" and self._keras(c):
                self._dev("a Keras model trained (`.compile()` then `.fit()`)", c)
            elif self._dotted(c.func).rsplit(".", 1)[-1] in (
                "get_peft_model",
                "prepare_model_for_kbit_training",
            ):
                self._dev("PEFT adapters added for fine-tuning (get_peft_model)", c)
            elif self._dotted(c.func) == "optax.apply_updates":
                self._dev("a training step (optax.apply_updates)", c)

    def _optimizer(self, call: ast.Call) -> bool:
        """`optimizer.step()`, or a gradient scaler's `scaler.step(optimizer)`."""
        assert isinstance(call.func, ast.Attribute)
        receiver = call.func.value
        return (
            "optim" in _raw(receiver).lower()
            or any(m.startswith(("torch.optim", "optax")) for m in self._made_by(receiver))
            or any("optim" in _raw(a).lower() for a in call.args[:1])
        )

    def _keras(self, call: ast.Call) -> bool:
        if not isinstance(call.func, ast.Attribute):
            return False
        if not any(_root_in(m, {"tensorflow", "keras", "tf_keras"}) for m in self.imports.values()):
            return False
        return _raw(call.func.value) in self.compiled

    def _estimators(self, calls: list[ast.Call]) -> None:
        """A classical model fitted and saved: `.fit()` on an estimator of sklearn, XGBoost,
        LightGBM or CatBoost (not a scaler or encoder), in a file that saves a model."""
        saved = any(self._saves_model(c) for c in calls)
        if not saved:
            return
        for c in calls:
            if _method(c) != "fit" or not isinstance(c.func, ast.Attribute):
                continue
            for made in self._made_by(c.func.value):
                last = made.rsplit(".", 1)[-1]
                if (
                    _root_in(made, set(_ESTIMATOR_PACKAGES))
                    and not made.startswith(_PREPROCESSING)
                    and not any(w in last for w in _NOT_ESTIMATORS)
                ):
                    article = "an" if last[:1] in "AEIOU" else "a"
                    self._dev(f"{article} {last} fitted and saved", c)
                    return

    def _saves_model(self, call: ast.Call) -> bool:
        dotted = self._dotted(call.func)
        return (
            dotted in _SAVES
            or _method(call) == "save_model"
            or (dotted.startswith("mlflow.") and dotted.endswith(".log_model"))
        )

    def _saves(self, calls: list[ast.Call]) -> None:
        """Weights produced here: saved from a model object, logged or registered in MLflow."""
        for c in calls:
            dotted = self._dotted(c.func)
            receiver = _raw(c.func.value).lower() if isinstance(c.func, ast.Attribute) else ""
            if dotted.startswith("mlflow.") and dotted.endswith((".log_model", ".register_model")):
                self._dev(f"a model logged to MLflow ({dotted.removeprefix('mlflow.')}())", c)
            elif _method(c) == "create_model_version" and "mlflow" in self.imports.values():
                self._dev("a model version registered in MLflow", c)
            elif _method(c) == "save_pretrained" and not any(w in receiver for w in _SAVE_SKIP):
                self._dev("model weights saved (save_pretrained)", c)
            elif dotted == "torch.save" and c.args and "state_dict" in _raw(c.args[0]):
                self._dev("model weights saved (torch.save of a state_dict)", c)
            elif _hosted_tuning(dotted, _method(c)):
                self._dev(f"a fine-tuning job at a hosted provider ({_short(c.func)}())", c)

    def _dev(self, what: str, node: ast.AST) -> None:
        self.out.developer.append((what, getattr(node, "lineno", 1)))

    # -- system operator ---------------------------------------------------------------------
    def _service(self, calls: list[ast.Call]) -> None:
        """An app object made when the module loads (a library builds apps inside functions,
        for others to run), a Streamlit script, a Gradio app launched, Chainlit handlers,
        `uvicorn.run` at the top."""
        if not any(_root_in(m, _WEB) for m in self.imports.values()):
            return  # most files: no web framework imported
        for c in calls:
            dotted = self._dotted(c.func)
            if dotted.startswith("streamlit.") or (
                _method(c) == "launch" and "gradio" in self.imports.values()
            ):
                app = "a Streamlit app" if dotted.startswith("streamlit.") else "a Gradio app"
                self.out.operator.append((f"{app} ({_short(c.func)}())", c.lineno))
                return
        found = self._module_level()
        if found:
            self.out.operator.append(found)

    def _module_level(self) -> tuple[str, int] | None:
        """What the module's own statements start: an app, an app factory's app, uvicorn,
        Chainlit handlers."""
        factories = self._factories()
        for node in _top_level(self.tree):
            for call in (n for n in _shallow(node) if isinstance(n, ast.Call)):
                dotted = self._dotted(call.func)
                if dotted in _APPS:
                    return f"{_APPS[dotted]} ({dotted}())", call.lineno
                if dotted in factories and node in self.tree.body:
                    return (
                        f"{factories[dotted]} made when the module loads ({dotted}())",
                        call.lineno,
                    )
                if dotted == "uvicorn.run":
                    return "a web service started with uvicorn.run()", call.lineno
            for d in getattr(node, "decorator_list", []):
                if self._dotted(d.func if isinstance(d, ast.Call) else d).startswith("chainlit."):
                    return "a Chainlit app", d.lineno
        return None

    def _factories(self) -> dict[str, str]:
        """Functions of this module that make an app (`def create_app(): return FastAPI()`):
        called when the module loads (`app = create_app()`, for a server to import), the
        module serves it all the same. Not a `main()` under `__main__`: a command-line entry
        point a library gives its users."""
        out = {}
        for node in self.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for n in ast.walk(node):
                    if isinstance(n, ast.Call) and self._dotted(n.func) in _APPS:
                        out[node.name] = _APPS[self._dotted(n.func)]
                        break
        return out

    # -- data custodian ----------------------------------------------------------------------
    def _data(self, calls: list[ast.Call]) -> None:
        datasets_lib = any(_root_in(m, {"datasets"}) for m in self.imports.values())
        reads = any(self._dotted(c.func).rsplit(".", 1)[-1] in _READERS for c in calls)
        for c in calls:
            name = _method(c) or self._dotted(c.func).rsplit(".", 1)[-1]
            receiver = _raw(c.func.value).lower() if isinstance(c.func, ast.Attribute) else ""
            target = _first_text(c)
            if name == "push_to_hub" and datasets_lib and not _modelish(receiver):
                self.out.custodian.append(("a dataset published (push_to_hub)", c.lineno, ""))
            elif _string_kwarg(c, "repo_type") == "dataset":
                self.out.custodian.append((f"a dataset repository written ({name})", c.lineno, ""))
            elif name == "save_to_disk" and datasets_lib:
                self.out.custodian.append(("a dataset written (save_to_disk)", c.lineno, target))
            elif (
                name in _WRITERS
                and reads
                and _DATA_FILE.search(target)
                and not any(w in target.lower() for w in _NOT_DATA)
                and (name != "to_json" or _kwarg_true(c, "lines"))
            ):
                self.out.custodian.append(
                    (f"a data preparation step that writes a dataset ({name})", c.lineno, target)
                )


def _trainer(made: str, method: str) -> bool:
    """`.train()`/`.fit()` on a `*Trainer`, `.train()` on an Ultralytics model."""
    last = made.rsplit(".", 1)[-1]
    return (method in ("train", "fit") and last.endswith("Trainer")) or (
        method == "train" and made.startswith("ultralytics.")
    )


def _hosted_tuning(dotted: str, method: str) -> bool:
    """A provider fine-tunes a model for this organisation: OpenAI (and compatible)
    `fine_tuning.jobs.create`, Amazon Bedrock model customisation, Vertex AI `sft.train`."""
    return (
        dotted.endswith("fine_tuning.jobs.create")
        or dotted.endswith("FineTuningJob.create")
        or method in ("create_model_customization_job", "create_fine_tuning_job")
        or dotted.endswith("tuning.sft.train")
    )


def _top_level(tree: ast.Module) -> list[ast.stmt]:
    """The module's own statements, with those under `if __name__ == "__main__":`."""
    out: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, ast.If) and "__name__" in _raw(node.test):
            out += node.body
        else:
            out.append(node)
    return out


def _shallow(node: ast.AST) -> list[ast.AST]:
    """`node` and what it holds, but not the bodies of functions and classes it defines:
    what runs when the module loads."""
    out: list[ast.AST] = []
    todo = [node]
    while todo:
        n = todo.pop()
        out.append(n)
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            todo += list(ast.iter_child_nodes(n))
    return out


def _short(func: ast.AST) -> str:
    """`st.write`, `demo.launch`: the callee without the arguments of any call before it."""
    if isinstance(func, ast.Attribute):
        inner = func.value
        while isinstance(inner, (ast.Attribute, ast.Call)):
            inner = inner.func if isinstance(inner, ast.Call) else inner.value
        head = inner.id if isinstance(inner, ast.Name) else "..."
        return (
            f"{head}...{func.attr}"
            if not isinstance(func.value, ast.Name)
            else f"{head}.{func.attr}"
        )
    return _raw(func)[:40]


def _method(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else ""


def _root_in(dotted: str, modules: set[str]) -> bool:
    parts = dotted.split(".")
    return parts[0] in modules or ".".join(parts[:2]) in modules


def _modelish(receiver: str) -> bool:
    return any(w in receiver for w in ("model", "tokenizer", "trainer", "pipe", "processor"))


def _first_text(call: ast.Call) -> str:
    for arg in (*call.args, *(k.value for k in call.keywords if k.arg in ("path", "where"))):
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
        if isinstance(arg, ast.JoinedStr):
            return "".join(
                v.value
                for v in arg.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
    return ""


def _string_kwarg(call: ast.Call, name: str) -> str | None:
    for k in call.keywords:
        if k.arg == name and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str):
            return k.value.value
    return None


def _kwarg_true(call: ast.Call, name: str) -> bool:
    return any(
        k.arg == name and isinstance(k.value, ast.Constant) and k.value.value is True
        for k in call.keywords
    )


def _raw(expr: ast.AST) -> str:
    """The source text of `expr`; names and attribute chains (most receivers) without the
    cost of unparsing."""
    parts: list[str] = []
    node = expr
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    try:
        return ast.unparse(expr)
    except (ValueError, RecursionError):  # pragma: no cover (a tree ast.parse made)
        return ""
