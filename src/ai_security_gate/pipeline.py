"""The one flow: load -> schema -> collect -> engine -> decide. Reporting is the caller's."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GateError
from .results import Decision, JsonPath, RunInfo

MANIFEST_NAMES = ("ai-security.yaml", "ai-security.yml")


@dataclass(frozen=True)
class CheckOptions:
    repo: Path
    manifest: Path | None = None
    fail_on: str = "shall"
    engine: str = "regorus"
    opa_url: str | None = None
    policy_dirs: tuple[Path, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    attestation_max_age_days: int = 365
    # evidence stage (evidence/): pull-request mode, network, cache, document freshness
    base_ref: str | None = None
    offline: bool = False
    cache_dir: Path | None = None
    use_cache: bool = True
    document_max_age_days: int = 365
    history: bool = True  # False: --no-history (git facts not read; reports say so)
    review_max_age_days: int = 365  # review and exercise dates in the manifest
    waiver_max_days: int = 180  # how far ahead a waiver may expire
    # OPA bundles (bundle.py): the key that verifies a `-p bundle.tar.gz`, and the bundle
    # revision an OPA server must serve (--engine opa-server)
    bundle_key: bytes | None = None
    bundle_revision: str | None = None
    # --bundle-skip-verify: a signed bundle without a key is used unverified, not refused
    bundle_skip_verify: bool = False
    # the policy stage's time limit in seconds (watchdog.py); 0: none
    eval_timeout: float = 60.0
    # what observation may read of the repository, in MiB (evidence/read_budget.py)
    read_budget_mib: int = 128


def find_manifest(repo: Path) -> Path:
    for name in MANIFEST_NAMES:
        candidate = repo / name
        if candidate.is_file():
            return candidate
    raise GateError(
        f"{repo}: no {MANIFEST_NAMES[0]} (or .yml) at the repository root; create one with "
        "`ai-security-gate init` or name it with --manifest FILE"
    )


def find_repo_root(start: Path) -> Path:
    """`start`, unless it has no manifest and sits inside a git work tree: then the top."""
    if any((start / n).is_file() for n in MANIFEST_NAMES):
        return start
    for parent in (start, *start.parents):
        if (parent / ".git").exists():
            return parent
    return start


def run_check(options: CheckOptions) -> Decision:
    from . import (
        applicability,
        catalog,
        claims,
        dates,
        decision,
        evidence,
        inventory,
        policies,
        policy_cache,
        roles,
        schema,
    )
    from .engines import get_engine
    from .loader import load_manifest

    repo = options.repo.resolve()
    if not repo.is_dir():
        raise GateError(f"{options.repo}: not a directory")
    manifest_path = options.manifest or find_manifest(repo)
    _refuse_escaping_link(manifest_path, repo)
    # every report names files from the git top level, so a subproject's findings read
    # services/chat/ai-security.yaml:12 wherever they are shown
    top = git_top(repo)
    loaded = load_manifest(manifest_path, display=_display(manifest_path, top or repo))

    # policies and engine first: a broken policy or an unreachable server fails at once,
    # before the evidence stage spends time hashing large artefacts
    # a signed bundle is an organisation's complete policy set (`bundle build` puts the
    # shipped policies in it): it replaces the installed ones instead of doubling them
    from .bundle import expanded, is_bundle

    with expanded(
        options.policy_dirs, options.bundle_key, options.bundle_skip_verify
    ) as policy_dirs:
        pairs = list(zip(options.policy_dirs, policy_dirs, strict=True))
        bundles = tuple(d for p, d in pairs if is_bundle(p))
        others = tuple(d for p, d in pairs if not is_bundle(p))
        # only a bundle whose signature was verified may replace the shipped policies; an
        # unsigned one may only add custom modules, like a -p DIR (expanded() checks it)
        verified = bool(bundles) and options.bundle_key is not None
        policy_set = policies.load_policies(
            others if verified else policy_dirs,
            trusted=bundles if verified else (),
            cache_root=policy_cache.root_for(options.cache_dir, options.use_cache, top or repo),
        )
    engine = get_engine(options.engine, options.opa_url)
    if options.bundle_revision is not None:
        if not hasattr(engine, "expected_revision"):
            raise GateError("--opa-bundle-revision needs --engine opa-server")
        engine.expected_revision = options.bundle_revision
    # regorus loads in its evaluating child, forked now, while the evidence stage runs
    from .preload import load as load_engine

    engine = load_engine(engine, policy_set.sources(), policy_set.data(), options.eval_timeout)
    staged = _stage(engine, loaded.data)

    # the schema's fast path runs in a thread while the evidence stage waits on git
    # (background.py); neither changes the manifest. An invalid manifest's located errors come
    # from jsonschema, in this thread (schema.fast_valid says why)
    from .background import Background
    from .schema_verdicts import verdict_cache

    verdicts = verdict_cache(options.cache_dir, options.use_cache, [repo, top])
    schema_stage = Background(
        lambda: (
            schema.fast_valid(loaded, verdicts),
            dates.unrepresentable(loaded.data, loaded.source_map),
        ),
        "ai-security-gate-schema",
    )
    facts = evidence.collect(
        repo,
        loaded.data,
        schema.schema_document(),
        evidence.EvidenceOptions(
            manifest_path=manifest_path,
            base_ref=options.base_ref,
            offline=options.offline,
            cache_dir=options.cache_dir,
            use_cache=options.use_cache,
            # a subproject's manifest may cite files anywhere in its git repository
            boundary=git_top(repo),
            history=options.history,
            today=options.today,
            document_max_age_days=options.document_max_age_days,
            manifest_digest=loaded.digest,
        ),
    )

    # what the repository shows about facts the manifest could leave out (claims.py)
    observed = _observed(repo, loaded.data, facts, options)
    from .observation_notices import notices as observation_notices

    valid, date_findings = schema_stage.result()
    schema_findings = ([] if valid else schema.validate(loaded, fast=False)) + date_findings

    # only what policies read (tests/test_pipeline_input.py): the attestation age and the
    # base branch's waivers are the decision stage's, handed to it directly below
    def engine_input(
        data: dict[str, Any], facts: dict[str, Any], found: list[Any], seen: dict[str, Any]
    ) -> Any:
        holding = claims.holding(claims.build(data, seen))
        return {
            "manifest": _without(data, schema.invalid_format_paths(found)),
            # the strict reading of personal data (lib.sensitive_data) sees the data files
            "evidence": {
                **_engine_facts(facts),
                "personal_columns": seen.get("personal_columns") or {},
                "test_files": seen.get("test_files") or {},  # evidence/test_files.py
            },
            "config": {
                "today": options.today.isoformat(),
                "document_max_age_days": options.document_max_age_days,
                "roles": list(roles.effective_roles(data, seen)),
                "review_max_age_days": options.review_max_age_days,
                "conditions": applicability.facts(data, holding),
            },
        }

    input_doc = engine_input(loaded.data, facts, schema_findings, observed)
    git = facts.get("git", {})
    if git.get("base_ref_missing"):  # no trusted commit to compare with: the tool cannot run
        raise GateError(f"--base-ref {options.base_ref}: {git.get('changes_problem')}")
    # while a forked engine evaluates, this process reads the catalogue (cached) and builds
    # what needs no policy result (0.3 s at 10,000 models); a failure there is left for the
    # same call below, where it would have happened
    early: dict[str, Any] = {}

    def meanwhile() -> None:
        catalog.load_catalog()
        with contextlib.suppress(Exception):
            early["inventory"] = inventory.build(loaded.data, facts, schema.schema_document())
        with contextlib.suppress(Exception):
            early["waiver_authors"] = _waiver_authors(manifest_path, loaded)

    results = _evaluate(engine, input_doc, options.eval_timeout, meanwhile, staged)
    if options.base_ref:  # narrowing what the gate checks blocks (trust.py)
        from .trust import narrowing_findings

        schema_findings += narrowing_findings(
            loaded.data, git, decision.declared_roles, loaded.source_map
        )

    decide_options = decision.DecideOptions(
        today=options.today,
        fail_on=options.fail_on,
        attestation_max_age_days=options.attestation_max_age_days,
        review_max_age_days=options.review_max_age_days,
        waiver_max_days=options.waiver_max_days,
    )
    decided = decision.decide(
        manifest_name=loaded.display,
        data=loaded.data,
        source_map=loaded.source_map,
        catalog=catalog.load_catalog(),
        schema_findings=schema_findings,
        violations=results.violations,
        notices=[*results.notices, *observation_notices(loaded.data, observed)],
        met=results.met,
        # pull-request mode: only the base branch's waivers are trusted (design: Trust); when
        # they cannot be read, none is (fail closed)
        trusted_waivers=(git.get("base_waivers") or []) if options.base_ref else None,
        trusted_exemptions=(git.get("base_exemptions") or []) if options.base_ref else None,
        trusted_duties=(git.get("base_duties") or []) if options.base_ref else None,
        waiver_authors=early["waiver_authors"]
        if "waiver_authors" in early
        else _waiver_authors(manifest_path, loaded),
        covered=policy_set.covered(),
        earners=policy_set.earners(),
        options=decide_options,
        engine=engine.name,
        observed=observed,
    )
    if options.base_ref:  # a base waiver covers only the base's own findings (pr_waivers.py)
        _only_base_findings(
            decided,
            options,
            repo,
            top,
            loaded,
            facts,
            engine,
            policy_set,
            engine_input,
            decide_options,
            observed,
        )
    # locations already start at the git top level (see `top` above); a manifest outside
    # the work tree keeps the directory-relative form, which the prefix completes
    decided.source_root = (
        "" if top is not None and manifest_path.resolve().is_relative_to(top) else git_prefix(repo)
    )
    # for the auditors' reports only: what was checked, with what, and what the system holds
    decided.run = RunInfo(
        date=options.today.isoformat(),
        commit=str(git.get("head") or ""),
        policy_digest=policy_digest(policy_set.sources()),
        policy_modules=len(policy_set.sources()),
    )
    decided.inventory = (
        early["inventory"]
        if "inventory" in early
        else inventory.build(loaded.data, facts, schema.schema_document())
    )
    # paths quoted in messages (and the inventory's) name files from the git top level too,
    # as locations do
    prefix = git_prefix(repo) if top is not None else ""
    if prefix:
        from .message_paths import rebase

        rebase(decided, facts.get("files", {}), prefix)
    decided.history_checked = git.get("available") is True
    return decided


# a manifest whose JSON is this long is handed to the evaluating child ahead of the rest of
# its input (preload.Forked.stage): below, parsing it costs under 10 ms wherever it happens
STAGE_MIN_CHARS = 256 * 1024


def _stage(engine: Any, data: dict[str, Any]) -> str | None:
    """The manifest's JSON text, given to a forked engine now (it parses it while the
    evidence is read), or None."""
    if not hasattr(engine, "stage"):
        return None
    from .json_text import utf8_dumps

    text = utf8_dumps(data)
    if text is None or len(text) < STAGE_MIN_CHARS or not engine.stage(text):
        return None
    return text


def _evaluate(
    engine: Any,
    input_doc: dict[str, Any],
    seconds: float,
    meanwhile: Any = list,
    staged: str | None = None,
) -> Any:
    """The policy stage under its time limit. An OPA server bounds its own requests (HTTP
    timeouts); the in-process engines run in a child the limit can stop (watchdog.py).
    regorus takes the input as JSON text, made here: a forked child then reads one string
    instead of walking (and so copying, page by page) the parent's objects. `staged`: the
    manifest's text given to the child ahead (_stage); used only where the input's
    manifest is still exactly that (a value the schema rejected is left out of the input)."""
    from .watchdog import limited

    if staged is not None:
        from .json_text import utf8_dumps

        rest = utf8_dumps({k: v for k, v in input_doc.items() if k != "manifest"})
        if rest is not None and utf8_dumps(input_doc.get("manifest")) == staged:
            return engine.evaluate_json(rest, seconds, meanwhile, staged=True)
    doc, text = _utf8_safe(input_doc)
    if engine.name == "opa-server":
        meanwhile()
        return engine.evaluate(doc)
    if getattr(engine, "limited", False):  # preload.Forked: its child holds the limit
        return engine.evaluate_json(text, seconds, meanwhile)
    if hasattr(engine, "evaluate_json"):
        return limited(
            lambda: engine.evaluate_json(text), seconds, engine.name, meanwhile=meanwhile
        )
    return limited(
        lambda: engine.evaluate(doc),
        seconds,
        engine.name,
        releases_gil=getattr(engine, "releases_gil", False),
        meanwhile=meanwhile,
    )


def _only_base_findings(
    decided: Decision,
    options: CheckOptions,
    repo: Path,
    top: Path | None,
    loaded: Any,
    facts: dict[str, Any],
    engine: Any,
    policy_set: Any,
    engine_input: Any,
    decide_options: Any,
    observed: dict[str, Any],
) -> None:
    """Pull-request mode: fail waived provisions whose findings the base branch does not
    have (pr_waivers.py). The base is evaluated only when a waiver applies."""
    from . import catalog, decision, evidence, pr_waivers, schema

    if not pr_waivers.leans_on_waiver(decided):
        return

    def evaluate_base(base: Any, base_facts: dict[str, Any], found: list[Any]) -> Decision:
        # the repository's observations are the head's (the base copy holds only the files
        # its manifest cites); what the base manifest itself cites is the base's
        from .evidence.observed import duty_agreements, model_cards

        seen = {
            **observed,
            "model_cards": model_cards(base.data, base_facts),
            "duty_agreements": duty_agreements(base.data, base_facts),
        }
        raw = _evaluate(
            engine, engine_input(base.data, base_facts, found, seen), options.eval_timeout
        )
        return decision.decide(
            manifest_name=base.display,
            data=base.data,
            source_map=base.source_map,
            catalog=catalog.load_catalog(),
            schema_findings=found,
            violations=raw.violations,
            notices=raw.notices,
            met=raw.met,
            covered=policy_set.covered(),
            earners=policy_set.earners(),
            options=decide_options,
            observed=seen,
        )

    def collect_base(checked: Path, base: Any, tree: Path, commit: str) -> dict[str, Any]:
        return evidence.collect(
            checked,
            base.data,
            schema.schema_document(),
            evidence.EvidenceOptions(
                manifest_path=base.path,
                offline=options.offline,
                cache_dir=options.cache_dir,
                use_cache=options.use_cache,
                boundary=tree,
                history=options.history,
                git_repo=repo,
                git_rev=commit,
                today=options.today,
                document_max_age_days=options.document_max_age_days,
            ),
        )

    git = facts.get("git", {})
    base = pr_waivers.base_findings(repo, top, git, evaluate_base, collect_base)
    pr_waivers.restrict(decided, loaded.data, facts.get("files", {}), base, str(options.base_ref))


def _observed(
    repo: Path, data: dict[str, Any], facts: dict[str, Any], options: CheckOptions
) -> dict[str, Any]:
    from .evidence.cache import JsonCache, default_cache_dir
    from .evidence.observed import CACHE_NAMESPACE, duty_agreements, model_cards, observe
    from .evidence.personal_columns import personal_columns
    from .evidence.read_budget import ReadBudget
    from .evidence.test_files import test_files

    root = (options.cache_dir or default_cache_dir()) if options.use_cache else None
    budget = ReadBudget.of_mib(options.read_budget_mib)
    seen: dict[str, Any] = dict(observe(repo, JsonCache(root, CACHE_NAMESPACE), budget))
    seen["model_cards"] = model_cards(data, facts)
    seen["duty_agreements"] = duty_agreements(data, facts)
    seen["personal_columns"] = personal_columns(repo, data, facts)
    seen["test_files"] = test_files(repo, data, facts)
    return seen


def git_top(directory: Path) -> Path | None:
    """The top of the git work tree holding `directory` (resolved), found by looking for
    `.git`; None outside one."""
    directory = directory.resolve()
    for parent in (directory, *directory.parents):
        if (parent / ".git").exists():
            return parent
    return None


def git_prefix(directory: Path) -> str:
    """`directory` relative to the top of the git work tree holding it ("" when it is the top
    or not in one). Found by looking for `.git`, without running git on untrusted content."""
    directory = directory.resolve()
    for parent in (directory, *directory.parents):
        if (parent / ".git").exists():
            rel = directory.relative_to(parent).as_posix()
            return "" if rel == "." else rel
    return ""


def policy_digest(sources: list[tuple[str, str]]) -> str:
    """sha256 over the Rego modules (name and text, in name order): names the policy version
    that ran, extra `--policy` directories included."""
    digest = hashlib.sha256()
    for name, text in sorted(sources):
        digest.update(f"{len(name)}:{name}{len(text.encode())}:".encode())
        digest.update(text.encode())
    return digest.hexdigest()


def _refuse_escaping_link(manifest: Path, repo: Path) -> None:
    """A manifest inside the repository that is (or passes through) a symlink to a file
    outside it is refused (docs/security.md): the pull request would choose what is read."""
    lexical = Path(os.path.abspath(manifest))
    if not (lexical.is_relative_to(repo) or lexical.is_relative_to(os.path.abspath(repo))):
        return  # named outside the repository on the command line: the workflow's choice
    if not manifest.resolve().is_relative_to(repo):
        raise GateError(
            f"{manifest}: is a symbolic link to {manifest.resolve()}, outside the repository "
            f"{repo}; the manifest must be a file of the repository"
        )


def _utf8_safe(doc: Any) -> tuple[Any, str]:
    """The engine input and its JSON text, with lone surrogates (file names that are not
    UTF-8, decoded with surrogateescape; a YAML "\\udcff" escape) replaced by U+FFFD: the
    engines take UTF-8 JSON and rejected the whole input (docs/security.md). Walked only when
    such a string exists."""
    from .json_text import utf8_dumps

    text = utf8_dumps(doc)
    if text is not None:
        return doc, text

    def fix(value: Any) -> Any:
        if isinstance(value, str):
            return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        if isinstance(value, dict):
            return {fix(k): fix(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [fix(v) for v in value]
        return value

    fixed = fix(doc)
    return fixed, json.dumps(fixed, ensure_ascii=False)


def _waiver_authors(manifest: Path, loaded: Any) -> dict[int, tuple[str, str]]:
    """waiver index -> who committed its approver line (git blame), where git shows it."""
    items = loaded.data.get("waivers")
    if not isinstance(items, list) or not items:
        return {}
    from .evidence.authors import line_authors

    lines = {
        i: loaded.source_map.locate(("waivers", i, "approver")).line for i in range(len(items))
    }
    by_line = line_authors(manifest.resolve(), list(lines.values()))
    return {i: by_line[line] for i, line in lines.items() if line in by_line}


def _engine_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """The evidence facts without the base branch's waivers and manifest paths (no policy
    reads them)."""
    git = facts.get("git")
    hidden = ("base_waivers", "base_manifest_at")
    if not isinstance(git, dict) or not any(k in git for k in hidden):
        return facts
    return {**facts, "git": {k: v for k, v in git.items() if k not in hidden}}


def _display(path: Path, repo: Path) -> str:
    try:
        return path.resolve().relative_to(repo).as_posix()
    except ValueError:
        return str(path)


def _without(data: dict[str, Any], paths: list[JsonPath]) -> dict[str, Any]:
    """A copy of the manifest without values the schema rejected for their format, so a
    policy sees a malformed date as absent instead of making the engine fail on it."""
    if not paths:
        return data
    out = copy.deepcopy(data)
    for path in sorted(paths, key=len, reverse=True):
        node: Any = out
        for part in path[:-1]:
            node = node[part]
        if isinstance(node, dict):
            node.pop(path[-1], None)
        elif isinstance(node, list) and isinstance(path[-1], int):
            node[path[-1]] = None
    return out
