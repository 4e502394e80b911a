"""Build `input.evidence` from the manifest and the repository (docs/evidence.md has the
contract). This is the only stage that reads the repository or runs git."""

from __future__ import annotations

import copy
import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..results import JsonPath
from .bom import CACHE_NAMESPACE as BOM_NAMESPACE
from .bom import bom_fact
from .bom_index import bom_matches
from .cache import JsonCache, default_cache_dir
from .cards import model_card_fact
from .content import CACHE_NAMESPACE as CONTENT_NAMESPACE
from .content import check_contents
from .document_urls import document_url_facts
from .files import WalkBudget, file_fact
from .hashing import CACHE_NAMESPACE, Hasher
from .lfs import enforce as enforce_lfs_tracking
from .paths import Resolved, resolve_inside
from .paths import normalise as normalise_path
from .problems import add_problem, normalise
from .references import file_references
from .remote import remote_fact, remote_references
from .signatures import CACHE_NAMESPACE as SIGNATURE_NAMESPACE
from .signatures import verify_signatures

if TYPE_CHECKING:
    from ..background import Background
    from .history import Opened

# manifest fields whose file is hashed when the same entry declares `sha256:`
HASHED_FIELDS = ("artefact", "path")


@dataclass(frozen=True)
class EvidenceOptions:
    manifest_path: Path | None = None  # to find the manifest in git (pull-request mode)
    base_ref: str | None = None  # pull-request mode: compare with the merge base of this ref
    offline: bool = False  # never fetch (git history, Sigstore trust root)
    cache_dir: Path | None = None  # None: $AI_SECURITY_GATE_CACHE_DIR or the user cache dir
    use_cache: bool = True
    progress: bool | None = None  # None: a progress bar when stderr is a terminal
    history: bool = True  # git facts; False skips them (reported as unavailable)
    # the top of the git work tree holding the checked directory: a subproject's manifest may
    # cite files anywhere inside it with `..` (docs/manifest.md); None: the directory only
    boundary: Path | None = None
    # the dates documents must name (document_dates.py): today (None: the machine's date)
    # and how old a dated report may be
    today: dt.date | None = None
    document_max_age_days: int = 365
    # the base branch's facts in pull-request mode (pr_waivers.py): its tree is a copy in a
    # temporary directory, its history that of `git_rev` in the repository at `git_repo`
    git_repo: Path | None = None
    git_rev: str | None = None
    # the SHA-256 of the manifest's bytes (loader.LoadedManifest.digest): the content checks
    # of an unchanged manifest citing unchanged files are one cache entry (content.py)
    manifest_digest: str = ""


