"""The files discovery looks at: what git tracks plus new files it would track (so
.gitignore is respected), or, outside a git work tree, a walk that skips the usual
build, cache and virtual-environment directories."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# never descended into by the fallback walk (a git repository ignores them anyway)
_SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "env",
    "node_modules",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".tox",
    "build",
    "dist",
    "site-packages",
}

# git run for a listing only: no hooks, pager, fsmonitor or external diff can execute
_GIT_SAFE = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.pager=cat",
    "-c",
    "diff.external=",
)


def git_top(path: Path) -> Path | None:
    """The top of the git work tree containing `path`, or None outside one."""
    for parent in (path, *path.parents):
        if (parent / ".git").exists():
            return parent
    return None


def list_files(root: Path, limit: int | None = None) -> list[str]:
    """Files under `root`, relative to it, POSIX separators, sorted. `limit`: the walk outside
    git stops soon after that many (the caller counts what is cut); git lists in full."""
    if git_top(root) is not None:
        listed = _git_files(root)
        if listed is not None:
            return listed
    return _walk(root, limit)


def _git_files(root: Path) -> list[str] | None:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        proc = subprocess.run(
            ["git", *_GIT_SAFE, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            env=env,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    names = {n.decode("utf-8", "surrogateescape") for n in proc.stdout.split(b"\0") if n}
    # deleted but still in the index: not there to read
    return sorted(n for n in names if os.path.lexists(root / n))


def _walk(root: Path, limit: int | None = None) -> list[str]:
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        rel = Path(dirpath).relative_to(root)
        for name in filenames:
            out.append((rel / name).as_posix())
        if limit is not None and len(out) > limit:
            break  # more than `limit`: the caller sees the cut and reports it
    return sorted(out)
