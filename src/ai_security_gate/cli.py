"""Command line: parse options, call the pipeline, hand the decision to reporters. Nothing
else lives here; no module below imports it."""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import GateError

if TYPE_CHECKING:
    from .reporters import Format
    from .results import Decision

FAIL_ON = ("shall", "should")

# The interpreter's last collections at exit walk every object a run still holds: 10-20 %
# of a warm check (bench/profile_warm.py). Nothing needs collecting then: reports are written
# and closed, the interpreter flushes the standard streams, atexit handlers and weakref
# finalizers still run; only cyclic garbage is left to the operating system. Registered at
# import, so a test process that invokes the CLI many times freezes only when it ends.
atexit.register(gc.freeze)
_SUFFIX = {"json": "json", "sarif": "sarif", "junit": "xml", "markdown": "md"}


def _tool_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Exit 2 with a one-line message for anything that stops the tool from doing its job;
    a traceback only when AI_SECURITY_GATE_DEBUG is set."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GateError as exc:
            click.echo(f"ai-security-gate: error: {exc}", err=True)
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # the reader stopped reading (`| head`): end quietly like other command-line tools
            _silence_stdout()
            sys.exit(0)
        except Exception as exc:
            if os.environ.get("AI_SECURITY_GATE_DEBUG"):
                raise
            click.echo(
                f"ai-security-gate: internal error: {type(exc).__name__}: {exc}\n"
                "Run again with AI_SECURITY_GATE_DEBUG=1 for the traceback, and please report it.",
                err=True,
            )
            sys.exit(2)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ai-security-gate")
