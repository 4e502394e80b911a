"""background.Background: one call in a thread (pipeline: the schema stage while the evidence
stage waits on git); its answer or its exception comes back to the caller."""

from __future__ import annotations

import threading

import pytest

from ai_security_gate.background import Background
from ai_security_gate.errors import GateError


def test_the_answer_comes_back_from_another_thread() -> None:
    here = threading.get_ident()
    job = Background(threading.get_ident, "test")
    assert job.result() != here
    assert job.result() == job.result()  # asked again: the same answer


def test_an_exception_is_raised_in_the_caller() -> None:
    def fails() -> None:
        raise GateError("schema: cannot read the manifest schema")

    job = Background(fails, "test")
    with pytest.raises(GateError, match="cannot read the manifest schema"):
        job.result()


def test_the_caller_goes_on_while_the_call_runs() -> None:
    started, release = threading.Event(), threading.Event()

    def waits() -> str:
        started.set()
        release.wait(30)
        return "done"

    job = Background(waits, "test")
    assert started.wait(30)  # running, and result() not yet asked
    release.set()
    assert job.result() == "done"


def test_the_schema_thread_never_imports_jsonschema(tmp_path) -> None:
    """Importing jsonschema in two threads at once fails on its circular imports ("partially
    initialized module 'jsonschema.validators'"): exit 2 on a cold CLI run whose evidence
    stage (a CycloneDX BOM) imported it too. The thread runs only the compiled fast path, on
    an invalid manifest too; a fresh process shows what it imported."""
    import subprocess
    import sys

    manifest = tmp_path / "ai-security.yaml"
    manifest.write_text("version: 1\nsystem: 7\n", encoding="utf-8")
    probe = (
        "import sys\nfrom pathlib import Path\n"
        "from ai_security_gate import loader, schema\n"
        f"m = loader.load_manifest(Path({str(manifest)!r}))\n"
        "assert schema.fast_valid(m) is False\n"
        "print('jsonschema' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
