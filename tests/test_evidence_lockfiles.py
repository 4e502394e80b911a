"""Lockfiles pin and dependency-update configurations are what they claim: real formats
written in the tests, parsed with real parsers, and the findings through the pipeline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from ai_security_gate.evidence.lockfiles import lockfile_problems
from ai_security_gate.evidence.update_configs import update_config_problems
from ai_security_gate.pipeline import CheckOptions, run_check
from conftest import TODAY

DATE = dt.date.fromisoformat(TODAY)
H = "a" * 64


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("AI_SECURITY_GATE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def kinds(path: Path, hashed: bool = False) -> list[str]:
    return [p["kind"] for p in lockfile_problems(path, hashed)]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("name", "text", "hashed", "expected"),
    [
        ("requirements.txt", f"a==1.0 --hash=sha256:{H}\nb===2\n", False, ["lockfile_unhashed"]),
        ("requirements.txt", "a==1.0\nb==2.1\n", False, []),
        ("requirements.txt", "a==1.0\nb==2.1\n", True, ["lockfile_unhashed"]),
        ("requirements.txt", "a>=1.0\nb==2.*\nc\n", False, ["lockfile_unpinned"]),
        ("requirements.txt", "-e ./src\na==1\n", False, ["lockfile_unpinned"]),
        (
            "requirements.txt",
            "pkg @ git+https://github.com/o/r@" + "b" * 40 + "\n",
            False,
            [],
        ),
        (
            "requirements.txt",
            "pkg @ git+https://github.com/o/r@main\n",
            False,
            ["lockfile_unpinned"],
        ),
        (
            "requirements.txt",
            "# nothing here\n--index-url https://x\n",
            False,
            ["lockfile_invalid"],
        ),
        ("requirements.txt", "this is not :: a requirement\n", False, ["lockfile_invalid"]),
        ("requirements.in", "a>=1\n", False, ["lockfile_invalid"]),
        ("pyproject.toml", "[project]\nname='x'\n", False, ["lockfile_invalid"]),
        (
            "poetry.lock",
            '[[package]]\nname = "a"\nversion = "1.0"\nfiles = [{file = "a.whl", hash = "sha256:'
            + H
            + '"}]\n',
            False,
            [],
        ),
        (
            "poetry.lock",
            '[[package]]\nname = "a"\nversion = "1.0"\nfiles = []\n',
            False,
            ["lockfile_unhashed"],
        ),
        ("poetry.lock", "[[package]\nbroken", False, ["lockfile_invalid"]),
        (
            "uv.lock",
            'version = 1\n[[package]]\nname = "me"\nversion = "0.1"\nsource = { editable = "." }\n'
            '[[package]]\nname = "a"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\n'
            'sdist = { url = "https://x/a.tar.gz", hash = "sha256:' + H + '" }\n',
            False,
            [],
        ),
        (
            "pylock.toml",
            'lock-version = "1.0"\n[[packages]]\nname = "a"\nversion = "1.0"\n'
            '[[packages.wheels]]\nurl = "https://x/a.whl"\nhashes = {sha256 = "' + H + '"}\n',
            False,
            [],
        ),
        (
            "package-lock.json",
            json.dumps(
                {
                    "lockfileVersion": 3,
                    "packages": {
                        "": {"name": "app"},
                        "node_modules/a": {"version": "1.0.0", "integrity": "sha512-x"},
                        "node_modules/b": {"version": "2.0.0"},
                    },
                }
            ),
            False,
            ["lockfile_unhashed"],
        ),
        (
            "Pipfile.lock",
            json.dumps(
                {
                    "_meta": {},
                    "default": {
                        "a": {"version": "==1.0", "hashes": ["sha256:" + H]},
                        "b": {"version": "*", "hashes": ["sha256:" + H]},
                    },
                }
            ),
            False,
            ["lockfile_unpinned"],
        ),
        ("go.sum", "golang.org/x/text v0.3.0 h1:abc=\n", False, []),
        ("go.sum", "not a go.sum\n", False, ["lockfile_invalid"]),
    ],
)
def test_lockfile_formats(tmp_path, name, text, hashed, expected):
    assert kinds(write(tmp_path / name, text), hashed) == expected


def test_a_ci_workflow_is_not_a_lockfile(tmp_path):
    wf = write(tmp_path / ".github" / "workflows" / "lint.yml", "on: push\njobs: {}\n")
    (p,) = lockfile_problems(wf, False)
    assert "CI workflow" in p["message"]


@pytest.mark.parametrize(
    ("rel", "text", "expected"),
    [
        (
            ".github/dependabot.yml",
            "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule: {interval: weekly}\n",
            None,
        ),
        (".github/dependabot.yml", "version: 2\nupdates: []\n", "configures no updates"),
        (".github/dependabot.yml", "version: 1\n", "version: 2"),
        (
            ".github/dependabot.yml",
            "version: 2\nupdates:\n  - package-ecosystem: pip\n",
            "schedule.interval",
        ),
        ("renovate.json", '{"extends": ["config:recommended"]}', None),
        ("renovate.json", '{"enabled": false}', "turns Renovate off"),
        ("renovate.json", "{oops", "not valid JSON"),
        (".github/workflows/lint.yml", "on: push\n", "CI workflow"),
        ("docs/updates.md", "# Updates\n", "is not a Dependabot"),
    ],
)
def test_dependency_update_configurations(tmp_path, rel, text, expected):
    problems = update_config_problems(write(tmp_path / rel, text), rel)
    if expected is None:
        assert problems == []
    else:
        (p,) = problems
        assert p["kind"] == "update_config_invalid" and expected in p["message"]


def failed(repo: Path) -> dict[str, list[str]]:
    # no git here: history checks off, so every failure below comes from the content
    decision = run_check(CheckOptions(repo=repo, today=DATE, history=False))
    return {
        r.provision.id: [f.message for f in r.findings]
        for r in decision.results
        if r.status.value == "fail"
    }


def test_the_issue_s_shortcuts_fail_the_gate(passing_copy):
    """A one-line lockfile and a CI workflow given as the dependency-update configuration."""
    write(passing_copy / "requirements.lock", "fastapi\n")
    write(passing_copy / ".github" / "workflows" / "lint.yml", "on: push\njobs: {}\n")
    path = passing_copy / "ai-security.yaml"
    data = yaml.safe_load(path.read_text())
    data["updates"]["dependency_updates"] = ".github/workflows/lint.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    got = failed(passing_copy)
    assert any("does not pin 1 of 1" in m for m in got["5.2.3-1"])
    assert any("no hash" in m for m in got["5.2.3-1"])
    assert any("CI workflow" in m for m in got["5.4.1-1"])


YARN_V1 = """# yarn lockfile v1


