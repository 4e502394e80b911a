"""The reporter registry: one Format member -> one Reporter class, imported lazily."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import ai_security_gate.reporters as reporters_pkg
from ai_security_gate.reporters import FORMATS, Format, Reporter, ReportOptions, reporter
from reporters_support import sample_decision

HELPERS = {"common"}  # modules of the package that are not formats


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_has_its_own_reporter_class(fmt):
    r = reporter(fmt)
    assert isinstance(r, Reporter)
    assert r.format is fmt
    assert r.render(sample_decision(), ReportOptions()).strip()


def test_reporter_classes_are_distinct():
    classes = [type(reporter(f)) for f in Format]
    assert len(set(classes)) == len(classes) == len(FORMATS)


def test_every_reporter_module_is_registered():
    """A module added to reporters/ without a Format member would never be reachable."""
    registered = {type(reporter(f)).__module__.rsplit(".", 1)[1] for f in Format}
    modules = {m.name for m in pkgutil.iter_modules(reporters_pkg.__path__)} - HELPERS
    assert modules == registered


def test_unknown_format_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown format 'yaml'; choose one of: text"):
        Format.parse("yaml")


def test_a_run_imports_only_the_formats_it_uses():
    code = (
        "import sys\n"
        "from ai_security_gate.reporters import Format, reporter\n"
        "reporter(Format.JSON)\n"
        "print(sorted(m for m in sys.modules if m.startswith('ai_security_gate.reporters.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = eval(out.stdout)
    assert "ai_security_gate.reporters.json_report" in loaded
    others = {f"ai_security_gate.reporters.{n}" for n in ("sarif", "junit", "markdown", "text")}
    assert not others & set(loaded)
