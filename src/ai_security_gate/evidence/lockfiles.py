"""Lockfiles pin: parse the cited lockfile with a real parser for its format and check that
every dependency is pinned to one exact version (and carries a hash when the manifest says
the lockfiles are hashed, or the format always has them).

Formats, recognised by file name: pip requirement files (`packaging`), poetry.lock, uv.lock,
pylock.toml / pylock.*.toml (PEP 751), Cargo.lock (`tomllib`), package-lock.json,
npm-shrinkwrap.json, Pipfile.lock, composer.lock, packages.lock.json (`json`), yarn.lock
(v1 text, or YAML from Yarn 2), pnpm-lock.yaml (YAML), go.sum, Gemfile.lock,
gradle.lockfile (their line formats). Anything else is not a lockfile. Formats that do not
always record hashes (yarn, pnpm, Gemfile, composer, gradle) are checked for them only when
the manifest says the lockfiles are hashed.
Returns problems `{"kind", "message"}` (problems.py); messages follow the file's name.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

MAX_LOCK_BYTES = 32 * 1024 * 1024
MAX_SHOWN = 5
_HEX40 = re.compile(r"[0-9a-f]{40}")
_VCS_COMMIT = re.compile(r"@([0-9a-f]{40})(?:#|$)")
_HASH_FRAGMENT = re.compile(r"#(sha256|sha384|sha512)=[0-9a-f]{64,128}$")
READ = (
    "requirements.txt with `==` pins (pip-compile, uv pip compile), poetry.lock, uv.lock, "
    "pylock.toml, Pipfile.lock, package-lock.json, yarn.lock, pnpm-lock.yaml, Cargo.lock, "
    "go.sum, Gemfile.lock, composer.lock, gradle.lockfile or packages.lock.json"
)

Dep = tuple[str, bool, bool]  # (name, pinned exactly, has a hash)


def _toml(text: str) -> Any:
    """tomllib imported here, not at the top: most repositories have no TOML lockfile, and
    every `check` imports this module (6 ms of a warm run)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(text)


def lockfile_problems(real: Path, hashed: bool) -> list[dict[str, str]]:
    name = real.name.lower()
    parser = _parser_for(name)
    if parser is None:
        return [{"kind": "lockfile_invalid", "message": _not_a_lockfile(real)}]
    try:
        with real.open("rb") as fh:
            raw = fh.read(MAX_LOCK_BYTES + 1)
    except OSError as exc:
        return [{"kind": "unreadable", "message": f"cannot be read: {exc.strerror or exc}"}]
    if len(raw) > MAX_LOCK_BYTES:
        return [{"kind": "lockfile_invalid", "message": "is larger than 32 MiB; not read"}]
    try:
        deps, always_hashed = parser(raw.decode("utf-8-sig"))
    except (
        ValueError,
        UnicodeDecodeError,
        RecursionError,
        KeyError,
        TypeError,
        AttributeError,
        yaml.YAMLError,
    ) as exc:
        return [
            {
                "kind": "lockfile_invalid",
                "message": f"cannot be parsed as a {_FORMAT[parser]} ({str(exc)[:160]}); "
                "regenerate it with its tool",
            }
        ]
    if not deps:
        return [
            {
                "kind": "lockfile_invalid",
                "message": f"pins no dependencies; it is not a lockfile of this project (the "
                f"gate reads {READ})",
            }
        ]
    out = []
    loose = [d for d, pinned, _ in deps if not pinned]
    if loose:
        out.append(
            {
                "kind": "lockfile_unpinned",
                "message": f"does not pin {len(loose)} of {len(deps)} dependencies to one exact "
                f"version ({_names(loose)}); regenerate it so each is `==` a version (or a "
                "commit id / content hash)",
            }
        )
    unhashed = [d for d, _, has_hash in deps if not has_hash]
    if unhashed and (hashed or always_hashed):
        why = (
            "supply_chain.hashed_lockfiles says the lockfiles are hashed"
            if hashed
            else "this format records a hash for every package"
        )
        out.append(
            {
                "kind": "lockfile_unhashed",
                "message": f"has no hash for {len(unhashed)} of {len(deps)} dependencies "
                f"({_names(unhashed)}) although {why}; regenerate it with hashes "
                "(e.g. pip-compile --generate-hashes)",
            }
        )
    return out


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_SHOWN])
    return shown + (f" and {len(items) - MAX_SHOWN} more" if len(items) > MAX_SHOWN else "")


def _not_a_lockfile(real: Path) -> str:
    parts = real.as_posix().lower()
    if "/.github/workflows/" in f"/{parts}" or parts.startswith(".github/workflows/"):
        what = "a CI workflow"
    elif real.name.lower() in ("pyproject.toml", "package.json", "setup.py", "setup.cfg"):
        what = "a project file with version ranges"
    elif real.suffix.lower() == ".in":
        what = "a pip-compile input (ranges, not pins)"
    else:
        what = "not a lockfile format the gate reads"
    return f"is {what}, not a lockfile; cite the lockfile itself: {READ}"


