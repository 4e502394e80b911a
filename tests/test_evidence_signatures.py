"""OpenSSF model signing, for real: models signed in a temporary directory with keys and
certificates made in the test, then tampered with. Verification fails closed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from model_signing import hashing, signing

from ai_security_gate.evidence import signatures
from ai_security_gate.evidence.cache import JsonCache
from ai_security_gate.evidence.signatures import verify_signatures


def write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> Path:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


def write_public(path: Path, key: ec.EllipticCurvePrivateKey) -> Path:
    path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with a model directory signed by a key made here (private key kept
    outside the repository)."""
    root = (tmp_path / "repo").resolve()
    model = root / "models" / "m"
    model.mkdir(parents=True)
    (model / "weights.safetensors").write_bytes(b"\x00weights" * 1000)
    (model / "config.json").write_text('{"layers": 2}')
    (model / "README.md").write_text("---\nlicense: mit\n---\n# m\n")
    key = ec.generate_private_key(ec.SECP256R1())
    private = write_key(tmp_path / "signing-key.pem", key)
    (root / "keys").mkdir()
    write_public(root / "keys" / "signing.pub", key)
    sign_dir(model, private)
    return root


def sign_dir(model: Path, private: Path, ignore: tuple[str, ...] = ()) -> None:
    config = hashing.Config().set_ignored_paths(paths=["model.sig", *ignore])
    (
        signing.Config()
        .use_elliptic_key_signer(private_key=private)
        .set_hashing_config(config)
        .sign(model, model / "model.sig")
    )


MODEL = {
    "name": "m",
    "artefact": "models/m/weights.safetensors",
    "signature": {
        "method": "key",
        "path": "models/m/model.sig",
        "covers": "models/m",
        "public_key": "keys/signing.pub",
    },
}


def verify(repo: Path, model: dict | None = None, offline: bool = False, cache=None) -> dict:
    manifest = {"models": [model or MODEL]}
    (fact,) = verify_signatures(
        repo, manifest, offline=offline, cache=cache or JsonCache(None, "sig")
    )
    return fact


def with_signature(**changes) -> dict:
    return {**MODEL, "signature": {**MODEL["signature"], **changes}}


def test_a_good_signature_verifies_and_lists_the_signed_files(repo, capfd):
    fact = verify(repo)
    assert fact == {
        "path": ["models", 0, "signature"],
        "model": "m",
        "method": "key",
        "verified": True,
        "signature": "models/m/model.sig",
        "covers": "models/m",
        "status": "verified",
        "signed_files": ["README.md", "config.json", "weights.safetensors"],
    }
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # nothing leaks into reports


def test_a_tampered_file_fails(repo):
    (repo / "models" / "m" / "config.json").write_text('{"layers": 3}')
    fact = verify(repo)
    assert fact["status"] == "failed" and fact["verified"] is False
    assert "are not the ones that were signed" in fact["problem"]
    assert "config.json" in fact["problem"]


def test_a_file_added_after_signing_fails(repo):
    (repo / "models" / "m" / "backdoor.py").write_text("import os")
    fact = verify(repo)
    assert fact["status"] == "failed" and "backdoor.py" in fact["problem"]


def test_a_removed_file_fails(repo):
    (repo / "models" / "m" / "config.json").unlink()
    fact = verify(repo)
    assert fact["status"] == "failed" and "config.json" in fact["problem"]


def test_a_signature_made_with_another_key_fails(repo, tmp_path):
    other = ec.generate_private_key(ec.SECP256R1())
    sign_dir(repo / "models" / "m", write_key(tmp_path / "other.pem", other))
    fact = verify(repo)
    assert fact["status"] == "failed"
    assert "does not verify with the key keys/signing.pub" in fact["problem"]


def test_a_signature_for_other_files_fails(repo, tmp_path):
    other = repo / "models" / "other"
    shutil.copytree(repo / "models" / "m", other)
    (other / "weights.safetensors").write_bytes(b"different weights")
    key = ec.generate_private_key(ec.SECP256R1())
    write_public(repo / "keys" / "signing.pub", key)
    sign_dir(other, write_key(tmp_path / "k2.pem", key))
    shutil.copy(other / "model.sig", repo / "models" / "m" / "model.sig")
    fact = verify(repo)
    assert fact["status"] == "failed" and "weights.safetensors" in fact["problem"]


