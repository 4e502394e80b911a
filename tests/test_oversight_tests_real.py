"""The test a human-oversight mechanism (5.1.4-1, 5.1.4-3) or a custodian's control (5.1.4-4)
cites must be a test of this repository's code (evidence/test_files.py): an existing file was
enough before, so `test: README.md` earned both passes. Real CLI on repositories built from the
passing example, whose mechanisms cite tests that import helpdesk.oversight."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ai_security_gate.evidence.test_files import problem, repository_modules
from test_conditions_earned import _check, _write

REAL = "tests/test_kill_switch.py"


def _cite(data: dict[str, Any], test: str) -> None:
    for m in data["human_oversight"]["mechanisms"]:
        m["test"] = test


def _real(r: dict[str, Any], pid: str) -> list[str]:
    return [f["message"] for f in r[pid]["findings"] if f["rule"].endswith("_test_real")]


@pytest.mark.parametrize(
    ("source", "why"),
    [
        (None, "is not a test the gate can read"),  # README.md
        ("import pytest\n\n\ndef test_ok():\n    assert True\n", "check nothing"),
        ("def helper():\n    return 1\n", "defines no test function"),
        ("import json\n\n\ndef test_json():\n    assert json.loads('1') == 1\n", "imports no"),
    ],
)
def test_a_file_that_tests_nothing_of_the_mechanism_earns_no_pass(git_repo, source, why):
    def gamed(data, root):
        test = "README.md"
        if source is not None:
            test = "tests/test_oversight_gamed.py"
            _write(root, test, source)
        _cite(data, test)

    r = _check(git_repo, gamed)
    for pid in ("5.1.4-1", "5.1.4-3"):
        assert r[pid]["status"] == "fail", pid
        assert any(why in m for m in _real(r, pid)), (pid, r[pid]["findings"])


def test_the_mechanisms_real_tests_earn_their_passes(git_repo):
    r = _check(git_repo, lambda data, root: _cite(data, REAL))
    for pid in ("5.1.4-1", "5.1.4-3"):
        assert r[pid]["status"] == "pass", pid
        assert _real(r, pid) == []


def test_a_custodian_control_cited_with_a_non_test_fails(git_repo):
    def gamed(data, root):
        tickets = next(d for d in data["datasets"] if d["name"] == "support-tickets-2025")
        tickets["required_controls"][0]["test"] = "README.md"

    r = _check(git_repo, gamed)
    assert any("README.md is not a test" in m for m in _real(r, "5.1.4-4"))
    assert not any(
        v["rule"] == "p04_human_oversight.custodian_controls_met" for v in r["5.1.4-4"]["verified"]
    )


def test_a_test_that_puts_a_folder_on_sys_path_imports_the_repository(tmp_path: Path):
    _write(tmp_path, "pipelines/clean.py", "def clean(x):\n    return x\n")
    _write(
        tmp_path,
        "tests/test_clean.py",
        "import sys\nsys.path.insert(0, 'pipelines')\nfrom clean import clean\n\n\n"
        "def test_clean():\n    assert clean(1) == 1\n",
    )
    # a folder named like the standard library or a test helper is not the repository's code
    _write(tmp_path, "json/__init__.py", "")
    _write(tmp_path, "tests/test_json.py", "import json\n\n\ndef test_j():\n    assert json\n")
    modules = repository_modules(tmp_path)
    assert problem(tmp_path / "tests/test_clean.py", modules) == ""
    assert "imports no module" in problem(tmp_path / "tests/test_json.py", modules)


def test_javascript_and_go_tests(tmp_path: Path):
    _write(
        tmp_path,
        "web/approve.test.ts",
        "import {gate} from './gate'\ntest('a', () => {\n  expect(gate()).toBe(1)\n})\n",
    )
    _write(tmp_path, "web/notes.test.ts", "test('a', () => { expect(1).toBe(1) })\n")
    _write(tmp_path, "gate/gate_test.go", "package gate\n\nfunc TestGate(t *testing.T) {}\n")
    modules = repository_modules(tmp_path)
    assert problem(tmp_path / "web/approve.test.ts", modules) == ""
    assert "imports nothing" in problem(tmp_path / "web/notes.test.ts", modules)
    assert problem(tmp_path / "gate/gate_test.go", modules) == ""