def main() -> None:
    """Check an AI system's ai-security.yaml against ETSI EN 304 223.

    Exit codes: 0 the gate passes, 1 requirements are not met, 2 the tool could not run.
    """
    from .gc_policy import for_batch_command

    for_batch_command()


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _parse_formats(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> list[tuple[Format, str | None]]:
    from .reporters import FORMATS, Format

    out: list[tuple[Format, str | None]] = []
    for value in values or ("text",):
        name, _, target = value.partition(":")
        if name not in FORMATS:
            raise click.BadParameter(
                f"{name!r} is not a format; choose from {', '.join(FORMATS)} "
                "(optionally FORMAT:FILE, e.g. json:report.json)"
            )
        out.append((Format(name), target or None))
    return out


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "-m",
    "--manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The manifest file (default: ai-security.yaml or .yml at the repository root).",
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    callback=_parse_formats,
    metavar="FORMAT[:FILE]",
    help="Output format: text (default), json, sarif, junit, markdown (job summary, PR "
    "comment), github (workflow annotations), html (a self-contained page for auditors), "
    "cyclonedx (a CycloneDX 1.6 attestation), gitlab (Code Quality) or azure (Azure "
    "Pipelines issues). Repeat for several in one run; FORMAT:FILE "
    "writes that format to FILE, FORMAT:+FILE appends to it (e.g. "
    "markdown:+$GITHUB_STEP_SUMMARY).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE (the first --format without its own FILE).",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="shall",
    show_default=True,
    envvar="AI_SECURITY_GATE_FAIL_ON",
    help="Lowest level whose unmet provisions fail the gate; 'should' fails on "
    "recommendations too.",
)
@click.option(
    "--engine",
    type=click.Choice(["regorus", "opa", "opa-server"]),
    default="regorus",
    show_default=True,
    help="Rego engine: embedded regorus, real OPA in-process, or a remote OPA server.",
)
@click.option(
    "--opa-url",
    envvar="AI_SECURITY_GATE_OPA_URL",
    metavar="URL",
    help="OPA server for --engine opa-server (token: AI_SECURITY_GATE_OPA_TOKEN).",
)
@click.option(
    "-p",
    "--policy",
    "policy_dirs",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Extra directory of Rego policies (package ai_security.*), or an OPA bundle "
    "(.tar.gz, from `bundle build`) that replaces the shipped policies. Repeatable.",
)
@click.option(
    "--bundle-key",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    envvar="AI_SECURITY_GATE_BUNDLE_KEY",
    help="Verify the signature of every -p bundle with this key (PEM public key for "
    "RS256/ES256, the shared secret for HS256); an unsigned or altered bundle stops the run.",
)
@click.option(
    "--bundle-skip-verify",
    is_flag=True,
    help="Use a signed -p bundle without verifying it (as OPA's --skip-verify); without this "
    "flag a signed bundle given without --bundle-key stops the run. Unverified, a bundle may "
    "only add custom modules.",
)
@click.option(
    "--eval-timeout",
    type=click.FloatRange(0),
    default=60,
    show_default=True,
    metavar="SECONDS",
    envvar="AI_SECURITY_GATE_EVAL_TIMEOUT",
    help="Stop with exit 2 when evaluating the policies takes longer than this (a custom "
    "policy that never ends); 0: no limit.",
)
@click.option(
    "--opa-bundle-revision",
    metavar="REV",
    help="With --engine opa-server: evaluate the server's own bundle, after checking that it "
    "serves this revision (the .manifest revision `bundle build` printed).",
)
@click.option(
    "--today",
    callback=_parse_date,
    envvar="AI_SECURITY_GATE_TODAY",
    show_envvar=True,
    metavar="YYYY-MM-DD",
    help="Evaluate dates (ages, expiries) as of this day instead of today.",
)
@click.option(
    "--attestation-max-age",
    type=click.IntRange(1),
    default=365,
    show_default=True,
    metavar="DAYS",
    envvar="AI_SECURITY_GATE_ATTESTATION_MAX_AGE",
    help="Attestations older than this are unmet.",
)
@click.option(
    "--document-max-age",
    type=click.IntRange(1),
    default=365,
    show_default=True,
    metavar="DAYS",
    envvar="AI_SECURITY_GATE_DOCUMENT_MAX_AGE",
    help="Reviewed documents (threat model, plans, reports) whose last commit is older "
    "than this are stale.",
)
@click.option(
    "--read-budget",
    type=click.IntRange(1),
    default=128,
    show_default=True,
    metavar="MIB",
    envvar="AI_SECURITY_GATE_READ_BUDGET",
    help="What the gate reads of the repository to check the manifest's claims against it: "
    "MIB mebibytes in all, 160 files and 800 listed per MiB. Past it, what is not read is "
    "named and the claims it could contradict are taken the strict way.",
)
@click.option(
    "--review-max-age",
    type=click.IntRange(1),
    default=365,
    show_default=True,
    metavar="DAYS",
    help="Review and exercise dates in the manifest (threat model, access control, incident "
    "exercises, supplier due diligence) older than this are unmet.",
)
@click.option(
    "--waiver-max-days",
    type=click.IntRange(1),
    default=180,
    show_default=True,
    metavar="DAYS",
    help="A waiver may expire at most this many days after today; a later expiry is not honoured.",
)
@click.option(
    "--base-ref",
    metavar="REF",
    help="Pull-request mode: compare with the merge base of REF (e.g. main or origin/main) "
    "and check what the change needs (threat model review, change log, new version).",
)
@click.option(
    "--offline",
    is_flag=True,
    help="Never use the network: no git fetch for shallow clones or base refs, no Sigstore "
    "trust root (Sigstore signatures are then reported as not verified).",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="AI_SECURITY_GATE_CACHE_DIR",
    help="Where file hashes and signature checks are cached [default: the user cache "
    "directory, e.g. ~/.cache/ai-security-gate; env AI_SECURITY_GATE_CACHE_DIR].",
)
@click.option("--no-cache", is_flag=True, help="Hash and verify everything again; write no cache.")
@click.option(
    "--no-history",
    is_flag=True,
    help="Do not read git history (document freshness, never-committed evidence, pull-request "
    "checks); every report says so. Outside a git work tree these checks fail without it.",
)
@click.option("-v", "--verbose", is_flag=True, help="List every provision, not only unmet ones.")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Text report: only what fails the gate (manifest errors, unmet 'shall') and the result.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text report on standard output [default: when it is a terminal; "
    "FORCE_COLOR forces it, NO_COLOR turns it off].",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fail only on findings not recorded in FILE (see --write-baseline); findings that "
    "are gone are reported. In pull-request mode FILE is read from the base branch.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Record the current findings in FILE, to adopt the gate without fixing everything "
    "first (use it with --baseline).",
)
@_tool_errors
def check(
    path: Path | None,
    manifest: Path | None,
    formats: list[tuple[Format, str | None]],
    output: Path | None,
    fail_on: str,
    engine: str,
    opa_url: str | None,
    policy_dirs: tuple[Path, ...],
    today: dt.date,
    attestation_max_age: int,
    document_max_age: int,
    read_budget: int,
    review_max_age: int,
    waiver_max_days: int,
    base_ref: str | None,
    offline: bool,
    cache_dir: Path | None,
    no_cache: bool,
    no_history: bool,
    verbose: bool,
    quiet: bool,
    color: bool | None,
    baseline_file: Path | None,
    write_baseline: Path | None,
    bundle_key: Path | None,
    opa_bundle_revision: str | None,
    eval_timeout: float,
    bundle_skip_verify: bool,
) -> None:
    """Check the repository at PATH (default: the current directory). PATH may also be the
    manifest file itself.

    Settings may also come from [tool.ai-security-gate] in pyproject.toml or from
    .ai-security-gate.toml (command line > environment > file)."""
    from .pipeline import CheckOptions, find_repo_root, run_check

    if verbose and quiet:
        raise click.UsageError("--verbose and --quiet contradict each other; choose one")
    if path is not None and path.is_file():  # `check sub/ai-security.yaml`: the manifest
        if manifest is not None:
            raise click.UsageError(f"{path} is a file and --manifest names another; give one")
        path, manifest = path.parent, path
    repo = path if path is not None else find_repo_root(Path.cwd())
    settings = _file_settings(click.get_current_context(), repo, base_ref or None, offline)
    fail_on = settings.get("fail_on", fail_on)
    engine = settings.get("engine", engine)
    cli_policies = () if "policy_dirs" in settings else policy_dirs
    if base_ref and cli_policies:  # `-p` inside the checkout: the base's copy, as for the config
        from .base_policies import cli_path

        policy_dirs = tuple(
            Path(_policy_path(repo, cli_path(repo, p), base_ref, offline, "-p"))
            for p in policy_dirs
        )
    policy_dirs = settings.get("policy_dirs", policy_dirs)
    attestation_max_age = settings.get("attestation_max_age", attestation_max_age)
    document_max_age = settings.get("document_max_age", document_max_age)
    review_max_age = settings.get("review_max_age", review_max_age)
    read_budget = settings.get("read_budget", read_budget)
    waiver_max_days = settings.get("waiver_max_days", waiver_max_days)
    formats = settings.get("formats", formats)
    eval_timeout = settings.get("eval_timeout", eval_timeout)
    _report_targets(formats, output, repo)
    from .gc_policy import paused

    decision = paused(run_check)(
        CheckOptions(
            repo=repo,
            manifest=manifest,
            fail_on=fail_on,
            engine=engine,
            opa_url=opa_url,
            policy_dirs=policy_dirs,
            today=today,
            attestation_max_age_days=attestation_max_age,
            document_max_age_days=document_max_age,
            review_max_age_days=review_max_age,
            waiver_max_days=waiver_max_days,
            read_budget_mib=read_budget,
            base_ref=base_ref or None,
            offline=offline,
            cache_dir=cache_dir,
            use_cache=not no_cache,
            history=not no_history,
            bundle_key=_bundle_key(bundle_key, policy_dirs),
            bundle_revision=opa_bundle_revision,
            eval_timeout=eval_timeout,
            bundle_skip_verify=bundle_skip_verify,
        )
    )
    if base_ref:  # what the pull request changes in the gate's own settings (not used)
        from .base_policies import change_notes

        decision.notices += change_notes(repo, base_ref, offline, cli_policies)
    if write_baseline is not None:
        from .baseline import snapshot

        _emit(snapshot(decision), str(write_baseline), repo)
    if baseline_file is not None:
        _apply_baseline(decision, baseline_file, repo, base_ref or None, offline)
    _write_reports(decision, formats, repo, color, (verbose, quiet))
    sys.exit(decision.exit_code)


