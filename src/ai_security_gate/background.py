"""One call run in a thread while the caller goes on: the schema stage while the evidence
stage waits on git (a warm run's time: bench/profile_warm.py).

Only for calls that touch nothing the caller changes meanwhile. The thread holds the GIL
while it computes, so the gain is the time the caller spends waiting on subprocesses and
files; the answer (or the exception, re-raised in the caller) is taken with `result()`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    def __init__(self, call: Callable[[], T], name: str) -> None:
        self._call = call
        self._box: dict[str, object] = {}
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._box["ok"] = self._call()
        except BaseException as exc:  # re-raised in the caller's thread by result()
            self._box["error"] = exc

    def result(self) -> T:
        self._thread.join()
        if "error" in self._box:
            raise self._box["error"]  # type: ignore[misc]
        return self._box["ok"]  # type: ignore[return-value]
