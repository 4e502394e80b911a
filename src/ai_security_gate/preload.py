"""The embedded engine loads its policies in the evaluating child while the evidence stage
runs (a warm run's time: bench/profile_warm.py; docs/security.md for the time limit).

watchdog.limited forks the child that evaluates when the input is ready, so regorus parsed
every module (`add_policy`, ~25 ms for the shipped 42) before the evidence stage, on the
critical path. Here the child is forked as soon as the policies are read: it loads them
while the parent validates the schema, reads git and observes the repository (git's waits
and a second core overlap the load), then evaluates each input the parent sends it, under
the same time limit, with the same messages. Nothing is kept between runs: the child ends
with the run (or when the parent is gone: its end of the pipe closes).

Protocol over two pipes, one pickled frame each way per request: the parent sends
("evaluate", seconds, input as JSON text, staged), the child answers ("ok", results) or
("error", message); for regorus the results are its records not yet gathered
(split.Halves), which the parent gathers. Before that the parent may send ("stage",
manifest as JSON text), which has no answer: the child parses it while the parent reads the
evidence, and the evaluation's input then leaves the manifest out (`staged`). A load error
is the answer to the first request, so it is reported where an evaluation error would be.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import pickle
import select
import signal
import struct
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from .engines.base import results_from_records
from .engines.split import Halves
from .errors import GateError
from .watchdog import _CHILD_GRACE, _reap, _timeout, _unpack

_HEADER = struct.Struct("!Q")


def load(engine: Any, sources: list[tuple[str, str]], data: dict[str, Any], seconds: float) -> Any:
    """`engine` with these policies loaded: in a forked child (a `Forked` handle) where the
    engine keeps the GIL and the policy stage has a time limit (watchdog.limited would fork
    anyway), else in this process as before. Whatever the manifest's size: the input crosses
    the pipe as one JSON string (a copy, ~20 ms at 10,000 models), where a child forked at
    the end inherits it but also the parent's whole heap (its pages count in its memory;
    forking them costs time) and loads the policies on the critical path."""
    if engine.name == "regorus" and bool(seconds) and hasattr(os, "fork"):
        try:
            return Forked(engine, sources, data)
        except OSError:  # no process or pipe to spare: load here, as before
            pass
    engine.load(sources, data)
    return engine


class Forked:
    """A child holding `engine` with the policies loaded; `evaluate` sends it an input."""

    limited = True  # pipeline._evaluate: the time limit is applied here, not by a new fork

    def __init__(self, engine: Any, sources: list[tuple[str, str]], data: dict[str, Any]):
        self.name = engine.name
        self._stages = hasattr(engine, "stage_manifest")  # the child can take a manifest ahead
        self._staging: threading.Thread | None = None
        to_child, self._to_child = os.pipe()
        self._from_child, from_child = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (to_child, self._to_child, self._from_child, from_child):
                os.close(fd)
            raise
        if pid == 0:  # the child: never returns into the caller's code
            _child(engine, sources, data, to_child, from_child, (self._to_child, self._from_child))
        os.close(to_child)
        os.close(from_child)
        self.pid = pid
        self._finalizer = weakref.finalize(self, _finish, pid, self._to_child, self._from_child)

    def evaluate(
        self, input_doc: dict[str, Any], seconds: float, meanwhile: Callable[[], object] = list
    ) -> Any:
        return self.evaluate_json(json.dumps(input_doc), seconds, meanwhile)

    def stage(self, manifest: str) -> bool:
        """Hand the child the manifest's JSON ahead of the evaluation, which it parses while
        this process reads the evidence (RegorusEngine.stage_manifest); no answer. Written by
        a thread (the child reads it once its policies are loaded; 13 MB at 10,000 models
        would block this process meanwhile). False: this engine stages nothing."""
        if not self._finalizer.alive or not self._stages:
            return False
        request = pickle.dumps(("stage", manifest), protocol=pickle.HIGHEST_PROTOCOL)
        fd = self._to_child

        def send() -> bool:
            try:
                return _send(fd, request, None)
            except OSError:  # the child is gone: the evaluation says so
                return False

        self._staging = threading.Thread(target=send, name="ai-security-gate-stage", daemon=True)
        self._staging.start()
        return True

    def evaluate_json(
        self,
        text: str,
        seconds: float,
        meanwhile: Callable[[], object] = list,
        staged: bool = False,
    ) -> Any:
        """The child's answer to the input `text` (JSON); `meanwhile()` runs here while it
        evaluates. `staged`: `text` leaves out the manifest given to stage()."""
        if not self._finalizer.alive:
            raise GateError("the policy stage's process has already ended; run again")
        deadline = time.monotonic() + seconds
        if self._staging is not None:  # its frame first, whole (one writer at a time)
            self._staging.join(max(0.0, deadline - time.monotonic()))
            if self._staging.is_alive():  # the child never read it: stop it
                self.close()
                # the write fails once the child is gone; no write may follow the close
                # (its descriptor's number could be another file's by then)
                self._staging.join()
                raise _timeout(seconds, self.name)
            self._staging = None
        request = pickle.dumps(
            ("evaluate", seconds, text, staged), protocol=pickle.HIGHEST_PROTOCOL
        )
        try:
            sent = _send(self._to_child, request, deadline)
        except OSError:  # the child is gone (its pipe closed): no result
            sent = None
        del request  # sent: not held while the child evaluates
        payload = None if sent is False else b""
        if sent:
            meanwhile()
            try:
                payload = _read_frame(self._from_child, deadline)
            except OSError:
                payload = b""
        if payload is None:  # the limit passed: stop the child (watchdog's message)
            self.close()
            raise _timeout(seconds, self.name)
        if not payload:
            self.close()
        found = _unpack(payload, self.name)
        if isinstance(found, Halves):
            return results_from_records(found.values())
        return found

    def close(self) -> None:
        """End the child (it waits for input or has answered) and collect it."""
        self._finalizer()


def _finish(pid: int, to_child: int, from_child: int) -> None:
    for fd in (to_child, from_child):
        with contextlib.suppress(OSError):
            os.close(fd)
    _reap(pid)


def _child(
    engine: Any,
    sources: list[tuple[str, str]],
    data: dict[str, Any],
    read_fd: int,
    write_fd: int,
    parents: tuple[int, int],
) -> None:
    code = 0
    try:
        gc.disable()  # short-lived: a collection would touch (and so copy) the parent's pages
        for fd in parents:
            os.close(fd)
        problem = _loaded(engine, sources, data)
        if problem is None and hasattr(engine, "warm"):
            engine.warm()  # while the parent still reads the evidence
        staging: tuple[str, str] | None = None
        while True:
            request = _read_frame(read_fd, None)
            if not request:  # the parent closed its end (the run is over, or it is gone)
                break
            kind, *rest = pickle.loads(request)  # our own parent's bytes
            del request  # the whole input once more (21 MB at 10,000 models)
            if kind == "stage":  # no answer: a failure is the staged evaluation's to report
                staging = problem or _staged(engine, rest[0])
                continue
            seconds, text, staged = rest
            signal.signal(signal.SIGALRM, signal.SIG_DFL)  # default action: the kernel ends us
            signal.setitimer(signal.ITIMER_REAL, seconds + _CHILD_GRACE)
            message = problem or (staging if staged else None) or _evaluated(engine, text, staged)
            signal.setitimer(signal.ITIMER_REAL, 0)
            answer = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
            _send(write_fd, answer, None)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _loaded(
    engine: Any, sources: list[tuple[str, str]], data: dict[str, Any]
) -> tuple[str, str] | None:
    try:
        engine.load(sources, data)
    except GateError as exc:
        return ("error", str(exc))
    except Exception as exc:
        return ("error", f"the Rego engine failed: {type(exc).__name__}: {exc}")
    return None


def _staged(engine: Any, manifest: str) -> tuple[str, str] | None:
    """None, or ("error", why) when the engine could not take the manifest."""
    try:
        engine.stage_manifest(manifest)
    except GateError as exc:
        return ("error", str(exc))
    except Exception as exc:
        return ("error", f"the Rego engine failed: {type(exc).__name__}: {exc}")
    return None


def _evaluated(engine: Any, text: str, staged: bool = False) -> tuple[str, object]:
    """("ok", what the engine found): for regorus its records not yet gathered (split.Halves),
    which the parent gathers (one read of each process's records, not two)."""
    try:
        if hasattr(engine, "evaluate_halves"):
            return ("ok", engine.evaluate_halves(text, staged))
        return ("ok", engine.evaluate_json(text))
    except GateError as exc:
        return ("error", str(exc))
    except Exception as exc:  # reported by the parent, never raised in the child
        return ("error", f"the Rego engine failed: {type(exc).__name__}: {exc}")


def _send(fd: int, payload: bytes, deadline: float | None) -> bool:
    """One frame: its length, then its bytes (written apart: joined, they were one more copy
    of the whole input or answer)."""
    header = _HEADER.pack(len(payload))
    return _write_until(fd, header, deadline) and _write_until(fd, payload, deadline)


def _write_until(fd: int, data: bytes, deadline: float | None) -> bool:
    """Write all of `data`; False when the deadline passes first (OSError: the reader is
    gone)."""
    view = memoryview(data)
    while view:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([], [fd], [], left)[1]:
                return False
        view = view[os.write(fd, view) :]
    return True


def _read_frame(fd: int, deadline: float | None) -> bytes | None:
    """One frame's bytes; b"" at the end of the pipe; None when the deadline passes first."""
    header = _read_exact(fd, _HEADER.size, deadline)
    if not header:
        return header
    return _read_exact(fd, _HEADER.unpack(header)[0], deadline) or b""


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return b""
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
