"""Resolve a path the manifest names to a real path inside the repository, or say why not.

Nothing here reads file contents. A path is refused (never read) when it is absolute, starts
with `~`, contains a NUL byte, leads outside the repository with `..`, or passes through a
symlink whose target is outside the repository.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|[\\/]{2})")


@dataclass(frozen=True)
class Resolved:
    real: Path | None  # the resolved path when it stays inside the repository
    rel: str  # lexical, normalised, repository-relative POSIX path ("" when refused)
    problem: str = ""  # why the path was refused; empty when `real` is set
    symlink: bool = False  # the path, or a directory on the way, is a symlink


def normalise(ref: str) -> str:
    """`./docs//a/../b.md` -> `docs/b.md`; the lexical form git and the policies compare."""
    rel = posixpath.normpath(ref.replace("\\", "/")) if "\\" in ref else posixpath.normpath(ref)
    return "" if rel == "." else rel


def resolve_inside(repo: Path, ref: str, boundary: Path | None = None) -> Resolved:
    """Where `ref` really is, when that stays inside `repo` (which must be resolved). With a
    `boundary` (the top of the git work tree holding `repo`, a monorepo's subproject), `ref`
    may lead out of `repo` with `..` as long as it stays inside the boundary."""
    if "\x00" in ref:
        return Resolved(None, "", "contains a NUL character; it cannot be a file name")
    if os.path.isabs(ref) or ref.startswith("~") or _WINDOWS_ABSOLUTE.match(ref):
        return Resolved(None, "", "is an absolute path; use a path relative to the repository root")
    rel = normalise(ref)
    bound = boundary if boundary is not None and repo.is_relative_to(boundary) else repo
    if rel == ".." or rel.startswith("../"):
        lexical = posixpath.normpath(posixpath.join(repo.relative_to(bound).as_posix(), rel))
        if bound == repo or lexical == ".." or lexical.startswith("../"):
            return Resolved(
                None,
                "",
                "is a path that leads outside the repository (`..`); evidence must live in it",
            )
    candidate = repo / rel if rel else repo
    has_link = _has_symlink(repo, rel)
    try:
        real = candidate.resolve(strict=False)
    except (OSError, RuntimeError):  # symlink loops: RuntimeError before 3.13, OSError after
        return Resolved(None, rel, "cannot be resolved (a symlink loop?)", has_link)
    if not real.is_relative_to(bound):
        return Resolved(
            None,
            rel,
            "is a symlink that points outside the repository; evidence must live in the repository",
            True,
        )
    return Resolved(real, rel, "", has_link)


def _has_symlink(repo: Path, rel: str) -> bool:
    current = repo
    for part in Path(rel).parts if rel else ():
        current = current / part
        try:
            if current.is_symlink():
                return True
        except OSError:
            return False
    return False