def _report_targets(
    formats: list[tuple[Format, str | None]], output: Path | None, repo: Path
) -> None:
    """Give --output to the one format without a FILE; at most one report on standard output;
    refuse a planted symlink at a report's path before the run (safewrite)."""
    from .safewrite import refuse_symlinks

    if output is not None:
        free = next((i for i, (_, target) in enumerate(formats) if target is None), None)
        if free is None:
            raise click.UsageError("--output has no format to write: every --format names its FILE")
        formats[free] = (formats[free][0], str(output))
    to_stdout = [fmt.value for fmt, target in formats if target is None]
    if len(to_stdout) > 1:
        raise click.UsageError(
            f"{' and '.join(to_stdout)} would both be written to standard output; give all "
            f"but one a file, e.g. -f {to_stdout[0]}:report.{_SUFFIX.get(to_stdout[0], 'txt')}"
        )
    for written in [t for _, t in formats if t is not None]:
        refuse_symlinks(Path(written.removeprefix("+")), roots=[repo])


def _write_reports(
    decision: Decision,
    formats: list[tuple[Format, str | None]],
    repo: Path,
    color: bool | None,
    detail: tuple[bool, bool],
) -> None:
    """Each report to its file or standard output; colour only on standard output.
    `detail`: (verbose, quiet)."""
    from .reporters import ReportOptions, reporter

    verbose, quiet = detail
    try:
        for fmt, target in formats:
            painted = target is None and _color_wanted(color)
            text = reporter(fmt).render(
                decision, ReportOptions(color=painted, verbose=verbose, quiet=quiet)
            )
            _emit(text, target, repo, painted)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()  # `| head`: the reader stopped; the gate's verdict still stands


