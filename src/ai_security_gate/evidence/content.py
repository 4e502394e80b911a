"""Content checks on every cited file that is a document (or a small text file): the
collect stage's step that makes evidence prove something beyond "a file is there".

For each file: the document kinds its citing fields give it (documents.py), the checks of
each kind (document_check.py), the names the manifest says it must contain, and a file cited
for unrelated kinds of evidence. Every problem goes to `files[ref].problems` (problems.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from functools import cache as cache_once
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..results import JsonPath
from .cache import JsonCache
from .documents import (
    DATA_FILE,
    DocumentKind,
    DocumentRules,
    document_rules,
    kind_for_path,
    pattern_of,
)
from .hashing import stat_key
from .problems import add_problem

if TYPE_CHECKING:
    from .document_check import ParsedDocument
    from .text_index import TextIndex

# The readers (document_check, document_dates, text_index, lockfiles, update_configs) are
# imported where a file is read: a warm run answers from the cache and needs none of them.

CACHE_NAMESPACE = "content-v1"
CHECK_VERSION = 5  # bump when a check changes, so cached results are not reused

# Fields with their own parsers (artefacts, keys, signatures, BOMs, lockfiles, update
# configurations) or no text at all: no generic "is it a placeholder" check.
NOT_TEXT_FIELDS = (
    ("models", "*", "artefact"),
    ("models", "*", "signature", "path"),
    ("models", "*", "signature", "covers"),
    ("models", "*", "signature", "public_key"),
    ("models", "*", "signature", "certificate"),
    ("datasets", "*", "path"),
    ("supply_chain", "sbom"),
    ("supply_chain", "lockfiles", "*"),
    ("updates", "dependency_updates"),
    ("attestations", "*", "evidence"),  # the attestation checks judge these
)
LOCKFILES = ("supply_chain", "lockfiles", "*")
UPDATE_CONFIG = ("updates", "dependency_updates")
_NOT_TEXT = frozenset(NOT_TEXT_FIELDS)
CATCH_ALL_GROUPS = 3


def check_contents(
    files: dict[str, Any],
    reals: dict[str, Path],
    manifest: dict[str, Any],
    cache: JsonCache | None = None,
    dating: tuple[dt.date, int] | None = None,
    manifest_digest: str = "",
) -> None:
    """`dating`: (today, the document age limit in days) for the dates documents must name
    (document_dates.py); None: the machine's date and 365 days. `manifest_digest`: the
    SHA-256 of the manifest's bytes, where known: then an unchanged manifest citing
    unchanged files is answered from one cache entry, without working out again what each
    citation expects (0.3 s at 10,000 models)."""
    today, max_age = dating or (dt.date.today(), 365)
    cache = cache or JsonCache(None, CACHE_NAMESPACE)
    checked = [
        (ref, fact, real)
        for ref, fact in files.items()
        if (real := reals.get(ref)) is not None
        and fact.get("kind") == "file"
        and "problem" not in fact
        and "lfs" not in fact  # missing, unusable or an LFS pointer: reported elsewhere
    ]
    quick = _quick_key(checked, manifest_digest, today, max_age) if manifest_digest else None
    hit = cache.get(quick) if quick is not None else None
    known = hit.get("problems") if hit is not None else None
    if _answers(known, checked):
        assert isinstance(known, dict)
        for ref, fact, _ in checked:
            for p in known[ref]:
                add_problem(fact, p["kind"], p["message"], p.get("at"))
        return
    found = _check(checked, manifest, cache, today, max_age)
    if quick is not None:
        cache.put(quick, {"problems": {ref: found.get(ref, []) for ref, _, _ in checked}})
    for ref, fact, _ in checked:
        for p in found.get(ref, []):
            add_problem(fact, p["kind"], p["message"], p.get("at"))


def _answers(known: Any, checked: list[tuple[str, Any, Path]]) -> bool:
    """A cached answer of the right shape for exactly these files."""
    return (
        isinstance(known, dict)
        and set(known) == {ref for ref, _, _ in checked}
        and all(
            isinstance(found, list)
            and all(isinstance(p, dict) and "kind" in p and "message" in p for p in found)
            for found in known.values()
        )
    )


def _quick_key(
    checked: list[tuple[str, Any, Path]], digest: str, today: dt.date, max_age: int
) -> dict[str, Any] | None:
    """Everything the problems of `checked` depend on, where each file can be looked at:
    the manifest's bytes (and the code that reads them and derives what each citation
    expects), the date and age limit, the rules, and each file's identity on disk (which a
    pull request cannot plant: docs/security.md)."""
    stats = []
    for ref, _, real in checked:
        try:
            stats.append([ref, stat_key(real, real.stat())])
        except OSError:
            return None
    return {
        "manifest": digest,
        "code": _code_digest(),
        "version": CHECK_VERSION,
        "rules": _rules_digest(),
        "today": today.isoformat(),
        "max_age": max_age,
        "files": stats,
    }


@cache_once
def _code_digest() -> str:
    """The code between a manifest's bytes and what its citations expect."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for path in (
        here.parent / "loader.py",
        here.parent / "loader_fast.py",
        here.parent / "loader_split.py",
        here / "content.py",
        here / "documents.py",
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _check(
    checked: list[tuple[str, Any, Path]],
    manifest: dict[str, Any],
    cache: JsonCache,
    today: dt.date,
    max_age: int,
) -> dict[str, list[Any]]:
    """ref -> its problems, for the files that have checks (each file's own cache entry)."""
    rules = document_rules()
    jobs: list[tuple[Any, ...]] = []
    for ref, fact, real in checked:
        paths = [tuple(p) for p in fact.get("referenced_at", [])]
        cited = [(p, kind_for_path(p)) for p in paths]
        kinds = list(dict.fromkeys(k for _, k in cited if k is not None))
        # lists, not tuples: the key must survive the JSON round trip of the cache
        expect = [
            [list(p), e]
            for p, k in cited
            if k is not None
            for e in _expectations(k, p, manifest, today, max_age)
        ]
        special = _special(paths, manifest)
        if not kinds and not special and all(_not_text(p) for p in paths):
            continue
        try:
            st = real.stat()
        except OSError:
            continue  # vanished since the file stage: that stage's facts stand
        key = {
            **stat_key(real, st),
            "version": CHECK_VERSION,
            "rules": _rules_digest(),
            "kinds": [k.name for k in kinds],
            # a digest: the names a report must hold grow with the manifest, and the key
            # is stored in every entry (and in the whole set's entry below)
            "expect": _digest(expect),
            "special": special,
        }
        jobs.append((ref, fact, real, kinds, expect, special, key))
    # one entry for the whole set first (a warm run reads one small file), then per file
    whole = {"files": [job[-1] for job in jobs]}
    hit = cache.get(whole)
    results = hit.get("problems") if hit is not None else None
    if not (isinstance(results, list) and len(results) == len(jobs)):
        results = [_guarded(job, rules, cache) for job in jobs]
        cache.put(whole, {"problems": results})
    return {job[0]: problems for job, problems in zip(jobs, results, strict=True)}


