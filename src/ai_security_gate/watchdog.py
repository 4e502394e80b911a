"""A time limit on policy evaluation (docs/security.md: bounded work).

The engines evaluate in-process and cannot be interrupted from Python. regorus holds the GIL
for a whole query, so no thread or signal handler runs until it returns: its evaluation runs
in a forked child that inherits the loaded engine (no policy is compiled twice) and sends
the results back over a pipe; the parent waits up to the limit and kills the child when it
is reached. The child also arms a kernel timer whose default action ends it, so it cannot
outlive the limit even when the parent itself was killed.

OPA runs in Go, and Go's runtime does not survive a fork (a forked child hangs in its first
call; measured). But ctypes releases the GIL during the call, so a thread evaluates and the
caller stops waiting at the limit; the stopped evaluation ends with the process, which the
CLI exits at once (exit 2). A long-lived caller of `run_check` keeps that thread until its
query ends.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import threading
import time
import warnings
from collections.abc import Callable
from typing import TypeVar, cast

from .errors import GateError

T = TypeVar("T")

DEFAULT_SECONDS = 60.0
# what the child may add to the limit before its own timer ends it: the parent kills it at
# the limit, this only matters when the parent is gone
_CHILD_GRACE = 2.0


class EvalTimeout(GateError):
    """The policy stage did not finish within the limit."""


def limited(
    call: Callable[[], T],
    seconds: float | None,
    what: str,
    *,
    releases_gil: bool = False,
    meanwhile: Callable[[], object] = list,
) -> T:
    """`call()` run in a forked child (in a thread when it `releases_gil`), its result
    returned; exit 2 (EvalTimeout) when it has not finished after `seconds`. `seconds` None or
    0, or no fork (Windows) for an engine that keeps the GIL: run it here, without a limit.
    `meanwhile()` runs here while the child or thread works (first, where there is none)."""
    if not seconds or (not releases_gil and not hasattr(os, "fork")):
        # no limit, or Windows: regorus's engine cannot move to another thread
        meanwhile()
        return call()
    if releases_gil:
        return _in_thread(call, seconds, what, meanwhile)
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns on fork in a process with threads (OPA's Go runtime has some);
        # the child only evaluates and writes to a pipe, then leaves with os._exit
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        _child(call, seconds, read_end, write_end)
    os.close(write_end)
    deadline = time.monotonic() + seconds
    try:
        meanwhile()
        payload = _read_until(read_end, deadline)
    finally:
        os.close(read_end)
        _reap(pid)
    if payload is None:
        raise _timeout(seconds, what)
    return cast(T, _unpack(payload, what))


def _timeout(seconds: float, what: str) -> EvalTimeout:
    return EvalTimeout(
        f"the policy stage (evaluating the Rego policies with {what}) did not finish "
        f"within {seconds:g} s and was stopped; a policy may loop over a huge collection "
        "(check the policies given with -p or the configuration's `policy`), or raise the "
        "limit with --eval-timeout SECONDS"
    )


def _in_thread(
    call: Callable[[], T], seconds: float, what: str, meanwhile: Callable[[], object]
) -> T:
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["ok"] = call()
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=run, name="ai-security-gate-policy-stage", daemon=True)
    worker.start()
    deadline = time.monotonic() + seconds
    meanwhile()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise _timeout(seconds, what)
    if "error" in box:
        raise cast(BaseException, box["error"])
    return cast(T, box["ok"])


def _child(call: Callable[[], object], seconds: float, read_end: int, write_end: int) -> None:
    code = 0
    try:
        # no collection in a short-lived child: it would touch (and so copy) the parent's pages
        gc.disable()
        os.close(read_end)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # default action: the kernel ends us
        signal.setitimer(signal.ITIMER_REAL, seconds + _CHILD_GRACE)
        try:
            message: tuple[str, object] = ("ok", call())
        except GateError as exc:
            message = ("error", str(exc))
        except BaseException as exc:  # reported by the parent, never raised in the child
            message = ("error", f"the Rego engine failed: {type(exc).__name__}: {exc}")
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
        os.close(write_end)  # the parent reads to the end now, before the exit's teardown
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything written to `fd` until the writer closes it; None at the deadline."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> None:
    """End the child if it still runs and collect it: no orphan, no zombie."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass


def _unpack(payload: bytes, what: str) -> object:
    try:
        kind, value = pickle.loads(payload)  # our own child's bytes
    except Exception:
        raise GateError(
            f"the policy stage ({what}) ended without a result (the evaluating process died); "
            "run again, or with --eval-timeout 0 to evaluate without a separate process"
        ) from None
    if kind == "error":
        raise GateError(str(value))
    return value
