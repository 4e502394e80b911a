"""The rule index of a set of policy sources, cached on disk between runs.

Parsing the policies through the engine's AST and reading every `# METADATA` block costs
about 0.2-0.3 s of CPU on every run, more than the rest of a small check. The index depends
only on the policy sources, the code that builds it and the parser, so the key is a SHA-256
over exactly those: every module's name and text, this package's version, the text of the
modules that build the index, and the parser's shared library (size and modification time).
Any change to a policy gives another key; an entry can never stand for other sources.

The cache lives in the user's cache directory (evidence/cache.py, never the repository
under check: a directory inside it is not used). An entry that cannot be read, parsed or
rebuilt into the exact shapes below is ignored and the index is built afresh: the cache can
make a run faster, never different.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .rule_index import RuleEntry, RuleIndex

NAMESPACE = "rule-index-v1"
MAX_ENTRY_BYTES = 8 * 1024 * 1024  # the shipped index is ~0.3 MiB; a bigger entry is ignored
_BUILDERS = ("rule_index.py", "rego_ast.py", "policies.py", "policy_cache.py")


@dataclass(frozen=True)
class ModuleFacts:
    """What a run needs of a parsed module when the index comes from the cache."""

    name: str
    package: str
    package_path: tuple[str, ...]


def cache_key(files: tuple[tuple[str, str], ...], schema_provisions: tuple[str, ...]) -> str | None:
    """None when the key cannot be made (the index code or the parser cannot be read): the
    index is then built without the cache."""
    digest = hashlib.sha256()
    try:
        parts = [__version__, _parser_stamp(), *_builder_sources()]
    except (OSError, ImportError, UnicodeDecodeError):
        return None
    for part in parts:
        _feed(digest, part)
    for name, source in files:
        _feed(digest, name)
        _feed(digest, source)
    _feed(digest, "\0".join(schema_provisions))
    return digest.hexdigest()


def _feed(digest: Any, text: str) -> None:
    data = text.encode("utf-8", "surrogateescape")
    digest.update(len(data).to_bytes(8, "big"))  # length-prefixed: no two splits collide
    digest.update(data)


def _builder_sources() -> list[str]:
    here = Path(__file__).parent
    return [(here / name).read_text(encoding="utf-8") for name in _BUILDERS]


def _parser_stamp() -> str:
    import regorus

    lib = Path(regorus.__file__).parent
    stamps = []
    for path in sorted(lib.glob("*.so")) + sorted(lib.glob("*.pyd")):
        st = path.stat()
        stamps.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(stamps) or "unknown"


def encode(modules: list[ModuleFacts], index: RuleIndex) -> dict[str, Any]:
    return {
        "modules": [[m.name, m.package, list(m.package_path)] for m in modules],
        "entries": [
            {
                "package": e.package,
                "kind": e.kind,
                "rule": e.rule,
                "provisions": list(e.provisions),
                "provision_from": e.provision_from,
                "title": e.title,
                "description": e.description,
                "file": e.file,
                "line": e.line,
                "end_line": e.end_line,
                "body_ends": list(e.body_ends),
                "result": _read_in_a_check(e.kind, e.result),
            }
            for e in index.entries
        ],
    }


def _read_in_a_check(kind: str, result: dict[str, Any] | None) -> dict[str, Any] | None:
    """Of a rule's result object, what a check reads: a `met` record's `path` (earning.py).
    The whole AST made the shipped entry 0.5 MiB, whose JSON decoding was the largest part
    of a warm run's policy loading; the docs generator and the Rego test runner, which read
    messages, never use this cache."""
    if kind != "met" or result is None:
        return None
    return {"path": result["path"]} if "path" in result else {}


def decode(value: dict[str, Any]) -> tuple[list[ModuleFacts], RuleIndex] | None:
    """The entry rebuilt, or None when anything in it is not of the expected shape."""
    try:
        modules = [
            ModuleFacts(_str(name), _str(package), tuple(_str(p) for p in _list(path)))
            for name, package, path in _list(value["modules"])
        ]
        entries = tuple(_entry(raw) for raw in _list(value["entries"]))
    except (KeyError, TypeError, ValueError):
        return None
    return modules, RuleIndex(entries)


def _entry(raw: Any) -> RuleEntry:
    if not isinstance(raw, dict):
        raise TypeError("entry")
    result = raw["result"]
    if result is not None and not isinstance(result, dict):
        raise TypeError("result")
    provision_from = raw["provision_from"]
    return RuleEntry(
        package=_str(raw["package"]),
        kind=_str(raw["kind"]),
        rule=_str(raw["rule"]),
        provisions=tuple(_str(p) for p in _list(raw["provisions"])),
        provision_from=None if provision_from is None else _str(provision_from),
        title=_str(raw["title"]),
        description=_str(raw["description"]),
        file=_str(raw["file"]),
        line=_int(raw["line"]),
        end_line=_int(raw["end_line"]),
        body_ends=tuple(_int(n) for n in _list(raw["body_ends"])),
        result=result,
    )


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("string")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("int")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("list")
    return value


def root_for(cache_dir: Path | None, use_cache: bool, checked: Path) -> Path | None:
    """The cache root for the rule index: the run's cache directory (--cache-dir, the
    environment, else the user's), unless caching is off or that directory lies inside the
    tree under check, where a pull request could plant an entry."""
    if not use_cache:
        return None
    from .evidence.cache import default_cache_dir

    root = (cache_dir or default_cache_dir()).resolve()
    if root == checked or checked in root.parents:
        return None
    return root
