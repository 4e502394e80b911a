"""The composite GitHub Action (action.yml), run step by step in a simulated runner.

What is real: action.yml's own shell steps, run by bash exactly as the runner does (`bash
--noprofile --norc -eo pipefail`), the package installed from this checkout into a fresh
virtual environment by the action's install step, the gate, and real git repositories with
a base and a head commit. What is simulated, because only GitHub runs it: the runner itself
(this file evaluates the `${{ }}` expressions and `if:` conditions, provides
GITHUB_STEP_SUMMARY, GITHUB_OUTPUT and GITHUB_EVENT_PATH, and processes workflow commands the
way the runner does), `actions/setup-python` (stood in for by this interpreter's base Python),
`actions/cache` (a key store: a hit leaves the job's virtualenv in place, as a restore
would), `github/codeql-action/upload-sarif` (recorded, not called) and GitHub's REST API
behind `gh api` (a stand-in `gh` on PATH that keeps the comments in a file and applies the
step's `--jq` filter with the real `jq`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, ROOT, TODAY, git

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
REPOSITORY = "acme/helpdesk"


# --- static checks -------------------------------------------------------------------------


def test_action_metadata_validates_against_the_github_actions_schema():
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("check-jsonschema")),
            "--builtin-schema",
            "vendor.github-actions",
            str(ROOT / "action.yml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_inputs_reach_scripts_only_through_env():
    for step in STEPS:
        if "run" in step:
            assert "${{" not in step["run"], step["name"]
            assert step["shell"] == "bash"


def test_every_input_is_used_and_the_required_ones_exist():
    wanted = {
        "manifest",
        "fail-on",
        "formats",
        "base-ref",
        "working-directory",
        "upload-sarif",
        "policy-dirs",
        "version",
    }
    assert wanted <= set(ACTION["inputs"])
    used = json.dumps(STEPS)
    for name in ACTION["inputs"]:
        assert f"inputs.{name}" in used, f"input {name} is not used"
    assert {"result", "counts", "sarif"} <= set(ACTION["outputs"])


def test_sub_actions_are_pinned_by_commit():
    for step in STEPS:
        if "uses" in step:
            name, _, ref = step["uses"].partition("@")
            assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name} is not pinned to a commit: {ref}"
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    # each pin says which release it is, so an update is a reviewable diff
    assert len(re.findall(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+", text)) == sum(
        "uses" in s for s in STEPS
    )


def test_zizmor_finds_nothing():
    zizmor = Path(sys.executable).with_name("zizmor")
    result = subprocess.run(
        [str(zizmor), "--offline", "--persona=auditor", "--no-progress", str(ROOT / "action.yml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def test_upload_runs_after_a_failed_gate_and_uses_the_codeql_action():
    upload = next(s for s in STEPS if s.get("id") == "upload")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "(success() || failure())" in upload["if"]
    assert "steps.gate.outputs.sarif" in upload["with"]["sarif_file"]


# --- a small GitHub expression evaluator ----------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>\d+(?:\.\d+)?)|(?P<op>==|!=|&&|\|\||!|\(|\))"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z_][A-Za-z0-9_\-]*)*))"
)


class Expr:
    """GitHub Actions expressions, as far as action.yml uses them: literals, context paths,
    ==, !=, !, &&, ||, parentheses and the status functions. Loose equality as GitHub's:
    strings compare case-insensitively and null equals ''."""

    def __init__(self, contexts: dict[str, Any], status: dict[str, bool]) -> None:
        self.contexts = contexts
        self.status = status

    def evaluate(self, text: str) -> Any:
        self.tokens = self._tokens(text)
        self.pos = 0
        value = self._or()
        assert self.pos == len(self.tokens), f"cannot parse {text!r}"
        return value

    def interpolate(self, text: str) -> str:
        def one(m: re.Match[str]) -> str:
            value = self.evaluate(m.group(1))
            return "" if value is None else str(value)

        return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))

    def _tokens(self, text: str) -> list[tuple[str, str]]:
        out, pos = [], 0
        while pos < len(text.rstrip()):
            m = _TOKEN.match(text, pos)
            assert m and m.end() > pos, f"cannot tokenise {text[pos:]!r}"
            kind = m.lastgroup
            out.append((kind, m.group(kind)))
            pos = m.end()
        return out

    def _peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def _or(self) -> Any:
        left = self._and()
        while self._peek() == "||":
            self.pos += 1
            right = self._and()
            left = left if _truthy(left) else right
        return left

    def _and(self) -> Any:
        left = self._unary()
        while self._peek() == "&&":
            self.pos += 1
            right = self._unary()
            left = right if _truthy(left) else left
        return left

    def _unary(self) -> Any:
        if self._peek() == "!":
            self.pos += 1
            return not _truthy(self._unary())
        left = self._primary()
        if self._peek() in ("==", "!="):
            op = self._peek()
            self.pos += 1
            equal = _loose_equal(left, self._primary())
            return equal if op == "==" else not equal
        return left

    def _primary(self) -> Any:
        kind, value = self.tokens[self.pos]
        self.pos += 1
        if value == "(":
            inner = self._or()
            assert self._peek() == ")"
            self.pos += 1
            return inner
        if kind == "str":
            return value[1:-1].replace("''", "'")
        if kind == "num":
            return float(value)
        if value in ("true", "false"):
            return value == "true"
        if value == "null":
            return None
        if self._peek() == "(":
            assert self.tokens[self.pos + 1][1] == ")"
            self.pos += 2
            return self.status[value]
        node: Any = self.contexts
        for part in value.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        return node


def _truthy(value: Any) -> bool:
    return value not in (None, False, 0, "")


def _loose_equal(a: Any, b: Any) -> bool:
    a, b = ("" if a is None else a), ("" if b is None else b)
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold()
    return a == b


def test_expression_evaluator_follows_github_semantics():
    e = Expr(
        {"inputs": {"x": "TRUE"}, "steps": {"gate": {"outputs": {}}}, "github": {"event": {}}},
        {"success": False, "failure": True, "always": True, "cancelled": False},
    )
    assert e.evaluate("(success() || failure()) && inputs.x == 'true'") is True
    assert e.evaluate("steps.gate.outputs.sarif != ''") is False
    assert e.evaluate("github.event.pull_request == null") is True
    assert e.interpolate("a/${{ inputs.x }}/b") == "a/TRUE/b"


# --- the simulated runner -------------------------------------------------------------------


@dataclass
class Run:
    exit_code: int  # the action's: the first failing step's, else 0
    log: str  # everything the steps printed, as the runner's log shows it
    commands: list[tuple[str, dict[str, str], str]]  # workflow commands the runner acted on
    summary: str
    outputs: dict[str, str]
    steps: dict[str, dict[str, Any]]
    uploads: list[dict[str, str]] = field(default_factory=list)


def parse_outputs(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT: name=value lines and name<<DELIMITER blocks."""
    out: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            for inner in lines:
                if inner == delimiter:
                    break
                body.append(inner)
            out[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
    return out


def runner_commands(log: str) -> list[tuple[str, dict[str, str], str]]:
    """The workflow commands the runner would act on, honouring ::stop-commands::."""
    acted = []
    stopped_by = None
    for line in log.splitlines():
        if stopped_by is not None:
            if line == f"::{stopped_by}::":
                stopped_by = None
            continue
        m = re.match(r"^::([a-z-]+)(?: ([^:]*))?::(.*)$", line)
        if not m:
            continue
        name, props_text, data = m.groups()
        if name == "stop-commands":
            stopped_by = data
            continue
        props = dict(p.split("=", 1) for p in props_text.split(",")) if props_text else {}
        acted.append((name, props, data))
    return acted


class SimulatedRunner:
    def __init__(self, temp: Path, base_steps: dict[str, dict[str, Any]] | None = None) -> None:
        self.temp = temp
        self.base_steps = base_steps or {}
        self.cache_keys: set[str] = set()  # what actions/cache saved at the end of a job

    def run(
        self,
        workspace: Path,
        *,
        inputs: dict[str, str] | None = None,
        event_name: str = "push",
        event: dict[str, Any] | None = None,
        env: dict[str, str] | None = None,
        only: tuple[str, ...] | None = None,
    ) -> Run:
        given = inputs or {}
        assert set(given) <= set(ACTION["inputs"]), set(given) - set(ACTION["inputs"])
        inputs_ctx = {
            k: str(given.get(k, v.get("default", ""))) for k, v in ACTION["inputs"].items()
        }
        event = event or {}
        event_path = self.temp / f"event-{os.getpid()}-{id(event)}.json"
        event_path.write_text(json.dumps(event), encoding="utf-8")
        summary = self.temp / f"summary-{id(event)}.md"
        summary.write_text("", encoding="utf-8")
        steps: dict[str, dict[str, Any]] = {k: dict(v) for k, v in self.base_steps.items()}
        contexts = {
            "inputs": inputs_ctx,
            "steps": steps,
            "runner": {"temp": str(self.temp), "os": "Linux"},
            "github": {
                "action_path": str(ROOT),
                "workspace": str(workspace),
                "event_name": event_name,
                "event": event,
                "repository": REPOSITORY,
                "token": "simulated",
            },
        }
        job_env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",  # the test's venv is not on it
            "HOME": os.environ.get("HOME", str(self.temp)),
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_REPOSITORY": REPOSITORY,
            "GITHUB_STEP_SUMMARY": str(summary),
            "RUNNER_TEMP": str(self.temp),
            "RUNNER_OS": "Linux",
            **{k: v for k, v in os.environ.items() if k.startswith(("PIP_", "UV_"))},
            **(env or {}),
        }
        log: list[str] = []
        failed_code = 0
        uploads: list[dict[str, str]] = []
        for index, step in enumerate(STEPS):
            sid = step.get("id", f"step{index}")
            if only is not None and sid not in only:
                continue
            status = {
                "success": failed_code == 0,
                "failure": failed_code != 0,
                "always": True,
                "cancelled": False,
            }
            expr = Expr(contexts, status)
            condition = step.get("if", "success()")
            if not _truthy(
                expr.evaluate(expr.interpolate(condition) if "${{" in condition else condition)
            ):
                steps[sid] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
                continue
            if "uses" in step:
                with_values = {k: expr.interpolate(v) for k, v in step.get("with", {}).items()}
                outputs = self._uses(step["uses"], with_values, uploads)
                steps[sid] = {"outputs": outputs, "outcome": "success", "conclusion": "success"}
                continue
            output_file = self.temp / f"output-{sid}-{id(event)}"
            output_file.write_text("", encoding="utf-8")
            step_env = {
                **job_env,
                "GITHUB_OUTPUT": str(output_file),
                **{k: expr.interpolate(v) for k, v in step.get("env", {}).items()},
            }
            script = self.temp / f"{sid}.sh"
            script.write_text(step["run"], encoding="utf-8")
            proc = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=workspace,
                env=step_env,
                capture_output=True,
                text=True,
                timeout=900,
            )
            log.append(proc.stdout + proc.stderr)
            outcome = "success" if proc.returncode == 0 else "failure"
            steps[sid] = {
                "outputs": parse_outputs(output_file.read_text(encoding="utf-8")),
                "outcome": outcome,
                "conclusion": outcome,
                "exit_code": proc.returncode,
            }
            if proc.returncode and not failed_code:
                failed_code = proc.returncode
        # actions/cache's post step saves the path under the key, if the job did not fail
        saved = steps.get("cache", {}).get("outcome") == "success"
        if saved and steps.get("install", {}).get("outcome") == "success":
            self.cache_keys.add(steps["key"]["outputs"]["key"])
        action_outputs = {
            name: Expr(contexts, {}).interpolate(spec["value"])
            for name, spec in ACTION["outputs"].items()
        }
        text = "".join(log)
        return Run(
            exit_code=failed_code,
            log=text,
            commands=runner_commands(text),
            summary=summary.read_text(encoding="utf-8"),
            outputs=action_outputs,
            steps=steps,
            uploads=uploads,
        )

    def _uses(self, uses: str, with_values: dict[str, str], uploads: list) -> dict[str, str]:
        name = uses.split("@")[0]
        if name == "actions/setup-python":
            # Stand-in: this interpreter's base Python (not the test venv), as setup-python
            # with update-environment: false reports it in `python-path`.
            base = getattr(sys, "_base_executable", sys.executable)
            return {"python-path": base, "python-version": with_values.get("python-version", "")}
        if name == "github/codeql-action/upload-sarif":
            uploads.append(with_values)
            return {}
        if name == "actions/cache":
            assert with_values["key"].startswith("ai-security-gate-venv-Linux-py")
            return {"cache-hit": "true" if with_values["key"] in self.cache_keys else "false"}
        raise AssertionError(f"unexpected action {uses}")


