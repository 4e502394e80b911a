"""The rule index is cached between runs (policy_cache.py), keyed by the policy sources: a warm
run skips the parse, and the cache can never make a run report differently."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ai_security_gate import policies, policy_cache
from ai_security_gate.cli import main
from conftest import EXAMPLES, TODAY

META = (
    "# METADATA\n# title: {title}\n# description: The owner has a phone number.\n"
    '# custom:\n#   provision: ["5.2.4-1"]\n#   rule: {rule}\n'
)
RULE = (
    "violations contains v if {{\n"
    "\tnot input.manifest.system.owner.phone\n"
    '\tv := {{"provision": "5.2.4-1", "rule": "{rule}", "message": "no phone", '
    '"path": ["system"]}}\n'
    "}}\n"
)
HEAD = "package ai_security.custom.org\n\nimport rego.v1\n\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    out = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", out, ignore=shutil.ignore_patterns(".git"))
    return out


def _run(repo: Path, cache: Path | None, *extra: str) -> tuple[int, str]:
    args = ["check", str(repo), "--today", TODAY, "--no-history", "-f", "json", *extra]
    args += ["--cache-dir", str(cache)] if cache is not None else ["--no-cache"]
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / policy_cache.NAMESPACE).rglob("*.json"))


def _forget_in_process() -> None:
    """The process keeps parsed policies too (functools.cache): only the disk is tested."""
    policies._parse.cache_clear()
    policies._index.cache_clear()


def _policy(dir_: Path, rule: str, title: str = "Owner phone") -> None:
    dir_.mkdir(exist_ok=True)
    text = HEAD + META.format(title=title, rule=rule) + RULE.format(rule=rule)
    (dir_ / "org.rego").write_text(text, encoding="utf-8")


def test_a_warm_run_takes_the_index_from_the_cache_without_parsing(repo, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cold = _run(repo, cache)
    assert len(_entries(cache)) == 1
    _forget_in_process()

    def no_parse(*_args: object) -> None:
        raise AssertionError("parsed although the index was cached")

    monkeypatch.setattr(policies, "parse_modules", no_parse)
    assert _run(repo, cache) == cold


def test_a_changed_policy_is_never_served_from_the_cache(repo, tmp_path):
    cache, org = tmp_path / "cache", tmp_path / "org"
    _policy(org, "owner_phone")
    code, first = _run(repo, cache, "-p", str(org))
    assert code == 1 and "owner_phone" in first
    _forget_in_process()
    _policy(org, "owner_phone_number", title="Owner telephone")  # same file, new content
    code, second = _run(repo, cache, "-p", str(org))
    assert code == 1
    assert "owner_phone_number" in second and '"owner_phone"' not in second
    assert len(_entries(cache)) == 2  # one per set of sources
    _forget_in_process()
    assert _run(repo, None, "-p", str(org)) == (code, second)


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"\xff\xfe",
        json.dumps({"key": "other", "value": {}}).encode(),
        None,  # the right key, with entries of the wrong shape
    ],
)
def test_a_corrupt_entry_is_ignored_and_rewritten(repo, tmp_path, content):
    cache = tmp_path / "cache"
    expected = _run(repo, cache)
    (entry,) = _entries(cache)
    if content is None:
        stored = json.loads(entry.read_text(encoding="utf-8"))
        stored["value"]["entries"][0]["line"] = "7"
        stored["value"]["modules"] = [["x", 1, []]]
        content = json.dumps(stored).encode()
    entry.write_bytes(content)
    _forget_in_process()
    assert _run(repo, cache) == expected
    assert policy_cache.decode(json.loads(entry.read_text(encoding="utf-8"))["value"])


def test_a_cache_directory_inside_the_checked_repository_holds_no_index(repo):
    inside = repo / ".cache"
    code, _ = _run(repo, inside)
    assert code == 0
    assert not (inside / policy_cache.NAMESPACE).exists()


def test_the_key_covers_every_name_and_source():
    files = (("a/x.rego", "package a"), ("a/y.rego", "package b"))
    key = policy_cache.cache_key(files, ("5.1.1-1",))
    assert policy_cache.cache_key(files, ("5.1.1-1",)) == key
    others = [
        ((("a/x.rego", "package a "), files[1]), ("5.1.1-1",)),
        ((("a/z.rego", "package a"), files[1]), ("5.1.1-1",)),
        ((files[0],), ("5.1.1-1",)),
        ((("a/x.rego", "package ab"), ("a/y.rego", "ackage b")), ("5.1.1-1",)),
        ((("a/x.regop", "ackage a"), files[1]), ("5.1.1-1",)),  # the same text, split elsewhere
        (files, ()),
    ]
    assert len({policy_cache.cache_key(f, p) for f, p in others} | {key}) == len(others) + 1


def test_the_cache_root_is_outside_the_checked_tree(tmp_path):
    repo, elsewhere = tmp_path / "repo", tmp_path / "cache"
    repo.mkdir()
    assert policy_cache.root_for(repo / ".cache", True, repo) is None
    assert policy_cache.root_for(repo, True, repo) is None
    assert policy_cache.root_for(elsewhere, True, repo) == elsewhere.resolve()
    assert policy_cache.root_for(elsewhere, False, repo) is None


def test_no_key_no_cache_and_the_run_is_unchanged(repo, tmp_path, monkeypatch):
    """An install whose index code cannot be read (e.g. shipped as .pyc only) gets no key:
    the index is built, nothing is cached, the run is the same."""
    expected = _run(repo, None)

    def unreadable() -> list[str]:
        raise OSError("no such file")

    monkeypatch.setattr(policy_cache, "_builder_sources", unreadable)
    _forget_in_process()
    cache = tmp_path / "cache"
    assert _run(repo, cache) == expected
    assert _entries(cache) == []


def test_a_cached_index_earns_as_a_fresh_one_and_stays_small(tmp_path):
    """A cached entry keeps of each rule's result object only what a check reads (the `met`
    records' path, earning.py); every earner and its section are as a fresh index has them,
    and the shipped entry is no longer half a megabyte of AST to decode on every run."""
    fresh = policies.load_policies()
    _forget_in_process()
    cache = tmp_path / "cache"
    policies.load_policies(cache_root=cache)  # writes the entry
    _forget_in_process()
    cached = policies.load_policies(cache_root=cache)
    assert cached.earners() == fresh.earners()
    assert any(e.section for group in fresh.earners().values() for e in group)
    assert cached.covered() == fresh.covered()
    (entry,) = _entries(cache)
    assert entry.stat().st_size < 150_000, entry.stat().st_size
