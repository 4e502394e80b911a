"""Rego engines behind one small interface; `get_engine` picks a backend by name."""

from __future__ import annotations

from .base import Engine, Violation

BACKENDS = ("regorus", "opa")


def get_engine(name: str) -> Engine:
    """Import only the backend asked for: each pulls in its own native library."""
    if name == "regorus":
        from .regorus_engine import RegorusEngine

        return RegorusEngine()
    if name == "opa":
        from .opa_inprocess import OpaInProcessEngine

        return OpaInProcessEngine()
    raise ValueError(f"unknown engine {name!r}; choose one of: {', '.join(BACKENDS)}")


__all__ = ["BACKENDS", "Engine", "Violation", "get_engine"]