# --- fixtures: install once, then one real git repository per scenario ---------------------


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> SimulatedRunner:
    """Run the action's setup and install steps once (a real venv, a real pip install of
    this checkout); the scenarios are later jobs that restore it from the cache this job
    saved (without the key the first scenario would rebuild the whole venv, ~2 minutes)."""
    temp = tmp_path_factory.mktemp("runner-temp")
    runner = SimulatedRunner(temp)
    result = runner.run(temp, only=("python", "key", "cache", "install"))
    assert result.exit_code == 0, result.log
    assert "using the cached environment" not in result.log  # a fresh install, for real
    bin_dir = Path(result.steps["install"]["outputs"]["bin"])
    assert (bin_dir / "ai-security-gate").exists()
    assert temp in bin_dir.parents  # an isolated venv under runner.temp
    assert runner.cache_keys == {result.steps["key"]["outputs"]["key"]}  # saved for later jobs
    later_jobs = SimulatedRunner(temp, base_steps=result.steps)
    later_jobs.cache_keys = set(runner.cache_keys)
    return later_jobs


def make_repo(root: Path, base: Path, head: Path | None) -> Path:
    """A git repository whose `main` has `base`'s files and, when `head` is given, a
    branch `feature` (checked out) whose one commit replaces them with `head`'s."""
    repo = root / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "ci@example.com")
    git(repo, "config", "user.name", "CI")
    git(repo, "config", "commit.gpgsign", "false")
    shutil.copytree(base, repo, dirs_exist_ok=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    if head is not None:
        git(repo, "checkout", "-q", "-b", "feature")
        for child in repo.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        shutil.copytree(head, repo, dirs_exist_ok=True)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "head")
    return repo


