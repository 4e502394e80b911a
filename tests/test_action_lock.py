"""action/requirements.txt, the hash-locked set the GitHub Action installs, is current: it
was compiled from today's dependencies (scripts/lock-action.sh regenerates it) and pins each
of them, with hashes, for every Python the package supports."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT

LOCK = ROOT / "action" / "requirements.txt"


def _name(requirement: str) -> str:
    name = re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower()
    return re.sub(r"[-_.]+", "-", name)  # PEP 503 normalised


def _pins() -> dict[str, list[str]]:
    """name -> the lines of its entry (pin line, markers, hashes)."""
    out: dict[str, list[str]] = {}
    current = None
    for line in LOCK.read_text("utf-8").splitlines():
        if re.match(r"^[A-Za-z0-9]", line):
            current = _name(line)
            out.setdefault(current, []).append(line)
        elif current and line.strip().startswith("--hash="):
            out[current].append(line.strip())
    return out


def test_lock_was_compiled_from_the_current_dependencies():
    digest = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lock_inputs.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    first = LOCK.read_text("utf-8").splitlines()[0]
    assert first == f"# inputs-sha256: {digest}", (
        "the dependencies changed since action/requirements.txt was generated; run "
        "scripts/lock-action.sh and commit the result"
    )


def test_every_dependency_is_pinned_exactly_with_hashes():
    if sys.version_info >= (3, 11):  # config.py imports its TOML parser lazily now
        import tomllib
    else:  # pragma: no cover (Python 3.10)
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    pins = _pins()
    wanted = [*project["dependencies"], *project["optional-dependencies"]["signing"], "hatchling"]
    for requirement in wanted:
        name = _name(requirement)
        assert name in pins, f"{name} is not in the lock"
    for name, lines in pins.items():
        assert re.match(rf"^{re.escape(name)}==[^\s;]+", lines[0].lower().replace("_", "-")), lines[
            0
        ]
        assert any(h.startswith("--hash=sha256:") for h in lines[1:]), f"{name} has no hash"
    assert "ai-security-gate" not in pins  # the action installs its own checkout
