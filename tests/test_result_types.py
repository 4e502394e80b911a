"""The plain data the stages pass each other lives in one module (results.py): a stage that
needs a result type imports it from there, not from the engine or the loader (issue 8,
"data flows one way"). Read with Python's own parser over src/."""

from __future__ import annotations

import ast

from ai_security_gate import loader, results
from ai_security_gate.engines import base
from conftest import ROOT

SRC = ROOT / "src" / "ai_security_gate"
SHARED = {"Met", "Notice", "Results", "Violation", "SourceMap"}


def _imports_of_shared_types(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {a.name for a in node.names} & SHARED
            if names and node.module.split(".")[-1] != "results":
                yield node.lineno, node.module, sorted(names)


def test_stages_import_the_result_types_from_results_only():
    offenders = [
        f"{path.relative_to(SRC)}:{line}: {names} from {module}"
        for path in sorted(SRC.rglob("*.py"))
        if path.parent.name != "engines"  # the engine package uses its own re-export
        for line, module, names in _imports_of_shared_types(path)
    ]
    assert not offenders, offenders


def test_the_old_import_paths_are_the_same_types():
    # other code (custom engines, tests) may still import them from where they were
    assert base.Violation is results.Violation and base.Met is results.Met
    assert base.Notice is results.Notice and base.Results is results.Results
    assert loader.SourceMap is results.SourceMap
    assert issubclass(loader.CompactSourceMap, results.SourceMap)
