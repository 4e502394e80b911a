"""Writing files where a pull request may have planted symlinks (docs/security.md).

The checkout is pull-request content: `reports -> /home/runner/.bashrc` committed in the head
tree would make `-f junit:reports/gate.xml` overwrite a file outside the repository. So a
write never follows a symlink: the file itself is opened with O_NOFOLLOW, and every
directory on the path, as written, that lies inside the working directory or the checked
repository (the places a checkout controls) must not be a symlink. Directories outside them
(the runner's temp and summary files) are the runner's, and trusted. Refusal is a GateError
(exit 2) naming the symlink."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import GateError


def _inside(path: Path, anchors: Iterable[Path]) -> bool:
    absolute = Path(os.path.abspath(path))
    return any(absolute == a or absolute.is_relative_to(a) for a in anchors)


def _anchors(extra: Iterable[Path]) -> list[Path]:
    return [Path(os.path.abspath(p)) for p in (Path.cwd(), *extra)]


def refuse_symlinks(path: Path, *, roots: Iterable[Path] = (), what: str = "write") -> None:
    """GateError if a directory on `path` (as written: `a/../b` passes through `a`) inside the
    working directory or `roots` is a symlink, or `path` itself is one."""
    anchors = _anchors(roots)
    parts = path.parts
    for i in range(1, len(parts) + 1):
        prefix = Path(*parts[:i])
        if parts[i - 1] in ("/", "") or not (i == len(parts) or _inside(prefix, anchors)):
            continue
        if prefix.is_symlink():
            raise GateError(
                f"{path}: refusing to {what} through the symbolic link {prefix} "
                f"(it points to {os.readlink(prefix)}); a checkout may plant links, so the "
                "gate never writes through one: write to a path without links"
            )


def write_text(path: Path, text: str, *, append: bool = False, roots: Iterable[Path] = ()) -> None:
    """Create or replace (or append to) `path` without following any symlink on it;
    missing directories are made."""
    roots = list(roots)
    refuse_symlinks(path, roots=roots)
    parent = path.parent
    missing = []
    while not parent.exists() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    for directory in reversed(missing):
        directory.mkdir(exist_ok=True)
        refuse_symlinks(directory, roots=roots)  # created by us: still not a link
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError:
        if path.is_symlink():
            raise GateError(
                f"{path}: refusing to write through a symbolic link (it points to "
                f"{os.readlink(path)}); write to a path without links"
            ) from None
        raise
    with os.fdopen(fd, "a" if append else "w", encoding="utf-8") as out:
        out.write(text)
