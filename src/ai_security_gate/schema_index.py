"""The schema index: every manifest field, the provisions it serves, whether it names
repository evidence. The schema is walked once, here, resolving `$ref`, `anyOf`/`oneOf`/
`allOf` and cycles once; the evidence stage, the docs, `explain`, the engine's data and the
tests all read this instead of walking the schema themselves.

The schema marks a field with `x-provisions: ["5.1.3-1", ...]` (the provisions the field
serves) and a definition with `x-evidence: repo_path | doc_ref` (its value names a file in
the repository; `doc_ref` values may be URIs instead, which are not evidence files).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

ITEM = "*"  # a path step that stands for any list index
EVIDENCE_KINDS = ("repo_path", "doc_ref")


@dataclass(frozen=True)
class SchemaField:
    """One place in the manifest the schema describes: a property, or a list's items."""

    path: tuple[str, ...]  # keys, ITEM for a list item: ("models", "*", "sha256")
    description: str  # the field's own schema description ("" for list items)
    provisions: tuple[str, ...]  # x-provisions of the field (of the list, for its items)
    evidence: str | None  # x-evidence of its type: "repo_path" | "doc_ref"; None otherwise

    @property
    def display(self) -> str:
        """models[].sha256, as the docs write a field"""
        out = ""
        for step in self.path:
            out += "[]" if step == ITEM else (f".{step}" if out else step)
        return out


@dataclass(frozen=True)
class SchemaIndex:
    fields: tuple[SchemaField, ...]
    _by_display: dict[str, SchemaField] = field(default_factory=dict, compare=False, repr=False)

    def evidence_fields(self) -> list[SchemaField]:
        """Fields whose values name repository evidence."""
        return [f for f in self.fields if f.evidence]

    def fields_for(self, provision_id: str) -> list[SchemaField]:
        """Properties that serve the provision (list items carry no x-provisions of their
        own)."""
        return [f for f in self.fields if provision_id in f.provisions and f.path[-1] != ITEM]

    def describe(self, display: str) -> str:
        """The schema description of a field written as in the docs (models[].sha256)."""
        found = self._by_display.get(display)
        return found.description if found else ""

    def evidence_provisions(self) -> tuple[str, ...]:
        """Every provision some evidence field serves, sorted."""
        return tuple(sorted({p for f in self.evidence_fields() for p in f.provisions}))

    def engine_data(self) -> list[dict[str, Any]]:
        """What the policies read as data.ai_security_gate.evidence_fields: the manifest
        path pattern of each evidence field with provisions, and those provisions."""
        return [
            {"path": list(f.path), "provisions": list(f.provisions)}
            for f in self.evidence_fields()
            if f.provisions
        ]


def build_schema_index(schema: dict[str, Any]) -> SchemaIndex:
    found: dict[tuple[str, ...], SchemaField] = {}
    for f in _walk(schema, schema, (), (), frozenset()):
        old = found.get(f.path)
        if old is None:
            found[f.path] = f
        else:  # the same place reached through several branches: one field, all it says
            found[f.path] = SchemaField(
                f.path,
                old.description or f.description,
                tuple(dict.fromkeys(old.provisions + f.provisions)),
                old.evidence or f.evidence,
            )
    fields = tuple(found.values())
    return SchemaIndex(fields, {f.display: f for f in fields})


def _resolve(
    node: Any, root: dict[str, Any], refs: frozenset[str]
) -> Iterator[tuple[dict[str, Any], frozenset[str]]]:
    """The node and every subschema it stands for (through $ref and the combinators), each
    with the $defs entered on the way: a $def already on this branch is not entered again."""
    if not isinstance(node, dict):
        return
    yield node, refs
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/") and ref not in refs:
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        yield from _resolve(target, root, refs | {ref})
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, []):
            yield from _resolve(branch, root, refs)


def _walk(
    node: Any,
    root: dict[str, Any],
    path: tuple[str, ...],
    provisions: tuple[str, ...],
    refs: frozenset[str],
) -> Iterator[SchemaField]:
    parts = list(_resolve(node, root, refs))
    if path:
        evidence = next(
            (p["x-evidence"] for p, _ in parts if p.get("x-evidence") in EVIDENCE_KINDS), None
        )
        description = node.get("description", "") if isinstance(node, dict) else ""
        if path[-1] == ITEM:
            description = ""
        yield SchemaField(path, str(description), provisions, evidence)
    for part, entered in parts:
        for name, sub in (part.get("properties") or {}).items():
            own = tuple(sub.get("x-provisions", ())) if isinstance(sub, dict) else ()
            yield from _walk(sub, root, (*path, name), own, entered)
        if isinstance(part.get("items"), dict):
            yield from _walk(part["items"], root, (*path, ITEM), provisions, entered)


_BUILT: dict[int, tuple[dict[str, Any], SchemaIndex]] = {}


def index_of(schema: dict[str, Any]) -> SchemaIndex:
    """The index of a schema document, built once per document object in a process."""
    hit = _BUILT.get(id(schema))
    if hit is None or hit[0] is not schema:
        hit = (schema, build_schema_index(schema))
        _BUILT[id(schema)] = hit
    return hit[1]


def shipped_schema_index() -> SchemaIndex:
    from .schema import schema_document

    return index_of(schema_document())
