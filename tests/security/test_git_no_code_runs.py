"""No code from the repository runs (docs/security.md): a hostile `.git/config`, its
include files, `.git/hooks`, `core.hooksPath`, `.gitattributes` and `.git/info/attributes`
name programs, and remotes point at command-running transports. The real CLI runs on each
repository in plain, pull-request (`--base-ref`, fetching the base) and shallow-clone
(fetching the history) modes; no payload may leave its marker."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hostile import check, git, markers, payload, touch_all, upstream

HOOKS = [
    "applypatch-msg",
    "pre-applypatch",
    "post-applypatch",
    "pre-commit",
    "pre-merge-commit",
    "prepare-commit-msg",
    "commit-msg",
    "post-commit",
    "pre-rebase",
    "post-checkout",
    "post-merge",
    "pre-push",
    "pre-receive",
    "update",
    "proc-receive",
    "post-receive",
    "post-update",
    "reference-transaction",
    "push-to-checkout",
    "pre-auto-gc",
    "post-rewrite",
    "sendemail-validate",
    "fsmonitor-watchman",
    "post-index-change",
]


@pytest.fixture(scope="module")
def up(tmp_path_factory) -> Path:
    return upstream(tmp_path_factory.mktemp("upstream"))


def _clone(tmp: Path, up: Path, mode: str) -> tuple[Path, list[str]]:
    """The checked-out pull request, and the CLI options of the mode."""
    url = f"file://{up}"
    repo = tmp / "checkout"
    if mode == "plain":
        git(tmp, "clone", "-q", "--branch", "feature", url, str(repo))
        args = []
    elif mode == "base-ref":  # the base is not in the clone: the gate fetches it
        git(tmp, "clone", "-q", "--single-branch", "--branch", "feature", url, str(repo))
        args = ["--base-ref", "main"]
    else:  # shallow: the gate fetches the rest of the history
        git(tmp, "clone", "-q", "--depth", "1", "--branch", "feature", url, str(repo))
        args = []
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "user.name", "Test")
    return repo.resolve(), args


def _fsmonitor(repo: Path, tmp: Path) -> None:
    touch_all(repo)
    git(repo, "config", "core.fsmonitor", str(payload(tmp, "fsmonitor")))


def _hooks(repo: Path, tmp: Path) -> None:
    touch_all(repo)
    for name in HOOKS:
        hook = repo / ".git" / "hooks" / name
        hook.write_bytes(payload(tmp, f"hook-{name}").read_bytes())
        hook.chmod(0o755)


def _hooks_path(repo: Path, tmp: Path) -> None:
    touch_all(repo)
    folder = tmp / "evil-hooks"
    folder.mkdir()
    for name in HOOKS:
        hook = folder / name
        hook.write_bytes(payload(tmp, f"hookspath-{name}").read_bytes())
        hook.chmod(0o755)
    git(repo, "config", "core.hooksPath", str(folder))


def _attributes(repo: Path, tmp: Path) -> None:
    """Drivers selected by the committed `.gitattributes` (the pull request controls it) and
    by `.git/info/attributes`, defined in `.git/config` and in a file it includes."""
    (repo / ".gitattributes").write_text("*.md filter=evil diff=evil\n*.yaml filter=proc\n")
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-qm", "attributes")
    touch_all(repo)
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "attributes").write_text("*.json filter=inc diff=inc\n")
    for key, name in (
        ("filter.evil.clean", "clean"),
        ("filter.evil.smudge", "smudge"),
        ("diff.evil.textconv", "textconv"),
        ("diff.evil.command", "diffcommand"),
        ("filter.proc.process", "process"),
    ):
        git(repo, "config", key, str(payload(tmp, name)))
    git(repo, "config", "filter.evil.required", "true")
    included = repo / "evil.gitconfig"  # in the work tree: the pull request wrote it
    included.write_text(
        f'[filter "inc"]\n\tclean = {payload(tmp, "included-clean")}\n'
        f'[diff "inc"]\n\ttextconv = {payload(tmp, "included-textconv")}\n'
    )
    git(repo, "config", "include.path", str(included))


def _signature(repo: Path, tmp: Path) -> None:
    """HEAD becomes a commit carrying a signature; `log.showSignature` would verify it with
    the configured program on every `git log` that shows it (so it changes a cited file)."""
    with (repo / "SECURITY.md").open("a") as f:
        f.write("\nSigned change.\n")
    git(repo, "commit", "-qam", "signed change")
    raw = git(repo, "cat-file", "commit", "HEAD")
    head, _, body = raw.partition("\n\n")
    sig = "gpgsig -----BEGIN PGP SIGNATURE-----\n \n =abcd\n -----END PGP SIGNATURE-----"
    obj = (repo / ".git" / "signed-commit").resolve()
    obj.write_text(f"{head}\n{sig}\n\n{body}")
    sha = git(repo, "hash-object", "-t", "commit", "-w", str(obj)).strip()
    git(repo, "update-ref", "HEAD", sha)
    git(repo, "config", "log.showSignature", "true")
    git(repo, "config", "gpg.program", str(payload(tmp, "gpg")))
    git(repo, "config", "gpg.ssh.program", str(payload(tmp, "gpg-ssh")))


def _ext_remote(repo: Path, tmp: Path) -> None:
    git(repo, "config", "remote.origin.url", f"ext::{payload(tmp, 'ext')} %S")
    git(repo, "config", "protocol.ext.allow", "always")
    git(repo, "config", "protocol.allow", "always")


def _ssh_command(repo: Path, tmp: Path) -> None:
    git(repo, "config", "remote.origin.url", "ssh://git@example.invalid/repo.git")
    git(repo, "config", "core.sshCommand", str(payload(tmp, "ssh")))
    git(repo, "config", "ssh.variant", "ssh")


def _upload_pack(repo: Path, tmp: Path) -> None:
    git(repo, "config", "remote.origin.uploadpack", str(payload(tmp, "uploadpack")))


class CredentialServer:
    def __init__(self, url: str) -> None:
        self.url = url
        self.requests = 0  # how many times git came to it (so it did ask for credentials)


@pytest.fixture
def asks_for_credentials() -> Iterator[CredentialServer]:
    """A real HTTP server that answers every request with 401: git then asks its
    credential helpers."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served.requests += 1
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="x"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served = CredentialServer(f"http://127.0.0.1:{server.server_address[1]}/repo.git")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()