def _bundle_key(key: Path | None, policy_dirs: tuple[Path, ...]) -> bytes | None:
    from .bundle import is_bundle

    for p in policy_dirs:
        if p.is_file() and not is_bundle(p):
            raise GateError(f"{p}: -p takes a policy directory or an OPA bundle (.tar.gz)")
    if key is None:
        return None
    try:
        return key.read_bytes()
    except OSError as exc:
        raise GateError(f"{key}: cannot read the bundle key: {exc.strerror}") from None


def _color_wanted(flag: bool | None) -> bool:
    """--color/--no-color, else NO_COLOR (off), else FORCE_COLOR (on: CI logs render ANSI
    colours but are not terminals), else whether standard output is a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return sys.stdout.isatty()


def _file_settings(
    ctx: click.Context, repo: Path, base_ref: str | None, offline: bool
) -> dict[str, Any]:
    """Values from the configuration file for the options the command line and the
    environment left at their defaults, converted and checked as if typed."""
    from click.core import ParameterSource

    from .config import find

    found = find(repo, base_ref, offline)
    if found is None:
        return {}
    by_flag = {
        opt.lstrip("-"): param
        for param in ctx.command.params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--")
    }
    out: dict[str, Any] = {}
    for key, raw in found.values.items():
        param = by_flag.get(key)
        if param is None or param.name is None:
            raise GateError(f"{found.source}: `{key}` is not supported by this version")
        if ctx.get_parameter_source(param.name) not in (None, ParameterSource.DEFAULT):
            continue
        value = raw
        if param.multiple:
            value = [raw] if isinstance(raw, str) else raw
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise GateError(f"{found.source}: `{key}` must be a string or a list of strings")
            if key == "policy":  # relative to the configured directory, not to where we run
                value = [_policy_path(repo, v, base_ref, offline, found.source) for v in value]
        try:
            out[param.name] = param.process_value(ctx, value)
        except click.BadParameter as exc:
            raise GateError(f"{found.source}: `{key}`: {exc.message}") from None
    return out


def _policy_path(repo: Path, rel: str, base_ref: str | None, offline: bool, source: str) -> str:
    """In pull-request mode the base branch's copy: the head's could drop its own checks."""
    if not base_ref:
        return str(repo / rel)
    from .base_policies import from_base

    return str(from_base(repo, rel, base_ref, offline=offline, source=source))


def _apply_baseline(
    decision: Any, file: Path, repo: Path, base_ref: str | None, offline: bool
) -> None:
    from .baseline import apply, parse

    text: str | None
    if base_ref and file.resolve().is_relative_to(repo.resolve()):
        # the pull request's own copy could record its new findings as known
        from .trusted import read_at_base

        rel = file.resolve().relative_to(repo.resolve()).as_posix()
        text = read_at_base(repo, rel, base_ref, offline=offline, what="the baseline")
        source = f"{base_ref}:{rel}"
        if text is None:  # the base has none yet: every finding is new
            text = '{"version": 1, "tool": "ai-security-gate", "findings": []}'
    else:
        source = str(file)
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise GateError(f"{file}: cannot read the baseline: {exc}") from None
    apply(decision, parse(text, source))


def _emit(text: str, target: str | None, repo: Path | None = None, color: bool = False) -> None:
    from .safewrite import write_text

    if target is None:
        # color=True: click would strip our colours whenever stdout is not a terminal
        click.echo(text, nl=False, color=color or None)
        return
    # FORMAT:+FILE appends (to $GITHUB_STEP_SUMMARY, which other steps also write to)
    mode, path = ("a", target[1:]) if target.startswith("+") else ("w", target)
    try:
        # -f junit:reports/gate.xml makes reports/; nothing is written through a symlink
        write_text(Path(path), text, append=mode == "a", roots=[repo] if repo else [])
    except OSError as exc:
        raise GateError(f"{path}: cannot write the report: {exc.strerror}") from None


@main.group()
def bundle() -> None:
    """OPA bundles of the gate's policies, for organisations that run OPA centrally."""