def pr_event(repo: Path, head_repo: str = REPOSITORY) -> dict[str, Any]:
    return {
        "action": "synchronize",
        "number": 7,
        "pull_request": {
            "number": 7,
            "base": {
                "ref": "main",
                "sha": git(repo, "rev-parse", "main").strip(),
                "repo": {"full_name": REPOSITORY},
            },
            "head": {
                "ref": "feature",
                "sha": git(repo, "rev-parse", "HEAD").strip(),
                "repo": {"full_name": head_repo},
            },
        },
        "repository": {"full_name": REPOSITORY},
    }


def job_env(tmp_path: Path) -> dict[str, str]:
    # A workflow-level `env:` a user could set too: pin the date, keep the cache private.
    return {
        "AI_SECURITY_GATE_TODAY": TODAY,
        "AI_SECURITY_GATE_CACHE_DIR": str(tmp_path / "cache"),
    }


def assert_valid_sarif(path: Path) -> dict:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    doc = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(doc)
    return doc


# --- scenarios ------------------------------------------------------------------------------


@pytest.mark.slow
def test_pull_request_that_breaks_the_manifest_fails_with_summary_annotations_and_sarif(
    installed, tmp_path
):
    repo = make_repo(tmp_path, EXAMPLES / "passing", EXAMPLES / "failing")
    run = installed.run(
        repo,
        inputs={"upload-sarif": "true"},
        event_name="pull_request",
        event=pr_event(repo),
        env={**job_env(tmp_path), "GITHUB_BASE_REF": "main", "GITHUB_HEAD_REF": "feature"},
    )
    assert run.exit_code == 1, run.log  # the job fails exactly because the gate fails
    assert run.steps["gate"]["exit_code"] == 1

    # outputs
    assert run.outputs["result"] == "fail"
    assert run.outputs["exit-code"] == "1"
    counts = json.loads(run.outputs["counts"])
    assert sum(counts.values()) == 72
    assert int(run.outputs["failed"]) == counts["fail"] >= 1
    assert int(run.outputs["blocking"]) >= 1
    assert int(run.outputs["passed"]) == counts["pass"]

    # the gate ran once, in pull-request mode against the base branch
    assert run.log.count("Running: ai-security-gate check") == 1
    assert "--base-ref main" in run.log

    # job summary: the markdown report, posture table whole
    assert run.summary.startswith("## ❌ ai-security-gate: FAIL")
    assert "| Phase | Principle | Pass | Fail |" in run.summary
    assert "| **Total** |" in run.summary

    # annotations the runner acts on: ours only, on the manifest, at most 10 per kind
    errors = [c for c in run.commands if c[0] == "error"]
    warnings = [c for c in run.commands if c[0] == "warning"]
    assert errors and len(errors) <= 10 and len(warnings) <= 10
    assert {c[1]["file"] for c in errors if "file" in c[1]} == {"ai-security.yaml"}
    assert {c[0] for c in run.commands} <= {"error", "warning", "notice"}
    # the pull request changes the manifest: reviewers are told, as a notice
    notices = [c for c in run.commands if c[0] == "notice"]
    assert notices and len(notices) <= 10

    # SARIF: written, valid, uploaded (simulated) from a same-repository pull request
    sarif = Path(run.outputs["sarif"])
    doc = assert_valid_sarif(sarif)
    assert doc["runs"][0]["properties"]["result"] == "fail"
    assert run.uploads == [{"sarif_file": str(sarif), "category": ""}]
    assert Path(run.outputs["json"]).is_file()


