"""What `init` pre-fills from the content of the repository, beyond discovery's records:
- a local dataset's `personal_data`: `true` when its file's header (or its shards') shows
  personal-data columns, with a comment saying which and where; otherwise a TODO, since only
  the user knows (a `false` written for them would switch controls off);
- a `human_oversight` stub where the code shows a person overseeing the system
  (discover/oversight.py): every value a TODO the schema rejects, the finding a comment.
Neither can earn a pass by itself: `personal_data: true` only turns controls on, the rest
must be completed."""

from __future__ import annotations

from pathlib import Path

from .discover.model import LocalData
from .discover.oversight import OversightStep, find_oversight
from .discover.tracked import list_files
from .personal_header import personal_in

TODO = "TODO"


def personal_data_lines(root: Path | None, data: LocalData, indent: str = "    ") -> list[str]:
    columns = personal_in(root / data.path) if root is not None else []
    if columns:
        shown = ", ".join(columns[:5])
        where = f"{data.path}:1" if data.files == 1 else f"the shards in {data.path}"
        return [
            f"{indent}personal_data: true  # {where} has personal-data columns: {shown}",
            f"{indent}classification: {TODO}-confidential-or-restricted  # personal data: "
            "who may see it",
        ]
    return [
        f"{indent}personal_data: {TODO}-true-or-false  # its header shows no personal-data "
        "column; only you know"
    ]


def oversight_steps(root: Path | None) -> list[OversightStep]:
    return find_oversight(root, list_files(root)) if root is not None else []


def oversight_lines(steps: list[OversightStep]) -> list[str]:
    """One stub entry however many places were found (they are often one mechanism seen
    twice): the places are comments, each value a TODO."""
    if not steps:
        return []
    out = [
        "# The code shows people overseeing the system: describe each mechanism, the threats",
        "# it controls and the test that shows it works (5.1.4-1, 5.1.4-3); delete the stub",
        "# if no person oversees this system in operation.",
        "human_oversight:",
    ]
    out += [f"  # found in {s.where} ({s.what}: looks like {s.kind})" for s in steps]
    return [
        *out,
        "  mechanisms:",
        f"    - name: {TODO}-what-the-person-does",
        f"      kind: {TODO}-approval-override-stop-or-review",
        f"      controls: [{TODO}-the-threat-ids-it-controls]",
        f"      test: {TODO}-the-test-that-shows-it-works",
        "",
    ]
