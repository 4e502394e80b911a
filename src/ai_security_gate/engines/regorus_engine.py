"""The embedded default: regorus, Microsoft's Rust Rego interpreter (PyPI gordon-to-regorus)."""

from __future__ import annotations

import json
from typing import Any

from ..errors import GateError
from .base import Engine, guarded


class RegorusEngine(Engine):
    name = "regorus"

    def __init__(self) -> None:
        try:
            import regorus
        except ImportError:
            raise GateError(
                "the embedded Rego engine is not installed; `pip install gordon-to-regorus`"
            ) from None
        self._engine = regorus.Engine()

    def load(self, modules: list[tuple[str, str]], data: dict[str, Any]) -> None:
        for name, source in modules:
            guarded(f"loading {name}", self._engine.add_policy, name, source)
        if data:
            guarded("loading data", self._engine.add_data_json, json.dumps(data))

    def document(self, path: str, input_doc: Any) -> Any:
        query = f"data.{path}"
        guarded("reading the input", self._engine.set_input_json, json.dumps(input_doc))
        raw = guarded(f"evaluating {query}", self._engine.eval_query_as_json, query)
        results = json.loads(raw).get("result", [])
        if not results:
            return None
        return results[0]["expressions"][0]["value"]

    def packages(self) -> list[str]:
        return list(self._engine.get_packages())

    def ast(self) -> Any:
        return json.loads(self._engine.get_ast_as_json())