@pytest.mark.slow
def test_fork_pull_request_still_gets_summary_and_annotations_but_no_upload(installed, tmp_path):
    repo = make_repo(tmp_path, EXAMPLES / "passing", EXAMPLES / "failing")
    run = installed.run(
        repo,
        inputs={"upload-sarif": "true"},
        event_name="pull_request",
        # no GITHUB_BASE_REF: the base branch comes from the event payload
        event=pr_event(repo, head_repo="someone/helpdesk"),
        env=job_env(tmp_path),
    )
    assert run.exit_code == 1, run.log
    assert "--base-ref main" in run.log
    assert run.summary.startswith("## ❌ ai-security-gate: FAIL")
    assert any(c[0] == "error" for c in run.commands)
    assert run.uploads == []  # a fork's token is read-only: the upload is skipped
    assert run.steps["upload"]["outcome"] == "skipped"


@pytest.mark.slow
def test_push_with_the_passing_example_passes(installed, tmp_path):
    repo = make_repo(tmp_path, EXAMPLES / "passing", None)
    run = installed.run(
        repo,
        inputs={"formats": "junit:reports/gate.xml\n  json:reports/gate.json  "},
        event_name="push",
        env=job_env(tmp_path),
    )
    assert run.exit_code == 0, run.log
    assert run.outputs["result"] == "pass"
    assert "--base-ref" not in run.log  # not a pull request
    assert run.summary.startswith("## ✅ ai-security-gate: PASS")
    assert not [c for c in run.commands if c[0] == "error"]
    assert (repo / "reports" / "gate.xml").is_file()
    assert json.loads((repo / "reports" / "gate.json").read_text())["result"] == "pass"
    assert run.uploads == []  # upload-sarif defaults to false