LOCAL: dict[str, Callable[[Path, Path], None]] = {
    "fsmonitor": _fsmonitor,
    "hooks": _hooks,
    "hooksPath": _hooks_path,
    "attributes": _attributes,
    "signature": _signature,
}
TRANSPORT: dict[str, Callable[[Path, Path], None]] = {
    "ext": _ext_remote,
    "sshCommand": _ssh_command,
    "uploadpack": _upload_pack,
}


def _assert_ran_and_nothing_ran(tmp: Path, repo: Path, args: list[str]) -> dict | None:
    code, report, output = check(repo, *args)
    assert markers(tmp) == [], output
    if "--base-ref" in args and code == 2:  # the base could not be fetched: said, not run
        assert "--base-ref main: the base ref 'main' is not in the clone" in output, output
        assert "Traceback" not in output
        return None
    assert code in (0, 1) and report is not None, output
    return report


@pytest.mark.parametrize("mode", ["plain", "base-ref", "shallow"])
@pytest.mark.parametrize("attack", sorted(LOCAL))
def test_repository_configuration_runs_nothing(tmp_path, up, mode, attack, monkeypatch):
    repo, args = _clone(tmp_path, up, mode)
    LOCAL[attack](repo, tmp_path)
    assert markers(tmp_path) == []
    report = _assert_ran_and_nothing_ran(tmp_path, repo, args)
    assert report is not None  # the base was fetched: these attacks do not stop git
    # git did run on the repository (and did not give up on it)
    assert "history_unavailable" not in [n["rule"] for n in report["notices"]]


@pytest.mark.parametrize("mode", ["base-ref", "shallow"])
@pytest.mark.parametrize("attack", sorted(TRANSPORT))
def test_remote_transports_run_nothing(tmp_path, up, mode, attack, monkeypatch):
    monkeypatch.delenv("GIT_SSH", raising=False)
    monkeypatch.delenv("GIT_SSH_COMMAND", raising=False)
    repo, args = _clone(tmp_path, up, mode)
    TRANSPORT[attack](repo, tmp_path)
    _assert_ran_and_nothing_ran(tmp_path, repo, args)


@pytest.mark.parametrize("mode", ["base-ref", "shallow"])
def test_credential_helpers_and_askpass_of_the_repository_do_not_run(
    tmp_path, up, mode, asks_for_credentials
):
    repo, args = _clone(tmp_path, up, mode)
    url = asks_for_credentials.url
    git(repo, "config", "remote.origin.url", url)
    git(repo, "config", "credential.helper", f"!{payload(tmp_path, 'credential')}")
    git(repo, "config", f"credential.{url}.helper", str(payload(tmp_path, "credential-url")))
    git(repo, "config", "core.askPass", str(payload(tmp_path, "askpass")))
    # the attack is real: a plain `git fetch` in this repository runs the helpers
    env = {k: v for k, v in os.environ.items() if not k.endswith("ASKPASS")}
    subprocess.run(["git", "fetch", "origin"], cwd=repo, capture_output=True, env=env, timeout=60)
    assert {"credential", "credential-url"} <= set(markers(tmp_path))
    shutil.rmtree(tmp_path / "markers")
    (tmp_path / "markers").mkdir()
    before = asks_for_credentials.requests
    _assert_ran_and_nothing_ran(tmp_path, repo, args)
    # the gate did fetch from the server that asks for credentials, and nothing ran
    assert asks_for_credentials.requests > before
