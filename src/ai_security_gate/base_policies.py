"""The configuration's policy directories and bundles as the base branch has them.

In pull-request mode the gate's configuration is read from the base (config.py), but the
directories it names under `policy` lie in the checked-out head, which the pull request
controls: deleting a rule there, or emptying the directory, would turn the gate green. So
a `policy` path inside the git work tree is copied out of the base commit into a private
temporary directory (git hardened as everywhere, `cat-file` only: nothing in the repository
runs) and that copy is evaluated. What the pull request changes in them, or in the
configuration itself, is reported as a note for reviewers and applies once merged.

`-p` on the command line is named by the workflow (trusted), but a directory it names inside
the checkout holds the pull request's files: it is read from the base in the same way.
"""

from __future__ import annotations

import atexit
import posixpath
import shutil
import tempfile
from pathlib import Path

from .errors import GateError
from .results import Finding, Location

MAX_TOTAL_BYTES = 64 * 1024 * 1024  # a policy set or bundle larger than this is not one
_COPIES: dict[tuple[Path, str, str], Path] = {}  # (work tree, base commit, path) -> copy


def from_base(repo: Path, rel: str, base_ref: str, *, offline: bool, source: str) -> Path:
    """The policy directory or bundle `rel` (relative to the checked directory `repo`, as the
    base configuration `source` names it) as a local path: the base commit's copy when it
    lies in the git work tree, the path itself when it lies outside (not the pull request's)."""
    from .trusted import resolve_base, work_tree

    repo = repo.resolve()
    top = work_tree(repo)
    target = Path(posixpath.normpath((repo / rel).as_posix()))
    if top is None or not target.is_relative_to(top):
        return target
    base = resolve_base(top, base_ref, offline)
    if base is None:
        raise GateError(
            f"pull-request mode: the base ref {base_ref!r} is not in the clone, so the policies "
            f"{source} names cannot be read from it; fetch it (actions/checkout: fetch-depth: 0)"
        )
    inside = target.relative_to(top).as_posix()
    key = (top, base, inside)
    if key not in _COPIES:
        _COPIES[key] = _copy(top, base, inside, base_ref, source, rel)
    return _COPIES[key]


def _copy(top: Path, base: str, inside: str, base_ref: str, source: str, rel: str) -> Path:
    from .trusted import _git

    kind = _git(top, "cat-file", "-t", f"{base}:{inside}").stdout.decode().strip()
    if kind not in ("tree", "blob"):
        if source == "-p":
            raise GateError(
                f"-p {rel}: the base branch {base_ref} does not have it; in pull-request mode "
                "policies inside the checkout are read from the base (the pull request's copy "
                f"could drop its own checks): merge them into {base_ref} first"
            )
        raise GateError(
            f"{source}: `policy` names {rel!r}, which the base branch {base_ref} does not have; "
            "add it there or remove it from the configuration"
        )
    scratch = Path(tempfile.mkdtemp(prefix="ai-security-gate-base-policies-"))
    atexit.register(shutil.rmtree, scratch, True)
    # the copy keeps the directory's name: module names in messages read org-policies/x.rego
    name = posixpath.basename(inside)
    dest = scratch / (name if name not in ("", ".") else "policies")
    if kind == "blob":  # a bundle file
        dest.write_bytes(_blob(top, f"{base}:{inside}", inside))
        return dest
    dest.mkdir()
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", f"{base}:{inside}")
    if listing.returncode != 0:
        raise GateError(f"{base_ref}:{inside}: git cannot list the policy directory")
    total = 0
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, name_bytes = entry.partition(b"\t")
        mode, otype, oid = meta.decode().split()
        name = name_bytes.decode("utf-8", "surrogateescape")
        # only what load_policies reads; a symbolic link is never followed out of the tree
        if otype != "blob" or mode not in ("100644", "100755") or not name.endswith(".rego"):
            continue
        data = _blob(top, oid, f"{inside}/{name}")
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise GateError(f"{base_ref}:{inside}: the policies are larger than 64 MiB")
        out = dest / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    return dest


def _blob(top: Path, spec: str, shown: str) -> bytes:
    from .trusted import _git

    done = _git(top, "cat-file", "blob", spec)
    if done.returncode != 0:
        raise GateError(f"{shown}: git cannot read it from the base branch")
    if len(done.stdout) > MAX_TOTAL_BYTES:
        raise GateError(f"{shown}: larger than 64 MiB; is it a policy?")
    return done.stdout


def change_notes(
    repo: Path, base_ref: str, offline: bool, cli_policies: tuple[Path, ...] = ()
) -> list[Finding]:
    """Notes for reviewers: what the pull request changes in the gate's configuration, in the
    policies it names and in those `-p` names inside the checkout, none of which this run used."""
    from . import config

    try:
        base = config.find(repo, base_ref, offline)
    except GateError:
        return []  # the run itself already stopped on an unreadable base
    try:
        head = config.find(repo, None, offline)
    except GateError as exc:
        head, broken = None, str(exc)
    else:
        broken = ""
    notes = []
    if broken or (head.values if head else None) != (base.values if base else None):
        shown = Path(head.source).name if head else (base.source if base else "")
        what = (
            f"breaks the gate's configuration ({broken})"
            if broken
            else (f"changes the gate's configuration ({shown})")
        )
        notes.append(
            _note(
                f"this pull request {what}; the run used the base branch's "
                f"({base.source if base else 'none'}); the change applies once merged",
                shown or "configuration",
            )
        )
    for rel in _policy_paths(base):
        notes += _policy_note(repo, rel, base_ref, offline, base)
    for given in cli_policies:
        notes += _policy_note(repo, cli_path(repo, given), base_ref, offline, None)
    return notes


def cli_path(repo: Path, given: Path) -> str:
    """`-p` as a path from the checked directory when it lies there, else absolute. Both
    spellings of the directory count (a symlinked prefix such as /tmp -> /private/tmp must not
    make a path in the checkout look like one outside it, which would be used as given)."""
    absolute = Path(posixpath.normpath(given.absolute().as_posix()))
    for root in (repo.resolve(), Path(posixpath.normpath(repo.absolute().as_posix()))):
        if absolute.is_relative_to(root):
            return absolute.relative_to(root).as_posix() or "."
    return str(absolute)


def _policy_paths(found: object) -> list[str]:
    values = getattr(found, "values", {}).get("policy", [])
    return [values] if isinstance(values, str) else [v for v in values if isinstance(v, str)]


def _policy_note(
    repo: Path, rel: str, base_ref: str, offline: bool, found: object
) -> list[Finding]:
    try:
        copy = from_base(repo, rel, base_ref, offline=offline, source=getattr(found, "source", ""))
    except GateError:
        return []
    head = Path(posixpath.normpath((repo.resolve() / rel).as_posix()))
    if copy == head:
        return []  # outside the work tree: not the pull request's
    if _contents(copy) == _contents(head):
        return []
    return [
        _note(
            f"this pull request changes the policies in {rel}; the run used the base "
            "branch's copy; the change applies once merged",
            rel,
        )
    ]


def _contents(path: Path) -> dict[str, bytes] | None:
    try:
        if path.is_file() and not path.is_symlink():
            return {"": path.read_bytes()}
        if not path.is_dir() or path.is_symlink():
            return None
        return {
            p.relative_to(path).as_posix(): p.read_bytes()
            for p in sorted(path.rglob("*.rego"))
            if p.is_file() and not p.is_symlink()
        }
    except OSError:
        return None


def _note(message: str, file: str) -> Finding:
    return Finding(
        source="notice", message=message, path=(), location=Location(file), rule="configuration"
    )
