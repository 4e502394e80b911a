"""Pull-request mode: a base-branch waiver covers the findings the base already had, not its
whole provision (docs/security.md, issue 11).

A waiver accepts a known state. So with `--base-ref`, a finding under a waived provision
stays waived only when the base branch has the same finding: the policies are evaluated on
the base too (its manifest, and its cited files copied from git's object store by
evidence/base_tree.py, its history as of that commit) with the engine already loaded. The
base is both the merge base (what the pull request started from) and the tip of the base
branch (where the waiver is read): a finding must be on both. A finding that is not is
"new since the base branch" and fails the provision.

Findings are matched by a key that is stricter than `Finding.fingerprint`: provision, rule,
source, the manifest path with each list index replaced by the content of that entry, the
message with numbers masked, and the cited files of that entry the pull request changed. So
moving an entry within its list keeps the match; replacing a waived model by another one
with the same weakness at the same index, editing the entry, or changing the files it cites
(so that the same message now describes different content) does not. Nothing is done when no
waiver applies: this costs one more evaluation only in runs that lean on a waiver.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import GateError
from .loader import LoadedManifest
from .results import _VOLATILE, Decision, Finding, Status

Evaluate = Callable[[LoadedManifest, dict[str, Any], list[Finding]], Decision]


@dataclass(frozen=True)
class BaseFindings:
    keys: Counter[str] | None  # None: the base could not be evaluated (`problem` says why)
    problem: str = ""


def leans_on_waiver(decided: Decision) -> bool:
    return any(r.status is Status.WAIVED for r in decided.results)


def finding_key(f: Finding, data: dict[str, Any], files: dict[str, Any]) -> str:
    """What a finding is about, for matching it with the base's (module docstring). `data` is
    the manifest the finding came from, `files` its evidence facts (`changed` in a PR)."""
    steps: list[str] = []
    node: Any = data
    entry: Any = None
    for step in f.path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
            steps.append(f"/{step}?")
            break
        if isinstance(step, int):
            steps.append(f"[{_digest(node)}]")  # the entry by what it says, not where it is
            entry = node if entry is None else entry
        else:
            steps.append(f"/{step}")
    # no path: a finding about the system as a whole ("nothing verifies P"), not one entry
    subject = None if not f.path else node if entry is None else entry
    changed = sorted(
        s for s in _strings(subject) if isinstance(files.get(s), dict) and files[s].get("changed")
    )
    if entry is None and f.path:
        steps.append(f"={_digest(node)}")
    key = "\0".join(
        (
            "pr-v1",
            f.provision or "",
            f.rule or "",
            f.source,
            "".join(steps),
            _VOLATILE.sub("#", f.message),
            json.dumps(changed),
        )
    )
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def restrict(
    decided: Decision,
    data: dict[str, Any],
    files: dict[str, Any],
    base: BaseFindings,
    base_name: str,
) -> None:
    """Fail each waived provision that has findings the base does not have (in place)."""
    remaining: Counter[str] = Counter(base.keys or {})
    unapplied: set[str] = set()
    for r in decided.results:
        if r.status is not Status.WAIVED:
            continue
        new: list[Finding] = []
        for f in r.findings:
            k = finding_key(f, data, files)
            if base.keys is not None and remaining[k] > 0:
                remaining[k] -= 1
            else:
                new.append(f)
        if not new:
            continue
        pid = r.provision.id
        why = (
            f"the base branch {base_name} could not be evaluated ({base.problem}), so the "
            f"waiver for {pid} covers none of the findings of this pull request"
            if base.keys is None
            else f"new since the base branch; the waiver for {pid} covers only findings "
            f"present on {base_name}"
        )
        known = len(r.findings) - len(new)
        r.status = Status.FAIL
        r.findings = [replace(f, message=f"{f.message} ({why})") for f in new]
        r.reason = (
            f"the base branch {base_name} could not be evaluated: the waiver covers nothing"
            if base.keys is None
            else f"{len(new)} finding(s) new since {base_name}; the waiver covers only the "
            f"{known} the base branch has"
        )
        if not known:
            unapplied.add(pid)
    decided.waivers = [
        replace(w, applied=False) if w.provision in unapplied else w for w in decided.waivers
    ]


def base_findings(
    repo: Path,
    top: Path | None,
    git: dict[str, Any],
    evaluate: Evaluate,
    collect: Callable[[Path, LoadedManifest, Path, str], dict[str, Any]],
) -> BaseFindings:
    """The finding keys of the base: those of the merge base that the base branch's tip also
    has. `collect(checked_dir, loaded, tree_top, commit)` gathers the evidence of a copy."""
    at = git.get("base_manifest_at")
    commits = [c for c in (git.get("merge_base"), git.get("base_commit")) if isinstance(c, str)]
    if top is None or len(commits) < 2:
        return BaseFindings(None, str(git.get("changes_problem") or "no merge base in the clone"))
    if not isinstance(at, dict):
        return BaseFindings(None, "the manifest is not a file of the git work tree")
    prefix = repo.resolve().relative_to(top).as_posix()
    prefix = "" if prefix == "." else prefix
    keys: Counter[str] | None = None
    for commit in dict.fromkeys(commits):
        try:
            found = _at(commit, str(at.get(commit, "")), top, prefix, evaluate, collect)
        except GateError as exc:
            return BaseFindings(None, f"at {commit[:12]}: {exc}")
        keys = found if keys is None else keys & found
    return BaseFindings(keys)


def _at(
    commit: str,
    manifest: str,
    top: Path,
    prefix: str,
    evaluate: Evaluate,
    collect: Callable[[Path, LoadedManifest, Path, str], dict[str, Any]],
) -> Counter[str]:
    from .evidence.base_tree import TreeCopy, TreeCopyError, hardened_env_at
    from .loader import load_manifest

    with tempfile.TemporaryDirectory(prefix="ai-security-gate-base-") as tmp:
        dest = Path(tmp).resolve()
        try:
            tree = TreeCopy(top, hardened_env_at(top), commit, dest)
            tree.copy([manifest])
            if manifest not in tree.written or (dest / manifest).is_symlink():
                raise GateError(f"it has no manifest at {manifest or 'the manifest path'}")
            loaded = load_manifest(dest / manifest, display=f"{commit[:12]}:{manifest}")
            cited = [_to_top(prefix, s) for s in _strings(loaded.data)]
            tree.copy([*cited, *_attributes(cited)])
        except TreeCopyError as exc:
            raise GateError(str(exc)) from None
        checked = dest / prefix if prefix else dest
        checked.mkdir(parents=True, exist_ok=True)
        facts = collect(checked, loaded, dest, commit)
        from . import dates, schema

        findings = schema.validate(loaded) + dates.unrepresentable(loaded.data, loaded.source_map)
        decided = evaluate(loaded, facts, findings)
    files = facts.get("files", {})
    return Counter(
        finding_key(f, loaded.data, files)
        for r in decided.results
        if r.status in (Status.FAIL, Status.WAIVED)
        for f in r.findings
    )


def _to_top(prefix: str, value: str) -> str:
    if "://" in value or len(value) > 4096 or "\n" in value:
        return ""
    return posixpath.normpath(posixpath.join(prefix, value)) if prefix else value


def _attributes(paths: list[str]) -> set[str]:
    """The .gitattributes files on the way to each path (evidence/lfs.py reads them)."""
    out = {".gitattributes"}
    for p in paths:
        parts = p.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            out.add("/".join([*parts[:i], ".gitattributes"]))
    return out


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _digest(node: Any) -> str:
    text = json.dumps(node, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
