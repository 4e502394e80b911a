"""A copy of part of a commit's tree in a directory, for evaluating the base branch in
pull-request mode (pr_waivers.py), without running anything the repository configures.

Only git's object store is read, with the hardened environment of gitsafe.py: `ls-tree`
lists the entries and `cat-file --batch` gives their stored bytes. Nothing is checked out,
so no hook, clean/smudge filter, textconv or LFS download runs (a Git LFS file stays its
pointer, which evidence/lfs.py compares by its oid). Paths are re-checked here (no `..`,
no `.git`, no empty part) and written with O_EXCL|O_NOFOLLOW into directories this module
made; symbolic links are created last, so nothing is written through one. The copy is
bounded: beyond `max_bytes` or `max_files` it stops and says so (the caller fails closed).
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

MAX_BYTES = 2 * 1024**3
MAX_FILES = 200_000
_CHUNK = 400  # pathspecs per ls-tree call (command-line length)
_HOPS = 8  # symbolic link chains followed inside the tree
_READ = 1024 * 1024
_LINK_MAX = 4096  # a symbolic link's target (PATH_MAX)


class TreeCopyError(Exception):
    """The tree could not be copied (said why)."""


class TreeCopy:
    def __init__(
        self,
        top: Path,
        env: dict[str, str],
        commit: str,
        dest: Path,
        max_bytes: int | None = None,
        max_files: int | None = None,
    ) -> None:
        self.top = top
        self.env = {**os.environ, **env}
        self.commit = commit
        self.dest = dest
        self.max_bytes = MAX_BYTES if max_bytes is None else max_bytes
        self.max_files = MAX_FILES if max_files is None else max_files
        self.written: set[str] = set()
        self.bytes = 0

    def copy(self, paths: Iterable[str]) -> None:
        """Copy these work-tree paths (files, or directories with everything below) as the
        commit holds them, and what their symbolic links point to inside the tree. A path
        the commit lacks is skipped (the evidence stage reports it missing)."""
        try:
            self._copy(paths)
        except OSError as exc:
            raise TreeCopyError(f"could not copy the base tree: {exc}") from None

    def _copy(self, paths: Iterable[str]) -> None:
        wanted = sorted({p for p in (_clean(p) for p in paths) if p} - self.written)
        for _ in range(_HOPS):
            if not wanted:
                return
            entries = self._entries(wanted)
            blobs = [(m, sha, p) for m, kind, sha, _, p in entries if kind == "blob"]
            links = [(sha, p) for m, sha, p in blobs if m == "120000"]
            files = [(sha, p) for m, sha, p in blobs if m != "120000"]
            self._budget(entries)
            by_sha: dict[str, list[str]] = {}
            for sha, rel in files:
                by_sha.setdefault(sha, []).append(rel)
            targets = self._stream(by_sha, {sha for sha, _ in links})
            wanted = []
            for sha, rel in links:
                target = targets[sha].decode("utf-8", "surrogateescape")
                self._link(rel, target)
                joined = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
                if not target.startswith("/") and _clean(joined) and joined not in self.written:
                    wanted.append(joined)

    def _entries(self, paths: list[str]) -> list[tuple[str, str, str, int, str]]:
        out = []
        for i in range(0, len(paths), _CHUNK):
            specs = [f":(literal){p}" for p in paths[i : i + _CHUNK]]
            raw = self._git("ls-tree", "-r", "-z", "-l", "--full-tree", self.commit, "--", *specs)
            for record in raw.split(b"\x00"):
                if not record:
                    continue
                meta, _, name = record.partition(b"\t")
                mode, kind, sha, size = meta.decode().split(maxsplit=3)
                rel = name.decode("utf-8", "surrogateescape")
                if _clean(rel) == rel and rel not in self.written:
                    out.append((mode, kind, sha, int(size) if size.strip().isdigit() else 0, rel))
        return out

    def _budget(self, entries: list[tuple[str, str, str, int, str]]) -> None:
        self.bytes += sum(size for _, _, _, size, _ in entries)
        if self.bytes > self.max_bytes or len(self.written) + len(entries) > self.max_files:
            raise TreeCopyError(
                f"the files the base manifest cites exceed what is copied to evaluate it "
                f"({self.max_bytes // 1024**2} MiB, {self.max_files} files)"
            )

    def _stream(self, files: dict[str, list[str]], links: set[str]) -> dict[str, bytes]:
        """Write each file blob to its paths as `cat-file --batch` streams it (a large model
        is never held in memory); return the (small) contents of the link blobs."""
        shas = list(dict.fromkeys([*files, *links]))
        if not shas:
            return {}
        targets: dict[str, bytes] = {}
        with tempfile.TemporaryFile() as stdin:
            stdin.write("".join(f"{s}\n" for s in shas).encode())
            stdin.seek(0)
            proc = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self.top,
                env=self.env,
                stdin=stdin,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            assert proc.stdout is not None
            try:
                for _ in shas:
                    header = proc.stdout.readline().split()
                    if len(header) != 3 or header[1] != b"blob":
                        raise TreeCopyError(f"git cat-file could not read {header!r}")
                    sha, left = header[0].decode(), int(header[2])
                    outs = [self._open(rel) for rel in files.get(sha, [])]
                    head = b""
                    try:
                        while left:
                            chunk = proc.stdout.read(min(left, _READ))
                            if not chunk:
                                raise TreeCopyError(f"git cat-file ended inside {sha}")
                            left -= len(chunk)
                            for out in outs:
                                out.write(chunk)
                            if sha in links and len(head) < _LINK_MAX:
                                head += chunk[: _LINK_MAX - len(head)]
                    finally:
                        for out in outs:
                            out.close()
                    targets[sha] = head
                    proc.stdout.read(1)  # the newline after each object
            finally:
                proc.stdout.close()
                proc.wait()
        return {sha: targets[sha] for sha in links}

    def _git(self, *args: str) -> bytes:
        try:
            return subprocess.run(
                ["git", *args], cwd=self.top, env=self.env, capture_output=True, check=True
            ).stdout
        except subprocess.CalledProcessError as exc:
            why = exc.stderr.decode("utf-8", "replace").strip()[:300]
            raise TreeCopyError(f"`git {args[0]}` failed: {why}") from None

    def _parent(self, rel: str) -> Path:
        """The directory for `rel`, made one level at a time; never through a link."""
        here = self.dest
        for part in rel.split("/")[:-1]:
            here = here / part
            if here.is_symlink():
                raise TreeCopyError(f"{rel}: its directory is a symbolic link in the copy")
            here.mkdir(exist_ok=True)
        return here

    def _open(self, rel: str) -> BinaryIO:
        target = self._parent(rel) / rel.rsplit("/", 1)[-1]
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        out = os.fdopen(os.open(target, flags, 0o644), "wb")
        self.written.add(rel)
        return out

    def _link(self, rel: str, target: str) -> None:
        os.symlink(target, self._parent(rel) / rel.rsplit("/", 1)[-1])
        self.written.add(rel)


def hardened_env_at(top: Path) -> dict[str, str]:
    """gitsafe's environment for git commands in the work tree at `top`."""
    from .gitsafe import hardened_env

    def read_config(env: dict[str, str]) -> str:
        return subprocess.run(
            ["git", "config", "--list", "--show-scope", "--null", "--includes"],
            cwd=top,
            env={**os.environ, **env},
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8", "surrogateescape")

    try:
        return hardened_env(read_config)
    except (subprocess.CalledProcessError, OSError) as exc:
        raise TreeCopyError(f"cannot read the git configuration: {exc}") from None


def _clean(path: str) -> str:
    """`path` (work-tree relative, `/`-separated) normalised, or "" when it leaves the tree,
    names `.git` or is the top itself."""
    norm = posixpath.normpath(path.replace("\\", "/")) if path else ""
    parts = norm.split("/")
    if not norm or norm.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return ""
    if any(p.casefold() == ".git" for p in parts):
        return ""
    return norm
