"""Facts about one referenced path: inside the repository or not, present, kind, size, empty,
readable, a Git LFS pointer or not, and for directories a bounded look inside.

Hashing is not done here (see hashing.py): file_fact only says whether a file can be hashed.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .paths import Resolved, resolve_inside

MAX_DIR_ENTRIES = 100_000
MAX_TOTAL_WALK = 1_000_000  # entries inspected over all referenced directories of one run  # a referenced directory is inspected up to this many entries
LFS_POINTER_MAX = 1024  # the Git LFS spec caps pointer files at 1024 bytes
_LFS_VERSIONS = (
    b"version https://git-lfs.github.com/spec/",
    b"version https://hawser.github.com/spec/",
)


@dataclass
class WalkBudget:
    """Directory entries left to inspect in one run, over every referenced directory: a
    manifest naming many overlapping directories cannot make the walk unbounded."""

    remaining: int = MAX_TOTAL_WALK


def file_fact(
    repo: Path, ref: str, boundary: Path | None = None, budget: WalkBudget | None = None
) -> tuple[dict[str, Any], Resolved]:
    """One path's facts, as policies read them under input.evidence.files[ref], and where it
    resolved to (for the hashing and signature stages). `boundary`: see resolve_inside."""
    where = resolve_inside(repo, ref, boundary)
    if where.real is None:
        fact: dict[str, Any] = {"exists": False, "inside_repository": False}
        if where.rel:
            fact["path"] = where.rel
        fact["problem"] = where.problem
        return fact, where
    fact = {"exists": False, "inside_repository": True, "path": where.rel or "."}
    if where.symlink:
        fact["symlink"] = True
    st, problem = _stat(repo, where, where.real)
    if st is None:
        fact["problem"] = problem
        return fact, where
    fact["exists"] = True
    if stat.S_ISDIR(st.st_mode):
        fact["kind"] = "directory"
        fact.update(_directory_facts(repo, where.real, budget or WalkBudget()))
        return fact, where
    if not stat.S_ISREG(st.st_mode):
        fact["kind"] = "other"
        fact["problem"] = "is not a regular file (a pipe, socket or device); it was not read"
        return fact, where
    fact["kind"] = "file"
    fact["size"] = st.st_size
    if st.st_size == 0:
        fact["problem"] = "is empty"
        return fact, where
    fact.update(_head_facts(where.real))
    return fact, where


def _stat(repo: Path, where: Resolved, real: Path) -> tuple[os.stat_result | None, str]:
    """(stat of `real`, "") or (None, why it cannot be inspected)."""
    try:
        return real.stat(), ""
    except (FileNotFoundError, NotADirectoryError):
        broken = where.symlink and _lexists(repo / where.rel)
        return None, "does not exist" + (" (a broken symlink)" if broken else "")
    except PermissionError:
        return None, "cannot be read: permission denied on a directory on its way"
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"


def _head_facts(real: Path) -> dict[str, Any]:
    """A regular file's first bytes: {"lfs": pointer} for a Git LFS pointer, {"problem": ...}
    for an unreadable file or a malformed pointer, {} otherwise."""
    try:
        with real.open("rb") as fh:
            head = fh.read(LFS_POINTER_MAX + 1)
    except PermissionError:
        return {"problem": "cannot be read: permission denied"}
    except OSError as exc:
        return {"problem": f"cannot be read: {exc.strerror or exc}"}
    if len(head) <= LFS_POINTER_MAX and head.startswith(_LFS_VERSIONS):
        pointer = parse_lfs_pointer(head)
        if pointer is None:
            return {
                "problem": "looks like a Git LFS pointer but is not in the exact pointer format "
                "(version, then sorted `oid sha256:<64 hex>` and `size` lines, nothing else)"
            }
        return {"lfs": pointer}
    return {}


def parse_lfs_pointer(data: bytes) -> dict[str, Any] | None:
    """{oid, size} of a Git LFS pointer in the exact format (lfs.parse_pointer), or None."""
    from .lfs import parse_pointer

    return parse_pointer(data)


@dataclass
class _Walk:
    """What one directory walk has seen so far."""

    files: int = 0
    total: int = 0
    seen: int = 0
    escaping: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def _directory_facts(repo: Path, real: Path, budget: WalkBudget) -> dict[str, Any]:
    """File count and total size of a directory, bounded, plus symlinks that leave the repo."""
    walk = _Walk()
    stack = [real]
    limit = min(MAX_DIR_ENTRIES, budget.remaining)
    while stack and walk.seen < limit:
        current = stack.pop()
        try:
            _scan(repo, real, current, limit, walk, stack)
        except PermissionError:
            walk.unreadable.append(current.relative_to(real).as_posix() or ".")
        except OSError:
            walk.unreadable.append(current.relative_to(real).as_posix() or ".")
    budget.remaining = max(0, budget.remaining - walk.seen)
    out: dict[str, Any] = {"file_count": walk.files, "size": walk.total}
    out.update(_truncation(walk.seen, limit))
    problem = _directory_problem(walk, bool(out.get("truncated")))
    if problem:
        out["problem"] = problem
    return out


def _scan(
    repo: Path, real: Path, current: Path, limit: int, walk: _Walk, stack: list[Path]
) -> None:
    """Count the entries of one directory; push its subdirectories (never .git) on `stack`."""
    with os.scandir(current) as it:
        for entry in it:
            walk.seen += 1
            if walk.seen > limit:
                break
            try:
                if entry.is_symlink():
                    target = Path(entry.path).resolve()
                    if not target.is_relative_to(repo):
                        walk.escaping.append(Path(entry.path).relative_to(real).as_posix())
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != ".git":
                        stack.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    walk.files += 1
                    walk.total += entry.stat(follow_symlinks=False).st_size
            except (OSError, RuntimeError):
                walk.unreadable.append(Path(entry.path).relative_to(real).as_posix())


def _truncation(seen: int, limit: int) -> dict[str, Any]:
    """Why a walk stopped early: the run's budget, or the per-directory limit."""
    if seen > limit and limit < MAX_DIR_ENTRIES:
        return {
            "truncated": True,
            "note": f"was not fully inspected: the run's budget of {MAX_TOTAL_WALK} directory "
            "entries over all referenced directories is spent",
        }
    if seen > MAX_DIR_ENTRIES:
        return {
            "truncated": True,
            "note": f"has more than {MAX_DIR_ENTRIES} entries; only the first {MAX_DIR_ENTRIES} "
            "were inspected",
        }
    return {}


def _directory_problem(walk: _Walk, truncated: bool) -> str:
    problems = []
    if walk.escaping:
        problems.append(
            "contains symlinks that point outside the repository: "
            + ", ".join(sorted(walk.escaping)[:5])
        )
    if walk.unreadable:
        problems.append(
            "has entries that cannot be read: " + ", ".join(sorted(walk.unreadable)[:5])
        )
    if walk.files == 0 and not walk.escaping and not walk.unreadable and not truncated:
        problems.append("is an empty directory")
    return "; ".join(problems)


def _lexists(path: Path) -> bool:
    return os.path.lexists(path)
