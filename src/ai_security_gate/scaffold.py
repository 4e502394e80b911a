"""`scaffold`: write the documents the manifest cites but the repository lacks, from
templates rendered from the document kinds data file (evidence/document_kinds.yaml, issue
10), so a template's required headings are exactly what the evidence checks expect. Every
prompt is a line starting with the data file's scaffold marker, which the gate rejects until
the author replaces it. Never overwrites, never writes through a symbolic link or outside
the repository."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import GateError
from .results import JsonPath

_NAME_PROMPTS = {
    "supplier": "name the supplier ({entry}) and what it provides",
    "model": "name the model and the version this covers ({entry})",
    "date": "give the date of this document or of each entry (YYYY-MM-DD)",
    "threat_ids": "cover every threat of the manifest by its id ({entry})",
}


@dataclass(frozen=True)
class Planned:
    path: str  # repository-relative
    field: str  # the manifest field that cites it, e.g. threat_model.document
    kind: str
    state: str  # "write", "exists", "outside", "link", "url"


def _documents() -> Any:
    try:
        from .evidence import documents
    except ImportError:  # pragma: no cover - until issue 10's data file lands
        raise GateError(
            "scaffold needs the document kinds data file (evidence/document_kinds.yaml), "
            "which this installation lacks"
        ) from None
    return documents


def plan(repo: Path, data: dict[str, Any]) -> list[Planned]:
    """Every document the manifest cites, and what scaffold would do with it."""
    docs = _documents()
    out: list[Planned] = []
    seen: set[str] = set()
    for path, value in _strings(data, ()):
        kind = docs.kind_for_path(path)
        if kind is None or value in seen:
            continue
        seen.add(value)
        field = _dotted(path)
        if "://" in value:
            out.append(Planned(value, field, kind.name, "url"))
            continue
        target = repo / value
        if os.path.lexists(target):
            out.append(Planned(value, field, kind.name, "exists"))
        elif not _inside(repo, target):
            out.append(Planned(value, field, kind.name, "outside"))
        elif _link_on_way(repo, value) is not None:
            out.append(Planned(value, field, kind.name, "link"))
        else:
            out.append(Planned(value, field, kind.name, "write"))
    return out


def render(kind_name: str, field: str, context: dict[str, str]) -> str:
    """The template of one document kind: its title, the purpose as a prompt, each required
    section headed by the heading the checks know first, and a prompt per thing to name."""
    docs = _documents()
    kind = docs.document_kinds()[kind_name]
    marker = docs.scaffold_marker()
    lines = [
        f"# {kind.title}",
        "",
        f"{marker} {kind.purpose} (cited by `{field}` in ai-security.yaml; replace every "
        f"line starting with this marker; at least {kind.min_words} words in all)",
        "",
    ]
    for name in kind.names:
        entry = context.get(name, "")
        lines += [f"{marker} " + _NAME_PROMPTS.get(name, name).format(entry=entry or "..."), ""]
    if not kind.headings:
        lines += [f"{marker} one dated entry per change: the date, what changed and why", ""]
    for alternatives in kind.headings:
        lines += [
            f"## {alternatives[0]}",
            "",
            f"{marker} write this section",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def write(repo: Path, data: dict[str, Any]) -> list[Planned]:
    planned = plan(repo, data)
    for p in planned:
        if p.state != "write":
            continue
        text = render(p.kind, p.field, _context(data, p.field))
        _write_new(repo, p.path, text)
    return planned


def _link_on_way(repo: Path, value: str) -> Path | None:
    """The first symbolic link on the path `value` names under `repo`, as written (`a/../b`
    passes through `a`), or None. A checkout may plant links, even ones into the repository:
    scaffold creates nothing through one (docs/security.md)."""
    here = repo
    for part in Path(value).parts[:-1]:
        here = here / part
        if here.is_symlink():
            return here
    return None


def _write_new(repo: Path, value: str, text: str) -> None:
    """Create `repo/value` and its missing directories, one at a time, none through a link;
    never replace a file."""
    target = repo / value
    if not _inside(repo, target.parent):
        raise GateError(f"{target}: outside the repository; not written")
    here = repo
    for part in Path(value).parts[:-1]:
        here = here / part
        if not os.path.lexists(here):
            try:
                here.mkdir()  # one level: a link planted meanwhile is not followed
            except FileExistsError:
                pass
            except OSError as exc:
                raise GateError(f"{here}: cannot create the directory: {exc.strerror}") from None
        if here.is_symlink():
            raise GateError(
                f"{target}: its directory {here} is a symbolic link; scaffold creates nothing "
                "through a link: not written"
            )
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(target, flags, 0o644)
    except FileExistsError:
        return  # appeared meanwhile: never overwrite
    except OSError as exc:
        raise GateError(f"{target}: cannot write: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def _inside(repo: Path, path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(repo.resolve())
    except (OSError, RuntimeError):
        return False


def _strings(node: Any, path: JsonPath) -> list[tuple[JsonPath, str]]:
    if isinstance(node, str):
        return [(path, node)]
    out: list[tuple[JsonPath, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _strings(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _strings(value, (*path, i))
    return out


def _dotted(path: JsonPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _context(data: dict[str, Any], field: str) -> dict[str, str]:
    """What the document must name, from the manifest entry that cites it."""
    out: dict[str, str] = {}
    threats = (data.get("threat_model") or {}).get("threats") or []
    ids = [str(t.get("id")) for t in threats if isinstance(t, dict) and t.get("id")]
    if ids:
        out["threat_ids"] = ", ".join(ids)
    if field.startswith("supply_chain.suppliers[") or field.startswith("infrastructure.cloud"):
        entry = _entry(data, field)
        out["supplier"] = str(entry.get("name", ""))
    model = _entry(data, field) if field.startswith("models[") else {}
    if field.startswith("testing.security_tests["):
        test = _entry(data, field)
        out["model"] = " ".join(str(test.get(k, "")) for k in ("model", "model_version")).strip()
    elif model:
        out["model"] = f"{model.get('name', '')} {model.get('version', '')}".strip()
    return out


def _entry(data: dict[str, Any], field: str) -> dict[str, Any]:
    """The list entry a field like supply_chain.suppliers[2].due_diligence belongs to."""
    head, _, _ = field.partition("]")
    section, _, index = head.partition("[")
    node: Any = data
    for key in section.split("."):
        node = node.get(key) if isinstance(node, dict) else None
    try:
        entry = node[int(index)] if isinstance(node, list) else None
    except (ValueError, IndexError):
        entry = None
    return entry if isinstance(entry, dict) else {}
