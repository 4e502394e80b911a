"""Git history facts (git run as hardened subprocesses, only when the repository is a git work tree).

    input.evidence.git = {
      "available": true,                 # false: "reason" says why (not a git repository, ...)
      "head": "<sha>",                   # the checked commit (HEAD), for the reports
      "shallow": false,                  # still shallow after trying to fetch the rest
      "last_commit": {"docs/tm.md": "2026-09-20"},   # manifest path -> committer date
      "last_commit_unknown": {"docs/x.md": "why"},   # shallow boundary, never committed, ...
      "uncommitted": ["docs/new.md"],    # modified or untracked in the work tree: newer than any commit
      # pull-request mode (--base-ref) only:
      "base_ref": "main", "base_commit": "<sha>", "merge_base": "<sha>",
      "changes_available": true,         # false: "changes_problem" says what could not be computed
      "changed": ["models/m/adapter.safetensors", ...],   # repository-relative, since the merge base
      "manifest_changed": true,
      "base_manifest": {...} | null,     # the manifest at the merge base (null: it did not exist)
      "base_manifest_problem": "...",    # present when it exists but could not be read
      "base_waivers": [...] | null,      # `waivers` of the manifest at the tip of the base ref
    }

The checked directory may be a subdirectory of the work tree (a monorepo); paths are mapped
between the two. A shallow clone is deepened with `git fetch --unshallow` unless offline;
what still cannot be computed is said in `last_commit_unknown` or `changes_problem`.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import history_cache
from .cache import JsonCache
from .history_added import MAX_HOPS, Budget, earlier_lives

if TYPE_CHECKING:
    from ..background import Background

FETCH_TIMEOUT = 300  # seconds
# a diff that ignores whitespace and blank lines, and runs nothing the repository configures
_WS_BLIND = ("--numstat", "-w", "--ignore-blank-lines", "--no-ext-diff", "--no-textconv")
# gitsafe: git's own upload-pack (a local transport runs the configured one), no submodule
# recursion (their own configuration), no gc or maintenance afterwards
_FETCH_FLAGS = (
    "--quiet",
    "--no-tags",
    "--upload-pack=git-upload-pack",
    "--no-recurse-submodules",
    "--no-auto-gc",
)


_COMMIT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


class _GitFailed(Exception):
    pass


class _NoGit(Exception):
    pass


def _dirty(rel: str, dirty: set[str]) -> bool:
    return rel in dirty or any(d.startswith(rel + "/") for d in dirty)


def _outside_refs(manifest: Any, depth: int = 0) -> set[str]:
    """Every `../` path a (base) manifest holds, normalised: the files a subproject cites
    outside its directory. Any string counts; a value that is no path only widens the set of
    changes a change rule can see."""
    out: set[str] = set()
    if depth > 32:
        return out
    if isinstance(manifest, str):
        if manifest.startswith("../"):
            rel = posixpath.normpath(manifest)
            if rel.startswith("../"):
                out.add(rel.rstrip("/"))
    elif isinstance(manifest, dict):
        for value in manifest.values():
            out |= _outside_refs(value, depth + 1)
    elif isinstance(manifest, list):
        for value in manifest:
            out |= _outside_refs(value, depth + 1)
    return out


def find_work_tree(start: Path) -> Path | None:
    """The directory holding `.git` at or above `start`, without starting git."""
    for parent in (start, *start.parents):
        if (parent / ".git").exists():
            return parent
    return None


def git_facts(
    repo: Path,
    refs: dict[str, str],
    *,
    manifest_rel: str | None,
    base_ref: str | None,
    offline: bool,
    rev: str | None = None,
    cache: JsonCache | None = None,
    opening: Background[Opened | str] | None = None,
) -> dict[str, Any]:
    """`refs` maps each manifest path (as written) to its normalised repository path. `rev`:
    the history as of that commit instead of the work tree and HEAD (the base branch's
    facts in pull-request mode, pr_waivers.py); never with `base_ref`. `cache`: where the
    documents' freshness may be kept by commit (history_cache.py); None: not cached.
    `opening`: open_history(repo, rev) started earlier in a thread (collect.py)."""
    opened = opening.result() if opening is not None else open_history(repo, rev)
    if isinstance(opened, str):
        return _unavailable(opened, base_ref)
    runner, top, shallow_at, head = opened
    try:
        prefix = repo.relative_to(top).as_posix()
    except ValueError:
        return _unavailable("the repository directory is not inside the git work tree", base_ref)
    prefix = "" if prefix == "." else prefix
    history = _History(runner, top, prefix, offline, rev)
    history.cache = cache
    history.shallow_at = shallow_at
    return history.facts(refs, manifest_rel, base_ref, head)


Opened = tuple["_Runner", Path, str | None, str]  # runner, work tree top, shallow file, HEAD


def open_history(repo: Path, rev: str | None = None) -> Opened | str:
    """The first git steps, which need nothing from the manifest: the hardened configuration,
    the work tree's top, where a shallow clone's boundary is kept, and the commit checked
    (`rev`, else HEAD). Why git cannot be used, when it cannot. collect.py starts this in a
    thread before the evidence stage, so these processes overlap its reading and hashing."""
    top = find_work_tree(repo)
    if top is None:
        return "not a git repository, so document freshness and pull-request checks could not run"
    try:
        runner = _Runner(repo)
        top = Path(runner.run("rev-parse", "--show-toplevel")).resolve()
        runner.cwd = top  # every later command names paths from the top of the work tree
        # one process for two answers: where the shallow file would be, and the commit (its
        # absence fails the command after the path is printed)
        shallow_at, head = runner.path_and_commit("shallow", f"{rev or 'HEAD'}^{{commit}}")
        if head is None:
            return "the git repository has no commits yet, so there is no history to check"
    except _NoGit as exc:
        return f"git cannot be used ({exc})"
    except _GitFailed as exc:
        return f"git failed: {exc}"
    except (OSError, ValueError) as exc:
        return f"not a usable git repository ({type(exc).__name__}: {exc})"
    return runner, top, shallow_at, head


def _unavailable(reason: str, base_ref: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"available": False, "reason": reason}
    if base_ref:
        out["base_ref"] = base_ref
        out["changes_available"] = False
        out["changes_problem"] = reason
    return out


def _stderr(text: str) -> str:
    """git's error output on one line."""
    return "; ".join(ln.strip() for ln in text.splitlines() if ln.strip())[:400]


