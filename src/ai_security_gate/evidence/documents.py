"""The document kinds data file (document_kinds.yaml): what a real document of each kind the
manifest can cite contains. Read here once; the content checks (document_check.py), `explain`,
docs/evidence.md and `scaffold` all use it, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..results import JsonPath

DATA_FILE = Path(__file__).with_name("document_kinds.yaml")


@dataclass(frozen=True)
class DocumentKind:
    name: str
    title: str
    purpose: str
    group: str
    fields: tuple[str, ...]  # dotted manifest paths, `*` for any list index
    headings: tuple[tuple[str, ...], ...]  # required sections, each a list of alternatives
    min_words: int
    names: tuple[str, ...]  # cross-checks: supplier, model, (recent_)date, threat_ids

    def field_patterns(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(f.split(".")) for f in self.fields)


@dataclass(frozen=True)
class Placeholders:
    words: tuple[str, ...]  # whole words, case-sensitive, anywhere
    phrases: tuple[str, ...]  # a whole paragraph (or its start before ":"), any case
    anywhere: tuple[str, ...]  # substrings, any case
    scaffold_marker: str  # a line starting with it is a scaffold prompt left in place


@dataclass(frozen=True)
class DocumentRules:
    kinds: dict[str, DocumentKind]
    placeholders: Placeholders
    section_min_words: int
    other_file_min_words: int


@cache
def document_rules() -> DocumentRules:
    # libyaml when installed: this shipped file is read on every run
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(DATA_FILE.read_text(encoding="utf-8"), Loader=loader)
    kinds = {}
    for name, k in raw["kinds"].items():
        kinds[name] = DocumentKind(
            name=name,
            title=k["title"],
            purpose=k["purpose"],
            group=k["group"],
            fields=tuple(k.get("fields") or ()),
            headings=tuple(tuple(str(a) for a in alts) for alts in k.get("headings") or ()),
            min_words=int(k["min_words"]),
            names=tuple(k.get("names") or ()),
        )
    ph = raw["placeholder"]
    return DocumentRules(
        kinds=kinds,
        placeholders=Placeholders(
            words=tuple(ph["words"]),
            phrases=tuple(str(p).lower() for p in ph["phrases"]),
            anywhere=tuple(str(p).lower() for p in ph["anywhere"]),
            scaffold_marker=raw["scaffold_marker"],
        ),
        section_min_words=int(raw["section_min_words"]),
        other_file_min_words=int(raw["other_file_min_words"]),
    )


def document_kinds() -> dict[str, DocumentKind]:
    """Kind name -> DocumentKind, in the data file's order."""
    return document_rules().kinds


def scaffold_marker() -> str:
    """The prefix of a prompt line `scaffold` writes; a document still holding one fails."""
    return document_rules().placeholders.scaffold_marker


def path_matches(path: JsonPath, pattern: tuple[str, ...]) -> bool:
    if len(path) != len(pattern):
        return False
    for got, want in zip(path, pattern, strict=True):
        if want == "*":
            if not isinstance(got, int):
                return False
        elif got != want:
            return False
    return True


def kind_for_path(path: JsonPath) -> DocumentKind | None:
    """The document kind a manifest field (a JSON path with list indexes) cites, if any."""
    return _kinds_by_pattern().get(pattern_of(path))


def pattern_of(path: JsonPath) -> tuple[str, ...]:
    """The field pattern of a JSON path: list indexes become `*`."""
    return tuple("*" if isinstance(p, int) else str(p) for p in path)


@cache
def _kinds_by_pattern() -> dict[tuple[str, ...], DocumentKind]:
    out: dict[tuple[str, ...], DocumentKind] = {}
    for kind in document_kinds().values():
        for pattern in kind.field_patterns():
            out.setdefault(pattern, kind)
    return out


def describe(kind: DocumentKind) -> list[str]:
    """Lines saying what a real document of this kind contains (docs and `explain`)."""
    lines = [f"{kind.title}: {kind.purpose}"]
    for alts in kind.headings:
        others = f" (or: {', '.join(alts[1:])})" if len(alts) > 1 else ""
        lines.append(f"  - a section headed '{alts[0]}'{others}")
    lines.append(f"  - at least {kind.min_words} words of prose; no placeholders")
    for name in kind.names:
        lines.append(f"  - {_NAMES.get(name, name)}")
    return lines


_NAMES: dict[str, Any] = {
    "supplier": "names the supplier the manifest entry names",
    "model": "names the model and the version it covers",
    "date": "gives a date that has passed (YYYY-MM-DD, or month and year)",
    "recent_date": "gives a date that has passed, within the document age limit "
    "(--document-max-age, 365 days)",
    "threat_ids": "mentions every threat id of threat_model.threats",
}


def documents_markdown() -> str:
    """The per-kind table of docs/evidence.md (a test keeps the page equal to it)."""
    rules = document_rules()
    out = [
        "| kind | cited by | required sections (any one alternative) | min words | must name |",
        "| --- | --- | --- | --- | --- |",
    ]
    for k in rules.kinds.values():
        fields = "<br>".join(f"`{f}`" for f in k.fields) or "(attestation evidence)"
        sections = "<br>".join(" / ".join(alts) for alts in k.headings) or "(none)"
        names = ", ".join(k.names) or ""
        out.append(f"| `{k.name}` | {fields} | {sections} | {k.min_words} | {names} |")
    return "\n".join(out) + "\n"
