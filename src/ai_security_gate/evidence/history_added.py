"""A document whose newest commit added it: new content, or old content moved?

Freshness is the last commit that changed a document beyond whitespace (history.py). When
that commit added the file, the addition is content: the document did not exist before, and
a blank or placeholder document is a content finding anyway. But an addition can also be an
old document moved: `git mv old.md new.md`, `cp stale.md new.md`, or `git rm doc.md` in one
commit and the same text added back in a later one. Counting those as reviews would let
anyone refresh a year-old threat model by renaming it. So, for a file added in its newest
commit, the gate looks for the life the same text had before:

- a rename or copy in that commit (git's detection, copies from any file of the parent, and
  any file that commit deleted: git does not pair a small file whose whitespace changed),
- the same path before it was deleted (the last commit that touched the path before).

If any held the same text, ignoring whitespace and blank lines, the file's freshness is the
oldest of those earlier files' freshness, followed back (at most MAX_HOPS moves; past them the date of
the last move's source commit is used: older, never newer). A text that differs beyond
whitespace from every earlier life is new content and the addition counts.

Not caught: text copied from a file deleted in an earlier commit at another path (git has
no cheap index of every blob that ever existed); a directory's freshness comes from its
newest file as before.
"""

from __future__ import annotations

from typing import Any

MAX_HOPS = 8
MAX_DELETED = 10  # unpaired files deleted in the adding commit compared with each target
_WS_BLIND_DIFF = ("--no-ext-diff", "--no-textconv", "--numstat", "-w", "--ignore-blank-lines")


class Budget:
    """Bounds the git work of one run on a hostile history (many identical files deleted and
    added back, commit after commit). Past it a candidate counts as the same text: the file
    is then as old as that earlier life, never fresher than the history shows."""

    def __init__(self, comparisons: int = 100, lives: int = 64) -> None:
        self.comparisons = comparisons
        self.lives = lives


def earlier_lives(
    runner: Any, added: dict[str, str], budget: Budget, parents: dict[str, str] | None = None
) -> dict[str, list[tuple[str, str]]]:
    """target -> every (revision, path) where the text `target` had when commit
    `added[target]` added it already lived, unchanged beyond whitespace; targets with new
    text are absent. `runner` is history._Runner; paths are relative to the top of the work
    tree. `parents`: commit -> its first parent ("" for none), where already known."""
    by_commit: dict[str, list[str]] = {}
    for target, commit in added.items():
        by_commit.setdefault(commit, []).append(target)
    out: dict[str, list[tuple[str, str]]] = {}
    for commit, targets in by_commit.items():
        parent = (parents or {}).get(commit)
        if parent is None:
            parent = runner.ok("rev-parse", "--verify", "--quiet", f"{commit}^1^{{commit}}")
        if not parent:
            continue  # the first commit: nothing came before
        candidates = _candidates(runner, parent.strip(), commit, targets)
        for target, options in candidates.items():
            same = [
                (rev, path)
                for rev, path, identical in dict.fromkeys(options)
                if identical or _same(runner, f"{rev}:{path}", f"{commit}:{target}", budget)
            ]
            if same:
                out[target] = same
    return out


def _candidates(
    runner: Any, parent: str, commit: str, targets: list[str]
) -> dict[str, list[tuple[str, str, bool]]]:
    """(revision, path, identical blob?) of every earlier file each target may have been."""
    out: dict[str, list[tuple[str, str, bool]]] = {t: [] for t in targets}
    moves, deleted = _moves(runner, parent, commit)
    for source, dest, identical in moves:
        if dest in out:
            out[dest].append((parent, source, identical))
    for target in targets:  # a rename git did not pair (small files, whitespace)
        if not out[target]:
            out[target] += [(parent, d, False) for d in deleted[:MAX_DELETED]]
    for target, before in _previous_touch(runner, parent, targets).items():
        # the path is absent from the parent (the commit added it), so the last commit that
        # touched it before deleted it: its text is in that commit's parent
        out[target].append((f"{before}^", target, False))
    return out


def _moves(runner: Any, parent: str, commit: str) -> tuple[list[tuple[str, str, bool]], list[str]]:
    """(source, destination, same blob) of each rename or copy from `parent` to `commit` (a
    low similarity threshold: the text is compared afterwards), and the files it deleted
    that git paired with nothing."""
    raw = runner.ok(
        "diff-tree",
        "-r",
        "-z",
        "--raw",
        "--no-abbrev",
        "--no-commit-id",
        "--no-ext-diff",
        "--no-textconv",
        "-M20%",
        "-C20%",
        "--find-copies-harder",
        parent,
        commit,
    )
    fields = (raw or "").split("\0")
    moves, deleted = [], []
    i = 0
    while i < len(fields):
        meta = fields[i].split()
        if len(meta) != 5:
            i += 1
            continue
        status, old_blob, new_blob = meta[4], meta[2], meta[3]
        if status[:1] in ("R", "C") and i + 2 < len(fields):
            moves.append((fields[i + 1], fields[i + 2], old_blob == new_blob))
            i += 3
        else:
            if status == "D" and i + 1 < len(fields):
                deleted.append(fields[i + 1])
            i += 2
    return moves, deleted


def _previous_touch(runner: Any, parent: str, targets: list[str]) -> dict[str, str]:
    """target -> the last commit at or before `parent` that touched it (one log for all)."""
    raw = runner.ok(
        "log",
        "--no-renames",
        "--no-ext-diff",
        "--no-textconv",
        "--name-only",
        "-z",
        "--format=%x1e%H",
        parent,
        "--",
        *[f":(literal){t}" for t in targets],
    )
    remaining = set(targets)
    out: dict[str, str] = {}
    commit = ""
    for field in (raw or "").split("\0"):
        for part in field.split("\n"):
            if part.startswith("\x1e"):
                commit = part[1:].strip()
            elif part in remaining and commit:
                out[part] = commit
                remaining.discard(part)
        if not remaining:
            break
    return out


def _same(runner: Any, old: str, new: str, budget: Budget) -> bool:
    """The two blobs hold the same text beyond whitespace and blank lines."""
    if budget.comparisons <= 0:
        return True  # fail closed: as old as the earlier life
    budget.comparisons -= 1
    diff = runner.ok("diff", *_WS_BLIND_DIFF, old, new)
    return diff is not None and not diff.strip()