@pytest.mark.slow
def test_the_gate_not_running_fails_the_job_without_an_upload(installed, tmp_path):
    repo = make_repo(tmp_path, EXAMPLES / "passing", None)
    run = installed.run(
        repo,
        inputs={"manifest": "missing.yaml", "upload-sarif": "true"},
        env=job_env(tmp_path),
    )
    assert run.exit_code == 2, run.log
    assert run.outputs["result"] == "error"
    assert run.outputs["sarif"] == ""
    assert run.uploads == []
    assert any(c[0] == "error" and "could not run" in c[2] for c in run.commands)


@pytest.mark.slow
def test_manifest_text_cannot_issue_workflow_commands(installed, tmp_path):
    head = tmp_path / "head"
    shutil.copytree(EXAMPLES / "failing", head)
    manifest = head / "ai-security.yaml"
    text = manifest.read_text(encoding="utf-8")
    # a dataset name that, printed on its own line, would be a command
    evil = '"x\\n::add-mask::secret\\n::error file=evil.py::pwned\\n::set-env name=A::B"'
    first = re.search(r"^\s*- name: (\S+)\s*$", text[text.index("datasets:") :], re.M).group(1)
    manifest.write_text(text.replace(f"name: {first}", f"name: {evil}"), encoding="utf-8")
    repo = make_repo(tmp_path, head, None)
    run = installed.run(repo, env=job_env(tmp_path))
    assert run.exit_code == 1, run.log
    assert "::error file=evil.py::pwned" in run.log  # the text report printed it, raw
    # the gate's own notices (what verified the passes) are the only other commands
    acted = [
        c
        for c in run.commands
        if c[0] not in ("error", "warning")
        and not (c[0] == "notice" and c[1].get("title", "").startswith("ai-security-gate"))
    ]
    assert acted == []
    assert not any(c[1].get("file") == "evil.py" for c in run.commands)


# --- the environment cache, args, and the sticky pull-request comment -----------------------


def test_a_cached_environment_is_reused_and_the_key_follows_what_is_installed(installed):
    key = installed.base_steps["key"]["outputs"]["key"]
    assert f"-py{installed.base_steps['python']['outputs']['python-version']}-" in key
    runner = SimulatedRunner(installed.temp)
    runner.cache_keys = {key}
    run = runner.run(installed.temp, only=("python", "key", "cache", "install"))
    assert run.exit_code == 0, run.log
    assert run.steps["cache"]["outputs"]["cache-hit"] == "true"
    assert "using the cached environment" in run.log  # no reinstall
    other = runner.run(installed.temp, inputs={"version": "9.9.9"}, only=("python", "key")).steps[
        "key"
    ]["outputs"]["key"]
    assert other != key and "9.9.9" in other


