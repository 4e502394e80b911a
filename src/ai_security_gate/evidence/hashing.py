"""SHA-256 of model and data artefacts: streamed in chunks, several files in parallel, cached
by path + size + mtime (+ inode and ctime) so an unchanged multi-GB model is hashed once.

hashlib releases the GIL while it digests a chunk, so threads hash several files at once.
A file that changes while it is being read (size, mtime or inode differ before and after, or
fewer bytes than its size) gets no hash but a problem sentence, and is never cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import JsonCache

if TYPE_CHECKING:
    from concurrent.futures import Future

CHUNK = 1024 * 1024
PROGRESS_AFTER = 1.0  # seconds of hashing before a progress bar appears (TTY only)
CACHE_NAMESPACE = "sha256-v1"


@dataclass(frozen=True)
class HashResult:
    sha256: str | None = None
    problem: str | None = None
    cached: bool = False


@dataclass
class HashStats:
    files: int = 0
    from_cache: int = 0
    bytes_hashed: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


class FileChanged(Exception):
    pass


def stat_key(path: Path, st: os.stat_result) -> dict[str, Any]:
    """What must be unchanged for a cached hash to be reused."""
    return {
        "path": str(path),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "ctime_ns": st.st_ctime_ns,
        "ino": st.st_ino,
        "dev": st.st_dev,
    }


def sha256_file(path: Path, on_bytes: Any = None, chunk: int = CHUNK) -> tuple[str, os.stat_result]:
    """Hex SHA-256 of one regular file and its stat at open; raises FileChanged when the file
    changes while it is read, OSError when it cannot be read."""
    # O_NONBLOCK: a file swapped for a FIFO after the stat must not block the open
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    with open(os.open(path, flags), "rb", buffering=0) as fh:
        fd = fh.fileno()
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise FileChanged("is no longer a regular file")
        if hasattr(os, "posix_fadvise"):
            with contextlib.suppress(OSError):
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_SEQUENTIAL)
        digest = hashlib.sha256()
        view = memoryview(bytearray(chunk))
        total = 0
        while n := fh.readinto(view):
            digest.update(view[:n])
            total += n
            if on_bytes is not None:
                on_bytes(n)
        after = os.fstat(fd)
    try:
        now = os.stat(path)
    except OSError as exc:
        raise FileChanged("was removed or replaced while it was being hashed") from exc
    same = total == before.st_size and _ident(before) == _ident(after) == _ident(now)
    if not same:
        raise FileChanged("changed while it was being hashed")
    return digest.hexdigest(), before


def _ident(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns)


class Hasher:
    """Hash many files at once. `cache` may be a disabled JsonCache(None, ...)."""

    def __init__(
        self,
        cache: JsonCache,
        workers: int | None = None,
        progress: bool | None = None,
        label: str = "Hashing model and data files",
    ) -> None:
        self.cache = cache
        self.workers = workers or max(1, min(4, os.cpu_count() or 1))
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.label = label
        self.stats = HashStats()
        self._lock = threading.Lock()
        self._done_bytes = 0

    def hash_paths(self, paths: Iterable[Path]) -> dict[Path, HashResult]:
        """Hash each distinct path once; cached results where the file is unchanged."""
        started = time.monotonic()
        results: dict[Path, HashResult] = {}
        todo: list[tuple[Path, os.stat_result]] = []
        for path in dict.fromkeys(paths):
            self.stats.files += 1
            try:
                st = os.stat(path)
            except OSError as exc:
                results[path] = HashResult(problem=f"cannot be read: {exc.strerror or exc}")
                continue
            if not stat.S_ISREG(st.st_mode):
                results[path] = HashResult(problem="is not a regular file; it was not read")
                continue
            hit = self.cache.get(stat_key(path, st))
            sha = hit.get("sha256") if hit else None
            if (
                isinstance(sha, str)
                and len(sha) == 64
                and all(c in "0123456789abcdef" for c in sha)
            ):
                results[path] = HashResult(sha256=sha, cached=True)
                self.stats.from_cache += 1
                continue
            todo.append((path, st))
        if todo:
            results.update(self._hash_all(todo))
        self.stats.seconds += time.monotonic() - started
        return results

    def _add(self, n: int) -> None:
        with self._lock:
            self._done_bytes += n

    def _one(self, path: Path) -> HashResult:
        try:
            sha, st = sha256_file(path, self._add)
        except FileChanged as exc:
            return HashResult(problem=f"{exc}; run the gate again")
        except PermissionError:
            return HashResult(problem="cannot be read: permission denied")
        except IsADirectoryError:
            return HashResult(problem="is a directory")
        except OSError as exc:
            return HashResult(problem=f"cannot be read: {exc.strerror or exc}")
        self.cache.put(stat_key(path, st), {"sha256": sha})
        with self._lock:
            self.stats.bytes_hashed += st.st_size
        return HashResult(sha256=sha)

    def _hash_all(self, todo: list[tuple[Path, os.stat_result]]) -> dict[Path, HashResult]:
        # imported here: a warm run finds every hash in the cache, and concurrent.futures
        # brings logging with it (9 ms)
        from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

        total = sum(st.st_size for _, st in todo)
        started = time.monotonic()
        out: dict[Path, HashResult] = {}
        bar: Any = None
        shown = 0
        with ThreadPoolExecutor(max_workers=min(self.workers, len(todo))) as pool:
            futures: dict[Future[HashResult], Path] = {
                pool.submit(self._one, path): path for path, _ in todo
            }
            pending = set(futures)
            try:
                while pending:
                    done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                    for fut in done:
                        out[futures[fut]] = fut.result()
                    if (
                        bar is None
                        and pending
                        and self.progress
                        and time.monotonic() - started >= PROGRESS_AFTER
                    ):
                        bar = _progress_bar(total, self.label)
                    if bar is not None:
                        with self._lock:
                            now = self._done_bytes
                        bar.update(now - shown)
                        shown = now
            finally:
                if bar is not None:
                    bar.render_finish()
        return out


def _progress_bar(total: int, label: str) -> Any:
    import click

    bar: Any = click.progressbar(
        length=max(total, 1),
        label=label,
        file=sys.stderr,
        show_eta=True,
        show_percent=True,
        item_show_func=None,
    )
    bar.render_progress()
    return bar