def test_a_valid_signature_that_leaves_out_the_artefact_fails(repo, tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    write_public(repo / "keys" / "signing.pub", key)
    sign_dir(repo / "models" / "m", write_key(tmp_path / "k3.pem", key), ("weights.safetensors",))
    fact = verify(repo)
    assert fact["status"] == "failed"
    assert "does not sign the artefact models/m/weights.safetensors" in fact["problem"]


def test_covers_must_contain_the_artefact(repo):
    (repo / "elsewhere.bin").write_bytes(b"x")
    fact = verify(repo, {**MODEL, "artefact": "elsewhere.bin"})
    assert fact["status"] == "failed" and "does not contain the model artefact" in fact["problem"]


def test_a_single_file_signature_without_covers(repo, tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    write_public(repo / "keys" / "signing.pub", key)
    weights = repo / "models" / "m" / "weights.safetensors"
    signing.Config().use_elliptic_key_signer(private_key=write_key(tmp_path / "k.pem", key)).sign(
        weights, repo / "weights.sig"
    )
    model = {
        **MODEL,
        "signature": {"method": "key", "path": "weights.sig", "public_key": "keys/signing.pub"},
    }
    fact = verify(repo, model)
    assert fact["status"] == "verified" and fact["covers"] == "models/m/weights.safetensors"
    weights.write_bytes(b"swapped")
    assert verify(repo, model)["status"] == "failed"


@pytest.mark.parametrize(
    "change, words",
    [
        ({"path": "models/m/missing.sig"}, "does not exist"),
        ({"public_key": "keys/missing.pub"}, "does not exist"),
        ({"public_key": None}, "needs `signature.public_key`"),
        ({"path": "../outside.sig"}, "outside the repository"),
        ({"method": "pgp"}, "names no signing method"),
    ],
)
def test_missing_inputs_are_unverifiable_never_a_pass(repo, change, words):
    fact = verify(repo, with_signature(**change))
    assert fact["verified"] is False and fact["status"] == "unverifiable"
    assert words in fact["problem"]


def test_garbage_signature_files_fail(repo):
    sig = repo / "models" / "m" / "model.sig"
    for garbage in ("not json", json.dumps({"dsseEnvelope": {"payload": "!!!"}}), "{}"):
        sig.write_text(garbage)
        fact = verify(repo)
        assert fact["status"] == "failed" and "not a model-signing signature" in fact["problem"]


def test_a_symlink_in_the_model_directory_fails(repo):
    (repo / "models" / "m" / "extra.json").symlink_to(repo / "keys" / "signing.pub")
    fact = verify(repo)
    assert fact["status"] == "failed" and fact["verified"] is False


def test_sigstore_offline_checks_integrity_but_never_passes(repo):
    # A key-signed bundle has the same shape as a Sigstore bundle: enough to exercise the
    # offline path, which only compares the files with the statement in the bundle.
    model = with_signature(
        method="sigstore", identity="ci@example.com", issuer="https://issuer.example.com"
    )
    fact = verify(repo, model, offline=True)
    assert fact["status"] == "unverifiable" and fact["verified"] is False
    assert "offline" in fact["problem"] and "not who signed it" in fact["problem"]
    (repo / "models" / "m" / "config.json").write_text("tampered")
    fact = verify(repo, model, offline=True)
    assert fact["status"] == "failed" and "changed: config.json" in fact["problem"]


def test_sigstore_without_identity_is_unverifiable(repo):
    fact = verify(repo, with_signature(method="sigstore"), offline=True)
    assert fact["status"] == "unverifiable" and "identity" in fact["problem"]


def make_ca(tmp_path: Path):
    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "model signer")]))
        .issuer_name(ca_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(pem))
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(pem))
    return (
        write_key(tmp_path / "leaf-key.pem", leaf_key),
        tmp_path / "leaf.pem",
        tmp_path / "ca.pem",
    )


def test_certificate_signatures_verify_against_the_declared_ca(repo, tmp_path):
    key, leaf, ca = make_ca(tmp_path)
    model_dir = repo / "models" / "m"
    (
        signing.Config()
        .use_certificate_signer(private_key=key, signing_certificate=leaf, certificate_chain=[ca])
        .set_hashing_config(hashing.Config().set_ignored_paths(paths=["model.sig"]))
        .sign(model_dir, model_dir / "model.sig")
    )
    shutil.copy(ca, repo / "keys" / "ca.pem")
    model = {
        **MODEL,
        "signature": {**MODEL["signature"], "method": "certificate", "certificate": "keys/ca.pem"},
    }
    model["signature"].pop("public_key")
    assert verify(repo, model)["status"] == "verified"
    # another CA does not vouch for this signer
    _, _, other_ca = make_ca(
        tmp_path / "other" if (tmp_path / "other").mkdir() is None else tmp_path
    )
    shutil.copy(other_ca, repo / "keys" / "ca.pem")
    fact = verify(repo, model)
    assert fact["status"] == "failed" and fact["verified"] is False


def test_verification_is_cached_and_invalidated_by_any_change(repo, tmp_path, monkeypatch):
    cache = JsonCache(tmp_path / "cache", signatures.CACHE_NAMESPACE)
    assert verify(repo, cache=cache)["status"] == "verified"
    import model_signing.verifying

    def boom(*a, **k):
        raise AssertionError("verified again instead of using the cache")

    monkeypatch.setattr(model_signing.verifying.Config, "verify", boom)
    assert verify(repo, cache=cache)["status"] == "verified"
    monkeypatch.undo()
    (repo / "models" / "m" / "config.json").write_text('{"layers": 99}')
    assert verify(repo, cache=cache)["status"] == "failed"