# ---- parsers: (dependencies, the format always records hashes) ---------------------------


def _requirements(text: str) -> tuple[list[Dep], bool]:
    from packaging.requirements import InvalidRequirement, Requirement

    deps: list[Dep] = []
    for number, line in _logical_lines(text):
        hashes = re.findall(r"--hash[= ](sha256|sha384|sha512):[0-9a-f]+", line)
        if line.startswith(("-e ", "--editable")):
            deps.append((line.split()[-1], False, False))  # a working copy: nothing pinned
            continue
        spec = re.split(r"\s--?[a-z]", " " + line, maxsplit=1)[0].strip()
        if not spec:
            continue  # an option line (--index-url, -r, -c): not a dependency
        try:
            req = Requirement(spec)
        except InvalidRequirement as exc:
            raise ValueError(f"line {number}: {exc}") from None
        if req.url:
            pinned = bool(_VCS_COMMIT.search(req.url) or _HASH_FRAGMENT.search(req.url))
            has_hash = bool(hashes) or bool(_HASH_FRAGMENT.search(req.url))
        else:
            specs = list(req.specifier)
            pinned = (
                len(specs) == 1
                and specs[0].operator in ("==", "===")
                and "*" not in specs[0].version
            )
            has_hash = bool(hashes)
        deps.append((req.name, pinned, has_hash))
    # pip's hash-checking mode: one hash makes every requirement need one
    partly = any(h for _, _, h in deps)
    return deps, partly


def _logical_lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    buf, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r"(^|\s)#.*$", "", raw)
        if not buf:
            start = number
        if line.rstrip().endswith("\\"):
            buf += line.rstrip()[:-1] + " "
            continue
        buf += line
        if buf.strip():
            out.append((start, buf.strip()))
        buf = ""
    if buf.strip():
        out.append((start, buf.strip()))
    return out


def _poetry(text: str) -> tuple[list[Dep], bool]:
    doc = _toml(text)
    legacy = doc.get("metadata", {}).get("files", {})
    deps = []
    for pkg in _tables(doc, "package"):
        name = str(pkg["name"])
        source = pkg.get("source") or {}
        pinned = isinstance(pkg.get("version"), str) and bool(pkg["version"])
        if source.get("type") == "git":
            pinned = pinned and bool(_HEX40.fullmatch(str(source.get("resolved_reference", ""))))
        local = source.get("type") in ("directory", "file")
        files = pkg.get("files") or legacy.get(name) or []
        has_hash = local or any(isinstance(f, dict) and f.get("hash") for f in files)
        deps.append((name, pinned, has_hash))
    return deps, True


def _uv(text: str) -> tuple[list[Dep], bool]:
    doc = _toml(text)
    deps = []
    for pkg in _tables(doc, "package"):
        source = pkg.get("source") or {}
        if any(k in source for k in ("editable", "virtual", "directory", "path")):
            continue  # the project itself or a local path: nothing to pin
        name = str(pkg["name"])
        if "git" in source:
            deps.append((name, bool(re.search(r"#[0-9a-f]{40}$", str(source["git"]))), True))
            continue
        hashes = [w.get("hash") for w in pkg.get("wheels") or [] if isinstance(w, dict)]
        sdist = pkg.get("sdist") or {}
        has_hash = any(hashes) or bool(sdist.get("hash"))
        deps.append((name, isinstance(pkg.get("version"), str), has_hash))
    return deps, True


def _pylock(text: str) -> tuple[list[Dep], bool]:
    doc = _toml(text)
    deps = []
    for pkg in _tables(doc, "packages"):
        name = str(pkg["name"])
        if "directory" in pkg:
            continue
        if "vcs" in pkg:
            deps.append((name, bool(pkg["vcs"].get("commit-id")), True))
            continue
        hashes = [w.get("hashes") for w in pkg.get("wheels") or [] if isinstance(w, dict)]
        hashes += [(pkg.get("sdist") or {}).get("hashes"), (pkg.get("archive") or {}).get("hashes")]
        deps.append((name, isinstance(pkg.get("version"), str), any(hashes)))
    return deps, True


def _cargo(text: str) -> tuple[list[Dep], bool]:
    doc = _toml(text)
    deps = []
    for pkg in _tables(doc, "package"):
        source = str(pkg.get("source", ""))
        if not source:
            continue  # a crate of this workspace
        has_hash = bool(pkg.get("checksum")) or source.startswith("git+")
        pinned = bool(pkg.get("version")) and (
            not source.startswith("git+") or bool(re.search(r"#[0-9a-f]{40}$", source))
        )
        deps.append((str(pkg["name"]), pinned, has_hash))
    return deps, True


