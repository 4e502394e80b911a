"""What one Python file shows about the AI system, read with `ast` (never regexes over
code): Hugging Face downloads, hosted model API clients and the models they ask for, prompt
constants and the tools the code hands a model."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from . import providers as P
from .model import HostedModel, HubReference, Prompt, Tool, Where

# a file that contains none of these cannot hold anything we look for: skip parsing it
_TRIGGERS = (
    b"from_pretrained",
    b"hf_hub_download",
    b"snapshot_download",
    b"load_dataset",
    b"sentencetransformer",
    b"crossencoder",
    b"pipeline",
    b"openai",
    b"anthropic",
    b"genai",
    b"vertexai",
    b"boto3",
    b"ollama",
    b"mistral",
    b"cohere",
    b"groq",
    b"bedrock",
    b"xai:",
    b"grok:",
    b"deepseek",
    b"fireworks",
    b"together:",
    b"litellm",
    b"langchain",
    b"llama_index",
    b"huggingface_hub",
    b"prompt",
    b"template",
    b"tool",
    b"upload",
    b"mcp",
)
_PROMPT_CALLS = {
    "PromptTemplate",
    "ChatPromptTemplate",
    "from_template",
    "from_messages",
    "SystemMessage",
    "SystemMessagePromptTemplate",
}
_MIN_PROMPT_CHARS = 20  # a shorter string constant is a label, not a prompt
# "provider:model": a known prefix, then a model id (no spaces, starts with a letter or digit)
_PREFIXED = re.compile(r"([a-z_-]+):([A-Za-z0-9][A-Za-z0-9._/@:-]{0,127})")


@dataclass
class FileFindings:
    hub: list[HubReference] = field(default_factory=list)
    hosted: list[HostedModel] = field(default_factory=list)
    prompts: list[Prompt] = field(default_factory=list)
    tools: list[Tool] = field(default_factory=list)
    syntax_error: bool = False


def may_matter(source: bytes) -> bool:
    lowered = source.lower()
    return any(t in lowered for t in _TRIGGERS)


def analyse(path: str, source: bytes, local_dirs: frozenset[str] = frozenset()) -> FileFindings:
    """Everything `path` (its text `source`) shows; `local_dirs` are the repository's own
    directories, so that from_pretrained("models/x") is not taken for a hub id."""
    if not may_matter(source):
        return FileFindings()
    try:
        tree = ast.parse(source, filename=path)
        return _Reader(path, tree, local_dirs).read()
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        # not Python, or built to exhaust a recursive reader (a.b.c... 100,000 deep)
        return FileFindings(syntax_error=True)


class _Reader:
    def __init__(self, path: str, tree: ast.Module, local_dirs: frozenset[str]) -> None:
        self.path = path
        self.tree = tree
        self.local_dirs = local_dirs
        self.imports: dict[str, str] = {}
        self.constants: dict[str, str] = {}
        self.defaults: dict[str, str] = {}  # argparse / dataclass field defaults by name
        self.tested: dict[str, list[tuple[str, str]]] = {}  # name -> (test, literal) the code makes
        self.calls: dict[str, ast.Call] = {}  # names bound to a call's result
        self.clients: dict[str, str] = {}  # variable (raw text) -> provider of its client
        self.endpoints: dict[str, str] = {}  # variable -> the endpoint its client was given
        self.out = FileFindings()

    def read(self) -> FileFindings:
        nodes = list(ast.walk(self.tree))
        for node in nodes:
            self._learn(node)
            self._learn_test(node)
        self._learn_clients(nodes)
        for node in nodes:
            if isinstance(node, ast.Call):
                self._call(node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._function(node)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                self._maybe_prompt(node)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                self._prefixed_model(node.value, node.lineno)
        return self.out

    def _prefixed_model(self, text: str, line: int) -> None:
        """A "provider:model" string wherever it is (a call, a config dict, a dataclass)."""
        found = _PREFIXED.fullmatch(text)
        provider = P.PREFIXED_MODELS.get(found.group(1)) if found else None
        if found and provider:
            self.out.hosted.append(HostedModel(provider, found.group(2), Where(self.path, line)))

    def _learn_clients(self, nodes: list[ast.AST]) -> None:
        """Variables bound to a provider's client (`client = OpenAI(base_url=...)`)."""
        for node in nodes:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                provider = self._provider_of_call(node.value)
                if provider:
                    endpoint = self._endpoint_of(node.value)
                    for target in node.targets:
                        self.clients[_raw(target)] = provider
                        if endpoint is not None:
                            self.endpoints[_raw(target)] = endpoint

    # -- what names mean -------------------------------------------------------------------
    def _learn(self, node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.imports[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    self.imports[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                self.imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            self._learn_assign(node.targets[0], node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            self._learn_annotated(node.target, node.value)
        elif isinstance(node, ast.Call) and _last(self._dotted(node.func)) == "add_argument":
            self._argparse_default(node)

    def _learn_test(self, node: ast.AST) -> None:
        """`mode == "resume"`, `mode in ("a", "b")`, `mode.startswith("gpt2")`: what the code
        tests a name against. A name tested against a value its default cannot be is a switch
        set at run time (nanoGPT's `init_from = 'scratch'` guards `from_pretrained(init_from)`
        under `init_from.startswith('gpt2')`), so its default is not what a call receives."""
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            key, other = _name_key(node.left), node.comparators[0]
            if key is None:
                key, other = _name_key(other), node.left
            if key is None:
                return
            if isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
                literals = [_str_value(other)]
            elif isinstance(node.ops[0], (ast.In, ast.NotIn)) and isinstance(
                other, (ast.Tuple, ast.List, ast.Set)
            ):
                literals = [_str_value(e) for e in other.elts]
            else:
                return
            self.tested.setdefault(key, []).extend(("==", t) for t in literals if t is not None)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            key, test = _name_key(node.func.value), node.func.attr
            prefix = _str_value(node.args[0])
            if key is not None and prefix is not None and test in ("startswith", "endswith"):
                self.tested.setdefault(key, []).append((test, prefix))

    def _switched(self, key: str, value: str) -> bool:
        for test, literal in self.tested.get(key, ()):
            if test == "==" and literal != value:
                return True
            if test == "startswith" and not value.startswith(literal):
                return True
            if test == "endswith" and not value.endswith(literal):
                return True
        return False

    def _learn_assign(self, target: ast.expr, value: ast.expr) -> None:
        if not isinstance(target, ast.Name):
            return
        text = _str_value(value)
        if text is not None:
            self.constants.setdefault(target.id, text)
        elif isinstance(value, ast.Call):
            self.calls.setdefault(target.id, value)  # MODEL = os.getenv("M", "x")

    def _learn_annotated(self, target: ast.Name, value: ast.expr | None) -> None:
        text = _str_value(value)
        if text is not None:
            self.constants.setdefault(target.id, text)
            self.defaults.setdefault(target.id, text)
        elif isinstance(value, ast.Call) and _last(self._dotted(value.func)) == "field":
            default = _str_value(_kwarg(value, "default"))
            if default is not None:
                self.defaults.setdefault(target.id, default)

    def _argparse_default(self, call: ast.Call) -> None:
        default = _str_value(_kwarg(call, "default"))
        if default is None:
            return
        name = _str_value(_kwarg(call, "dest"))
        if name is None:
            texts = [_str_value(a) for a in call.args]
            flags = [t for t in texts if t is not None and t.startswith("--")]
            if not flags:
                return
            name = flags[0].lstrip("-").replace("-", "_")
        self.defaults.setdefault(name, default)

    def _dotted(self, expr: ast.AST) -> str:
        """The imported name an expression stands for: `OpenAI` -> openai.OpenAI."""
        if isinstance(expr, ast.Name):
            return self.imports.get(expr.id, expr.id)
        if isinstance(expr, ast.Attribute):
            return f"{self._dotted(expr.value)}.{expr.attr}"
        if isinstance(expr, ast.Call):
            return self._dotted(expr.func) + "()"
        return ""

    def _value(self, expr: ast.AST | None) -> str | None:
        """A string the expression certainly holds by default, or None."""
        if expr is None:
            return None
        text = _str_value(expr)
        if text is not None:
            return text
        if isinstance(expr, ast.Name):
            known = self.constants.get(expr.id) or self.defaults.get(expr.id)
            call = self.calls.get(expr.id)  # a Call, never this Name: no self-reference
            if known is None and call is not None:
                known = self._env_default(call)
            return None if known is None or self._switched(expr.id, known) else known
        if isinstance(expr, ast.Attribute):
            known = self.defaults.get(expr.attr)
            return None if known is None or self._switched(expr.attr, known) else known
        if isinstance(expr, ast.Call):
            return self._env_default(expr)
        return None

    def _env_default(self, expr: ast.Call) -> str | None:
        """os.getenv("NAME", "default") and friends: the default."""
        name = self._dotted(expr.func)
        if name not in ("os.getenv", "getenv") and not name.endswith(("environ.get", "setdefault")):
            return None
        if len(expr.args) >= 2 and _is_str(expr.args[1]):
            return _str_value(expr.args[1])
        return _str_value(_kwarg(expr, "default"))

    # -- calls -----------------------------------------------------------------------------
    def _provider_of_call(self, call: ast.Call) -> str | None:
        name = self._dotted(call.func)
        last = _last(name)
        if last == "client" and call.args and self._value(call.args[0]) in P.BEDROCK_SERVICES:
            return "bedrock"
        if last in P.NAME_PROVIDERS:
            return P.NAME_PROVIDERS[last]
        best = ""
        for prefix in P.MODULE_PROVIDERS:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > len(best):
                best = prefix
        return P.MODULE_PROVIDERS[best] if best else None

    def _bound_provider(self, func: ast.AST) -> str | None:
        key = self._bound_key(func)
        return self.clients[key] if key is not None else None

    def _bound_key(self, func: ast.AST) -> str | None:
        node = func
        while isinstance(node, ast.Attribute):
            node = node.value
            key = _raw(node)
            if key in self.clients:
                return key
        return None

    def _endpoint_of(self, call: ast.Call) -> str | None:
        """The endpoint a client constructor is pointed at: its URL when the code says it,
        "" when it is set but not knowable here (an environment variable), None when the
        client keeps the provider's default."""
        for key in P.ENDPOINT_KWARGS:
            expr = _kwarg(call, key)
            if expr is not None:
                return self._value(expr) or ""
        return None

    def _call(self, call: ast.Call) -> None:
        name = self._dotted(call.func)
        last = _last(name)
        where = Where(self.path, call.lineno)
        if last in P.HUB_CALLS:
            self._hub(call, name, last, where)
        direct = self._provider_of_call(call)
        provider = direct or self._bound_provider(call.func)
        if provider:
            model = self._model_of(call, last)
            is_client = direct is not None and last[:1].isupper()
            if model is not None or is_client or direct == "ollama":
                if direct is not None:
                    endpoint = self._endpoint_of(call)
                else:
                    endpoint = self.endpoints.get(self._bound_key(call.func) or "")
                self.out.hosted.append(HostedModel(provider, model, where, endpoint))
        tool = P.TOOL_NAMES.get(last)
        if tool and (last != "file_uploader" or isinstance(call.func, ast.Attribute)):
            self.out.tools.append(Tool(tool[0], tool[1], tool[2], where))
        elif name in ("gradio.File", "gradio.Files"):
            ups = P.TOOL_NAMES["file_uploader"]
            self.out.tools.append(Tool(ups[0], ups[1], ups[2], where))
        tools = _kwarg(call, "tools")
        if isinstance(tools, (ast.List, ast.Tuple)):
            for item in tools.elts:
                if isinstance(item, ast.Dict):
                    self._tool_dict(item)

    def _model_of(self, call: ast.Call, last: str) -> str | None:
        for key in P.MODEL_KWARGS:
            found = self._value(_kwarg(call, key))
            if found:
                return found
        if last in P.MODEL_POSITIONAL and call.args:
            return self._value(call.args[0])
        return None

    def _hub(self, call: ast.Call, name: str, last: str, where: Where) -> None:
        if last == "pipeline" and not name.startswith("transformers"):
            return  # sklearn and others have a pipeline() too
        kind, keyword = P.HUB_CALLS[last]
        expr = _kwarg(call, keyword)
        if expr is None and last != "pipeline" and call.args:
            expr = call.args[0]
        repo_id = self._value(expr)
        if not repo_id or not self._hub_id(repo_id, kind):
            return
        if kind == "model" and self._value(_kwarg(call, "repo_type")) == "dataset":
            kind = "dataset"
        revision = self._value(_kwarg(call, "revision"))
        self.out.hub.append(HubReference(kind, repo_id, revision, last, where))

    def _hub_id(self, text: str, kind: str) -> bool:
        if kind == "dataset" and text.lower() in P.DATASET_BUILDERS:
            return False
        if text.startswith((".", "/", "~")) or text.rstrip("/") in self.local_dirs:
            return False
        parts = text.split("/")
        if len(parts) > 2 or not all(parts):
            return False
        return all(ch.isalnum() or ch in "-_." for part in parts for ch in part)

    def _tool_dict(self, node: ast.Dict) -> None:
        entries = _dict_entries(node)
        where = Where(self.path, node.lineno)
        kind = self._value(entries.get("type"))
        if kind == "function" and isinstance(entries.get("function"), ast.Dict):
            names = _dict_entries(entries["function"])  # type: ignore[arg-type]
            fname = self._value(names.get("name"))
            if fname:
                self.out.tools.append(Tool(fname, "tool", "a function the model may call", where))
            return
        if kind:
            for prefix, (tname, tkind, what) in P.BUILTIN_TOOL_TYPES.items():
                if kind.startswith(prefix):
                    self.out.tools.append(Tool(tname, tkind, what, where))
                    return
        fname = self._value(entries.get("name"))
        if fname and ("input_schema" in entries or "parameters" in entries):
            self.out.tools.append(Tool(fname, "tool", "a function the model may call", where))

    # -- definitions -----------------------------------------------------------------------
    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for deco in node.decorator_list:
            target = deco.func if isinstance(deco, ast.Call) else deco
            if _last(self._dotted(target)) in P.TOOL_DECORATORS:
                self.out.tools.append(
                    Tool(
                        node.name,
                        "tool",
                        "a function the model may call",
                        Where(self.path, deco.lineno),
                    )
                )
                break
        args = node.args
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
            ann = arg.annotation
            if ann is not None and _last(self._dotted(ann)) in P.UPLOAD_ANNOTATIONS:
                ups = P.TOOL_NAMES["file_uploader"]
                self.out.tools.append(Tool(ups[0], ups[1], ups[2], Where(self.path, arg.lineno)))

    def _maybe_prompt(self, node: ast.Assign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if not names or node.value is None:
            return
        name = names[0]
        lowered = name.lower()
        if "prompt" not in lowered and not (name.isupper() and "TEMPLATE" in name):
            return
        value = node.value
        is_prompt = (
            (_is_str(value) and len(value.value) >= _MIN_PROMPT_CHARS)  # type: ignore[attr-defined]
            or isinstance(value, ast.JoinedStr)
            or (isinstance(value, ast.Call) and _last(self._dotted(value.func)) in _PROMPT_CALLS)
        )
        if is_prompt:
            self.out.prompts.append(Prompt(self.path, name, Where(self.path, node.lineno)))


def _name_key(node: ast.AST) -> str | None:
    """The key `_value` reads a name under: `x` -> x, `args.x` -> x."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _str_value(node: ast.AST | None) -> str | None:
    """The text of a string literal; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _dict_entries(node: ast.Dict) -> dict[str, ast.expr]:
    """The entries of a dict literal whose keys are string constants."""
    out: dict[str, ast.expr] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if key is not None and isinstance(key, ast.Constant) and isinstance(key.value, str):
            out[key.value] = value
    return out


def _kwarg(call: ast.Call, name: str) -> ast.AST | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def _last(dotted: str) -> str:
    return dotted.rsplit(".", 1)[-1].removesuffix("()")


def _raw(expr: ast.AST) -> str:
    """The text of a name or attribute chain (`self.client`), for matching bindings."""
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return f"{_raw(expr.value)}.{expr.attr}"
    return ""