FAKE_GH = """#!{python}
# Stand-in for `gh api` (GitHub's REST API cannot run here): comments live in a JSON file;
# GET applies the step's --jq filter with the real jq.
import json, os, subprocess, sys
from pathlib import Path
state = Path(os.environ["FAKE_GH_STATE"])
store = state / "comments.json"
comments = json.loads(store.read_text()) if store.exists() else []
args = sys.argv[1:]
with open(state / "calls.jsonl", "a") as log:
    log.write(json.dumps(args) + "\\n")
assert args[0] == "api", args
method, fields, jq, path = "GET", {{}}, None, None
i = 1
while i < len(args):
    a = args[i]
    if a == "--method":
        method, i = args[i + 1], i + 2
    elif a == "-F":
        k, v = args[i + 1].split("=", 1)
        fields[k] = Path(v[1:]).read_text() if v.startswith("@") else v
        i += 2
    elif a == "--jq":
        jq, i = args[i + 1], i + 2
    elif a == "--paginate":
        i += 1
    else:
        path, i = a, i + 1
if method == "GET":
    out = json.dumps(comments)
    print(subprocess.run(["jq", "-r", jq], input=out, capture_output=True, text=True, check=True).stdout, end="")
elif method == "POST":
    comments.append({{"id": 1000 + len(comments), "body": fields["body"],
                     "user": {{"login": "github-actions[bot]", "type": "Bot"}}}})
elif method == "PATCH":
    cid = int(path.rsplit("/", 1)[1])
    (c,) = [c for c in comments if c["id"] == cid]
    c["body"] = fields["body"]
store.write_text(json.dumps(comments))
"""


def fake_gh(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH.format(python=getattr(sys, "_base_executable", sys.executable)))
    gh.chmod(0o755)
    state = tmp_path / "gh-state"
    state.mkdir()
    # someone else's comment that copies our marker: never edited
    (state / "comments.json").write_text(
        json.dumps(
            [
                {
                    "id": 1,
                    "body": "<!-- ai-security-gate comment: default -->\nhi",
                    "user": {"login": "mallory", "type": "User"},
                }
            ]
        )
    )
    return {"PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin", "FAKE_GH_STATE": str(state)}


@pytest.mark.slow
def test_comment_is_one_sticky_comment_updated_in_place_and_never_from_forks(installed, tmp_path):
    repo = make_repo(tmp_path, EXAMPLES / "passing", EXAMPLES / "failing")
    env = {**job_env(tmp_path), **fake_gh(tmp_path), "GITHUB_BASE_REF": "main"}
    state = Path(env["FAKE_GH_STATE"])
    for _ in range(2):
        run = installed.run(
            repo,
            inputs={"comment": "true", "args": "--fail-on should\n--offline"},
            event_name="pull_request",
            event=pr_event(repo),
            env=env,
        )
        assert run.exit_code == 1, run.log
        assert run.steps["comment"]["outcome"] == "success", run.log
    assert "--fail-on should --offline" in run.log  # args reached the gate, split
    comments = json.loads((state / "comments.json").read_text())
    ours = [c for c in comments if c["user"]["login"] == "github-actions[bot]"]
    assert len(ours) == 1  # posted once, then edited in place
    assert ours[0]["body"].startswith("<!-- ai-security-gate comment: default -->\n## ❌")
    assert comments[0]["body"].endswith("hi")  # the copied marker was left alone
    methods = [json.loads(line) for line in (state / "calls.jsonl").read_text().splitlines()]
    assert [m[m.index("--method") + 1] for m in methods if "--method" in m] == ["POST", "PATCH"]

    fork = installed.run(
        repo,
        inputs={"comment": "true"},
        event_name="pull_request",
        event=pr_event(repo, head_repo="someone/helpdesk"),
        env=env,
    )
    assert fork.steps["comment"]["outcome"] == "skipped"
    push = installed.run(repo, inputs={"comment": "true"}, env=env)
    assert push.steps["comment"]["outcome"] == "skipped"
    assert len((state / "calls.jsonl").read_text().splitlines()) == len(methods)
