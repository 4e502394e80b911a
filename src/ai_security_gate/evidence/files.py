"""Facts about one referenced path: inside the repository or not, present, kind, size, empty,
readable, a Git LFS pointer or not, and for directories a bounded look inside.

Hashing is not done here (see hashing.py): file_fact only says whether a file can be hashed.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
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


def _directory_facts(repo: Path, real: Path, budget: WalkBudget) -> dict[str, Any]:  # noqa: C901 -- above the complexity limit; to split
    """File count and total size of a directory, bounded, plus symlinks that leave the repo."""
    out: dict[str, Any] = {}
    files = 0
    total = 0
    seen = 0
    escaping: list[str] = []
    unreadable: list[str] = []
    stack = [real]
    limit = min(MAX_DIR_ENTRIES, budget.remaining)
    while stack and seen < limit:
        current = stack.pop()
        try:
            with os.scandir(current) as it:
                for entry in it:
                    seen += 1
                    if seen > limit:
                        break
                    try:
                        if entry.is_symlink():
                            target = Path(entry.path).resolve()
                            if not target.is_relative_to(repo):
                                escaping.append(Path(entry.path).relative_to(real).as_posix())
                            continue
                        if entry.is_dir(follow_symlinks=False):
                            if entry.name != ".git":
                                stack.append(Path(entry.path))
                        elif entry.is_file(follow_symlinks=False):
                            files += 1
                            total += entry.stat(follow_symlinks=False).st_size
                    except (OSError, RuntimeError):
                        unreadable.append(Path(entry.path).relative_to(real).as_posix())
        except PermissionError:
            unreadable.append(current.relative_to(real).as_posix() or ".")
        except OSError:
            unreadable.append(current.relative_to(real).as_posix() or ".")
    budget.remaining = max(0, budget.remaining - seen)
    out["file_count"] = files
    out["size"] = total
    if seen > limit and limit < MAX_DIR_ENTRIES:
        out["truncated"] = True
        out["note"] = (
            f"was not fully inspected: the run's budget of {MAX_TOTAL_WALK} directory entries "
            "over all referenced directories is spent"
        )
    elif seen > MAX_DIR_ENTRIES:
        out["truncated"] = True
        out["note"] = (
            f"has more than {MAX_DIR_ENTRIES} entries; only the first {MAX_DIR_ENTRIES} were "
            "inspected"
        )
    problems = []
    if escaping:
        problems.append(
            "contains symlinks that point outside the repository: "
            + ", ".join(sorted(escaping)[:5])
        )
    if unreadable:
        problems.append("has entries that cannot be read: " + ", ".join(sorted(unreadable)[:5]))
    if files == 0 and not escaping and not unreadable and not out.get("truncated"):
        problems.append("is an empty directory")
    if problems:
        out["problem"] = "; ".join(problems)
    return out


def _lexists(path: Path) -> bool:
    return os.path.lexists(path)
