"""The collect stage: the only code that reads the repository. It turns the manifest's claims
into facts (`input.evidence`) that policies read; policies never touch files."""

from .collect import EvidenceOptions, collect

__all__ = ["EvidenceOptions", "collect"]