"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
  version "7.12.13"
  resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.12.13.tgz"
  integrity sha512-abc

left-pad@^1.3.0:
  version "1.3.0"
  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz"
"""

PNPM = """lockfileVersion: '9.0'
packages:
  left-pad@1.3.0:
    resolution: {integrity: sha512-abc}
  is-odd@3.0.1:
    resolution: {tarball: https://x/is-odd.tgz}
"""

GEMFILE = (
    """GEM
  remote: https://rubygems.org/
  specs:
    rack (3.0.8)
    rails (7.1.2)
      rack (>= 2.2.4)

PLATFORMS
  ruby

DEPENDENCIES
  rails (~> 7.1)

CHECKSUMS
  rack (3.0.8) sha256="""
    + H
    + """
"""
)


@pytest.mark.parametrize(
    ("name", "text", "hashed", "expected"),
    [
        ("yarn.lock", YARN_V1, False, []),
        ("yarn.lock", YARN_V1, True, ["lockfile_unhashed"]),
        (
            "yarn.lock",
            '__metadata:\n  version: 8\n"left-pad@npm:^1.3.0":\n  version: 1.3.0\n'
            "  checksum: 10c0/abc\n"
            '"app@workspace:.":\n  version: 0.0.0-use.local\n  linkType: soft\n',
            True,
            [],
        ),
        ("pnpm-lock.yaml", PNPM, False, []),
        ("pnpm-lock.yaml", PNPM, True, ["lockfile_unhashed"]),
        ("pnpm-lock.yaml", "packages: [\n", False, ["lockfile_invalid"]),
        ("Gemfile.lock", GEMFILE, False, []),
        ("Gemfile.lock", GEMFILE, True, ["lockfile_unhashed"]),
        (
            "composer.lock",
            json.dumps(
                {"packages": [{"name": "a/b", "version": "1.0.0", "dist": {"shasum": "x"}}]}
            ),
            True,
            [],
        ),
        (
            "gradle.lockfile",
            "# comment\ncom.google:guava:32.1.2-jre=compileClasspath\nempty=\n",
            False,
            [],
        ),
        (
            "packages.lock.json",
            json.dumps(
                {
                    "version": 1,
                    "dependencies": {
                        "net8.0": {"Newtonsoft.Json": {"type": "Direct", "resolved": "13.0.3"}}
                    },
                }
            ),
            False,
            ["lockfile_unhashed"],
        ),
    ],
)
def test_other_ecosystems_lockfiles(tmp_path, name, text, hashed, expected):
    assert kinds(write(tmp_path / name, text), hashed) == expected
