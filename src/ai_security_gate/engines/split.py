"""Evaluate the policy packages in two processes: the second core halves the policy stage.

regorus holds the GIL for a whole query and its engine cannot move to another thread (pyo3
refuses: "unsendable"), so the only way to use a second core is a second process. It is
forked once the input is set: it shares the loaded policies and the parsed input (copy on
write), so nothing is parsed twice. Both processes take packages from one queue (a pipe of
package numbers, heaviest first), so a slow package on one side does not leave the other
idle. The helper sends back its packages' values, pickled; they are unpickled once, by the
process that uses them (Halves: the evaluating child forwards the helper's bytes to the
parent unread), and put in package order, so results are the same as a serial run's.

The helper never outlives the policy stage's time limit: it arms the time the caller's kernel
timer has left (preload.py and watchdog.py arm one in the evaluating child), and on Linux the
kernel ends it as soon as its caller ends (the caller is what the time limit kills).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import struct
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import GateError

_ITEM = struct.Struct("!H")  # a package number on the queue: one atomic pipe write each

# Below this many bytes of input a second process costs about what it saves: the example's
# input (25 KB) evaluates in ~15 ms, and forking and reading back cost ~5 ms; a 30-model
# manifest's (90 KB) takes ~60 ms.
MIN_INPUT_BYTES = 64 * 1024


def workers() -> int:
    """Processes the policy stage may use: 2 where fork exists and two cores are ours."""
    if not hasattr(os, "fork"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    # a fork while another thread runs (the schema stage's, in-process runs) could copy a
    # lock that thread holds; evaluate serially then
    return 2 if cores >= 2 and threading.active_count() == 1 else 1


@dataclass
class Halves:
    """The packages' values from the two processes: this one's, and the helper's answer as it
    was read (pickled). Picklable: the evaluating child sends it to the parent as it is, so
    the helper's values are unpickled once, where they are used, not read and written again
    on the way (0.3 s at 10,000 models)."""

    count: int
    mine: dict[int, Any]
    theirs: bytes | None = None  # None: no helper ran; b"": it died before answering

    def values(self) -> list[Any]:
        """The values in package order. A helper that failed or died is an error, as an
        evaluating child's death is (watchdog._unpack)."""
        values = {**self.mine, **(_answer(self.theirs) if self.theirs is not None else {})}
        if len(values) != self.count:
            raise GateError("the policy stage's second process lost packages; run again")
        return [values[i] for i in range(self.count)]


def evaluate_halves(
    packages: Sequence[str], one: Callable[[str], Any], weights: Sequence[int]
) -> Halves:
    """[one(p) for p in packages], computed by this process and a forked helper together,
    gathered by Halves.values(). `weights` orders the queue (heaviest first)."""
    order = sorted(range(len(packages)), key=lambda i: -weights[i])
    queue_read, queue_write = os.pipe()
    answer_read, answer_write = os.pipe()
    os.write(queue_write, b"".join(_ITEM.pack(i) for i in order))  # fits a pipe: < 64 KiB
    os.close(queue_write)
    left, _ = signal.getitimer(signal.ITIMER_REAL)
    caller = os.getpid()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: this one does all the work
        os.close(answer_read)
        os.close(answer_write)
        values = _drain(queue_read, packages, one)
        os.close(queue_read)
        return Halves(len(packages), values)
    if pid == 0:
        _helper(queue_read, answer_write, packages, one, left, caller)
    os.close(answer_write)
    try:
        mine = _drain(queue_read, packages, one)
    finally:
        os.close(queue_read)
    try:
        theirs = read_all(answer_read)
    finally:
        os.close(answer_read)
        _collect(pid)
    return Halves(len(packages), mine, theirs)


def _drain(queue: int, packages: Sequence[str], one: Callable[[str], Any]) -> dict[int, Any]:
    """Evaluate packages taken from the queue until it is empty."""
    done: dict[int, Any] = {}
    while True:
        item = os.read(queue, _ITEM.size)
        if len(item) < _ITEM.size:  # empty (the writer closed it before forking)
            return done
        (i,) = _ITEM.unpack(item)
        done[i] = one(packages[i])


def _helper(
    queue: int,
    answer_write: int,
    packages: Sequence[str],
    one: Callable[[str], Any],
    left: float,
    caller: int,
) -> None:
    code = 0
    try:
        gc.disable()  # short-lived: a collection would copy the shared pages
        _close_all_but(queue, answer_write)  # the caller's pipes: their readers see it end
        die_with(caller)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # default action: the kernel ends us
        if left > 0:
            signal.setitimer(signal.ITIMER_REAL, left)
        try:
            message: tuple[str, object] = ("ok", _drain(queue, packages, one))
        except GateError as exc:
            message = ("error", str(exc))
        except Exception as exc:
            message = ("error", f"the Rego engine failed: {type(exc).__name__}: {exc}")
        write_all(answer_write, pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def die_with(caller: int) -> None:
    """Linux: the kernel ends us when the caller ends (it is killed at the time limit, and
    nothing then waits for our answer). Elsewhere the timer armed above bounds us."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != caller:  # it ended before the call above
        os._exit(1)


def _close_all_but(*keep: int) -> None:
    """Close every descriptor above stderr but `keep`: one the caller's own parent waits on
    (preload.py's pipe, watchdog.py's) must close when the caller ends, not when we do."""
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, _max_fd())


def _max_fd() -> int:
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        return 1024


def read_all(fd: int) -> bytes:
    """Everything a forked process writes to `fd` until it closes it."""
    chunks: list[bytes] = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _answer(payload: bytes) -> dict[int, Any]:
    try:
        kind, value = pickle.loads(payload)  # our own helper's bytes
    except Exception:
        raise GateError(
            "the policy stage's second process ended without a result; run again"
        ) from None
    if kind == "error":
        raise GateError(str(value))
    return dict(value)


def _collect(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