def _npm(text: str) -> tuple[list[Dep], bool]:
    doc = json.loads(text)
    if not isinstance(doc, dict) or "lockfileVersion" not in doc:
        raise ValueError("no lockfileVersion")
    deps: list[Dep] = []
    packages = doc.get("packages")
    if isinstance(packages, dict):
        for key, pkg in packages.items():
            if not key or not isinstance(pkg, dict) or pkg.get("link"):
                continue  # the root project, or a workspace link
            if not key.startswith("node_modules/") and "/node_modules/" not in key:
                continue  # a workspace folder
            name = key.rsplit("node_modules/", 1)[-1]
            deps.append(
                (name, isinstance(pkg.get("version"), str), bool(pkg.get("integrity")) or _git(pkg))
            )
        return deps, True
    stack = [doc.get("dependencies") or {}]
    while stack:
        level = stack.pop()
        for name, pkg in level.items() if isinstance(level, dict) else []:
            if isinstance(pkg, dict):
                deps.append(
                    (
                        name,
                        isinstance(pkg.get("version"), str),
                        bool(pkg.get("integrity")) or _git(pkg),
                    )
                )
                stack.append(pkg.get("dependencies") or {})
    return deps, True


def _git(pkg: dict[str, Any]) -> bool:
    return bool(re.search(r"#[0-9a-f]{40}$", str(pkg.get("resolved", ""))))


def _pipfile(text: str) -> tuple[list[Dep], bool]:
    doc = json.loads(text)
    if not isinstance(doc, dict) or "_meta" not in doc:
        raise ValueError("no _meta section")
    deps = []
    for section in ("default", "develop"):
        for name, pkg in (doc.get(section) or {}).items():
            if not isinstance(pkg, dict):
                continue
            if "git" in pkg:
                pinned = bool(_HEX40.fullmatch(str(pkg.get("ref", ""))))
                deps.append((name, pinned, True))
                continue
            if "path" in pkg or "file" in pkg:
                continue
            version = str(pkg.get("version", ""))
            deps.append(
                (name, version.startswith("==") and "*" not in version, bool(pkg.get("hashes")))
            )
    return deps, True


def _gosum(text: str) -> tuple[list[Dep], bool]:
    deps = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 3 or not parts[2].startswith("h1:"):
            raise ValueError(f"line {number} is not `module version h1:hash`")
        deps.append((f"{parts[0]}@{parts[1]}", True, True))
    return deps, True


def _yarn(text: str) -> tuple[list[Dep], bool]:
    if "__metadata:" in text:  # Yarn 2+ (berry): YAML
        return _yarn_berry(text), False
    return _yarn_classic(text), False


def _yarn_berry(text: str) -> list[Dep]:
    doc = yaml.safe_load(text)
    if not isinstance(doc, dict):
        raise ValueError("not a mapping")
    deps = []
    for key, entry in doc.items():
        if key == "__metadata" or not isinstance(entry, dict):
            continue
        if "@workspace:" in str(key) or entry.get("linkType") == "soft":
            continue  # this project's own workspaces
        name = str(key).split(",")[0].strip().rsplit("@", 1)[0] or str(key)
        deps.append((name, bool(entry.get("version")), bool(entry.get("checksum"))))
    return deps


def _yarn_classic(text: str) -> list[Dep]:
    """Yarn 1: entries separated by blank lines, `version` and `integrity` indented."""
    deps = []
    name = ""
    version = integrity = False
    for line in [*text.splitlines(), ""]:
        if line and not line.startswith((" ", "#")):
            if name:
                deps.append((name, version, integrity))
            name = line.rstrip(":").split(",")[0].strip().strip('"').rsplit("@", 1)[0]
            version = integrity = False
        elif line.startswith("  version "):
            version = True
        elif line.startswith("  integrity "):
            integrity = True
        elif not line and name:
            deps.append((name, version, integrity))
            name = ""
    return deps


def _pnpm(text: str) -> tuple[list[Dep], bool]:
    doc = yaml.safe_load(text)
    if not isinstance(doc, dict) or "lockfileVersion" not in doc:
        raise ValueError("no lockfileVersion")
    deps = []
    for key, entry in (doc.get("packages") or {}).items():
        if not isinstance(entry, dict):
            continue
        resolution = entry.get("resolution") or {}
        if resolution.get("type") == "directory" or str(key).startswith(("link:", "file:")):
            continue
        has_hash = bool(resolution.get("integrity")) or bool(resolution.get("commit"))
        deps.append((str(key), True, has_hash))  # keys are name@exact-version
    return deps, False


