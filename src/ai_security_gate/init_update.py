"""`init --update`: add what discovery finds now to an existing manifest, touching nothing
else. Round-trip YAML (ruamel.yaml) keeps the user's comments, order and quoting; new
entries arrive with their `# found in FILE:LINE` comments."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from .errors import GateError

# list sections discovery fills, and what makes two entries the same one
_LISTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("system", "integrations"), "name"),
    (("models",), "model"),
    (("datasets",), "name"),
    (("supply_chain", "lockfiles"), "value"),
    (("supply_chain", "scanning"), "value"),
    (("supply_chain", "suppliers"), "name"),
    (("change_management", "prompts"), "path"),
)
# single values discovery fills: set only when absent
_SCALARS: tuple[tuple[str, ...], ...] = (
    ("system", "design_assessment", "document"),
    ("supply_chain", "sbom"),
    ("vulnerability_disclosure", "policy"),
    ("updates", "policy"),
    ("updates", "dependency_updates"),
    ("threat_model", "document"),
    ("infrastructure", "disaster_recovery", "plan"),
    ("infrastructure", "rollback", "procedure"),
    ("end_users", "documentation"),
    ("end_users", "data_use_notice"),
    ("end_users", "limitations"),
    ("incident_response", "plan"),
    ("disposal", "plan"),
)


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    _, seq_indent, offset = load_yaml_guess_indent(text)
    y = YAML()  # round-trip
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a long line the user wrote
    y.indent(mapping=_mapping_indent(text), sequence=seq_indent or 2, offset=offset or 0)
    return y


def _mapping_indent(text: str) -> int:
    """How far the file indents a nested mapping key (ruamel guesses only sequences)."""
    indents = [
        len(line) - len(line.lstrip(" "))
        for line in text.splitlines()
        if line.startswith(" ") and line.strip() and not line.lstrip().startswith(("#", "-"))
    ]
    return min((i for i in indents if i > 0), default=2)


def _end_comment(node: Any) -> Any:
    """The comment token that ends the block `node` (where YAML keeps the blank lines that
    follow it), or None."""
    while hasattr(node, "ca") and len(node):
        is_map = hasattr(node, "keys")
        last = list(node.keys())[-1] if is_map else len(node) - 1
        token = node.ca.items.get(last)
        child = node[last]
        if not (hasattr(child, "ca") and len(child)):  # a scalar: its comment ends the block
            if not token:
                return None
            return token[2] if is_map else token[0]
        node = child
    return None


def _append(container: Any, add: Any) -> None:
    """Append to a list or mapping, keeping the blank lines that ended it at its new end."""
    before = _end_comment(container)
    blank = ""
    if before is not None and before.value.endswith("\n\n"):
        blank = before.value[len(before.value.rstrip("\n")) + 1 :]
        before.value = before.value.rstrip("\n") + "\n"
    add()
    after = _end_comment(container)
    if blank and after is not None:
        after.value = after.value.rstrip("\n") + "\n" + blank


def update_manifest(target: Path, fresh_text: str) -> list[str]:
    """Merge the entries of `fresh_text` (what init would write now) that `target` lacks into
    `target`; returns a line per added entry. Writes nothing when nothing is new."""
    y, doc, fresh = _load_both(target, fresh_text)
    added: list[str] = []
    for path, key in _LISTS:
        added += _merge_list(doc, fresh, path, key)
    for path in _SCALARS:
        value = _get(fresh, path)
        if value is not None and _get(doc, path) is None:
            _put(doc, path, value, fresh)
            added.append(f"{'.'.join(path)}: {value}")
    if added:
        _write(target, y, doc)
    return added


def _load_both(target: Path, fresh_text: str) -> tuple[Any, Any, Any]:
    """(round-trip YAML, the manifest, what init would write now); exit 2 on a bad file."""
    from ruamel.yaml.error import YAMLError

    try:
        text = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GateError(f"{target}: cannot read: {exc}") from None
    y = _yaml(text)
    try:
        doc = y.load(text)
        fresh = y.load(fresh_text)
    except YAMLError as exc:
        raise GateError(f"{target}: not valid YAML, so it cannot be updated: {exc}") from None
    if not hasattr(doc, "get"):
        raise GateError(f"{target}: the top level is not a mapping; fix it before --update")
    return y, doc, fresh


def _merge_list(doc: Any, fresh: Any, path: tuple[str, ...], key: str) -> list[str]:
    """Append the items of the list at `path` in `fresh` that `doc` lacks (matched on `key`)."""
    new_items = _get(fresh, path)
    if not new_items:
        return []
    current = _get(doc, path)
    if current is None:
        _put(doc, path, new_items, fresh)
        return [f"{'.'.join(path)}: {_label(i)}" for i in new_items]
    if not isinstance(current, list):
        return []  # the user's own shape: not ours to change
    added: list[str] = []
    for idx, item in enumerate(new_items):
        if any(_same(item, old, key) for old in current):
            continue
        comment = new_items.ca.items.get(idx) if hasattr(new_items, "ca") else None

        def add(item: Any = item, comment: Any = comment, current: Any = current) -> None:
            current.append(item)
            if comment is not None:  # `- uv.lock  # found in uv.lock`
                current.ca.items[len(current) - 1] = comment

        _append(current, add)
        added.append(f"{'.'.join(path)}: {_label(item)}")
    return added


def _write(target: Path, y: Any, doc: Any) -> None:
    out = io.StringIO()
    y.dump(doc, out)
    try:
        if target.is_symlink():  # never write through a link
            raise GateError(f"{target}: is a symbolic link; --update will not write through it")
        target.write_text(out.getvalue(), encoding="utf-8")
    except OSError as exc:
        raise GateError(f"{target}: cannot write: {exc.strerror}") from None


def _get(node: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not hasattr(node, "get"):
            return None
        node = node.get(key)
    return node


def _put(doc: Any, path: tuple[str, ...], value: Any, fresh: Any) -> None:
    """Set a key that is absent, creating parents, with the comment it has in `fresh`."""
    from ruamel.yaml.comments import CommentedMap

    node = doc
    for key in path[:-1]:
        if node.get(key) is None:
            _append(node, lambda node=node, key=key: node.__setitem__(key, CommentedMap()))
        node = node[key]
    source = _get(fresh, path[:-1])
    comment = source.ca.items.get(path[-1]) if hasattr(source, "ca") else None

    def add() -> None:
        node[path[-1]] = value
        if comment is not None:
            node.ca.items[path[-1]] = comment

    _append(node, add)


def _same(new: Any, old: Any, key: str) -> bool:
    if key == "value":
        return bool(new == old)
    if not (hasattr(new, "get") and hasattr(old, "get")):
        return False
    if key == "model":
        if new.get("artefact") is not None:
            return bool(new.get("artefact") == old.get("artefact"))
        if new.get("uri") != old.get("uri"):
            return False
        # a hosted client whose model the code does not name matches any model at its uri
        return str(new.get("name", "")).startswith("TODO") or bool(
            new.get("name") == old.get("name")
        )
    if key == "name" and new.get("path") is not None:  # a local data file: by where it is
        return bool(new.get("path") == old.get("path"))
    origin = new.get("origin")  # a marker (TODO-...) says nothing about which dataset it is
    if key == "name" and origin is not None and not str(origin).startswith("TODO"):
        return bool(origin == old.get("origin") or new.get(key) == old.get(key))
    return bool(new.get(key) == old.get(key))


def _label(item: Any) -> str:
    if hasattr(item, "get"):
        return str(item.get("name") or item.get("path") or item.get("artefact") or "")
    return str(item)
