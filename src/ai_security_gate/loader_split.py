"""A large manifest parsed in two parts at once: this process and a forked one.

At 10,000 models the manifest is 12 MB of YAML and its parse (930,000 parser events) took
1.4 s, the longest step before the policies can start, while the second core sat idle. Here
the text is cut in two near its middle, at the start of a line that begins a top-level key
or an entry of a top-level block sequence; a forked process parses the first part, this
one the second, and the two results are joined: the same data and the same positions as one
parse.

Each part is a manifest of its own, parsed by the fast path (loader_fast.py):
- the second part keeps its line numbers: it is the text after the cut, preceded by as many
  empty lines as came before it (and, cut inside a sequence, by its key's own line);
- its values are numbered after the first part's: from an upper bound of how many values
  the first part can hold (a value follows a `:`, `-`, `,`, `[`, `{` or `?`), the slots
  between unused (loader._Positions is only ever walked down from the top);
- a cut inside a quoted, flow or block construct leaves a part that does not parse, and
  anything either part refuses (anchors, aliases, a duplicate key, the limits) means the
  whole text is parsed as before: every refusal and every message stays the full parse's.
Texts with document markers, directives, or line breaks other than `\\n` are never cut
(their line numbers would not carry over). tests/test_loader_split.py cuts every test
manifest at every place this module may cut it and compares with one parse.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import re
import threading
from array import array
from typing import TYPE_CHECKING, Any

from .engines.split import die_with, read_all, write_all
from .loader import SPLIT_MIN_CHARS
from .loader_fast import Fallback, build

if TYPE_CHECKING:
    from .loader import LoadLimits, _Positions

# a line that begins a top-level key: found from the newline before it (a literal the regex
# engine searches for fast: 11 ms over 12 MB, where `^` with MULTILINE took 90)
_TOP = re.compile(r"\n[A-Za-z0-9_\"']")
_KEY_ALONE = re.compile(r"[^\n#]*:[ \t]*(#[^\n]*)?\n")  # `models:` (its value below it)
_ENTRY = re.compile(r"( *)- ")
_MARKS = ("\r", "\n---", "\n...", "\n%")  # another line break, documents, directives
_BREAKS = ("\x85", "\u2028", "\u2029")  # line breaks to YAML, not to str.count("\n")


def parse(text: str, limits: LoadLimits, loader_cls: Any) -> tuple[Any, Any, Any] | None:
    """(data, end mark of the top-level mapping, positions) as one fast-path parse of `text`
    gives them, or None: too small, nowhere to cut, no process to spare, or a part the fast
    path refuses. The caller then parses the whole text."""
    if len(text) < SPLIT_MIN_CHARS or not hasattr(os, "fork") or threading.active_count() != 1:
        return None
    if not a_core_is_free():
        return None
    cut = cut_at(text, len(text) // 2)
    if cut is None:
        return None
    return parse_cut(text, cut, limits, loader_cls)


def a_core_is_free() -> bool:
    """Whether a second core is idle now: the kernel's count of runnable threads (this one
    included, /proc/loadavg) is below the cores this process may use. Two processes on one
    busy core parse no faster, and the cut and the join cost 0.2 s of CPU at 10,000 models
    (measured with another engineer's processes on the second core). Elsewhere than Linux:
    assumed free where there are two cores."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            running = int(fh.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return True
    return running < cores


def cut_at(text: str, middle: int) -> tuple[int, str | None] | None:
    """Where to cut at or after `middle`: (offset of a line start, the key line to repeat
    when the cut is inside that key's block sequence, else None); None: nowhere."""
    if text.startswith(("---", "...", "%")) or any(mark in text for mark in _MARKS):
        return None
    if not text.isascii() and any(mark in text for mark in _BREAKS):
        return None
    tops = [found.start() + 1 for found in _TOP.finditer(text)]
    if _TOP.match("\n" + text[:1]):
        tops.insert(0, 0)
    after = [at for at in tops if at > middle]
    next_top = after[0] if after else len(text)
    before = [at for at in tops if at <= middle]
    entry = _entry_cut(text, before[-1], middle, next_top) if before else None
    if entry is not None:
        return entry
    return (next_top, None) if after else None


def _entry_cut(text: str, start: int, middle: int, end: int) -> tuple[int, str] | None:
    """A cut at an entry of the block sequence that is the value of the top-level key on
    the line at `start`: the first entry line after `middle` (and before `end`)."""
    key = _KEY_ALONE.match(text, start)
    if key is None:
        return None
    first = _first_content(text, key.end())
    if first is None:
        return None
    entry = _ENTRY.match(text, first)
    line = text.find("\n", middle) + 1
    if entry is None or line <= first:
        return None
    found = text.find(f"\n{entry.group(1)}- ", line - 1, end)
    return (found + 1, text[start : key.end()]) if found >= 0 else None


def _first_content(text: str, at: int) -> int | None:
    """The start of the first line at or after `at` that is neither blank nor a comment."""
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        body = text[at:end].strip()
        if body and not body.startswith("#"):
            return at
        at = end + 1
    return None


def parse_cut(
    text: str, cut: tuple[int, str | None], limits: LoadLimits, loader_cls: Any
) -> tuple[Any, Any, Any] | None:
    """parse() with the cut given (the tests choose it)."""
    offset, key_line = cut
    first = text[:offset]
    lines_before = first.count("\n")
    if key_line is None:
        second = "\n" * lines_before + text[offset:]
    else:
        second = "\n" * (lines_before - 1) + key_line + text[offset:]
    base = _bound(first)
    read_end, write_end = os.pipe()
    caller = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:
        _child(first, limits, loader_cls, read_end, write_end, caller)
    os.close(write_end)
    try:
        mine: tuple[Any, Any, Any, int] | None = _parse(second, limits, loader_cls, base)
    except Fallback:
        mine = None
    finally:
        payload = read_all(read_end)
        os.close(read_end)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    if mine is None:
        return None
    try:
        theirs = pickle.loads(payload)  # our own child's bytes
    except Exception:
        return None
    if theirs is None:
        return None
    return _join(theirs, mine, base, key_line is not None, limits)


def _bound(first: str) -> int:
    """More than the number of values `first` can hold: each but the top-level mapping
    follows one of these characters (the top-level mapping counts once more)."""
    return sum(first.count(c) for c in ":-,[{?") + 2


def _parse(text: str, limits: LoadLimits, loader_cls: Any, base: int) -> tuple[Any, Any, Any, int]:
    """(data, end mark, positions, values) of one part; Fallback when the fast path refuses
    it (a syntax error included)."""
    from .loader import _Builder

    loader = loader_cls(text)
    try:
        helper = _Builder("", loader_cls, loader.get_event, limits)
        positions = helper.positions
        for column in (
            positions.lines,
            positions.columns,
            positions.end_lines,
            positions.end_columns,
        ):
            column.frombytes(bytes(4 * base))  # the first part's slots, filled by _join
        data, end = build(loader.get_event, limits, helper, base)
        return data, end, positions, helper.nodes
    finally:
        loader.dispose()


def _child(
    first: str, limits: LoadLimits, loader_cls: Any, read_end: int, write_end: int, caller: int
) -> None:
    code = 0
    try:
        gc.disable()  # short-lived
        os.close(read_end)
        die_with(caller)  # Linux: killed with the gate, not left parsing
        try:
            data, _, positions, nodes = _parse(first, limits, loader_cls, 0)
            answer: Any = (
                data,
                nodes,
                [c.tobytes() for c in (positions.lines, positions.columns)],
                [c.tobytes() for c in (positions.end_lines, positions.end_columns)],
                {at: kids.tobytes() for at, kids in positions.children.items()},
                positions.keys,
            )
        except Fallback:
            answer = None
        write_all(write_end, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _join(
    theirs: Any,
    mine: tuple[Any, Any, _Positions, int],
    base: int,
    inside: bool,
    limits: LoadLimits,
) -> tuple[Any, Any, Any] | None:
    """The first part's (theirs) and the second's (mine) as one parse gives them."""
    data, nodes, starts, ends, children, keys = theirs
    second, end, positions, more = mine
    count = len(starts[0]) // 4
    # the second part's top-level mapping (and, cut inside a sequence, that sequence) were
    # the first part's already
    if count > base or nodes + more - 1 - inside > limits.max_nodes:
        return None
    top_keys, more_keys = keys[0], positions.keys.pop(base)
    skip = 1 if inside else 0  # the second part's copy of the sequence's key
    if inside:  # the sequence the cut went through: the first part's last key
        name = more_keys[0]
        if not top_keys or top_keys[-1] != name:
            return None
        if not isinstance(data[name], list) or not isinstance(second[name], list):
            return None
    if set(top_keys) & set(more_keys[skip:]):
        return None  # a duplicate top-level key: the full parse names both lines
    columns = (positions.lines, positions.columns, positions.end_lines, positions.end_columns)
    for column, raw in zip(columns, (*starts, *ends), strict=True):
        column[0:count] = array("I", raw)
    for at, raw in children.items():
        positions.children[at] = array("I", raw)
    positions.keys.update(keys)
    more_kids = positions.children.pop(base)
    top = positions.children[0]
    if inside:  # its entries after the first part's, and it ends where the second part's did
        ours, rest = top[-1], more_kids[0]
        positions.children[ours] += positions.children.pop(rest)
        positions.end_lines[ours] = positions.end_lines[rest]
        positions.end_columns[ours] = positions.end_columns[rest]
        data[more_keys[0]] += second.pop(more_keys[0])
    positions.keys[0] = top_keys + more_keys[skip:]
    positions.children[0] = top + more_kids[skip:]
    positions.end_lines[0] = positions.end_lines[base]
    positions.end_columns[0] = positions.end_columns[base]
    data.update(second)
    return data, end, positions