def collect(
    repo: Path,
    manifest: dict[str, Any],
    schema: dict[str, Any],
    options: EvidenceOptions | None = None,
    stats: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`repo` must be resolved. `stats`, when given, receives timings and cache counts (they
    are not part of the input: policies must not depend on them)."""
    options = options or EvidenceOptions()
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    cache_root = (options.cache_dir or default_cache_dir()) if options.use_cache else None
    # git's first steps need nothing from the manifest: they run in a thread while the
    # files are read and hashed (a warm run waits on git more than on anything else)
    opening = _open_history(repo, options)

    files, where, to_hash = _file_facts(repo, manifest, schema, options)
    enforce_lfs_tracking(repo, files)  # a pointer .gitattributes does not track is a file
    timings["files"] = time.perf_counter() - clock

    clock = time.perf_counter()
    hasher = Hasher(JsonCache(cache_root, CACHE_NAMESPACE), progress=options.progress)
    _hash_declared(files, where, to_hash, hasher)
    for fact in files.values():
        normalise(fact)
    timings["hashing"] = time.perf_counter() - clock

    clock = time.perf_counter()
    evidence: dict[str, Any] = {"files": files}
    evidence["remotes"] = [remote_fact(p, holder) for p, holder in remote_references(manifest)]
    evidence["document_urls"] = document_url_facts(manifest)
    evidence["signatures"] = verify_signatures(
        repo,
        manifest,
        offline=options.offline,
        cache=JsonCache(cache_root, SIGNATURE_NAMESPACE),
        boundary=options.boundary,
    )
    timings["signatures"] = time.perf_counter() - clock

    clock = time.perf_counter()
    evidence["model_cards"] = _parsed(files, where, _model_card_refs(manifest), model_card_fact)
    evidence["boms"] = _boms(files, where, manifest, JsonCache(cache_root, BOM_NAMESPACE))
    timings["cards_and_boms"] = time.perf_counter() - clock

    clock = time.perf_counter()
    check_contents(
        files,
        {ref: w.real for ref, w in where.items() if w.real},
        manifest,
        JsonCache(cache_root, CONTENT_NAMESPACE),
        (options.today or dt.date.today(), options.document_max_age_days),
        options.manifest_digest,
    )
    timings["content"] = time.perf_counter() - clock

    clock = time.perf_counter()
    evidence["git"] = _git(repo, files, options, schema, opening)
    _history_problems(files, evidence["git"])
    timings["git"] = time.perf_counter() - clock

    if stats is not None:
        stats["timings"] = timings
        stats["hashing"] = {
            "files": hasher.stats.files,
            "from_cache": hasher.stats.from_cache,
            "bytes_hashed": hasher.stats.bytes_hashed,
            "seconds": hasher.stats.seconds,
        }
    return evidence


def _file_facts(
    repo: Path, manifest: dict[str, Any], schema: dict[str, Any], options: EvidenceOptions
) -> tuple[dict[str, Any], dict[str, Resolved], list[str]]:
    """(fact per referenced path, where each resolved, the paths whose sha256 is declared)."""
    files: dict[str, Any] = {}
    where: dict[str, Resolved] = {}
    to_hash: list[str] = []
    budget = WalkBudget()
    first_spelling: dict[str, str] = {}  # normalised path -> the first ref written that way
    for path, ref in file_references(manifest, schema):
        if ref not in files:
            same = first_spelling.setdefault(normalise_path(ref), ref)
            if same != ref:  # `d`, `d/.`, `d//`, `./d`: one path, inspected once
                fact = copy.deepcopy({k: v for k, v in files[same].items() if k != "referenced_at"})
                resolved = where[same]
            else:
                fact, resolved = file_fact(repo, ref, options.boundary, budget)
            fact["referenced_at"] = []
            files[ref] = fact
            where[ref] = resolved
        files[ref]["referenced_at"].append(list(path))
        if _declares_hash(manifest, path) and ref not in to_hash:
            to_hash.append(ref)
    return files, where, to_hash


def _hash_declared(
    files: dict[str, Any], where: dict[str, Resolved], to_hash: list[str], hasher: Hasher
) -> None:
    """Record the sha256 (or why there is none) of each file whose hash the manifest declares."""
    hashable = {}
    for ref in to_hash:
        fact = files[ref]
        if not fact.get("exists") or "problem" in fact or "lfs" in fact:
            continue  # missing, unreadable or empty: reported already; LFS: the oid is compared
        if fact.get("kind") != "file":
            fact["hash_problem"] = (
                f"is a {fact.get('kind', 'path')}; a sha256 can only be checked for a file "
                "(sign a directory with model-signing instead)"
            )
            continue
        real = where[ref].real
        if real is not None:
            hashable[ref] = real
    results = hasher.hash_paths(hashable.values())
    for ref, real in hashable.items():
        result = results[real]
        if result.sha256:
            files[ref]["sha256"] = result.sha256
        else:
            files[ref]["problem"] = result.problem or "could not be hashed"


def _boms(
    files: dict[str, Any], where: dict[str, Resolved], manifest: dict[str, Any], cache: JsonCache
) -> dict[str, Any]:
    """Each referenced SBOM parsed; an invalid one is a problem of its file entry."""
    boms = _parsed(files, where, _bom_refs(manifest), lambda real: bom_fact(real, cache))
    for ref, bom in boms.items():
        if isinstance(bom.get("problem"), str):
            add_problem(files[ref], "sbom_invalid", bom["problem"])
        if isinstance(bom.get("components"), list):
            bom["matches"] = bom_matches(manifest, bom["components"])
    return boms


def _parsed(
    files: dict[str, Any], where: dict[str, Resolved], refs: list[str], parse: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for ref in refs:
        fact = files.get(ref)
        real = where[ref].real if ref in where else None
        if fact is None or real is None or fact.get("kind") != "file" or "problem" in fact:
            continue  # the file rule reports it
        out[ref] = parse(real)
    return out


def _model_card_refs(manifest: dict[str, Any]) -> list[str]:
    models = manifest.get("models")
    if not isinstance(models, list):
        return []
    return list(
        dict.fromkeys(
            m["model_card"]
            for m in models
            if isinstance(m, dict) and isinstance(m.get("model_card"), str)
        )
    )


def _bom_refs(manifest: dict[str, Any]) -> list[str]:
    chain = manifest.get("supply_chain")
    sbom = chain.get("sbom") if isinstance(chain, dict) else None
    return [sbom] if isinstance(sbom, str) else []


def _history_problems(files: dict[str, Any], git: dict[str, Any]) -> None:
    """Evidence must be in history: a cited file inside .git, or never committed."""
    for fact in files.values():
        rel = fact.get("path")
        if fact.get("inside_repository") and isinstance(rel, str) and ".git" in rel.split("/"):
            add_problem(
                fact,
                "not_in_history",
                "is inside .git, git's own storage, not a committed file; cite a file of the "
                "work tree",
            )
    for ref in git.get("never_committed", []):
        fact = files.get(ref)
        if fact is not None and not any(
            p.get("kind") == "not_in_history" for p in fact.get("problems", [])
        ):
            add_problem(
                fact,
                "not_in_history",
                "has never been committed (untracked or ignored by git); evidence must be in "
                "the history reviewers see: commit it",
            )


def _history_cache(options: EvidenceOptions, repo: Path) -> JsonCache | None:
    """The documents' freshness cache (history_cache.py): in the run's cache directory unless
    caching is off or that directory lies inside the tree under check, where a pull request
    could plant an entry (as for the rule index)."""
    from .history_cache import NAMESPACE

    if not options.use_cache:
        return None
    root = (options.cache_dir or default_cache_dir()).resolve()
    checked = [p.resolve() for p in (repo, options.boundary, options.git_repo) if p is not None]
    if any(root == c or c in root.parents for c in checked):
        return None
    return JsonCache(root, NAMESPACE)


def _open_history(repo: Path, options: EvidenceOptions) -> Background[Opened | str] | None:
    if not options.history:
        return None
    from ..background import Background
    from .history import open_history

    target, rev = options.git_repo or repo, options.git_rev
    return Background(lambda: open_history(target, rev), "ai-security-gate-git")


def _git(
    repo: Path,
    files: dict[str, Any],
    options: EvidenceOptions,
    schema: dict[str, Any],
    opening: Background[Opened | str] | None = None,
) -> dict[str, Any]:
    if not options.history:
        return {
            "available": False,
            "disabled": True,
            "reason": "history was not checked (--no-history)",
        }
    from .history import git_facts

    refs = {
        ref: fact["path"]
        for ref, fact in files.items()
        if fact.get("inside_repository") and fact.get("exists") and fact.get("path")
    }
    manifest_rel = None
    if options.manifest_path is not None:
        try:
            manifest_rel = options.manifest_path.resolve().relative_to(repo).as_posix()
        except ValueError:
            manifest_rel = None
    facts = git_facts(
        options.git_repo or repo,
        refs,
        manifest_rel=manifest_rel,
        base_ref=options.base_ref,
        offline=options.offline,
        rev=options.git_rev,
        cache=_history_cache(options, repo),
        opening=opening,
    )
    if facts.get("changes_available"):
        changed = set(facts.get("changed", []))

        def hit(rel: str) -> bool:
            return rel in changed or any(c.startswith(rel + "/") for c in changed)

        for fact in files.values():
            rel = fact.get("path")
            if fact.get("inside_repository") and rel:
                # a symlink changes when its target does (docs/security.md)
                fact["changed"] = hit(rel) or any(hit(t) for t in _link_targets(repo, rel))
        # change rules read the union of the base and head inventories: a file the base's
        # manifest names still counts when the head dropped its entry (docs/security.md)
        base = facts.get("base_manifest")
        if isinstance(base, dict):
            facts["base_changed"] = sorted(
                {
                    ref
                    for _, ref in file_references(base, schema)
                    if (rel := resolve_inside(repo, ref, options.boundary).rel)
                    and (hit(rel) or any(hit(t) for t in _link_targets(repo, rel)))
                }
            )
    return facts


def _link_targets(repo: Path, rel: str) -> list[str]:
    """The repository path a symlinked reference resolves to, when it differs (else [])."""
    try:
        real = (repo / rel).resolve().relative_to(repo).as_posix()
    except (OSError, ValueError):
        return []
    return [real] if real != rel else []


def _declares_hash(manifest: dict[str, Any], path: JsonPath) -> bool:
    """Hash only the artefact/data file of an entry that claims a sha256: a multi-GB model
    is read only when there is a claim to check."""
    if not path or path[-1] not in HASHED_FIELDS:
        return False
    node: Any = manifest
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, dict) and "sha256" in node