def _guarded(job: tuple[Any, ...], rules: DocumentRules, cache: JsonCache) -> list[Any]:
    """A parser bug on a hostile file must not crash the gate, nor let the file pass."""
    try:
        return _problems_of(job, rules, cache)
    except Exception as exc:  # fail closed, with the reason
        return [
            {
                "kind": "unreadable",
                "message": f"could not be checked ({type(exc).__name__}: {str(exc)[:120]}); "
                "the gate counts it as unusable: please report this",
            }
        ]


def _problems_of(job: tuple[Any, ...], rules: DocumentRules, cache: JsonCache) -> list[Any]:
    ref, fact, real, kinds, expect, special, key = job
    hit = cache.get(key)
    if hit is not None and isinstance(hit.get("problems"), list):
        return list(hit["problems"])
    problems: list[Any] = []
    if special.get("lockfile"):
        from .lockfiles import lockfile_problems

        problems += lockfile_problems(real, special["hashed"])
    if special.get("update_config"):
        from .update_configs import update_config_problems

        problems += update_config_problems(real, str(fact.get("path", ref)))
    if kinds:
        problems += _document_problems(real, kinds, expect, rules)
    elif not special:
        problems += _other_problems(real, rules)
    cache.put(key, {"problems": problems})
    return problems


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode("utf-8")).hexdigest()


@cache_once
def _rules_digest() -> str:
    return hashlib.sha256(DATA_FILE.read_bytes()).hexdigest()


def _special(paths: list[JsonPath], manifest: dict[str, Any]) -> dict[str, Any]:
    """Files with a parser of their own: lockfiles and the dependency-update configuration."""
    out: dict[str, Any] = {}
    if any(pattern_of(p) == LOCKFILES for p in paths):
        out["lockfile"] = True
        out["hashed"] = _get(manifest, ("supply_chain",), "hashed_lockfiles") is True
    if any(p == UPDATE_CONFIG for p in paths):
        out["update_config"] = True
    return out


