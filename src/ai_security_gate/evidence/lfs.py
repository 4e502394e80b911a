"""Git LFS pointers are strict (docs/security.md). A file counts as an LFS pointer, so that
its `oid` stands in for the content's sha256, only when

- it is exactly in the pointer format of the Git LFS specification: `version` first (v1),
  then `key value` lines sorted by key, keys from [a-z0-9.-], only `oid sha256:<64 hex>`,
  `size <digits>` and `ext-N-name` extensions, each line ending in LF, under 1024 bytes; a
  "pointer header plus payload" file is not a pointer;
- `.gitattributes` marks its path `filter=lfs` (asked of git, hardened, when the repository
  is a git work tree; read from the `.gitattributes` files otherwise).

Anything else is an ordinary file: hashed like one, so a fake pointer is a hash mismatch."""

from __future__ import annotations

import fnmatch
import subprocess
from pathlib import Path
from typing import Any

# the pointer format itself is pure: it lives below both discovery and evidence
from ..lfs_pointer import LFS_POINTER_MAX as LFS_POINTER_MAX
from ..lfs_pointer import parse_pointer as parse_pointer


def tracked(repo: Path, rels: list[str]) -> dict[str, bool]:
    """path -> whether `.gitattributes` gives it filter=lfs."""
    answer = _git_check_attr(repo, rels)
    if answer is not None:
        return answer
    return {rel: _attributes_say_lfs(repo, rel) for rel in rels}


def _git_check_attr(repo: Path, rels: list[str]) -> dict[str, bool] | None:
    from .gitsafe import hardened_env
    from .history import find_work_tree

    if find_work_tree(repo) is None:
        return None
    try:

        def run(args: list[str], env: dict[str, str], stdin: str = "") -> str:
            import os

            return subprocess.run(
                ["git", *args],
                cwd=repo,
                env={**os.environ, **env},
                input=stdin.encode("utf-8", "surrogateescape"),
                capture_output=True,
                check=True,
                timeout=60,
            ).stdout.decode("utf-8", "surrogateescape")

        env = hardened_env(
            lambda e: run(["config", "--list", "--show-scope", "--null", "--includes"], e)
        )
        out = run(["check-attr", "-z", "--stdin", "filter"], env, "\x00".join(rels) + "\x00")
    except (OSError, subprocess.SubprocessError):
        return None
    fields = out.split("\x00")
    answer = {}
    for i in range(0, len(fields) - 2, 3):
        answer[fields[i]] = fields[i + 2] == "lfs"
    return {rel: answer.get(rel, False) for rel in rels}


def _attributes_say_lfs(repo: Path, rel: str) -> bool:
    """The `filter` attribute of `rel` from the .gitattributes files on its way (no git):
    the last matching line wins, deeper files over shallower ones."""
    parts = rel.split("/")
    value = False
    for depth in range(len(parts)):
        base = "/".join(parts[:depth])
        file = repo / base / ".gitattributes" if base else repo / ".gitattributes"
        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        sub = "/".join(parts[depth:])
        for line in lines:
            fields = line.split()
            if not fields or fields[0].startswith("#"):
                continue
            pattern = fields[0].lstrip("/")
            target = sub if "/" in fields[0].rstrip("/") else parts[-1]
            if not fnmatch.fnmatchcase(target, pattern.replace("**/", "*")):
                continue
            for attr in fields[1:]:
                if attr.startswith("filter="):
                    value = attr == "filter=lfs"
                elif attr in ("-filter", "!filter"):
                    value = False
    return value


def enforce(repo: Path, files: dict[str, Any]) -> None:
    """Facts with `lfs` whose path `.gitattributes` does not track lose it (and are hashed
    as the ordinary files they are); the reason is kept as `lfs_rejected`."""
    pointers = {ref: f for ref, f in files.items() if "lfs" in f and isinstance(f.get("path"), str)}
    if not pointers:
        return
    answer = tracked(repo, sorted({f["path"] for f in pointers.values()}))
    for fact in pointers.values():
        if not answer.get(fact["path"], False):
            del fact["lfs"]
            fact["lfs_rejected"] = (
                "has the form of a Git LFS pointer but .gitattributes does not track it with "
                "filter=lfs, so it is an ordinary file"
            )
