"""The loader's fast path: a manifest without anchors or aliases, and nothing to refuse.

Almost every manifest is plain mappings, lists and scalars. For those, this builds the same
data and the same positions as loader._Builder, in one loop over the parser's events with
an explicit stack (no call per value; text scalars no resolver can claim skip the resolver).
Anything else (an anchor, an alias, a key that is not a plain value, a duplicate key, a merge
key, a value the constructor refuses, a syntax error, the limits) raises Fallback *before*
the result is used: the caller then parses again with the full builder, which gives the
located message or expands the aliases. So every refusal and every message stays the full
builder's, and the fast path only has to be right about well-formed plain manifests
(tests/test_loader_fast.py compares the two on every manifest the tests load).
"""

from __future__ import annotations

import sys
from array import array
from typing import TYPE_CHECKING, Any

from .errors import GateError

if TYPE_CHECKING:
    from .loader import LoadLimits, _Builder, _Positions


CACHED = 4096  # distinct plain texts whose resolution is kept (most repeat: `true`, `name:`)


class Fallback(Exception):
    """The manifest needs the full builder."""


def build(
    get_event: Any, limits: LoadLimits, helper: _Builder, base: int = 0
) -> tuple[dict[str, Any], Any]:
    """(data, end mark of the top-level mapping), filling helper.positions and helper.nodes.
    `helper` lends its scalar constructor for the values a resolver may claim (numbers, dates,
    booleans). `base`: the index the top-level mapping gets (loader_split.py numbers a part of
    a manifest after the part before it); helper.positions already holds that many entries."""
    import yaml

    if len(helper.positions.lines) != base:
        raise Fallback
    try:
        return _build(get_event, limits, helper, yaml, base)
    except (yaml.YAMLError, GateError):
        raise Fallback from None