def _not_text(path: JsonPath) -> bool:
    return pattern_of(path) in _NOT_TEXT


def _document_problems(
    real: Path,
    kinds: list[DocumentKind],
    expect: list[list[Any]],
    rules: DocumentRules,
) -> list[dict[str, Any]]:
    from .document_check import Unreadable, kind_problems, placeholder_problems, read_document

    try:
        doc = read_document(real)
    except Unreadable as exc:
        return [{"kind": exc.kind, "message": str(exc)}]
    except OSError as exc:
        return [{"kind": "unreadable", "message": f"cannot be read: {exc.strerror or exc}"}]
    if doc.words == 0 and not doc.text.strip():
        return [{"kind": "placeholder", "message": "holds only whitespace; write the document"}]
    out: list[dict[str, Any]] = list(placeholder_problems(doc, rules))
    for kind in kinds:
        for p in kind_problems(doc, kind, rules):
            out.append({"kind": p["kind"], "message": f"{p['message']} [{kind.title.lower()}]"})
    indexes = _Indexes(doc.text)  # one normalisation and one word index per document
    for at, e in expect:
        message = _unmet(doc, e, tuple(at), indexes)
        if message:
            out.append({"kind": "names_missing", "message": message, "at": at})
    groups = sorted({k.group for k in kinds})
    if len(groups) >= CATCH_ALL_GROUPS:
        titles = ", ".join(k.title.lower() for k in kinds)
        out.append(
            {
                "kind": "catch_all",
                "message": f"is cited as {len(kinds)} unrelated kinds of evidence ({titles}); "
                "one file cannot be all of them: give each its own document",
            }
        )
    return out


def _other_problems(real: Path, rules: DocumentRules) -> list[dict[str, Any]]:
    """Code, configuration, tests, prompts: not judged as prose, but a file holding only a
    placeholder or a word or two is not evidence of anything."""
    try:
        with real.open("rb") as fh:
            raw = fh.read(64 * 1024)
    except OSError as exc:
        return [{"kind": "unreadable", "message": f"cannot be read: {exc.strerror or exc}"}]
    if b"\0" in raw[:8192]:
        return []  # binary: nothing to judge here
    text = raw.decode("utf-8", "replace")
    bare = re.sub(r"[\s#/*;>\-.:!\"'`]+", " ", text).strip().lower()
    ph = rules.placeholders
    if bare in ph.phrases or any(bare == w.lower() for w in ph.words):
        return [
            {
                "kind": "placeholder",
                "message": f"holds only {text.strip()[:40]!r}; commit the real file",
            }
        ]
    from .document_check import words_in

    n = words_in(text)
    if n < rules.other_file_min_words:
        return [
            {
                "kind": "too_short",
                "message": f"holds {n} word(s); the manifest cites it as evidence, so commit "
                "the real file",
            }
        ]
    return []


# ---- names the manifest says a document must contain -------------------------------------


def _expectations(
    kind: DocumentKind, path: JsonPath, manifest: dict[str, Any], today: dt.date, max_age: int
) -> list[dict[str, Any]]:
    """What the document cited at `path` must name, as plain data (it is part of the cache
    key: a change in the manifest checks the document again, and so does a new day for a
    document that must be dated)."""
    out: list[dict[str, Any]] = []
    for what in kind.names:
        if what == "supplier":
            name = _get(manifest, path[:-1], "name")
            if isinstance(name, str) and name.strip():
                out.append({"what": what, "name": name})
        elif what == "model":
            for name, version in _models_for(path, manifest):
                out.append({"what": what, "name": name, "version": version})
        elif what in ("date", "recent_date"):
            e = {"what": "date", "title": kind.title.lower(), "today": today.isoformat()}
            out.append({**e, "max_age": max_age if what == "recent_date" else None})
        elif what == "threat_ids":
            ids = [
                t["id"]
                for t in _list(_get(manifest, ("threat_model",), "threats"))
                if isinstance(t, dict) and isinstance(t.get("id"), str)
            ]
            if ids:
                out.append({"what": what, "ids": ids})
    return out


class _Indexes:
    """The document's text as `_unmet` reads it, indexed once (evidence/text_index.py):
    a report cited for every model is otherwise searched once per model."""

    def __init__(self, raw: str) -> None:
        from .text_index import TextIndex

        self.text = " ".join(raw.lower().split())
        self.names = TextIndex(self.text)
        self.tokens = TextIndex(raw)
        # answers that do not depend on the citation, each found once per document: a
        # report cited for 10,000 models was scanned for its date 10,000 times (quadratic)
        self._versions: dict[str, bool] = {}
        self._dates: dict[tuple[str, dt.date, int | None], str | None] = {}

    def has_version(self, version: str) -> bool:
        if version not in self._versions:
            self._versions[version] = _has_version(self.text, version)
        return self._versions[version]

    def date_problem(self, title: str, today: dt.date, max_age: int | None) -> str | None:
        key = (title, today, max_age)
        if key not in self._dates:
            from .document_dates import date_problem

            self._dates[key] = date_problem(self.text, title, today, max_age)
        return self._dates[key]