@bundle.command("build")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("bundle.tar.gz"),
    show_default=True,
    help="Where to write the bundle.",
)
@click.option(
    "-p",
    "--policy",
    "policy_dirs",
    multiple=True,
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Also bundle this directory of Rego policies (your organisation's). Repeatable.",
)
@click.option("--revision", help="The bundle's revision [default: version + content digest].")
@click.option(
    "--signing-key",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Sign the bundle (.signatures.json): a PEM private key (RS256, ES256) or a shared "
    "secret file (HS256).",
)
@click.option(
    "--signing-alg",
    type=click.Choice(["RS256", "ES256", "HS256"]),
    default="RS256",
    show_default=True,
)
@click.option("--key-id", default="ai-security-gate", show_default=True)
@_tool_errors
def bundle_build(
    output: Path,
    policy_dirs: tuple[Path, ...],
    revision: str | None,
    signing_key: Path | None,
    signing_alg: str,
    key_id: str,
) -> None:
    """Write an OPA bundle: the policies, the catalogue and schema as data, a .manifest with
    revision and roots; signed in OPA's format with --signing-key."""
    from .bundle import build

    key = signing_key.read_bytes() if signing_key is not None else None
    built = build(
        output,
        policy_dirs,
        revision=revision,
        signing_key=key,
        algorithm=signing_alg,
        key_id=key_id,
    )
    signed = f", signed ({signing_alg})" if built.signed else ""
    click.echo(
        f"wrote {output}: revision {built.revision}, {len(built.policies())} policies{signed}"
    )


@main.command()
@click.option(
    "--phase",
    type=click.Choice(["design", "development", "deployment", "maintenance", "end_of_life"]),
)
@click.option(
    "--role", type=click.Choice(["developer", "system_operator", "data_custodian", "end_user"])
)
@click.option("--level", type=click.Choice(FAIL_ON))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--coverage",
    is_flag=True,
    help="Show how each provision is assessed (rules, attestation or both) and by which rules.",
)
@_tool_errors
def provisions(
    phase: str | None, role: str | None, level: str | None, fmt: str, coverage: bool
) -> None:
    """List the EN 304 223 provisions the gate knows (titles are our paraphrases)."""
    from .catalog import load_catalog
    from .catalogue.views import provision_table

    rows = [
        p
        for p in load_catalog()
        if (phase is None or p.phase == phase)
        and (role is None or role in p.roles)
        and (level is None or p.level == level)
    ]
    if coverage:
        from .catalogue.coverage import assessments, coverage_table

        click.echo(coverage_table(assessments(rows), fmt), nl=False)
        return
    click.echo(provision_table(rows, fmt), nl=False)


