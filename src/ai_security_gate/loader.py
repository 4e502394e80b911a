"""Load a YAML manifest safely into plain JSON data plus a source map.

We build the data from the YAML parser's events ourselves instead of calling `safe_load`:
the events carry line/column marks (the source map), and we must refuse what `safe_load`
silently accepts: duplicate keys, several documents and alias bombs. Building from events
rather than from PyYAML's composed node graph is what makes a large manifest cheap: the
composer resolves every node through Python calls (6 s for 10,000 models), the events alone
take a tenth of that. Scalars are resolved with PyYAML's own resolver table and constructed
by its SafeConstructor, so values are exactly what `safe_load` gives.

Positions are kept compactly (integer arrays in document order: where each value starts and
where it ends, and, per mapping or list, its children's indexes), not as a dictionary keyed
by every path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import GateError
from .results import JsonPath, Location
from .results import SourceMap as SourceMap  # lives in results.py; importable from here too

if TYPE_CHECKING:
    import re

    import yaml

# Defaults fit a manifest of 10,000 models with their datasets and threats (about 11 MiB and
# 450,000 values) with room to spare, and still bound what a hostile manifest can cost.
MAX_BYTES = 32 * 1024 * 1024
MAX_NODES = 2_000_000
MAX_DEPTH = 64
MAX_ALIAS_NODES = 100_000  # values produced by expanding aliases ("billion laughs")
ENV_PREFIX = "AI_SECURITY_GATE_MANIFEST_"  # e.g. AI_SECURITY_GATE_MANIFEST_MAX_BYTES


@dataclass(frozen=True)
class LoadLimits:
    """What the loader refuses beyond. Raise them (environment variables ENV_PREFIX +
    MAX_BYTES / MAX_NODES / MAX_DEPTH / MAX_ALIAS_NODES) for an unusually large manifest."""

    max_bytes: int = MAX_BYTES
    max_nodes: int = MAX_NODES
    max_depth: int = MAX_DEPTH
    max_alias_nodes: int = MAX_ALIAS_NODES

    @classmethod
    def from_env(cls, environ: Any = None) -> LoadLimits:
        environ = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for name in ("max_bytes", "max_nodes", "max_depth", "max_alias_nodes"):
            var = ENV_PREFIX + name.upper()
            raw = environ.get(var)
            if raw is None or raw == "":
                continue
            try:
                values[name] = int(raw)
            except ValueError:
                values[name] = -1
            if values[name] < 1:
                raise GateError(f"{var}={raw!r}: expected a whole number of at least 1")
        return cls(**values)


class _Positions:
    """Every value's start (line, column) and end (line, column after its last character; 0:
    to the end of the line) in document order, and per container its children's indexes
    (mappings also their keys, in order): a path is found by walking down."""

    __slots__ = ("children", "columns", "end_columns", "end_lines", "keys", "lines")

    def __init__(self) -> None:
        self.lines = array("I")
        self.columns = array("I")
        self.end_lines = array("I")
        self.end_columns = array("I")
        self.children: dict[int, array[int]] = {}
        self.keys: dict[int, tuple[str, ...]] = {}

    def add(self, line: int, column: int) -> int:
        self.lines.append(line)
        self.columns.append(column)
        self.end_lines.append(0)  # set by _Builder._value once the value is read
        self.end_columns.append(0)
        return len(self.lines) - 1

    def ordered(self, at: int, end_line: int, end_column: int) -> tuple[int, int]:
        """An end not before value `at`'s start: an alias replays its anchor's marks, which
        may lie before where it is used (then: to the end of its start line)."""
        if (end_line, end_column or 1 << 31) < (self.lines[at], self.columns[at]):
            return self.lines[at], 0
        return end_line, end_column

    def has_top(self, key: Any) -> bool:
        return key in self.keys.get(0, ())

    def find(self, path: JsonPath) -> tuple[int, int, int, int]:
        """(line, column, end line, end column) of `path` or its nearest existing ancestor."""
        if not self.lines:
            return (1, 1, 0, 0)
        at = 0
        for part in path:
            kids = self.children.get(at)
            if kids is None:
                break
            keys = self.keys.get(at)
            if keys is not None:
                if not isinstance(part, str) or part not in keys:
                    break
                at = kids[keys.index(part)]
            elif isinstance(part, int) and not isinstance(part, bool) and 0 <= part < len(kids):
                at = kids[part]
            else:
                break
        return (self.lines[at], self.columns[at], self.end_lines[at], self.end_columns[at])


@dataclass
class CompactSourceMap(SourceMap):
    positions: _Positions = field(default_factory=_Positions)

    def locate(self, path: JsonPath) -> Location:
        path = tuple(path)
        if path and self.append_line and not self.positions.has_top(path[0]):
            return Location(self.file, self.append_line, 1)
        line, col, end_line, end_col = self.positions.find(path)
        return Location(self.file, line, col, end_line, end_col)


@dataclass
class LoadedManifest:
    path: Path  # on disk
    display: str  # as shown in reports: repository-relative where possible
    data: dict[str, Any]
    source_map: SourceMap
    digest: str = ""  # SHA-256 of the bytes read (schema_verdicts.py); "" when not from a file


def load_manifest(
    path: Path, display: str | None = None, limits: LoadLimits | None = None
) -> LoadedManifest:
    limits = limits or LoadLimits.from_env()
    shown = display or str(path)
    raw = _read_bounded(path, shown, limits.max_bytes)
    data, source_map = parse_manifest(raw, shown, limits)
    digest = hashlib.sha256(raw).hexdigest()
    return LoadedManifest(path, shown, data, source_map, digest)


def parse_manifest(
    raw: bytes, shown: str, limits: LoadLimits | None = None
) -> tuple[dict[str, Any], CompactSourceMap]:
    """A manifest's bytes, wherever they come from (a file, or a commit read from git for the
    base branch in pull-request mode): the data and where each value is. `shown` names it in
    messages; the same size, nesting and alias limits hold."""
    import yaml  # lazy: keeps `--help` fast

    limits = limits or LoadLimits.from_env()
    if len(raw) > limits.max_bytes:
        raise _too_large(shown, limits.max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise GateError(
            f"{shown}:{line}: the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start}); save the manifest as UTF-8"
        ) from None

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    parts = None
    if len(text) >= SPLIT_MIN_CHARS:  # two processes parse a part each (loader_split.py)
        from .loader_split import parse as parse_parts

        parts = parse_parts(text, limits, loader_cls)
    if parts is not None:
        data, end_mark, positions = parts
    else:
        data, end_mark, positions = _parse_whole(text, shown, limits, loader_cls)
    # the line after the last content line, but not past the file's last line (SARIF viewers
    # reject regions outside the file)
    end = end_mark.line + (0 if end_mark.column == 0 else 1) if end_mark else 0
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    append_line = max(1, min(end + 1, lines))
    source_map = CompactSourceMap(shown, append_line=append_line, positions=positions)
    return data, source_map


def _parse_whole(
    text: str, shown: str, limits: LoadLimits, loader_cls: Any
) -> tuple[dict[str, Any], Any, _Positions]:
    """(data, end mark of the top-level mapping, positions): the fast path, and where it
    declines (anchors, aliases, something to refuse) the full builder."""
    import yaml

    from .loader_fast import Fallback, build

    loader = loader_cls(text)
    builder = _Builder(shown, loader_cls, loader.get_event, limits)
    try:
        data, end_mark = build(loader.get_event, limits, builder)
    except Fallback:
        loader.dispose()
        loader = loader_cls(text)
        builder = _Builder(shown, loader_cls, loader.get_event, limits)
        try:
            data = builder.document()
            end_mark = builder.root_end_mark
        except yaml.YAMLError as exc:
            raise GateError(_yaml_message(shown, exc)) from None
    finally:
        loader.dispose()
    return data, end_mark, builder.positions


def _read_bounded(path: Path, shown: str, max_bytes: int = MAX_BYTES) -> bytes:
    try:
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise GateError(f"{shown}: no such file; create it with `ai-security-gate init`") from None
    except IsADirectoryError:
        raise GateError(f"{shown}: is a directory, not a manifest file") from None
    except OSError as exc:
        raise GateError(f"{shown}: cannot read the manifest: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise _too_large(shown, max_bytes)
    return raw


def _too_large(shown: str, max_bytes: int) -> GateError:
    return GateError(
        f"{shown}: the manifest is larger than {_size(max_bytes)}; it should describe the "
        "system and point at evidence files, not contain them (a manifest this large on "
        f"purpose: raise {ENV_PREFIX}MAX_BYTES)"
    )


def _size(n: int) -> str:
    if n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    return f"{n // 1024} KiB" if n % 1024 == 0 else f"{n} bytes"


def _yaml_message(shown: str, exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown
    detail = f"{context}, {problem}" if context else problem
    return (
        f"{where}: YAML syntax error: {detail}; fix the YAML (indentation, quoting) and run again"
    )


# a manifest this large is parsed by two processes (~0.12 s per MiB: below, a fork and the
# join cost about what they save)
SPLIT_MIN_CHARS = 1 << 20

STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"


class _Builder:
    """Turns the parser's events into JSON-compatible Python data, recording positions.

    An anchored value's events are kept; an alias replays them, so an alias expands exactly
    as the composed graph would, and every value it produces counts against the limits."""

    def __init__(
        self, shown: str, loader_cls: type[yaml.SafeLoader], get_event: Any, limits: LoadLimits
    ) -> None:
        import yaml

        self.yaml = yaml
        self.shown = shown
        self.limits = limits
        self.positions = _Positions()
        self.nodes = 0
        self.alias_nodes = 0
        self.root_end_mark: Any = None
        self.last_end: Any = None  # the end mark of the value read last
        self._parser_event = get_event
        self._replays: list[Any] = []  # iterators over the events of aliases being expanded
        self._recording: list[list[Any]] = []  # events of anchored values being read
        self._open: dict[str, list[Any]] = {}  # anchors whose value is being read
        self._anchors: dict[str, list[Any]] = {}
        # first character -> (tag, pattern) of PyYAML's implicit resolvers
        self._resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
        self._implicit: dict[str | None, list[tuple[str, re.Pattern[str]]]] = (
            loader_cls.yaml_implicit_resolvers
        )
        # one constructor is enough for non-text scalars: ints, floats, bools, nulls, dates
        self.scalar_loader = loader_cls("")

    # -- events -------------------------------------------------------------------------

    def _next(self) -> Any:
        while self._replays:
            event = next(self._replays[-1], None)
            if event is not None:
                return event
            self._replays.pop()
        event = self._parser_event()
        for events in self._recording:
            events.append(event)
        return event

    def document(self) -> dict[str, Any]:
        yaml = self.yaml
        self._next()  # StreamStart
        event = self._next()
        if isinstance(event, yaml.StreamEndEvent):
            raise GateError(
                f"{self.shown}: the manifest is empty; start from `ai-security-gate init`"
            )
        root = self._next()  # after DocumentStart
        if not isinstance(root, yaml.MappingStartEvent):
            kind = "list" if isinstance(root, yaml.SequenceStartEvent) else "single value"
            raise GateError(
                f"{self.shown}:{root.start_mark.line + 1}: the top level must be a mapping "
                f"(keys such as `version:` and `system:`), not a {kind}"
            )
        data: dict[str, Any] = self._value(root, 0, None)  # a mapping: checked above
        self._next()  # DocumentEnd
        event = self._next()
        if not isinstance(event, yaml.StreamEndEvent):
            raise GateError(
                f"{self.shown}:{event.start_mark.line + 1}: the manifest holds more than one "
                "YAML document; keep a single document (remove the '---' separator)"
            )
        return data

    # -- values -------------------------------------------------------------------------

    def _value(self, event: Any, depth: int, key_mark: Any) -> Any:
        yaml = self.yaml
        alias = None
        if isinstance(event, yaml.AliasEvent):
            alias, event = event, self._expand(event)
        self.nodes += 1
        if self._replays:
            self.alias_nodes += 1
        if (
            self.nodes > self.limits.max_nodes
            or depth > self.limits.max_depth
            or self.alias_nodes > self.limits.max_alias_nodes
        ):
            raise GateError(
                f"{self.shown}:{event.start_mark.line + 1}: the manifest expands to more than "
                f"{self.limits.max_nodes} values, {self.limits.max_alias_nodes} values from "
                f"aliases or {self.limits.max_depth} levels (aliases '*name' that repeat large "
                "anchors?); write the values out or simplify"
            )
        # an alias is where '*name' is written, not where its anchor was
        mark = key_mark or (alias or event).start_mark
        at = self.positions.add(mark.line + 1, mark.column + 1)
        anchor = event.anchor if not self._replays else None
        if anchor is not None:
            self._start_anchor(anchor, event)
        if isinstance(event, yaml.ScalarEvent):
            value = self._scalar(event)
            self.last_end = event.end_mark
        elif isinstance(event, yaml.SequenceStartEvent):
            value = self._sequence(at, depth, event.flow_style)
        else:
            value = self._mapping(at, depth, event.flow_style)
        if alias is not None:
            self.last_end = alias.end_mark  # the value ends where the '*name' ends
        self._end(at, alias is not None or bool(self._replays))
        if anchor is not None:
            self._end_anchor(anchor)
        return value

    def _end(self, at: int, replayed: bool) -> None:
        """Record where value `at` ends: the end mark of what was read last."""
        end = self.last_end
        positions = self.positions
        end_line, end_column = end.line + 1, end.column + 1
        if end_column == 1 and end_line > positions.lines[at]:
            # a block scalar's mark is after its line break: it ends with the line before
            end_line, end_column = end_line - 1, 0
        if replayed:
            end_line, end_column = positions.ordered(at, end_line, end_column)
        positions.end_lines[at] = end_line
        positions.end_columns[at] = end_column

    def _sequence(self, at: int, depth: int, flow: bool) -> list[Any]:
        end = self.yaml.SequenceEndEvent
        out: list[Any] = []
        kids = array("I")
        event = self._next()
        while not isinstance(event, end):
            kids.append(len(self.positions.lines))
            out.append(self._value(event, depth + 1, None))
            event = self._next()
        self.positions.children[at] = kids
        if flow or not out:
            # `[a, b]` ends at its bracket; a block list ends with its last item, not where
            # the parser notices it ended (the next key, maybe after comments)
            self.last_end = event.end_mark
        return out

    def _mapping(self, at: int, depth: int, flow: bool) -> dict[str, Any]:
        yaml = self.yaml
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        kids = array("I")
        event = self._next()
        while not isinstance(event, yaml.MappingEndEvent):
            key_event = self._expand(event) if isinstance(event, yaml.AliasEvent) else event
            mark = key_event.start_mark
            if not isinstance(key_event, yaml.ScalarEvent):
                raise GateError(
                    f"{self.shown}:{mark.line + 1}:{mark.column + 1}: "
                    "a mapping key must be a plain value, not a list or mapping"
                )
            if self._tag(key_event) == MERGE_TAG:
                raise GateError(
                    f"{self.shown}:{mark.line + 1}: merge keys ('<<') are not "
                    "supported in the manifest; write the keys out"
                )
            key = self._scalar(key_event)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise GateError(
                    f"{self.shown}:{mark.line + 1}:{mark.column + 1}: "
                    "a mapping key must be a plain value"
                )
            key = sys.intern(_key_text(key))  # one string per key name: 10,000 models repeat them
            if key in first_seen:
                raise GateError(
                    f"{self.shown}:{mark.line + 1}:{mark.column + 1}: duplicate key '{key}' "
                    f"(first at line {first_seen[key]}); keep one and delete the other"
                )
            first_seen[key] = mark.line + 1
            kids.append(len(self.positions.lines))
            out[key] = self._value(self._next(), depth + 1, mark)
            event = self._next()
        self.positions.children[at] = kids
        self.positions.keys[at] = tuple(out)
        if at == 0:
            self.root_end_mark = event.end_mark
        if flow or not out:
            self.last_end = event.end_mark  # as for lists
        return out

    def _tag(self, event: Any) -> str:
        """The tag PyYAML's composer gives a scalar: explicit, else resolved like it does."""
        tag: str | None = event.tag
        if tag is not None and tag != "!":
            return tag
        if not event.implicit[0]:
            return STR_TAG  # quoted: always text
        value = event.value
        first = value[0] if value else ""
        resolvers = self._resolvers.get(first)
        if resolvers is None:
            resolvers = self._implicit.get(first, []) + self._implicit.get(None, [])
            self._resolvers[first] = resolvers
        for tag, regexp in resolvers:
            if regexp.match(value):
                return tag
        return STR_TAG

    def _scalar(self, event: Any) -> Any:
        yaml = self.yaml
        tag = self._tag(event)
        if tag == STR_TAG:
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.scalar_loader.construct_object(node, deep=True)
        except ValueError:
            if tag == "tag:yaml.org,2002:timestamp":
                return event.value  # 2026-02-30: kept as text; the schema reports it
            raise
        except yaml.YAMLError as exc:
            mark = event.start_mark
            raise GateError(
                f"{self.shown}:{mark.line + 1}:{mark.column + 1}: "
                f"cannot read the value {event.value!r}: {exc}; quote it if it is meant as text"
            ) from None
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()  # dates stay ISO strings, as the schema expects
        if isinstance(value, bytes):
            raise GateError(
                f"{self.shown}:{event.start_mark.line + 1}: binary values are not supported"
            )
        if (isinstance(value, float) and value != value) or value in (float("inf"), float("-inf")):
            raise GateError(
                f"{self.shown}:{event.start_mark.line + 1}: '{event.value}' is not a finite number"
            )
        return value

    # -- anchors and aliases ------------------------------------------------------------

    def _start_anchor(self, anchor: str, event: Any) -> None:
        if anchor in self._anchors or anchor in self._open:
            mark = event.start_mark
            raise GateError(
                f"{self.shown}:{mark.line + 1}:{mark.column + 1}: the anchor '&{anchor}' is "
                "defined twice; rename one"
            )
        events = [event]
        self._open[anchor] = events
        self._recording.append(events)

    def _end_anchor(self, anchor: str) -> None:
        events = self._open.pop(anchor)
        self._recording.remove(events)
        self._anchors[anchor] = events

    def _expand(self, alias: Any) -> Any:
        """Start replaying an anchored value's events; returns its first event."""
        mark = alias.start_mark
        if alias.anchor in self._open:
            raise GateError(
                f"{self.shown}:{mark.line + 1}:{mark.column + 1}: the alias '*{alias.anchor}' "
                "refers to the value that contains it (a cycle); write the values out"
            )
        events = self._anchors.get(alias.anchor)
        if events is None:
            raise GateError(
                f"{self.shown}:{mark.line + 1}:{mark.column + 1}: the alias '*{alias.anchor}' "
                "has no anchor '&' before it; define the anchor first or write the value out"
            )
        replay = iter(events)
        first = next(replay)
        self._replays.append(replay)
        return first


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)
