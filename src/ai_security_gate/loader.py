"""Load a YAML manifest safely into plain JSON data plus a source map.

We compose the YAML node graph ourselves instead of calling `safe_load`, because the nodes
carry line/column marks (the source map) and because we need to refuse what `safe_load`
silently accepts: duplicate keys, several documents and alias bombs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import GateError
from .model import JsonPath, Location

MAX_BYTES = 1024 * 1024  # a manifest is a few KiB; anything near this is a mistake
MAX_NODES = 100_000  # bounds alias expansion ("billion laughs") and absurd documents
MAX_DEPTH = 64


@dataclass
class SourceMap:
    """JSON path -> where that node starts; for mapping entries, where its key starts."""

    file: str
    spots: dict[JsonPath, tuple[int, int]]
    # where a missing top-level section would go: the line after the document's last one
    # (0: unknown, then the document's start)
    append_line: int = 0

    def locate(self, path: JsonPath) -> Location:
        """The location of `path`, or of its nearest ancestor that exists (for missing keys);
        a missing top-level section points where it would be added, the end of the file."""
        path = tuple(path)
        if path and path[:1] not in self.spots and self.append_line:
            return Location(self.file, self.append_line, 1)
        while path not in self.spots and path:
            path = path[:-1]
        line, col = self.spots.get(path, (1, 1))
        return Location(self.file, line, col)


@dataclass
class LoadedManifest:
    path: Path  # on disk
    display: str  # as shown in reports: repository-relative where possible
    data: dict[str, Any]
    source_map: SourceMap


def load_manifest(path: Path, display: str | None = None) -> LoadedManifest:
    import yaml  # lazy: keeps `--help` fast

    shown = display or str(path)
    raw = _read_bounded(path, shown)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise GateError(
            f"{shown}:{line}: the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start}); save the manifest as UTF-8"
        ) from None

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        root = loader.get_single_node()
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc):
            mark = exc.problem_mark
            line = mark.line + 1 if mark else 0
            raise GateError(
                f"{shown}:{line}: the manifest holds more than one YAML document; "
                "keep a single document (remove the '---' separator)"
            ) from None
        raise GateError(_yaml_message(shown, exc)) from None
    except yaml.YAMLError as exc:
        raise GateError(_yaml_message(shown, exc)) from None
    finally:
        loader.dispose()

    if root is None:
        raise GateError(f"{shown}: the manifest is empty; start from `ai-security-gate init`")
    if not isinstance(root, yaml.MappingNode):
        raise GateError(
            f"{shown}:{root.start_mark.line + 1}: the top level must be a mapping "
            "(keys such as `version:` and `system:`), not a "
            f"{'list' if isinstance(root, yaml.SequenceNode) else 'single value'}"
        )
    builder = _Builder(shown, loader_cls)
    data = builder.build(root, ())
    # the line after the last content line, but not past the file's last line (SARIF viewers
    # reject regions outside the file)
    end = root.end_mark.line + (0 if root.end_mark.column == 0 else 1)
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    append_line = max(1, min(end + 1, lines))
    return LoadedManifest(path, shown, data, SourceMap(shown, builder.spots, append_line))


def _read_bounded(path: Path, shown: str) -> bytes:
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise GateError(f"{shown}: no such file; create it with `ai-security-gate init`") from None
    except IsADirectoryError:
        raise GateError(f"{shown}: is a directory, not a manifest file") from None
    except OSError as exc:
        raise GateError(f"{shown}: cannot read the manifest: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise GateError(
            f"{shown}: the manifest is larger than {MAX_BYTES // 1024} KiB; it should describe "
            "the system and point at evidence files, not contain them"
        )
    return raw


def _yaml_message(shown: str, exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown
    detail = f"{context}, {problem}" if context else problem
    return (
        f"{where}: YAML syntax error: {detail}; fix the YAML (indentation, quoting) and run again"
    )


class _Builder:
    """Turns composed nodes into JSON-compatible Python data, recording positions."""

    def __init__(self, shown: str, loader_cls: type) -> None:
        self.shown = shown
        self.spots: dict[JsonPath, tuple[int, int]] = {}
        self.nodes = 0
        # one constructor is enough for scalars: it resolves ints, floats, bools, nulls, dates
        self.scalar_loader = loader_cls("")

    def build(self, node: Any, path: JsonPath, depth: int = 0, key_mark: Any = None) -> Any:
        import yaml

        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise GateError(
                f"{self.shown}:{node.start_mark.line + 1}: the manifest expands to more than "
                f"{MAX_NODES} values or {MAX_DEPTH} levels (aliases '*name' that repeat large "
                "anchors?); write the values out or simplify"
            )
        mark = key_mark or node.start_mark
        self.spots[path] = (mark.line + 1, mark.column + 1)

        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            first_seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise GateError(
                        f"{self.shown}:{key_node.start_mark.line + 1}: merge keys ('<<') are not "
                        "supported in the manifest; write the keys out"
                    )
                key = self._scalar(key_node)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    raise GateError(
                        f"{self.shown}:{key_node.start_mark.line + 1}:"
                        f"{key_node.start_mark.column + 1}: a mapping key must be a plain value"
                    )
                key = _key_text(key)
                if key in first_seen:
                    raise GateError(
                        f"{self.shown}:{key_node.start_mark.line + 1}:"
                        f"{key_node.start_mark.column + 1}: duplicate key '{key}' (first at line "
                        f"{first_seen[key]}); keep one and delete the other"
                    )
                first_seen[key] = key_node.start_mark.line + 1
                out[key] = self.build(value_node, (*path, key), depth + 1, key_node.start_mark)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: Any) -> Any:
        import yaml

        if not isinstance(node, yaml.ScalarNode):
            raise GateError(
                f"{self.shown}:{node.start_mark.line + 1}:{node.start_mark.column + 1}: "
                "a mapping key must be a plain value, not a list or mapping"
            )
        try:
            value = self.scalar_loader.construct_object(node, deep=True)
        except ValueError:
            if node.tag == "tag:yaml.org,2002:timestamp":
                return node.value  # 2026-02-30: kept as text so the schema reports it with the rest
            raise
        except yaml.YAMLError as exc:
            raise GateError(
                f"{self.shown}:{node.start_mark.line + 1}:{node.start_mark.column + 1}: "
                f"cannot read the value {node.value!r}: {exc}; quote it if it is meant as text"
            ) from None
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()  # dates stay ISO strings, as the schema expects
        if isinstance(value, bytes):
            raise GateError(
                f"{self.shown}:{node.start_mark.line + 1}: binary values are not supported"
            )
        if (isinstance(value, float) and value != value) or value in (float("inf"), float("-inf")):
            raise GateError(
                f"{self.shown}:{node.start_mark.line + 1}: '{node.value}' is not a finite number"
            )
        return value


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)