@main.command()
@click.argument("dirs", nargs=-1, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option(
    "--engine", type=click.Choice(["regorus", "opa"]), default="regorus", show_default=True
)
@click.option(
    "--coverage",
    is_flag=True,
    help="Also report the policy lines the tests execute and the rule bodies no test makes "
    "fire (embedded engine); exit 1 unless every line runs and every body fires.",
)
@_tool_errors
def verify(dirs: tuple[Path, ...], engine: str, coverage: bool) -> None:
    """Run the Rego unit tests (test_* rules in *_test.rego) of the shipped policies, or of
    the policy directories DIRS (which may use the shipped ai_security.lib helpers)."""
    from .catalogue.policy_coverage import coverage_text
    from .catalogue.policytest import run, run_with_coverage

    if coverage and engine != "regorus":
        raise click.UsageError("--coverage needs the embedded engine (--engine regorus)")
    outcomes, cov = run_with_coverage(dirs) if coverage else (run(engine, dirs), None)
    if not outcomes:
        raise GateError("no Rego tests found (test_* rules in *_test.rego files)")
    failed = [o for o in outcomes if not o.passed]
    for o in failed:
        click.echo(f"FAIL {o.test.module}: {o.test.name}: {o.detail}")
    click.echo(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    if cov is not None:
        click.echo(coverage_text(cov), nl=False)
    sys.exit(1 if failed or (cov is not None and not cov.complete) else 0)


@main.command()
@click.argument("path", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing manifest.")
@click.option(
    "--example",
    is_flag=True,
    help="Print the complete example manifest (every section filled) instead.",
)
@click.option(
    "--update",
    is_flag=True,
    help="Add newly discovered models, datasets, tools, prompts, lockfiles... to the existing "
    "manifest, changing nothing else (comments included).",
)
@_tool_errors
def init(path: Path, force: bool, example: bool, update: bool) -> None:
    """Write an ai-security.yaml into PATH (default: the current directory) from what the
    repository shows: models, weights, datasets, hosted model APIs, prompts, tools,
    lockfiles, SECURITY.md... each with where it was found, and TODOs for what only you know."""
    from .init_manifest import example_text, update_existing, write_manifest

    if sum((force, example, update)) > 1:
        raise click.UsageError("--force, --example and --update exclude each other; choose one")
    if example:
        click.echo(example_text(), nl=False)
        return
    if update:
        target, added = update_existing(path)
        if not added:
            click.echo(f"{target}: nothing new discovered; unchanged")
            return
        click.echo(
            f"{target}: added {len(added)} discovered entr{'y' if len(added) == 1 else 'ies'}:"
        )
        for line in added:
            click.echo(f"  {line}")
        return
    target, count = write_manifest(path, force=force)
    click.echo(
        f"wrote {target} ({count} discovered entries); replace each TODO, "
        "then run `ai-security-gate check`"
    )


@main.command()
@click.argument("path", required=False, default=".", type=click.Path(path_type=Path))
@click.option(
    "-m",
    "--manifest",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The manifest file (default: ai-security.yaml or .yml in PATH).",
)
@click.option("--dry-run", is_flag=True, help="List what would be written; write nothing.")
@_tool_errors
def scaffold(path: Path, manifest: Path | None, dry_run: bool) -> None:
    """Write the documents ai-security.yaml cites but the repository at PATH lacks (threat
    model, incident plan, test report...) from templates whose sections are what the gate
    checks. The gate rejects them until every prompt is replaced. Never overwrites."""
    from . import scaffold as sc
    from .evidence.documents import scaffold_marker
    from .loader import load_manifest
    from .pipeline import find_manifest

    if path.is_file():
        path, manifest = path.parent, manifest or path
    loaded = load_manifest(manifest or find_manifest(path))
    planned = sc.plan(path, loaded.data) if dry_run else sc.write(path, loaded.data)
    notes = {
        "exists": "exists, left as it is",
        "url": "a URL, not a repository file: nothing to write",
        "outside": "outside the repository: not written",
        "link": "its directory is a symbolic link: not written (scaffold never writes through one)",
    }
    written = 0
    for p in planned:
        if p.state == "write":
            written += 1
            verb = "would write" if dry_run else "wrote"
            click.echo(f"{verb} {p.path}  ({p.kind.replace('_', ' ')}, cited by {p.field})")
        else:
            click.echo(f"  {p.path}: {notes[p.state]}")
    click.echo(
        f"{'would write' if dry_run else 'wrote'} {written} document(s); replace every line "
        f"starting with {scaffold_marker()!r}, then run `ai-security-gate check`"
    )


@main.command()
@click.argument("provision_id")
@_tool_errors
def explain(provision_id: str) -> None:
    """Show one provision (EN id like 5.2.4-1.2, or UK Code id like 8.1.2), or what a real
    document of one kind contains (e.g. threat_model)."""
    from .catalog import find, nearest
    from .catalogue.views import explain_provision
    from .evidence.documents import describe, document_kinds

    p = find(provision_id)
    if p is None and provision_id in document_kinds():
        kind = document_kinds()[provision_id]
        fields = ", ".join(kind.fields) or "(no manifest field; cite it in an attestation)"
        click.echo("\n".join([*describe(kind), f"  cited by: {fields}"]))
        return
    if p is None:
        close = nearest(provision_id)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise GateError(
            f"{provision_id!r} is not a provision id; {hint}`ai-security-gate provisions` lists "
            "them (EN ids look like 5.2.4-1.2, UK Code ids like 8.1.2)"
        )
    click.echo(explain_provision(p), nl=False)


@main.command()
@click.argument(
    "directory", default="docs/provisions", type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 when the pages in DIRECTORY differ from what would be generated.",
)
@_tool_errors
def docs(directory: Path, check: bool) -> None:
    """Generate one page per provision (plus an index) into DIRECTORY (default
    docs/provisions) from the catalogue, the policies and the schema."""
    from .catalogue import docgen

    if check:
        stale = docgen.drift(directory)
        if stale:
            click.echo(
                f"{directory}: {len(stale)} page(s) out of date: {', '.join(stale)}; "
                f"run `ai-security-gate docs {directory}`",
                err=True,
            )
            sys.exit(1)
        click.echo(f"{directory}: up to date")
        return
    written = docgen.write(directory)
    click.echo(f"{directory}: wrote {len(written)} page(s)")


@main.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html"]),
    default="markdown",
    show_default=True,
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
@click.option(
    "--soon",
    type=click.IntRange(0),
    default=30,
    show_default=True,
    metavar="DAYS",
    help="List waivers that expire within DAYS as stale too.",
)
@click.option(
    "--oldest",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help="How many of the oldest reviews to list.",
)
@_tool_errors
def summarize(
    reports: tuple[Path, ...], fmt: str, output: Path | None, soon: int, oldest: int
) -> None:
    """Merge the JSON reports of many repositories (`check -f json:FILE`) into one overview:
    repositories x principles, unmet shall counts, stale waivers, oldest reviews."""
    from . import summarize as fleet

    text = fleet.render(fleet.summarize(list(reports), soon_days=soon, oldest=oldest), fmt)
    _emit(text, str(output) if output else None)


if __name__ == "__main__":
    main()
