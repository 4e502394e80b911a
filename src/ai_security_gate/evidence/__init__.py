"""The collect stage: the only code that reads the repository. It turns the manifest's claims
into facts (`input.evidence`) that policies read; policies never touch files."""

from .collect import collect

__all__ = ["collect"]
