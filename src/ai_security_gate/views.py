"""What `provisions` and `explain` print: derived from the catalogue, the policies and the
schema, so the terminal, the docs and the checks cannot drift apart."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from .model import Provision


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
    return {
        "id": p.id,
        "uk_id": p.uk_id,
        "principle": p.principle,
        "principle_title": p.principle_title,
        "phase": p.phase,
        "level": p.level,
        "roles": list(p.roles),
        "title": p.title,
        "attestation": p.attestation,
    }


def explain_provision(p: Provision) -> str:
    """The provision's documentation page, for the terminal (the same content as
    docs/provisions/<id>.md: both come from docgen)."""
    from .docgen import provision_doc, render_text

    return render_text(provision_doc(p)) + documents_for(p.id)


def documents_for(provision_id: str) -> str:
    """What the documents cited for this provision must contain (document_kinds.yaml)."""
    from .evidence.documents import describe, document_kinds
    from .schema import schema_document

    fields = {f.replace("[]", ".*") for f in fields_for(provision_id, schema_document())}
    kinds = [k for k in document_kinds().values() if fields.intersection(k.fields)]
    if not kinds:
        return ""
    out = ["", "Documents the gate reads for it (a placeholder never counts):"]
    for kind in kinds:
        out += describe(kind)
    return "\n".join(out) + "\n"


def fields_for(provision_id: str, schema: dict[str, Any]) -> Iterator[str]:
    """Manifest fields whose schema description names this provision id."""
    pattern = re.compile(rf"(?<![\d.]){re.escape(provision_id)}(?![\d.]*\d)")
    yield from _fields(schema, schema, "", pattern, frozenset())


def _fields(
    node: Any, root: dict[str, Any], where: str, pattern: re.Pattern[str], refs: frozenset[str]
) -> Iterator[str]:
    """Walk the schema; `refs` are the $defs already entered on this branch (stops cycles)."""
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and ref not in refs:
        target = root.get("$defs", {}).get(ref.split("/")[-1], {})
        yield from _fields(target, root, where, pattern, refs | {ref})
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, []):
            yield from _fields(branch, root, where, pattern, refs)
    for name, sub in node.get("properties", {}).items():
        path = f"{where}.{name}" if where else name
        if isinstance(sub, dict) and pattern.search(sub.get("description", "")):
            yield path
        yield from _fields(sub, root, path, pattern, refs)
    if isinstance(node.get("items"), dict):
        yield from _fields(node["items"], root, f"{where}[]", pattern, refs)
