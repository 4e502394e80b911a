"""Where the code shows a person overseeing the system: an agent framework's human-in-the-loop
step (LangGraph `interrupt`, `interrupt_before=`; LangChain's human approval callback and
human input tool; CrewAI `human_input=True`; AutoGen `human_input_mode=`), a UI button that
approves or rejects, or a function whose name says it approves, reviews, overrides or stops.
Read structurally (Python AST), for `init` to write a `human_oversight` stub the user
completes: what was found is a hint, never a mechanism the gate counts (init_prefill.py).
Code under tests, docs and examples does not count, as for undeclared assets."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .model import Where

_MAX = 2_000_000  # a bigger "Python file" is data
_MAX_FOUND = 5
# bytes one of the signals needs: files without any are not parsed
_HINTS = (b"interrupt", b"human", b"approv", b"review", b"override", b"kill", b"stop")
_NOT_CODE = {"tests", "test", "docs", "doc", "examples", "example", "samples"}
_CALLS = {
    "interrupt": ("approval", "LangGraph interrupt: the graph waits for a person"),
    "HumanApprovalCallbackHandler": ("approval", "LangChain human approval of tool calls"),
    "HumanInputRun": ("review", "LangChain human input tool: the agent asks a person"),
    "HumanInputChatModel": ("review", "LangChain human input model: a person answers"),
}
_KEYWORDS = {
    "interrupt_before": ("approval", "LangGraph interrupt_before: the graph stops for a person"),
    "interrupt_after": ("review", "LangGraph interrupt_after: a person checks a step"),
}
# function names that say a person approves, reviews, overrides or stops (not review_count)
_FUNCTIONS = (
    (
        re.compile(r"^approve(?:_|$)|(?:^|_)(?:needs|require|request|ask_for|human)_approval$"),
        "approval",
    ),
    (
        re.compile(r"(?:^|_)human_in_the_loop(?:_|$)|(?:^|_)approval_(?:gate|queue|step)$"),
        "approval",
    ),
    (re.compile(r"(?:^|_)(?:human|manual|request|send_to|queue_for)_review(?:_|$)"), "review"),
    (
        re.compile(r"(?:^|_)(?:human|manual)_override(?:_|$)|^override_(?:output|answer|reply)"),
        "override",
    ),
    (re.compile(r"(?:^|_)(?:kill_?switch|emergency_stop)(?:_|$)"), "stop"),
)
_BUTTON = re.compile(r"^\s*(approve|reject|accept|send to agent)\b", re.IGNORECASE)


@dataclass(frozen=True)
class OversightStep:
    what: str  # what the code shows, for the comment init writes
    kind: str  # the likely mechanism kind (approval, override, stop, review): a hint only
    where: Where


def find_oversight(root: Path, paths: list[str]) -> list[OversightStep]:
    out: list[OversightStep] = []
    for path in paths:
        if not path.endswith(".py") or _NOT_CODE & set(PurePosixPath(path).parts[:-1]):
            continue
        if PurePosixPath(path).name.startswith("test_"):
            continue
        source = _read(root / path)
        if source is None or not any(h in source.lower() for h in _HINTS):
            continue
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        out += _in_tree(path, tree)
        if len(out) >= _MAX_FOUND:
            break
    unique: dict[str, OversightStep] = {}
    for step in out:
        unique.setdefault(step.what, step)
    return list(unique.values())[:_MAX_FOUND]


def _in_tree(path: str, tree: ast.AST) -> list[OversightStep]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            out += _call(path, node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", node.name).lower()
            kind = next((k for r, k in _FUNCTIONS if r.search(snake)), None)
            if kind:
                noun = "class" if isinstance(node, ast.ClassDef) else "function"
                where = Where(path, node.lineno)
                out.append(OversightStep(f"{noun} {node.name}", kind, where))
    return sorted(out, key=lambda s: s.where.line)


def _call(path: str, node: ast.Call) -> list[OversightStep]:
    out = []
    name = _name(node.func)
    where = Where(path, node.lineno)
    if name in _CALLS:
        kind, what = _CALLS[name]
        out.append(OversightStep(what, kind, where))
    for kw in node.keywords:
        if kw.arg in _KEYWORDS:
            kind, what = _KEYWORDS[kw.arg]
            out.append(OversightStep(what, kind, where))
        elif kw.arg == "human_input" and _constant(kw.value) is True:
            out.append(
                OversightStep("CrewAI human_input: a person reviews the task", "review", where)
            )
        elif kw.arg == "human_input_mode" and _constant(kw.value) in ("ALWAYS", "TERMINATE"):
            what = f"AutoGen human_input_mode={_constant(kw.value)}: a person approves replies"
            out.append(OversightStep(what, "approval", where))
    if name in ("button", "Button") and node.args:
        label = _constant(node.args[0])
        if isinstance(label, str) and _BUTTON.match(label):
            out.append(OversightStep(f"a UI button {label.strip()!r}", "approval", where))
    return out


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _constant(node: ast.expr) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def _read(path: Path) -> bytes | None:
    try:
        if path.is_symlink() or path.stat().st_size > _MAX:
            return None
        return path.read_bytes()
    except OSError:
        return None
