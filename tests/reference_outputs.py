"""Reference outputs: the gate's reports on both examples, `provisions --coverage`,
`explain` and the generated provision pages, committed under tests/data/reference/ so a
refactor can prove it changes none of them (tests/test_reference_outputs.py).

A change that is meant to alter what the gate says (a new rule, a reworded message)
regenerates them, and the diff shows the change for review:

    .venv/bin/python tests/reference_outputs.py --update
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).resolve().parent / "data" / "reference"
TODAY = "2026-11-22"  # the day docgen's examples are judged on, so nothing ages
FORMATS = {"text": "txt", "json": "json", "sarif": "sarif", "markdown": "md", "junit": "xml"}
EXAMPLES = ("passing", "failing")
# what a run records about where it ran: the commit of this checkout and the digest of the
# policy files change with every commit, and say nothing about what the gate concluded
VOLATILE = {"commit": "<commit>", "policy_digest": "<policy digest>"}


def _cli(args: list[str]) -> str:
    from click.testing import CliRunner

    from ai_security_gate.cli import main

    result = CliRunner().invoke(main, args, env={"NO_COLOR": "1"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.output


def _stable(fmt: str, text: str) -> str:
    """The report with its VOLATILE values replaced (JSON reports carry them)."""
    if fmt != "json":
        return text
    return json.dumps(_replace(json.loads(text)), indent=2, ensure_ascii=False) + "\n"


def _replace(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: VOLATILE[k] if k in VOLATILE else _replace(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace(v) for v in node]
    return node


def outputs() -> dict[str, str]:
    """Reference file name (relative to REFERENCE) -> the content the gate produces now."""
    from ai_security_gate.catalog import load_catalog
    from ai_security_gate.catalogue import docgen

    out: dict[str, str] = {}
    for example in EXAMPLES:
        for fmt, ext in FORMATS.items():
            out[f"check-{example}.{ext}"] = _stable(
                fmt,
                _cli(
                    [
                        "check",
                        str(ROOT / "examples" / example),
                        "--today",
                        TODAY,
                        "--offline",
                        "--no-cache",
                        "--format",
                        fmt,
                    ]
                ),
            )
    out["coverage.txt"] = _cli(["provisions", "--coverage"])
    out["coverage.json"] = _cli(["provisions", "--coverage", "--format", "json"])
    out["explain.txt"] = "".join(_cli(["explain", p.id]) for p in load_catalog())
    for name, text in docgen.render_all().items():
        out[f"docs/{name}"] = text
    return out


def update() -> list[str]:
    """Write every reference file anew; remove ones no longer produced. Returns the names."""
    current = outputs()
    for old in sorted(REFERENCE.rglob("*")):
        if old.is_file() and old.relative_to(REFERENCE).as_posix() not in current:
            old.unlink()
    for name, text in current.items():
        path = REFERENCE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted(current)


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(__doc__)
    print(f"{REFERENCE}: wrote {len(update())} reference file(s)")
