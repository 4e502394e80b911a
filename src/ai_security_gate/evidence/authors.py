"""Who wrote each waiver, where git shows it: the author of the commit that last changed the
waiver's `approver` line (`git blame`). A waiver approved by the person who wrote it is not a
second person's approval (waivers.py). Read only when the manifest has waivers; lines not
committed yet, or no usable git, give no author (nothing is claimed)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .gitsafe import hardened_env
from .history import find_work_tree

_TIMEOUT = 20  # seconds: blame of one manifest


def line_authors(manifest: Path, lines: list[int]) -> dict[int, tuple[str, str]]:
    """line number -> (author name, author e-mail) of the commit that last changed it."""
    if not lines or find_work_tree(manifest.parent) is None:
        return {}
    porcelain = _blame(manifest, lines)
    return _authors(porcelain) if porcelain is not None else {}


def _blame(manifest: Path, lines: list[int]) -> str | None:
    """`git blame --porcelain` of `lines`, or None where git does not answer."""
    # nothing git could execute (gitsafe.py): hardened environment, no textconv driver
    args = ["git", "blame", "--porcelain", "--no-textconv"]
    for line in sorted(set(lines)):
        args += ["-L", f"{line},{line}"]

    def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            cmd,
            cwd=manifest.parent,
            env={**_clean_env(), **env},
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",  # a name that is not UTF-8 must not stop the run
            timeout=_TIMEOUT,
            check=False,
        )

    def read_config(env: dict[str, str]) -> str:
        listing = run(["git", "config", "--list", "--show-scope", "--null", "--includes"], env)
        if listing.returncode != 0:
            raise OSError(listing.stderr.strip())
        return listing.stdout

    try:
        proc = run([*args, "--", manifest.name], hardened_env(read_config))
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _authors(porcelain: str) -> dict[int, tuple[str, str]]:
    """Blame's porcelain output -> line -> (name, e-mail); lines not committed yet left out."""
    out: dict[int, tuple[str, str]] = {}
    current: int | None = None
    name = mail = ""
    commits: dict[str, tuple[str, str]] = {}  # porcelain gives a commit's author once
    sha = ""
    for raw in porcelain.splitlines():
        parts = raw.split(" ")
        if len(parts) >= 3 and len(parts[0]) == 40 and parts[1].isdigit():
            sha, current = parts[0], int(parts[2])
            name, mail = commits.get(sha, ("", ""))
        elif raw.startswith("author "):
            name = raw[len("author ") :]
        elif raw.startswith("author-mail "):
            mail = raw[len("author-mail ") :].strip("<>")
        elif raw.startswith("\t") and current is not None:
            if sha.strip("0"):  # all zeros: not committed yet
                commits[sha] = (name, mail)
                out[current] = (name, mail)
            current = None
    return out


def _clean_env() -> dict[str, str]:
    import os

    keep = ("PATH", "HOME", "SYSTEMROOT", "TMPDIR", "TEMP", "TMP")
    return {k: v for k, v in os.environ.items() if k in keep}
