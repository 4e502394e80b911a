"""Trust anchors come from the base (docs/security.md), built as a full attack: the pull
request changes the signed model, makes its own key pair and re-signs the model with it, so
the signature really verifies, against a key the pull request chose. That must fail. The
same change re-signed with the key the base already trusts passes. Real git repositories,
real OpenSSF model signing, the real CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile import EXAMPLES, check, git, init

pytest.importorskip("model_signing")
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from model_signing import hashing, signing

MODEL = Path("models") / "helpdesk-llm"


def _key_pair(folder: Path, name: str) -> tuple[Path, bytes]:
    """A fresh P-256 key: the private PEM (outside the repository) and the public PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = folder / f"{name}.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public


def _sign(repo: Path, private: Path) -> None:
    model = repo / MODEL
    config = hashing.Config().set_ignored_paths(paths=["model.sig"])
    signing.Config().use_elliptic_key_signer(private_key=private).set_hashing_config(config).sign(
        model, model / "model.sig"
    )


@pytest.fixture
def repo(tmp_path):
    """`main`: the example, its model signed by the base's key (private half kept here);
    `feature`: the pull request."""
    repo = init(tmp_path / "repo")
    shutil.copytree(EXAMPLES / "passing", repo, dirs_exist_ok=True)
    private, public = _key_pair(tmp_path, "base")
    (repo / "keys" / "model-signing.pub").write_bytes(public)
    _sign(repo, private)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the model, signed by the base's key")
    git(repo, "checkout", "-qb", "feature")
    repo.joinpath("base-private.pem").symlink_to(private)  # for the control case only
    (repo / ".git" / "info" / "exclude").write_text("base-private.pem\n")
    return repo


def _change_the_model(repo: Path) -> None:
    with (repo / MODEL / "README.md").open("a") as card:
        card.write("\nThe pull request changed this model.\n")


def _run(repo: Path) -> tuple[int, dict]:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the pull request")
    code, report, output = check(repo, "--base-ref", "main", "--offline")
    assert report is not None, output
    return code, report


def _signature_verified(report: dict) -> bool:
    """The signature itself checks out: only the trust anchor can stop the attack."""
    [model] = [p for p in report["provisions"] if p["id"] == "5.2.1-2"]
    return any("signature" in v["what"] for v in model.get("verified", []))


def _anchor_findings(report: dict) -> list[dict]:
    return [
        f
        for f in report["manifest_findings"]
        if f["rule"] == "pull-request-narrowing" and f["path"][-1:] == ["signature"]
    ]


def test_a_model_re_signed_with_the_base_key_passes(repo):
    _change_the_model(repo)
    _sign(repo, (repo / "base-private.pem").resolve())
    code, report = _run(repo)
    assert _anchor_findings(report) == []
    assert _signature_verified(report)
    assert code == 0, [f["message"] for f in report["manifest_findings"]]


def test_a_model_re_signed_with_a_key_the_pull_request_adds_fails(repo, tmp_path):
    _change_the_model(repo)
    private, public = _key_pair(tmp_path, "attacker")
    (repo / "keys" / "mine.pub").write_bytes(public)
    manifest = repo / "ai-security.yaml"
    manifest.write_text(
        manifest.read_text().replace(
            "public_key: keys/model-signing.pub", "public_key: keys/mine.pub"
        )
    )
    _sign(repo, private)
    code, report = _run(repo)
    assert _signature_verified(report)  # the attack is complete: the signature is good
    found = _anchor_findings(report)
    assert code == 1 and found and "keys/mine.pub" in found[0]["message"]


def test_a_model_re_signed_after_replacing_the_base_key_fails(repo, tmp_path):
    _change_the_model(repo)
    private, public = _key_pair(tmp_path, "attacker")
    (repo / "keys" / "model-signing.pub").write_bytes(public)  # same path, new key
    _sign(repo, private)
    code, report = _run(repo)
    assert _signature_verified(report)
    found = _anchor_findings(report)
    assert code == 1 and found and "keys/model-signing.pub" in found[0]["message"]


def test_a_key_the_base_already_had_still_verifies_a_re_signed_model(repo, tmp_path):
    # the base names a second key (its own, trusted); the pull request re-signs with it
    git(repo, "checkout", "-q", "main")
    private, public = _key_pair(tmp_path, "second")
    (repo / "keys" / "second.pub").write_bytes(public)
    manifest = repo / "ai-security.yaml"
    manifest.write_text(
        manifest.read_text().replace(
            "public_key: keys/model-signing.pub", "public_key: keys/second.pub"
        )
    )
    _sign(repo, private)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the base moves to its second key")
    git(repo, "checkout", "-q", "feature")
    git(repo, "reset", "-q", "--hard", "main")
    _change_the_model(repo)
    _sign(repo, private)
    code, report = _run(repo)
    assert _anchor_findings(report) == [] and _signature_verified(report)
    assert code == 0, [f["message"] for f in report["manifest_findings"]]
