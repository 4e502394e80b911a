"""What `provisions` and `explain` print: derived from the catalogue, the policies and the
schema, so the terminal, the docs and the checks cannot drift apart."""

from __future__ import annotations

import json
from typing import Any

from ..results import Provision


def provision_table(rows: list[Provision], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([_as_dict(p) for p in rows], indent=2) + "\n"
    lines = [
        f"{'EN id':<11} {'UK id':<7} {'P':>2} {'phase':<12} {'level':<6} roles / paraphrased title"
    ]
    for p in rows:
        roles = ",".join(_ROLE_SHORT[r] for r in p.roles)
        title = p.title if len(p.title) <= 70 else p.title[:69] + "…"
        lines.append(
            f"{p.id:<11} {p.uk_id:<7} {p.principle:>2} {p.phase:<12} {p.level:<6} [{roles}] {title}"
        )
    lines.append(f"{len(rows)} provision(s). Titles are our paraphrases, not the standard's text.")
    return "\n".join(lines) + "\n"


_ROLE_SHORT = {
    "developer": "dev",
    "system_operator": "ops",
    "data_custodian": "data",
    "end_user": "user",
}


def _as_dict(p: Provision) -> dict[str, Any]:
    return {**p.listing(), "attestation": p.attestation}


def explain_provision(p: Provision) -> str:
    """The provision's documentation page, for the terminal (the same content as
    docs/provisions/<id>.md: both come from docgen)."""
    from .docgen import provision_doc, render_text

    return render_text(provision_doc(p)) + documents_for(p.id)


def documents_for(provision_id: str) -> str:
    """What the documents cited for this provision must contain (document_kinds.yaml)."""
    from ..evidence.documents import describe, document_kinds
    from ..schema_index import shipped_schema_index

    fields = {".".join(f.path) for f in shipped_schema_index().fields_for(provision_id)}
    kinds = [k for k in document_kinds().values() if fields.intersection(k.fields)]
    if not kinds:
        return ""
    out = ["", "Documents the gate reads for it (a placeholder never counts):"]
    for kind in kinds:
        out += describe(kind)
    return "\n".join(out) + "\n"
