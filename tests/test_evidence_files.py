"""The collect stage on real files: paths that leave the repository, missing, empty, odd and
unreadable files, directories, Git LFS pointers, remote pins, model cards and ML-BOMs."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from ai_security_gate import schema
from ai_security_gate.evidence import EvidenceOptions, collect, files
from ai_security_gate.evidence.bom import bom_fact
from ai_security_gate.evidence.cards import model_card_fact
from ai_security_gate.evidence.files import file_fact, parse_lfs_pointer
from ai_security_gate.evidence.paths import resolve_inside
from ai_security_gate.evidence.references import file_references
from ai_security_gate.evidence.remote import pin_of, remote_fact

OID = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("AI_SECURITY_GATE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "tm.md").write_text("# Threat model\n")
    return root.resolve()


def fact(repo: Path, ref: str) -> dict:
    return file_fact(repo, ref)[0]


def test_a_plain_file_is_inside_and_exists(repo):
    f = fact(repo, "docs/tm.md")
    assert f == {
        "exists": True,
        "inside_repository": True,
        "path": "docs/tm.md",
        "kind": "file",
        "size": 15,
    }


def test_paths_are_normalised_lexically(repo):
    assert fact(repo, "./docs//x/../tm.md")["path"] == "docs/tm.md"


@pytest.mark.parametrize(
    "ref, words",
    [
        ("/etc/passwd", "absolute path"),
        ("~/secrets.md", "absolute path"),
        ("C:\\evidence\\tm.md", "absolute path"),
        ("../outside.md", "outside the repository"),
        ("docs/../../outside.md", "outside the repository"),
        ("docs/tm\x00.md", "NUL"),
    ],
)
def test_paths_that_leave_the_repository_are_refused_without_reading(repo, ref, words):
    (repo.parent / "outside.md").write_text("not evidence")
    f = fact(repo, ref)
    assert f["exists"] is False and f["inside_repository"] is False
    assert words in f["problem"]
    assert "size" not in f


def test_a_symlink_out_of_the_repository_is_refused(repo):
    secret = repo.parent / "secret.md"
    secret.write_text("outside")
    (repo / "docs" / "link.md").symlink_to(secret)
    (repo / "linked-dir").symlink_to(repo.parent)
    for ref in ("docs/link.md", "linked-dir/secret.md"):
        f = fact(repo, ref)
        assert f["inside_repository"] is False
        assert "symlink that points outside the repository" in f["problem"]


def test_a_symlink_inside_the_repository_is_followed(repo):
    (repo / "docs" / "alias.md").symlink_to("tm.md")
    f = fact(repo, "docs/alias.md")
    assert f["exists"] and f["symlink"] is True and f["path"] == "docs/alias.md"


def test_broken_symlink_and_symlink_loop(repo):
    (repo / "docs" / "gone.md").symlink_to("nowhere.md")
    (repo / "a").symlink_to("b")
    (repo / "b").symlink_to("a")
    assert fact(repo, "docs/gone.md")["problem"] == "does not exist (a broken symlink)"
    loop = fact(repo, "a")
    assert loop["exists"] is False and "loop" in loop["problem"]


def test_missing_and_empty_files(repo):
    (repo / "docs" / "empty.md").write_text("")
    assert fact(repo, "docs/none.md")["problem"] == "does not exist"
    assert fact(repo, "docs/tm.md/child")["problem"] == "does not exist"  # a file on the way
    empty = fact(repo, "docs/empty.md")
    assert empty["exists"] is True and empty["problem"] == "is empty"


def test_a_fifo_is_never_opened(repo):
    os.mkfifo(repo / "docs" / "pipe")
    f = fact(repo, "docs/pipe")  # would block forever if it were opened
    assert f["kind"] == "other" and "not a regular file" in f["problem"]


def test_unreadable_file_is_a_problem(repo, monkeypatch):
    if os.geteuid() != 0:
        target = repo / "docs" / "tm.md"
        target.chmod(0)
        try:
            assert fact(repo, "docs/tm.md")["problem"] == "cannot be read: permission denied"
        finally:
            target.chmod(0o644)
        return
    # root reads everything: make the open fail the way a permission error does
    real_open = Path.open

    def deny(self, *args, **kwargs):
        if self.name == "tm.md":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    assert fact(repo, "docs/tm.md")["problem"] == "cannot be read: permission denied"


def test_directories_are_counted_with_a_bound(repo, monkeypatch):
    (repo / "empty").mkdir()
    assert fact(repo, "empty")["problem"] == "is an empty directory"
    assert fact(repo, "docs") == {
        "exists": True,
        "inside_repository": True,
        "path": "docs",
        "kind": "directory",
        "file_count": 1,
        "size": 15,
    }
    big = repo / "big"
    big.mkdir()
    for i in range(30):
        (big / f"{i}.txt").write_text("x")
    monkeypatch.setattr(files, "MAX_DIR_ENTRIES", 10)
    f = fact(repo, "big")
    assert f["truncated"] is True and "more than 10 entries" in f["note"]
    assert "problem" not in f


def test_a_directory_with_a_symlink_out_is_a_problem(repo):
    model = repo / "models" / "m"
    model.mkdir(parents=True)
    (model / "weights.bin").write_bytes(b"w")
    (model / "tokenizer.json").symlink_to("/etc/hostname")
    f = fact(repo, "models/m")
    assert "symlinks that point outside the repository: tokenizer.json" in f["problem"]


def test_git_lfs_pointers_give_their_oid(repo):
    pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{OID}\nsize 2147483648\n"
    (repo / "model.bin").write_text(pointer)
    assert fact(repo, "model.bin")["lfs"] == {"oid": OID, "size": 2147483648}
    assert parse_lfs_pointer(pointer.encode()) == {"oid": OID, "size": 2147483648}
    (repo / "broken.bin").write_text("version https://git-lfs.github.com/spec/v1\noid md5:abc\n")
    assert "Git LFS pointer" in fact(repo, "broken.bin")["problem"]
    # a real file that merely starts like a pointer but is large is not one
    (repo / "big.bin").write_bytes(pointer.encode() + b"\0" * 2000)
    assert "lfs" not in fact(repo, "big.bin")


def test_doc_refs_that_are_uris_are_not_files():
    doc = schema.schema_document()
    manifest = {
        "system": {"concerns_channel": "https://intranet.example.com/report"},
        "threat_model": {"risk_appetite": "docs/risk.md", "document": "docs/tm.md"},
    }
    refs = dict(file_references(manifest, doc))
    assert refs == {
        ("threat_model", "document"): "docs/tm.md",
        ("threat_model", "risk_appetite"): "docs/risk.md",
    }


def test_collect_reports_each_path_once_with_every_place_it_is_named(repo):
    manifest = {
        "threat_model": {"document": "docs/tm.md", "residual_risks": "docs/tm.md"},
        "end_users": {"limitations": "docs/tm.md"},
    }
    facts = collect(repo, manifest, schema.schema_document(), EvidenceOptions(history=False))
    assert facts["files"]["docs/tm.md"]["referenced_at"] == [
        ["threat_model", "document"],
        ["threat_model", "residual_risks"],
        ["end_users", "limitations"],
    ]
    assert facts["git"] == {
        "available": False,
        "disabled": True,
        "reason": "history was not checked (--no-history)",
    }


def test_collect_hashes_only_artefacts_that_declare_a_hash(repo):
    (repo / "m.bin").write_bytes(b"weights")
    (repo / "card.md").write_text("card")
    (repo / "d.jsonl").write_text("{}\n")
    manifest = {
        "models": [{"name": "m", "artefact": "m.bin", "sha256": "0" * 64, "model_card": "card.md"}],
        "datasets": [{"name": "d", "path": "d.jsonl"}],
    }
    facts = collect(repo, manifest, schema.schema_document(), EvidenceOptions(history=False))
    assert facts["files"]["m.bin"]["sha256"] == hashlib.sha256(b"weights").hexdigest()
    assert "sha256" not in facts["files"]["card.md"]
    assert "sha256" not in facts["files"]["d.jsonl"]


def test_a_declared_hash_on_a_directory_or_lfs_pointer(repo):
    (repo / "model").mkdir()
    (repo / "model" / "w.bin").write_bytes(b"w")
    (repo / "ptr.bin").write_text(
        f"version https://git-lfs.github.com/spec/v1\noid sha256:{OID}\nsize 9\n"
    )
    (repo / ".gitattributes").write_text("*.bin filter=lfs diff=lfs merge=lfs -text\n")
    manifest = {
        "models": [
            {"name": "a", "artefact": "model", "sha256": OID},
            {"name": "b", "artefact": "ptr.bin", "sha256": OID},
        ]
    }
    f = collect(repo, manifest, schema.schema_document(), EvidenceOptions(history=False))["files"]
    assert "a sha256 can only be checked for a file" in f["model"]["hash_problem"]
    assert f["ptr.bin"]["lfs"]["oid"] == OID and "sha256" not in f["ptr.bin"]
    # not tracked by .gitattributes: an ordinary file, hashed (docs/security.md)
    (repo / ".gitattributes").write_text("*.bin -filter\n")
    f = collect(repo, manifest, schema.schema_document(), EvidenceOptions(history=False))["files"]
    assert "lfs" not in f["ptr.bin"] and f["ptr.bin"]["sha256"] != OID
    assert "does not track it" in f["ptr.bin"]["lfs_rejected"]


@pytest.mark.parametrize(
    "uri, revision, sha, expected",
    [
        (
            "https://huggingface.co/org/m",
            "3ad372fc79158a2148299e3318516c786aeded6c",
            None,
            "commit",
        ),
        ("https://huggingface.co/org/m", "gpt-x-2024-08-06", None, ""),  # a name, not a pin
        ("https://huggingface.co/org/m", f"sha256:{OID}", None, "digest"),
        ("https://huggingface.co/org/m", "main", None, ""),
        ("https://huggingface.co/org/m", "Latest", None, ""),
        ("https://huggingface.co/org/m", None, None, ""),
        (
            "https://huggingface.co/org/m/resolve/3ad372fc79158a2148299e3318516c786aeded6c/w.bin",
            None,
            None,
            "commit in uri",
        ),
        (f"oci://registry.example.com/models/m@sha256:{OID}", None, None, "digest in uri"),
        ("s3://bucket/data.parquet?versionId=3HL4kqtJlcpXroDTDmJ", None, None, "version in uri"),
        ("s3://bucket/data.parquet?versionId=latest", None, None, ""),
        ("gs://bucket/object#1360887759327000", None, None, "version in uri"),
        ("s3://bucket/prefix/", None, OID, "sha256"),
    ],
)
def test_remote_pins(uri, revision, sha, expected):
    assert pin_of(uri, revision, sha) == expected


def test_remote_fact_says_why_it_is_not_pinned():
    moving = remote_fact(("models", 0, "base_model"), {"uri": "https://h/o/m", "revision": "main"})
    assert moving == {
        "path": ["models", 0, "base_model", "uri"],
        "uri": "https://h/o/m",
        "revision": "main",
        "pinned": False,
        "problem": "is pinned only to `main`, a name that moves; use a commit id or digest",
    }
    bare = remote_fact(("datasets", 1), {"uri": "s3://b/p/"})
    assert bare["pinned"] is False and "no immutable revision" in bare["problem"]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_model_card_front_matter(tmp_path):
    card = write(
        tmp_path / "README.md",
        "---\nlicense: apache-2.0\nbase_model:\n  - org/base\ndatasets: org/tickets\n"
        "tags: [a]\n---\n# Card\n",
    )
    assert model_card_fact(card) == {
        "front_matter": True,
        "licenses": ["apache-2.0"],
        "base_models": ["org/base"],
        "datasets": ["org/tickets"],
    }
    other = write(tmp_path / "o.md", "---\nlicense: other\nlicense_name: acme-eula\n---\n")
    assert model_card_fact(other)["licenses"] == ["acme-eula"]


@pytest.mark.parametrize(
    "text, words",
    [
        ("# Just markdown\n", "no YAML front matter"),
        ("---\nlicense: mit\n", "never closed"),
        ("---\nlicense: [unclosed\n---\n", "not valid YAML"),
        ("---\n- a list\n---\n", "not a mapping"),
    ],
)
def test_model_card_problems(tmp_path, text, words):
    f = model_card_fact(write(tmp_path / "README.md", text))
    assert f["front_matter"] is False and words in f["problem"]


def test_model_card_aliases_do_not_expand(tmp_path):
    bomb = (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "datasets: *i\nlicense: mit\n---\n"
    )
    f = model_card_fact(write(tmp_path / "README.md", bomb))
    assert f["licenses"] == ["mit"] and f["datasets"] == []  # lists of lists are ignored


def test_cyclonedx_ml_bom(tmp_path):
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "metadata": {"component": {"type": "application", "name": "app"}},
        "components": [
            {
                "type": "machine-learning-model",
                "name": "m",
                "version": "1.0",
                "bom-ref": "model:m",
                "hashes": [{"alg": "SHA-256", "content": OID.upper()}],
                "licenses": [
                    {"license": {"id": "Apache-2.0"}},
                    {"license": {"name": "internal"}},
                ],
                "pedigree": {"ancestors": [{"type": "machine-learning-model", "name": "org/base"}]},
                "components": [
                    {
                        "type": "data",
                        "name": "nested",
                        "licenses": [{"expression": "MIT OR BSD-3-Clause"}],
                    }
                ],
            },
            {"type": "library", "name": "numpy"},
        ],
    }
    f = bom_fact(write(tmp_path / "bom.json", json.dumps(bom)))
    assert f["format"] == "CycloneDX" and f["spec_version"] == "1.6"
    assert f["components"] == [
        {
            "type": "machine-learning-model",
            "name": "m",
            "version": "1.0",
            "bom_ref": "model:m",
            "sha256": OID,
            "licenses": ["Apache-2.0", "internal"],
            "ancestors": ["org/base"],
        },
        {"type": "data", "name": "nested", "licenses": ["MIT OR BSD-3-Clause"], "ancestors": []},
    ]
    # CycloneDX 1.6 allows licence objects or one expression, not both: the validator says so
    bom["components"][0]["licenses"].append({"expression": "MIT"})
    f = bom_fact(write(tmp_path / "bad.json", json.dumps(bom)))
    assert "is not a valid CycloneDX 1.6 BOM" in f["problem"] and "components" not in f


@pytest.mark.parametrize(
    "text, words",
    [
        ("<?xml version='1.0'?><bom/>", "XML BOM"),
        ("{not json", "not valid JSON"),
        ('{"bomFormat": "SPDX"}', "neither a CycloneDX BOM"),
    ],
)
def test_bom_problems(tmp_path, text, words):
    assert words in bom_fact(write(tmp_path / "bom.json", text))["problem"]


def test_resolve_inside_keeps_the_lexical_path(repo):
    r = resolve_inside(repo, "docs/./tm.md")
    assert r.real == repo / "docs" / "tm.md" and r.rel == "docs/tm.md" and not r.problem