class _Runner:
    """git commands, hardened against the repository's own configuration (gitsafe: nothing
    the repository names is run). Plain subprocesses: GitPython's import alone was about a
    quarter of a warm `check` (~0.1 s CPU), and its wrapper ran `git version` twice more."""

    def __init__(self, cwd: Path) -> None:
        from .gitsafe import hardened_env

        self.cwd = cwd
        # as GitPython ran git: the caller's environment, messages in English
        self.base = {**os.environ, "LANGUAGE": "C", "LC_ALL": "C"}
        self.env = hardened_env(
            lambda env: self._execute(
                ["config", "--list", "--show-scope", "--null", "--includes"], env, None, False
            )
        )

    def _execute(
        self, args: list[str], env: dict[str, str], timeout: float | None, strip: bool
    ) -> str:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=self.cwd,
                env={**self.base, **env},
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except FileNotFoundError as exc:
            raise _NoGit(f"no git executable: {exc.strerror or exc}") from None
        except subprocess.TimeoutExpired:
            raise _GitFailed(f"`git {args[0]}` did not finish within {timeout:.0f} s") from None
        out = done.stdout.decode("utf-8", "surrogateescape")
        if done.returncode != 0:
            text = done.stderr.decode("utf-8", "replace")
            raise _GitFailed(_stderr(text) or f"`git {args[0]}` exited {done.returncode}")
        return out[:-1] if strip and out.endswith("\n") else out

    def run(self, *args: str, timeout: float | None = None, strip: bool = True) -> str:
        return self._execute(list(args), self.env, timeout, strip)

    def ok(self, *args: str) -> str | None:
        try:
            return self.run(*args)
        except _GitFailed:
            return None

    def path_and_commit(self, git_path: str, commit: str) -> tuple[str | None, str | None]:
        """`git rev-parse --git-path PATH --verify --quiet COMMIT` in one process: the path
        (None when git failed outright) and the commit id (None when there is no such
        commit, e.g. no commit yet). A path with a line break is safe: the id is the last
        line, and only when git succeeded."""
        try:
            done = subprocess.run(
                ["git", "rev-parse", "--git-path", git_path, "--verify", "--quiet", commit],
                cwd=self.cwd,
                env={**self.base, **self.env},
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=False,
            )
        except FileNotFoundError as exc:
            raise _NoGit(f"no git executable: {exc.strerror or exc}") from None
        out = done.stdout.decode("utf-8", "surrogateescape").removesuffix("\n")
        if done.returncode != 0:
            return (out or None), None
        path, _, head = out.rpartition("\n")
        return (path or None), (head or None)

    def stream(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            ["git", *args],
            cwd=self.cwd,
            env={**self.base, **self.env},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )


def _unquote(path: str) -> str:
    """A path as git prints it in a diff header (C-quoted when it has odd characters)."""
    if path.startswith('"') and path.endswith('"'):
        try:
            raw = path[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
            return raw.encode("latin-1").decode("utf-8", "surrogateescape")
        except (UnicodeError, ValueError):
            return path[1:-1]
    return path


class _History:
    def __init__(
        self, runner: _Runner, top: Path, prefix: str, offline: bool, rev: str | None = None
    ) -> None:
        self.r = runner
        self.rev = rev  # None: HEAD and the work tree; a commit: its history only
        self.top = top
        self.prefix = prefix
        self.offline = offline
        self.fetch_problem = ""
        self.cited_outside: set[str] = set()
        self.untracked: set[str] = set()
        self.directories: set[str] = set()  # cited directories (freshness: newest file)
        self.budget = Budget()  # following moved documents back (history_added.py)
        self.first_parent: dict[str, str] = {}  # commit -> its first parent ("": none)
        # freshness kept by commit (history_cache.py); facts() clears it where not sound
        self.cache: JsonCache | None = None
        self.head = ""
        self.shallow_at: str | None = None  # `git rev-parse --git-path shallow`, when known
        self.manifests: dict[str, dict[str, Any]] = {}  # blob id -> the manifest it holds

    # path mapping between the checked directory and the work tree
    def to_top(self, rel: str) -> str:
        if not self.prefix:
            return rel or "."
        if not rel or rel == ".":
            return self.prefix
        return posixpath.normpath(f"{self.prefix}/{rel}")  # sub/../.github/x -> .github/x

    def from_top(self, path: str) -> str | None:
        if not self.prefix:
            return path
        if path.startswith(self.prefix + "/"):
            return path[len(self.prefix) + 1 :]
        # outside the checked directory: only what the manifest cites there (`../x`), or
        # what is inside a directory it cites there (`../../models/m` holds its weights)
        outside = posixpath.relpath(path, self.prefix)
        parent = outside
        while parent and parent != "..":
            if parent in self.cited_outside:
                return outside
            parent = posixpath.dirname(parent)
        return None

    def shallow_commits(self) -> set[str]:
        path = self.shallow_at or self.r.ok("rev-parse", "--git-path", "shallow")
        if not path:
            return set()
        file = Path(path) if os.path.isabs(path) else self.top / path
        try:
            return {ln.strip() for ln in file.read_text().splitlines() if ln.strip()}
        except OSError:
            return set()

    def remote_for(self, base_ref: str | None) -> str | None:
        remotes = (self.r.ok("remote") or "").split()
        if base_ref and "/" in base_ref and base_ref.split("/", 1)[0] in remotes:
            return base_ref.split("/", 1)[0]
        if "origin" in remotes:
            return "origin"
        return remotes[0] if remotes else None

    def unshallow(self, base_ref: str | None) -> None:
        if self.offline:
            self.fetch_problem = "offline: the missing history was not fetched"
            return
        remote = self.remote_for(base_ref)
        if remote is None:
            self.fetch_problem = "the clone is shallow and has no remote to fetch the history from"
            return
        try:
            self.r.run(
                "fetch",
                *_FETCH_FLAGS,
                "--unshallow",
                remote,
                timeout=FETCH_TIMEOUT,
            )
        except _GitFailed as exc:
            self.fetch_problem = f"`git fetch --unshallow {remote}` failed: {exc}"

    def facts(
        self, refs: dict[str, str], manifest_rel: str | None, base_ref: str | None, head: str
    ) -> dict[str, Any]:
        out: dict[str, Any] = {"available": True}
        # the commit the reports name as what was checked (HTML, CycloneDX); git_facts has
        # resolved it already (one git process fewer per run)
        out["head"] = self.head = head.strip()
        # files a subproject cites outside its directory (`../x`): reported like its own
        self.cited_outside = {r for r in refs.values() if r == ".." or r.startswith("../")}
        shallow = bool(self.shallow_commits())
        if shallow and self.rev is None:  # a commit's facts come after the head's fetch
            self.unshallow(base_ref)
            boundary = self.shallow_commits()
            shallow = bool(boundary)
        else:
            boundary = set()
        out["shallow"] = shallow
        if shallow or base_ref:  # a history that may grow; a budget the change checks share
            self.cache = None
        if shallow and self.fetch_problem:
            out["shallow_problem"] = self.fetch_problem
        out.update(self.last_commits(refs, boundary))
        if base_ref:
            out.update(self.changes(base_ref, manifest_rel, shallow))
        return out

    def last_commits(self, refs: dict[str, str], boundary: set[str]) -> dict[str, Any]:
        wanted = {ref: rel for ref, rel in refs.items() if rel}
        if not wanted:
            return {
                "last_commit": {},
                "last_commit_unknown": {},
                "uncommitted": [],
                "never_committed": [],
            }
        dirty = self.dirty(set(wanted.values()))
        by_top: dict[str, list[str]] = {}
        for ref, rel in wanted.items():
            by_top.setdefault(self.to_top(rel), []).append(ref)
        # uncommitted paths are newer than any commit: do not walk the history for them
        remaining = {
            top: names
            for top, names in by_top.items()
            if not any(_dirty(wanted[n], dirty) for n in names)
        }
        found: dict[str, tuple[str, str]] = {}
        if not remaining:
            return self._summary(by_top, wanted, dirty, found, boundary)
        targets = set(remaining)
        found = history_cache.fresh(
            self.cache, self.head, targets, lambda: self._fresh(targets, None, MAX_HOPS)
        )
        return self._summary(by_top, wanted, dirty, found, boundary)

    def _fresh(self, targets: set[str], start: str | None, hops: int) -> dict[str, tuple[str, str]]:
        """target -> (commit, date) of the last commit that changed it beyond whitespace,
        in the history of `start` (None: HEAD)."""
        # Freshness is the last commit that changed a document beyond whitespace. A cheap
        # first pass finds each one's newest commit; a file added there counts unless the
        # same text lived before under another name or was deleted and added back
        # (history_added.py: then the earlier life's freshness is followed), a modification
        # is checked again with -w --ignore-blank-lines, and only where that commit changed
        # nothing but whitespace is the history walked with the (slower) whitespace-blind diff.
        found: dict[str, tuple[str, str]] = {}
        newest = self._newest(targets, ("--name-status",), start)
        modified = {t: v for t, v in newest.items() if v[2] != "A"}
        confirmed = self._changed_beyond_whitespace(modified) if modified else set()
        for target, (commit, date, _) in newest.items():
            if target not in modified or target in confirmed:
                found[target] = (commit, date)
        added = {t: v[0] for t, v in newest.items() if v[2] == "A" and t not in self.directories}
        retry = {t for t in modified if t not in confirmed}
        if retry:
            for target, (commit, date, _) in self._newest(retry, _WS_BLIND, start).items():
                found[target] = (commit, date)
                # the whitespace-blind walk does not say whether that commit added the file
                if (
                    target not in self.directories
                    and self.r.ok("cat-file", "-e", f"{commit}^:{target}") is None
                ):
                    added[target] = commit
        for target, lives in earlier_lives(self.r, added, self.budget, self.first_parent).items():
            dates = [found[target]]
            for rev, path in lives:
                earlier = None
                if hops > 0 and self.budget.lives > 0:
                    self.budget.lives -= 1
                    earlier = self._fresh({path}, rev, hops - 1).get(path)
                dates.append(earlier or self._commit_date(rev) or found[target])
            found[target] = min(dates, key=lambda c: c[1])  # the oldest life: never fresher
        return found

    def _commit_date(self, rev: str) -> tuple[str, str] | None:
        out = self.r.ok("log", "-1", "--format=%H %cs", rev, "--")
        commit, _, date = (out or "").strip().partition(" ")
        return (commit, date) if commit and date else None

    def _newest(
        self, targets: set[str], how: tuple[str, ...], start: str | None = None
    ) -> dict[str, tuple[str, str, str]]:
        """target -> (commit, date, status) of the newest commit touching it (from `start`,
        default HEAD); status is the --name-status letter, or "N" for a --numstat line.
        A target matched by a file under it is noted in `directories`."""
        remaining = set(targets)
        out: dict[str, tuple[str, str, str]] = {}
        specs = [f":(literal){p}" for p in sorted(remaining)]
        proc = self.r.stream(
            "log",
            "--no-renames",
            "--no-textconv",
            "--no-ext-diff",
            *how,
            "--format=%x1e%H %cs %P",
            start or self.rev or "HEAD",
            "--",
            *specs,
        )
        try:
            commit = date = ""
            for raw in proc.stdout or ():
                line = raw.decode("utf-8", "surrogateescape").rstrip("\n")
                if line.startswith("\x1e"):
                    commit, date, *parents = line[1:].split(" ")
                    # known parents spare history_added.py a rev-parse per commit
                    self.first_parent[commit] = parents[0] if parents else ""
                    continue
                parts = line.split("\t")
                if len(parts) not in (2, 3) or not commit:
                    continue
                status = parts[0][:1] if len(parts) == 2 else "N"
                path = _unquote(parts[-1])
                for target in [t for t in remaining if path == t or path.startswith(t + "/")]:
                    out[target] = (commit, date, status)
                    remaining.discard(target)
                    if path != target:
                        self.directories.add(target)
                if not remaining:
                    break
        finally:
            with contextlib.suppress(OSError):
                proc.kill()
            with contextlib.suppress(Exception):
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        return out

    def _changed_beyond_whitespace(self, newest: dict[str, tuple[str, str, str]]) -> set[str]:
        """The targets whose newest commit changes them beyond whitespace (one git show)."""
        commits = sorted({c for c, _, _ in newest.values()})
        specs = [f":(literal){t}" for t in sorted(newest)]
        text = self.r.ok("show", *_WS_BLIND, "--format=%x1e%H", *commits, "--", *specs) or ""
        out: set[str] = set()
        commit = ""
        for line in text.splitlines():
            if line.startswith("\x1e"):
                commit = line[1:].strip()
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                continue
            path = _unquote(parts[2])
            for target, (c, _, _) in newest.items():
                if c == commit and (path == target or path.startswith(target + "/")):
                    out.add(target)
        return out

    def _summary(
        self,
        by_top: dict[str, list[str]],
        wanted: dict[str, str],
        dirty: set[str],
        found: dict[str, tuple[str, str]],
        boundary: set[str],
    ) -> dict[str, Any]:
        last: dict[str, str] = {}
        unknown: dict[str, str] = {}
        uncommitted = []
        never = []
        for target, ref_list in by_top.items():
            for ref in ref_list:
                if wanted[ref] in self.untracked:
                    never.append(ref)  # untracked: not in any commit a reviewer sees
                if _dirty(wanted[ref], dirty):
                    uncommitted.append(ref)
                    continue
                if target not in found:
                    unknown[ref] = "has never been committed (untracked or ignored)"
                    never.append(ref)
                    continue
                commit, date = found[target]
                if commit in boundary:
                    unknown[ref] = (
                        "its history is cut off by the shallow clone"
                        + (f" ({self.fetch_problem})" if self.fetch_problem else "")
                        + "; fetch the full history (actions/checkout: fetch-depth: 0)"
                    )
                    continue
                last[ref] = date
        return {
            "last_commit": last,
            "last_commit_unknown": unknown,
            "uncommitted": sorted(set(uncommitted)),
            "never_committed": sorted(set(never)),
        }

    def dirty(self, rels: set[str]) -> set[str]:
        """Repository-relative paths that differ from HEAD in the work tree, or are untracked."""
        if self.rev is not None:
            return set()  # a commit's own history: no work tree
        specs = [f":(literal){self.to_top(r)}" for r in sorted(rels)]
        text = self.r.ok(
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--ignore-submodules=all",
            "--",
            *specs,
        )
        out = set()
        entries = (text or "").split("\x00")
        i = 0
        while i < len(entries):
            entry = entries[i]
            i += 1
            if len(entry) < 4:
                continue
            status, path = entry[:2], entry[3:]
            if status[0] in "RC":
                i += 1  # the next entry is the original path
            mapped = self.from_top(path)
            if mapped is not None:
                out.add(mapped)
                if status == "??":
                    self.untracked.add(mapped)
        return out

    def _commit_of(self, ref: str) -> str | None:
        return self.r.ok(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
        )

    def resolve_base(self, base_ref: str) -> tuple[str | None, str]:
        """The trusted commit of `--base-ref NAME` (docs/security.md): a full ref or a commit
        id as given; a branch name as the remote's branch first (refs/remotes/origin/NAME,
        fetched when missing), the local branch only without a remote. A name that is also
        a tag is refused: a tag called `main` must not choose the trusted commit."""
        if base_ref.startswith("refs/") or _COMMIT_ID.fullmatch(base_ref):
            sha = self._commit_of(base_ref)
            return (sha, "") if sha else (None, f"the base ref {base_ref!r} does not exist")
        remote = self.remote_for(base_ref)
        branch = base_ref
        if remote and base_ref.startswith(f"{remote}/"):
            branch = base_ref.removeprefix(f"{remote}/")
        if self._commit_of(f"refs/tags/{branch}") and (
            self._commit_of(f"refs/heads/{branch}")
            or (remote and self._commit_of(f"refs/remotes/{remote}/{branch}"))
        ):
            return None, (
                f"the base ref {base_ref!r} is ambiguous: it names a branch and a tag; name "
                f"it in full (refs/remotes/{remote or 'origin'}/{branch}, refs/heads/{branch} "
                f"or refs/tags/{branch})"
            )
        candidates = [f"refs/remotes/{remote}/{branch}"] if remote else []
        if not remote or branch == base_ref:
            candidates.append(f"refs/heads/{branch}")
        for candidate in candidates[:1]:  # the remote's branch, as it is in the clone
            sha = self._commit_of(candidate)
            if sha:
                return sha, ""
        sha, fetch_problem = self._fetch_branch(remote, branch)
        if sha:
            return sha, ""
        # no remote branch: the local branch, else a revision such as HEAD~1; a tag only
        # when named in full (refs/tags/NAME), never by its short name
        revision = [] if self._commit_of(f"refs/tags/{branch}") else [base_ref]
        for candidate in [*candidates[1:], *revision]:
            sha = self._commit_of(candidate)
            if sha:
                return sha, ""
        return None, f"the base ref {base_ref!r} is not in the clone ({fetch_problem})"

    def _fetch_branch(self, remote: str | None, branch: str) -> tuple[str | None, str]:
        """(commit of the remote's `branch` after fetching it, "") or (None, why there is
        none): offline, no remote, the fetch failed or gave nothing."""
        if self.offline:
            return None, "offline: not fetched"
        if not remote:
            return None, "there is no remote to fetch it from"
        try:
            self.r.run(
                "fetch",
                *_FETCH_FLAGS,
                remote,
                f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}",
                timeout=FETCH_TIMEOUT,
            )
        except _GitFailed as exc:
            return None, f"fetching it failed (remote {remote!r}): {exc}"
        sha = self._commit_of(f"refs/remotes/{remote}/{branch}")
        return (sha, "") if sha else (None, "it could not be resolved after fetching")

    def changes(self, base_ref: str, manifest_rel: str | None, shallow: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"base_ref": base_ref, "changes_available": False}
        base, problem = self.resolve_base(base_ref)
        if base is None:
            out["changes_problem"] = problem
            out["base_ref_missing"] = True  # the pipeline stops: exit 2 (docs/security.md)
            return out
        out["base_commit"] = base
        merge_base = self.r.ok("merge-base", base, "HEAD")
        if not merge_base:
            why = (
                "the clone is shallow and the common ancestor is not in it"
                if shallow
                else ("HEAD and the base share no history")
            )
            if self.fetch_problem:
                why += f" ({self.fetch_problem})"
            out["changes_problem"] = (
                f"no merge base between HEAD and {base_ref!r}: {why}; fetch the full history "
                "(actions/checkout: fetch-depth: 0)"
            )
            return out
        out["merge_base"] = merge_base
        try:
            text = self.r.run(
                "diff",
                "--name-only",
                "--no-renames",
                "--no-ext-diff",
                "--no-textconv",
                "--ignore-submodules=all",
                "-z",
                merge_base,
                "--",
                strip=False,
            )
        except _GitFailed as exc:
            out["changes_problem"] = f"`git diff` against the merge base failed: {exc}"
            return out
        changed = sorted(
            {m for p in text.split("\x00") if p and (m := self.from_top(p)) is not None}
        )
        out["changes_available"] = True
        out["changed"] = changed
        if manifest_rel:
            out["manifest_changed"] = manifest_rel in changed
            manifest_top = self.to_top(manifest_rel)
            at_base = self._base_manifest_path(merge_base, manifest_top)
            if at_base != manifest_top:
                out["base_manifest_path"] = self.from_top(at_base) or at_base
            out.update(self._manifest_at(merge_base, at_base, "base_manifest"))
            # what the base cited outside the subproject counts too: a pull request that
            # stops citing `../../models/m` while changing it must still show the change
            before = len(self.cited_outside)
            if self.prefix:  # at the top level every change is reported already
                self.cited_outside |= _outside_refs(out.get("base_manifest"))
            if len(self.cited_outside) != before:
                paths = text.split("\x00")
                out["changed"] = sorted(
                    {m for p in paths if p and (m := self.from_top(p)) is not None}
                )
            at_tip = self._base_manifest_path(base, manifest_top)
            tip = self._manifest_at(base, at_tip, "tip")
            # for evaluating the base itself (pr_waivers.py): the work-tree paths per commit
            out["base_manifest_at"] = {merge_base: at_base, base: at_tip}
            manifest = tip.get("tip")
            out["base_waivers"] = (
                manifest.get("waivers")
                if isinstance(manifest, dict) and "waivers" in manifest
                else ([] if isinstance(manifest, dict) else None)
            )
            # justified exemptions are trusted like waivers: only the base branch's count
            out["base_exemptions"] = (
                manifest.get("not_applicable") if isinstance(manifest, dict) else None
            )
            # so are the parts of a duty given to another organisation (duties.py)
            out["base_duties"] = manifest.get("duties") if isinstance(manifest, dict) else None
            if "tip_problem" in tip:
                out["base_waivers_problem"] = tip["tip_problem"]
        return out

    def _base_manifest_path(self, commit: str, head_path: str) -> str:
        """Where the base keeps its own manifest (docs/security.md): renaming it, switching
        .yaml/.yml or turning it into a symlink must not make the base's "missing" (and the
        system "new"). The head's path first, then the names the gate finds by default in
        the checked directory, the other extension, the source of a committed rename; a
        symlink in the base's tree is followed inside the repository."""
        stem = head_path.rsplit(".", 1)[0] if head_path.endswith((".yaml", ".yml")) else None
        candidates = [
            head_path,
            *(self.to_top(name) for name in ("ai-security.yaml", "ai-security.yml")),
            *([f"{stem}.yaml", f"{stem}.yml"] if stem else []),
        ]
        renamed = self.r.ok(
            "diff",
            "--name-status",
            "-z",
            "-M",
            "--diff-filter=R",
            "--no-ext-diff",
            "--no-textconv",
            commit,
            "HEAD",
            "--",
        )
        fields = (renamed or "").split("\x00")
        for i in range(0, len(fields) - 2, 3):
            if fields[i].startswith("R") and fields[i + 2] == head_path:
                candidates.insert(1, fields[i + 1])
        for candidate in candidates:
            found = self._follow(commit, candidate)
            if found:
                return found
        return head_path

    def _follow(self, commit: str, path: str, hops: int = 8) -> str | None:
        """`path` in `commit`'s tree, following symlinks that stay in the repository."""
        for _ in range(hops):
            entry = self.r.ok("ls-tree", "-z", "--full-tree", commit, "--", path)
            if not entry:
                return None
            mode = entry.split(" ", 1)[0]
            if mode != "120000":
                return path if mode.startswith("100") else None
            target = self.r.ok("cat-file", "blob", f"{commit}:{path}")
            if not target:
                return None
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            if target.startswith("/") or joined.startswith(".."):
                return None  # a link out of the repository is nothing the base holds
            path = joined
        return None

    def _manifest_at(self, commit: str, path: str, key: str) -> dict[str, Any]:
        blob = self.r.ok("rev-parse", "--verify", "--quiet", f"{commit}:{path}")
        if blob is None:
            return {key: None}
        # the merge base's manifest and the base branch tip's are usually one blob: it is
        # parsed once (1 s at 10,000 models); both are only read
        if blob in self.manifests:
            return {key: self.manifests[blob]}
        try:
            text = self.r.run("cat-file", "blob", blob, strip=False)
        except _GitFailed as exc:
            return {key: None, f"{key}_problem": f"cannot read it from git: {exc}"}
        from ..errors import GateError
        from ..loader import parse_manifest

        # git's output was decoded with surrogateescape: encoding back gives the blob's bytes
        raw = text.encode("utf-8", "surrogateescape")
        try:
            data, _ = parse_manifest(raw, f"{commit[:12]}:{path}")
        except GateError as exc:
            return {key: None, f"{key}_problem": str(exc)}
        self.manifests[blob] = data
        return {key: data}
