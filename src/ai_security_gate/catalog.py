"""The provision catalogue: the project's own list of the 72 EN 304 223 provisions."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .results import Duty, Provision

PHASES: tuple[str, ...] = ("design", "development", "deployment", "maintenance", "end_of_life")
ROLES: tuple[str, ...] = ("developer", "system_operator", "data_custodian", "end_user")
LEVELS: tuple[str, ...] = ("shall", "should")


@cache
def load_catalog() -> tuple[Provision, ...]:
    """All provisions in document order. Loaded once per process."""
    import yaml  # lazy: keeps `--help` fast

    # beside this module, as resources.data_dir assumes (importlib.resources costs 2 ms)
    text = (Path(__file__).parent / "catalog.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    rows = yaml.load(text, Loader=loader)
    return tuple(
        Provision(
            id=r["id"],
            uk_id=str(r["uk_id"]),
            principle=int(r["principle"]),
            principle_title=r["principle_title"],
            phase=r["phase"],
            level=r["level"],
            roles=tuple(r["roles"]),
            title=r["title"],
            evidence=r.get("evidence", ""),
            attestation=bool(r.get("attestation", False)),
            applies_when=tuple(r.get("applies_when", ())),
            reasoning=r.get("reasoning", ""),
            duties=tuple(
                Duty(
                    d["part"],
                    d["role"],
                    d["text"],
                    tuple(d.get("rules", ())),
                    bool(d.get("external_only", False)),
                )
                for d in r.get("duties", ())
            ),
        )
        for r in rows
    )


@cache
def by_id() -> dict[str, Provision]:
    return {p.id: p for p in load_catalog()}


def find(provision_id: str) -> Provision | None:
    """Look a provision up by EN id (5.2.4-1.2) or UK Code id (8.1.2)."""
    table = by_id()
    if provision_id in table:
        return table[provision_id]
    for p in load_catalog():
        if p.uk_id == provision_id:
            return p
    return None


def nearest(provision_id: str, limit: int = 3) -> list[str]:
    """Known ids closest to a mistyped one (EN ids first), for "did you mean"."""
    import difflib

    text = provision_id.strip()
    en = [p.id for p in load_catalog()]
    uk = [p.uk_id for p in load_catalog()]
    close = difflib.get_close_matches(text, en, n=limit, cutoff=0.6)
    if len(close) < limit:
        close += difflib.get_close_matches(text, uk, n=limit - len(close), cutoff=0.75)
    if not close:  # a clause with no such provision: offer that clause's provisions
        clause = text.split("-")[0]
        close = [i for i in en if i.split("-")[0] == clause][:limit]
    return close
