"""Read a file as the base branch has it: the gate's own settings in pull-request mode.

A pull request controls every file on its branch, the gate's configuration and baseline
included; read from there, a change could relax the gate that judges it. In pull-request
mode they are read from the tip of the base ref instead (fetched when the clone lacks it).
git runs hardened as everywhere else in the gate (evidence/gitsafe.py: nothing the
repository configures can make it run a program) and reads with `cat-file` (no textconv).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import GateError

FETCH_TIMEOUT = 60
MAX_BYTES = 1024 * 1024


def _hardened(top: Path) -> dict[str, str]:
    import os

    from .evidence.gitsafe import hardened_env

    def read_config(env: dict[str, str]) -> str:
        done = subprocess.run(
            ["git", "config", "--list", "--show-scope", "--null", "--includes"],
            cwd=top,
            env={**os.environ, **env},
            capture_output=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )
        if done.returncode not in (0, 1):  # 1: no configuration at all
            raise GateError(f"git cannot read the repository's configuration: {done.stderr!r}")
        return done.stdout.decode("utf-8", "surrogateescape")

    return {**os.environ, **hardened_env(read_config)}


_ENVS: dict[Path, dict[str, str]] = {}


def _git(top: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[bytes]:
    try:
        env = _ENVS.get(top)
        if env is None:
            env = _ENVS[top] = _hardened(top)
        return subprocess.run(
            ["git", *args],
            cwd=top,
            env=env,
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GateError(f"git could not run to read the base branch: {exc}") from None


def work_tree(start: Path) -> Path | None:
    for parent in (start, *start.parents):
        if (parent / ".git").exists():
            return parent
    return None


def resolve_base(top: Path, base_ref: str, offline: bool) -> str | None:
    for candidate in (base_ref, f"origin/{base_ref}"):
        done = _git(top, "rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}")
        if done.returncode == 0:
            return done.stdout.decode().strip()
    if offline or base_ref.startswith("-"):
        return None
    branch = base_ref.removeprefix("origin/").removeprefix("refs/heads/")
    _git(
        top,
        "fetch",
        "--quiet",
        "--no-tags",
        "--upload-pack=git-upload-pack",  # a repository's remote.*.uploadpack never runs
        "--no-recurse-submodules",
        "--no-auto-gc",
        "origin",
        f"+refs/heads/{branch}:refs/remotes/origin/{branch}",
        timeout=FETCH_TIMEOUT,
    )
    done = _git(top, "rev-parse", "--verify", "--quiet", f"origin/{branch}^{{commit}}")
    return done.stdout.decode().strip() if done.returncode == 0 else None


def read_at_base(repo: Path, rel: str, base_ref: str, *, offline: bool, what: str) -> str | None:
    """`rel` (relative to the checked directory `repo`) at the tip of `base_ref`; None when the
    base has no such file. Exit 2 (GateError) when the base cannot be read at all: falling
    back to the pull request's own copy would let it relax its gate."""
    repo = repo.resolve()
    top = work_tree(repo)
    if top is None:
        raise GateError(
            f"pull-request mode: {repo} is not in a git work tree, so {what} cannot be read "
            "from the base branch; run without --base-ref, or in a clone"
        )
    base = resolve_base(top, base_ref, offline)
    if base is None:
        raise GateError(
            f"pull-request mode: the base ref {base_ref!r} is not in the clone, so {what} "
            "cannot be read from it; fetch it (actions/checkout: fetch-depth: 0)"
        )
    prefix = repo.relative_to(top).as_posix()
    path = rel if prefix == "." else f"{prefix}/{rel}"
    if _git(top, "cat-file", "-e", f"{base}:{path}").returncode != 0:
        return None
    done = _git(top, "cat-file", "blob", f"{base}:{path}")
    if done.returncode != 0:
        return None
    if len(done.stdout) > MAX_BYTES:
        raise GateError(f"{base_ref}:{path}: larger than {MAX_BYTES // 1024} KiB; is it {what}?")
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise GateError(f"{base_ref}:{path}: {what} is not valid UTF-8") from None
