"""Facts about referenced files: inside the repository or not, present, size, sha256."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

CHUNK = 1024 * 1024


def resolve_inside(repo: Path, ref: str) -> tuple[Path | None, str]:
    """The real path of `ref` when it stays inside `repo`; otherwise (None, why not)."""
    if os.path.isabs(ref) or ref.startswith("~"):
        return None, "is an absolute path; use a path relative to the repository root"
    candidate = repo / ref
    try:
        real = candidate.resolve(strict=False)
    except (OSError, RuntimeError):  # symlink loops
        return None, "cannot be resolved (symlink loop?)"
    if not real.is_relative_to(repo):
        how = (
            "a symlink that points"
            if candidate.is_symlink() or _has_symlink(repo, ref)
            else "a path that leads"
        )
        return None, f"is {how} outside the repository; evidence must live in the repository"
    return real, ""


def _has_symlink(repo: Path, ref: str) -> bool:
    current = repo
    for part in Path(ref).parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def file_fact(repo: Path, ref: str, want_hash: bool) -> dict[str, Any]:
    """One file's facts, as policies read them under input.evidence.files[ref]."""
    real, problem = resolve_inside(repo, ref)
    if real is None:
        return {"exists": False, "inside_repository": False, "problem": problem}
    fact: dict[str, Any] = {"exists": False, "inside_repository": True}
    try:
        st = real.stat()
    except FileNotFoundError:
        fact["problem"] = "does not exist" + (
            " (broken symlink)" if (repo / ref).is_symlink() else ""
        )
        return fact
    except OSError as exc:
        fact["problem"] = f"cannot be read: {exc.strerror}"
        return fact
    fact["exists"] = True
    if real.is_dir():
        fact["kind"] = "directory"
        return fact
    fact["kind"] = "file"
    fact["size"] = st.st_size
    if st.st_size == 0:
        fact["problem"] = "is empty"
    if want_hash:
        try:
            fact["sha256"] = sha256_file(real)
        except OSError as exc:
            fact["problem"] = f"cannot be read: {exc.strerror}"
    return fact


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
