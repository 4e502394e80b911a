"""Is a cited `test:` a test of this repository's code? A human-oversight mechanism (5.1.4-1,
5.1.4-3) and a custodian's required control (5.1.4-4) name the test that shows they work; an
existing file is not enough (`test: README.md` or an empty `tests/__init__.py` showed
nothing). Read structurally, never run:
- Python: it parses, defines a test function that checks something (an `assert` of more
  than a constant, `pytest.raises`, `self.assert...`), and imports a module of this
  repository (Python code up to three folders down, outside test folders; a relative
  import), so it exercises the code;
- JavaScript/TypeScript: a `test(`/`it(` with an `expect`/`assert`, importing a relative path;
- Go (`func TestX(t *testing.T)`), Java/Kotlin (`@Test`), Rust (`#[test]`): a test function;
- a directory: at least one such file in it (two levels, bounded).
Anything else is reported with what is missing. Files are read once, bounded, never through a
link; the collect stage already checked each path is a file inside the repository."""

from __future__ import annotations

import ast
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_MAX = 2_000_000
_DIR_ENTRIES = 200
# importing these exercises no code of the system: test helpers, not what is tested
_NOT_CODE = {"conftest", "tests", "test", "testing"}
_SKIP_DIRS = {"node_modules", "venv", "site-packages", "__pycache__", "build", "dist"}
_WALK_LIMIT = 20_000
_JS = (".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs")
_JS_TEST = re.compile(r"\b(?:it|test)\s*\(")
_JS_CHECK = re.compile(r"\b(?:expect|assert)\b")
_JS_LOCAL = re.compile(r"""(?:from\s+|require\s*\(\s*|import\s*\(\s*)['"]\.\.?/""")
_OTHER = {
    ".go": re.compile(r"\bfunc\s+Test\w*\s*\(\s*\w+\s+\*testing\.T\s*\)"),
    ".java": re.compile(r"@Test\b"),
    ".kt": re.compile(r"@Test\b"),
    ".rs": re.compile(r"#\[(?:\w+::)?test\]"),
}


def cited_tests(manifest: dict[str, Any]) -> Iterator[str]:
    """The `test:` paths of oversight mechanisms and required controls."""
    oversight = manifest.get("human_oversight")
    mechanisms = oversight.get("mechanisms") if isinstance(oversight, dict) else None
    for m in mechanisms if isinstance(mechanisms, list) else []:
        if isinstance(m, dict) and isinstance(m.get("test"), str):
            yield m["test"]
    datasets = manifest.get("datasets")
    for d in datasets if isinstance(datasets, list) else []:
        controls = d.get("required_controls") if isinstance(d, dict) else None
        for c in controls if isinstance(controls, list) else []:
            if isinstance(c, dict) and isinstance(c.get("test"), str):
                yield c["test"]


def test_files(root: Path, manifest: dict[str, Any], evidence: dict[str, Any]) -> dict[str, str]:
    """cited test path -> "" when it is a test of this repository's code, else what is
    missing. Paths that do not exist are left out: the evidence checks report those."""
    files = evidence.get("files") or {}
    out: dict[str, str] = {}
    refs = [r for r in cited_tests(manifest) if _usable(files.get(r))]
    if not refs:
        return out
    modules = repository_modules(root)
    for ref in refs:
        out.setdefault(ref, problem(root / ref, modules))
    return out


def _usable(fact: Any) -> bool:
    return isinstance(fact, dict) and bool(fact.get("exists") and fact.get("inside_repository"))


def repository_modules(root: Path) -> frozenset[str]:
    """The names a test can import this repository's code by: packages and modules up to
    three levels down (a test may put `pipelines/` on sys.path), never test helpers, virtual
    environments or links; bounded."""
    names: set[str] = set()
    seen = 0
    for current, dirs, files in os.walk(root):
        depth = len(Path(current).relative_to(root).parts)
        dirs[:] = [
            d
            for d in dirs
            if depth < 3
            and not d.startswith(".")
            and d not in _SKIP_DIRS
            and d not in _NOT_CODE
            and not os.path.islink(Path(current, d))
        ]
        python = [f[:-3] for f in files if f.endswith(".py") and f[:-3].isidentifier()]
        names.update(python)
        if python and depth:  # a package (or namespace package) of Python code
            names.add(Path(current).name)
        seen += len(files) + len(dirs)
        if seen > _WALK_LIMIT:
            break
    # a folder named like the standard library does not make `import json` this repository's
    return frozenset(names - _NOT_CODE - set(sys.stdlib_module_names))


def problem(path: Path, modules: frozenset[str]) -> str:
    if path.is_symlink():
        return "is a link; cite the test file itself"
    if path.is_dir():
        return _directory(path, modules)
    return _file(path, modules)


def _directory(path: Path, modules: frozenset[str]) -> str:
    seen = 0
    for current, dirs, names in os.walk(path):
        depth = len(Path(current).relative_to(path).parts)
        dirs[:] = sorted(d for d in dirs if depth < 1 and not os.path.islink(Path(current, d)))
        for name in sorted(names):
            seen += 1
            if seen > _DIR_ENTRIES:
                break
            if _file(Path(current, name), modules) == "":
                return ""
    return "holds no test the gate can read that checks this repository's code"


def _file(path: Path, modules: frozenset[str]) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".py", *_JS, *_OTHER):
        return (
            "is not a test the gate can read (Python, JavaScript/TypeScript, Go, Java, Kotlin "
            "or Rust)"
        )
    text = _read(path)
    if text is None:
        return "cannot be read"
    if suffix == ".py":
        return _python(path, text, modules)
    if suffix in _JS:
        if not (_JS_TEST.search(text) and _JS_CHECK.search(text)):
            return "has no test that checks something (test/it with expect or assert)"
        if not _JS_LOCAL.search(text):
            return "imports nothing of this repository, so it cannot exercise its code"
        return ""
    return "" if _OTHER[suffix].search(text) else "defines no test function"


def _python(path: Path, text: str, modules: frozenset[str]) -> str:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return "is not valid Python"
    tests = [
        n
        for n in ast.walk(tree)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("test")
    ]
    if not tests:
        return "defines no test function (def test_...)"
    if not any(_checks(t) for t in tests):
        return "has test functions that check nothing (no assert, pytest.raises or self.assert...)"
    if not any(_local(path, n, modules) for n in ast.walk(tree)):
        return "imports no module of this repository, so it cannot exercise the mechanism's code"
    return ""


def _checks(fn: ast.AST) -> bool:
    for n in ast.walk(fn):
        if isinstance(n, ast.Assert) and not isinstance(n.test, ast.Constant):
            return True  # `assert True` checks nothing
        if isinstance(n, ast.Call):
            f = n.func
            name = (
                f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            )
            if "assert" in name.lower() or name in ("raises", "fail"):
                return True
    return False


def _local(path: Path, node: ast.AST, modules: frozenset[str]) -> bool:
    if isinstance(node, ast.ImportFrom):
        if node.level > 0:
            return True
        names = [node.module or ""]
    elif isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        return False
    return any(n.split(".")[0] in modules - {path.stem} for n in names)


def _read(path: Path) -> str | None:
    try:  # never through a link, even one swapped in since the collect stage
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        data = f.read(_MAX + 1)
    return None if len(data) > _MAX else data.decode("utf-8", "replace")