def _unmet(
    doc: ParsedDocument, expect: dict[str, Any], path: JsonPath, idx: _Indexes | None = None
) -> str | None:
    idx = idx or _Indexes(doc.text)
    text = idx.text
    what = expect["what"]
    if what == "supplier" and not _has_name(text, expect["name"], idx.names):
        return (
            f"does not name the supplier {expect['name']!r} it is cited for ({_dotted(path)}); "
            "a due-diligence record says whom it assessed"
        )
    if what == "model":
        name, version = expect["name"], expect["version"]
        missing = []
        if not _has_name(text, name, idx.names):
            missing.append(f"model {name!r}")
        if version is not None and not idx.has_version(version):
            missing.append(f"version {version!r}")
        if missing:
            return (
                f"does not name the {' or the '.join(missing)} it is cited for "
                f"({_dotted(path)}); a report says which model and version it covers"
            )
    if what == "date":
        today = dt.date.fromisoformat(expect["today"])
        return idx.date_problem(expect["title"], today, expect.get("max_age"))
    if what == "threat_ids":
        absent = [i for i in expect["ids"] if not idx.tokens.has(i, not_before="-")]
        if absent:
            shown = ", ".join(absent[:10]) + (" ..." if len(absent) > 10 else "")
            return (
                f"does not mention threat(s) {shown} of threat_model.threats; the threat model "
                "document must cover every threat the manifest lists"
            )
    return None


_MODELS_MEMO: dict[str, Any] = {}


def _named_models(manifest: dict[str, Any]) -> tuple[list[Any], dict[str, str | None]]:
    """(name, version) of every model and name -> version, computed once per manifest: this
    is asked for every citation, and a manifest with many models has as many citations."""
    models = manifest.get("models")
    memo = _MODELS_MEMO
    if memo.get("of") is not models or memo.get("len") != len(_list(models)):
        entries = [m for m in _list(models) if isinstance(m, dict)]
        named = [
            (m["name"], _str(m.get("version"))) for m in entries if isinstance(m.get("name"), str)
        ]
        memo.update(of=models, len=len(_list(models)), named=named, versions=dict(named))
    return memo["named"], memo["versions"]


def _models_for(path: JsonPath, manifest: dict[str, Any]) -> list[tuple[str, str | None]]:
    named, versions = _named_models(manifest)
    if path[:2] == ("testing", "security_tests") and len(path) == 4:
        test = _get(manifest, path[:-1])
        if not isinstance(test, dict):
            return []
        wanted = _str(test.get("model"))
        version = _str(test.get("model_version"))
        if wanted is None:
            if len(named) != 1:
                return []  # the policy asks which model the test is of
            wanted = named[0][0]
        return [(wanted, version or versions.get(wanted))]
    if path[:1] == ("models",) and len(path) == 4 and isinstance(path[1], int):
        model = _get(manifest, path[:2])
        if not isinstance(model, dict) or not isinstance(model.get("name"), str):
            return []
        evaluation = model.get("evaluation")
        evaluation = evaluation if isinstance(evaluation, dict) else {}
        version = _str(evaluation.get("model_version")) or _str(model.get("version"))
        return [(model["name"], version)]
    return named  # pre-deployment test, the summary shared with operators: every model


def _has_name(text: str, name: str, index: TextIndex | None = None) -> bool:
    want = " ".join(name.lower().split())
    if index is not None:
        return index.has(want)
    return re.search(r"(?<![\w])" + re.escape(want) + r"(?![\w])", text) is not None


def _has_version(text: str, version: str) -> bool:
    v = re.escape(version.lower().removeprefix("v"))
    return re.search(r"(?<![\w.])v?" + v + r"(?![\w]|\.\d)", text) is not None


def _get(node: Any, path: tuple[Any, ...] | JsonPath, key: str | None = None) -> Any:
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    if key is not None:
        return node.get(key) if isinstance(node, dict) else None
    return node


def _dotted(path: JsonPath) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _list(v: Any) -> list[Any]:
    return v if isinstance(v, list) else []


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) and v.strip() else None
