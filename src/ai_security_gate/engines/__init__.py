"""Rego engines behind one small interface; `get_engine` picks a backend by name."""

from __future__ import annotations

from .base import Engine, Notice, Results, Violation

BACKENDS = ("regorus", "opa", "opa-server")


def get_engine(name: str, opa_url: str | None = None) -> Engine:
    """Import only the backend asked for: each pulls in its own native library."""
    if name == "regorus":
        from .regorus_engine import RegorusEngine

        return RegorusEngine()
    if name == "opa":
        from .opa_inprocess import OpaInProcessEngine

        return OpaInProcessEngine()
    if name == "opa-server":
        from .opa_server import OpaServerEngine

        return OpaServerEngine(opa_url)
    raise ValueError(f"unknown engine {name!r}; choose one of: {', '.join(BACKENDS)}")


__all__ = ["BACKENDS", "Engine", "Notice", "Results", "Violation", "get_engine"]