def _gemfile(text: str) -> tuple[list[Dep], bool]:
    deps: dict[str, list[bool]] = {}
    section = ""
    for line in text.splitlines():
        if line and not line.startswith(" "):
            section = line.strip()
            continue
        m = re.fullmatch(r" {4}([A-Za-z0-9_.-]+) \(([^)]+)\)", line)
        if section in ("GEM", "GIT", "PATH") and m:
            pinned = not re.search(r"[<>~!]", m.group(2))
            deps.setdefault(m.group(1), [pinned, section == "GIT"])
        c = re.fullmatch(r" {2}([A-Za-z0-9_.-]+) \([^)]+\) sha256=[0-9a-f]{64}", line)
        if section == "CHECKSUMS" and c and c.group(1) in deps:
            deps[c.group(1)][1] = True
    if "GEM" not in text and "GIT" not in text:
        raise ValueError("no GEM section")
    return [(n, v[0], v[1]) for n, v in deps.items()], False


def _composer(text: str) -> tuple[list[Dep], bool]:
    doc = json.loads(text)
    if not isinstance(doc, dict) or "packages" not in doc:
        raise ValueError("no packages")
    deps = []
    for pkg in (doc.get("packages") or []) + (doc.get("packages-dev") or []):
        if not isinstance(pkg, dict):
            continue
        ref = str((pkg.get("source") or {}).get("reference", ""))
        has_hash = bool((pkg.get("dist") or {}).get("shasum")) or bool(_HEX40.fullmatch(ref))
        deps.append((str(pkg.get("name")), bool(pkg.get("version")), has_hash))
    return deps, False


def _gradle(text: str) -> tuple[list[Dep], bool]:
    deps = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("empty="):
            continue
        coords = line.split("=", 1)[0]
        if coords.count(":") != 2:
            raise ValueError(f"line {number} is not `group:name:version=configurations`")
        deps.append((coords.rsplit(":", 1)[0], True, False))
    return deps, False


def _nuget(text: str) -> tuple[list[Dep], bool]:
    doc = json.loads(text)
    if not isinstance(doc, dict) or not isinstance(doc.get("dependencies"), dict):
        raise ValueError("no dependencies")
    deps = []
    for framework in doc["dependencies"].values():
        for name, pkg in (framework or {}).items() if isinstance(framework, dict) else []:
            if not isinstance(pkg, dict) or pkg.get("type") == "Project":
                continue
            deps.append((name, bool(pkg.get("resolved")), bool(pkg.get("contentHash"))))
    return deps, True


def _tables(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"`{key}` is not a list of tables")
    return [v for v in value if isinstance(v, dict) and "name" in v]


_FORMAT: dict[Callable[..., Any], str] = {
    _requirements: "pip requirements file",
    _poetry: "poetry.lock",
    _uv: "uv.lock",
    _pylock: "pylock.toml",
    _cargo: "Cargo.lock",
    _npm: "package-lock.json",
    _pipfile: "Pipfile.lock",
    _gosum: "go.sum",
    _yarn: "yarn.lock",
    _pnpm: "pnpm-lock.yaml",
    _gemfile: "Gemfile.lock",
    _composer: "composer.lock",
    _gradle: "gradle.lockfile",
    _nuget: "packages.lock.json",
}


def _parser_for(name: str) -> Callable[[str], tuple[list[Dep], bool]] | None:
    exact = {
        "poetry.lock": _poetry,
        "uv.lock": _uv,
        "pylock.toml": _pylock,
        "cargo.lock": _cargo,
        "package-lock.json": _npm,
        "npm-shrinkwrap.json": _npm,
        "pipfile.lock": _pipfile,
        "go.sum": _gosum,
        "yarn.lock": _yarn,
        "pnpm-lock.yaml": _pnpm,
        "gemfile.lock": _gemfile,
        "composer.lock": _composer,
        "gradle.lockfile": _gradle,
        "packages.lock.json": _nuget,
    }
    if name in exact:
        return exact[name]
    if re.fullmatch(r"pylock\.[^.]+\.toml", name):
        return _pylock
    # pip requirement files: *.txt, or any name with "requirements"/"constraints" in it that
    # is not another format (flake.lock, Podfile.lock... are not read: they say so)
    if name.endswith((".in", ".toml", ".json", ".yaml", ".yml", ".cfg", ".py")):
        return None
    if name.endswith((".txt", ".pip")) or "requirements" in name or "constraints" in name:
        return _requirements
    return None


def dependency_names(name: str, text: str) -> list[str] | None:
    """Every package a lockfile named `name` (lowercased) pins, direct and transitive, as
    written in it (observed.py looks for cloud SDKs); None when the format is unknown or the
    file does not parse."""
    parser = _parser_for(name)
    if parser is None:
        return None
    try:
        deps, _ = parser(text)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, yaml.YAMLError):
        return None
    return [d[0] for d in deps]
