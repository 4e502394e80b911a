"""Real OPA in-process (PyPI opa-golib-python-bindings): the reference the policies are
tested against, usable as a backend where it is installed."""

from __future__ import annotations

from typing import Any

from ..errors import GateError
from .base import Engine, guarded


class OpaInProcessEngine(Engine):
    name = "opa"
    batch_packages = True
    # ctypes lets go of the GIL while Go evaluates: a thread can wait on it (watchdog.py)
    releases_gil = True

    def __init__(self) -> None:
        try:
            from opa_bindings import OpaEngine
        except ImportError:
            raise GateError(
                "real OPA in-process is not installed; `pip install --no-deps "
                "--ignore-requires-python opa-golib-python-bindings==0.4.4`, or use "
                "--engine regorus"
            ) from None
        self._engine = OpaEngine()

    def load(self, modules: list[tuple[str, str]], data: dict[str, Any]) -> None:
        for name, source in modules:
            guarded(f"loading {name}", self._engine.add_policy, name, source)
        if data:
            guarded("loading data", self._engine.add_data, data)

    def document(self, path: str, input_doc: Any) -> Any:
        from opa_bindings import OpaUndefinedError

        try:
            return self._engine.eval_document(path, input_doc)
        except OpaUndefinedError:
            return None
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            raise GateError(f"OPA failed while evaluating data.{path}: {exc}") from None
