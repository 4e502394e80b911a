"""Problems with a cited file, as policies read them (docs/evidence.md):

    files[ref]["problem"]  = the first problem's message (kept for older readers)
    files[ref]["problems"] = [{"kind": "...", "message": "...", "at": [json path]?}, ...]

`lib.evidence_unusable` reports every entry under every provision a citing field serves;
`at`, when present, limits an entry to one citing field (e.g. "does not name supplier X" is
about the supplier entry that cites the file, not every field that does).
"""

from __future__ import annotations

from typing import Any

# Every kind the collect stage can record; tests/test_evidence_problems.py produces each one
# and asserts the finding.
KINDS = (
    "missing",  # does not exist, or outside the repository
    "empty",
    "unreadable",  # permission, not a regular file, an empty or partly unreadable directory
    "not_hashable",  # changed while hashed
    "invalid_lfs_pointer",
    "not_text",  # a PDF or binary file cited as a document
    "invalid_structure",  # YAML/JSON document that does not parse
    "placeholder",
    "scaffold_unfilled",
    "missing_section",
    "empty_section",
    "too_short",
    "filler",  # the same few words repeated to reach the minimum
    "names_missing",  # does not name the supplier / model and version / a date / threat ids
    "catch_all",  # one file cited for unrelated kinds of evidence
    "sbom_invalid",
    "lockfile_invalid",
    "lockfile_unpinned",
    "lockfile_unhashed",
    "update_config_invalid",
    "not_in_history",  # never committed: untracked, ignored or inside .git
)

_ADVICE = "the manifest names it as evidence, so commit it at that path or correct the path"


def add_problem(fact: dict[str, Any], kind: str, message: str, at: list[Any] | None = None) -> None:
    entry: dict[str, Any] = {"kind": kind, "message": message}
    if at is not None:
        entry["at"] = list(at)
    fact.setdefault("problems", []).append(entry)
    fact.setdefault("problem", message)


def normalise(fact: dict[str, Any]) -> None:
    """Give a `problem` the file stage set (missing, empty, unreadable...) its `problems`
    entry, so every reader sees one list."""
    problem = fact.get("problem")
    if not isinstance(problem, str) or fact.get("problems"):
        return
    fact["problems"] = [{"kind": _legacy_kind(fact), "message": f"{problem}; {_ADVICE}"}]


def _legacy_kind(fact: dict[str, Any]) -> str:
    if not fact.get("exists"):
        return "missing"
    if fact.get("kind") == "file" and fact.get("size") == 0:
        return "empty"
    if fact.get("kind") == "file" and "changed while" in str(fact.get("problem")):
        return "not_hashable"
    if fact.get("kind") == "file" and "Git LFS pointer" in str(fact.get("problem")):
        return "invalid_lfs_pointer"
    return "unreadable"