def _build(  # noqa: C901 -- one loop over the events: a call per value is what it saves
    get_event: Any, limits: LoadLimits, helper: _Builder, yaml: Any, base: int
) -> tuple[dict[str, Any], Any]:
    scalar_event = yaml.ScalarEvent
    mapping_start = yaml.MappingStartEvent
    sequence_start = yaml.SequenceStartEvent
    mapping_end = yaml.MappingEndEvent
    sequence_end = yaml.SequenceEndEvent
    implicit = helper._implicit
    if None in implicit:  # a resolver for any first character: every scalar needs it
        raise Fallback
    # first characters some implicit resolver may claim: other plain scalars are text
    claimable = frozenset(implicit)
    scalar = helper._scalar
    # plain text a resolver may claim, resolved once: keys -> name, values -> value
    plain_keys: dict[str, str] = {}
    plain_values: dict[str, Any] = {}
    intern = sys.intern
    max_nodes, max_depth = limits.max_nodes, limits.max_depth

    positions: _Positions = helper.positions
    lines_append = positions.lines.append
    columns_append = positions.columns.append
    end_lines = positions.end_lines
    end_columns = positions.end_columns
    end_lines_append = end_lines.append
    end_columns_append = end_columns.append
    children = positions.children
    keys_of = positions.keys

    if type(get_event()) is not yaml.StreamStartEvent:
        raise Fallback
    if type(get_event()) is not yaml.DocumentStartEvent:
        raise Fallback  # an empty stream: the full builder's message
    root = get_event()
    if type(root) is not mapping_start or root.anchor is not None:
        raise Fallback
    mark = root.start_mark
    lines_append(mark.line + 1)
    columns_append(mark.column + 1)
    end_lines_append(0)
    end_columns_append(0)
    count, nodes = base + 1, 1

    data: dict[str, Any] = {}
    # the open container: its index, the value, its children's indexes, whether a mapping,
    # flow style, start line; and for a mapping the key whose value comes next
    container: Any  # the dict or list being filled
    at, container, kids, is_map, flow = base, data, array("I"), True, root.flow_style
    start_line = mark.line + 1
    key: str | None = None
    key_mark: Any = None
    stack: list[tuple[Any, ...]] = []
    last_end: Any = None
    root_end: Any = None
    while True:
        event = get_event()
        cls = type(event)
        if cls is mapping_end or cls is sequence_end:
            children[at] = kids
            if is_map:
                keys_of[at] = tuple(container)
            if at == base:
                root_end = event.end_mark
            if flow or not container:
                # a flow collection ends at its bracket, an empty one where it is closed; a
                # block one with its last item (loader._Builder._sequence)
                last_end = event.end_mark
            end_line, end_column = last_end.line + 1, last_end.column + 1
            if end_column == 1 and end_line > start_line:
                end_line, end_column = end_line - 1, 0
            end_lines[at] = end_line
            end_columns[at] = end_column
            if not stack:
                break
            at, container, kids, is_map, flow, start_line = stack.pop()
            continue
        if cls is not scalar_event and cls is not mapping_start and cls is not sequence_start:
            raise Fallback  # an alias
        if event.anchor is not None:
            raise Fallback
        if is_map and key is None:  # a key
            if cls is not scalar_event:
                raise Fallback
            text = event.value
            name: str | None
            if event.tag is not None:
                name = _key(event, helper)
            elif not event.implicit[0]:  # quoted: text as written
                name = intern(text)
            else:  # plain: `name:` repeats 10,000 times, read once
                name = plain_keys.get(text)
                if name is None:
                    name = intern(text) if text[:1] not in claimable else _key(event, helper)
                    if len(plain_keys) < CACHED:
                        plain_keys[text] = name
            if name in container:
                raise Fallback  # the full builder names both lines
            key, key_mark = name, event.start_mark
            continue
        nodes += 1
        if nodes > max_nodes or len(stack) >= max_depth:
            raise Fallback
        mark = key_mark if key is not None else event.start_mark
        line = mark.line + 1
        kids.append(count)
        count += 1
        lines_append(line)
        columns_append(mark.column + 1)
        if cls is scalar_event:
            text = event.value
            if event.tag is not None:
                value: Any = scalar(event)
            elif not event.implicit[0] or text[:1] not in claimable:
                value = text
            else:  # `true`, a date, a version: the same text is the same value
                value = plain_values.get(text, plain_values)
                if value is plain_values:
                    value = scalar(event)
                    if len(plain_values) < CACHED:
                        plain_values[text] = value
            last_end = event.end_mark
            end_line, end_column = last_end.line + 1, last_end.column + 1
            if end_column == 1 and end_line > line:
                end_line, end_column = end_line - 1, 0
            end_lines_append(end_line)
            end_columns_append(end_column)
            if is_map:
                container[key] = value
                key = None
            else:
                container.append(value)
            continue
        end_lines_append(0)  # set when the collection closes
        end_columns_append(0)
        opened: Any = {} if cls is mapping_start else []
        if is_map:
            container[key] = opened
            key = None
        else:
            container.append(opened)
        stack.append((at, container, kids, is_map, flow, start_line))
        at, container, kids = count - 1, opened, array("I")
        is_map, flow, start_line = cls is mapping_start, event.flow_style, line
    if type(get_event()) is not yaml.DocumentEndEvent:
        raise Fallback
    if type(get_event()) is not yaml.StreamEndEvent:
        raise Fallback  # several documents: the full builder's message
    helper.nodes = nodes
    return data, root_end


def _key(event: Any, helper: _Builder) -> str:
    """A key a resolver may claim (`1:`, `true:`, `null:`), as the full builder reads it."""
    from .loader import MERGE_TAG, _key_text

    if helper._tag(event) == MERGE_TAG:
        raise Fallback
    value = helper._scalar(event)
    if not isinstance(value, (str, int, float, bool)) or value is None:
        raise Fallback
    return sys.intern(_key_text(value))
