"""OPA bundles: `bundle build` writes a standard bundle (policies, catalogue and schema as
data, .manifest with revision and roots), optionally signed in OPA's .signatures.json format;
`check -p bundle.tar.gz` verifies it with a key and uses it; the OPA-server engine checks the
server's bundle revision. No `opa` binary ships in a registry package, so the bundle is loaded
into real OPA in-process (opa-golib-python-bindings) file by file, as OPA's loader does, and the
signature is checked with an independent JWT library (PyJWT)."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ai_security_gate.bundle import canonical_json
from ai_security_gate.cli import main
from conftest import EXAMPLES, TODAY


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name.lstrip("/"): tar.extractfile(m).read() for m in tar if m.isfile()}


def rsa_keys(tmp_path: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = tmp_path / "bundle.key"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public = tmp_path / "bundle.pub"
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A bundle signed with a shared secret (HS256), beside it as `secret`."""
    where = tmp_path_factory.mktemp("bundle")
    (where / "secret").write_bytes(b"the organisation's bundle secret")
    out = where / "bundle.tar.gz"
    result = invoke(
        "bundle",
        "build",
        "-o",
        str(out),
        "--signing-key",
        str(where / "secret"),
        "--signing-alg",
        "HS256",
    )
    assert result.exit_code == 0, result.output
    return out


def key_of(bundle: Path) -> str:
    return str(bundle.parent / "secret")


def test_bundle_layout_manifest_and_data(built, tmp_path):
    files = members(built)
    manifest = json.loads(files[".manifest"])
    assert manifest["roots"] == ["ai_security", "ai_security_gate"]
    assert manifest["revision"].startswith("0.") and "+" in manifest["revision"]
    data = json.loads(files["ai_security_gate/data.json"])
    assert len(data["catalog"]) == 72 and data["schema"]["type"] == "object"
    rego = [n for n in files if n.endswith(".rego")]
    assert rego and not [n for n in rego if n.endswith("_test.rego")]
    # every policy's package sits under a declared root, as OPA requires
    for name in rego:
        package = files[name].decode().split("package ", 1)[1].split()[0]
        assert package.split(".")[0] in manifest["roots"], name
    again = tmp_path / "again.tar.gz"
    invoke(
        "bundle",
        "build",
        "-o",
        str(again),
        "--signing-key",
        key_of(built),
        "--signing-alg",
        "HS256",
    )
    assert again.read_bytes() == built.read_bytes()  # reproducible


def test_real_opa_loads_the_bundle_and_checks_with_it(built):
    opa_bindings = pytest.importorskip("opa_bindings", reason="real OPA in-process not installed")
    engine = opa_bindings.OpaEngine()
    files = members(built)
    for name, content in files.items():
        if name.endswith(".rego"):
            engine.add_policy(name, content.decode())
    engine.add_data(json.loads(files["ai_security_gate/data.json"]), "ai_security_gate")
    assert len(engine.eval_document("ai_security_gate.catalog", None)) == 72
    # the gate run on the bundle's policies, by real OPA, agrees with the shipped ones
    for example in ("passing", "failing"):
        args = ("check", str(EXAMPLES / example), "--today", TODAY, "-f", "json")
        plain = json.loads(invoke(*args).output)
        bundled = json.loads(
            invoke(*args, "-p", str(built), "--bundle-key", key_of(built), "--engine", "opa").output
        )
        assert [p["status"] for p in bundled["provisions"]] == [
            p["status"] for p in plain["provisions"]
        ]


def test_signed_bundle_verifies_with_an_independent_jwt_library(tmp_path):
    jwt = pytest.importorskip("jwt")
    private, public = rsa_keys(tmp_path)
    out = tmp_path / "signed.tar.gz"
    result = invoke("bundle", "build", "-o", str(out), "--signing-key", str(private))
    assert result.exit_code == 0 and "signed (RS256)" in result.output
    files = members(out)
    (token,) = json.loads(files[".signatures.json"])["signatures"]
    payload = jwt.decode(token, public.read_bytes(), algorithms=["RS256"])
    listed = {f["name"]: f["hash"] for f in payload["files"]}
    assert set(listed) == set(files) - {".signatures.json"}
    for name, content in files.items():
        if name.endswith(".rego"):  # raw bytes
            assert listed[name] == hashlib.sha256(content).hexdigest()
        elif name != ".signatures.json":  # JSON: OPA's canonical form
            assert listed[name] == hashlib.sha256(canonical_json(json.loads(content))).hexdigest()
    check = invoke(
        "check",
        str(EXAMPLES / "passing"),
        "--today",
        TODAY,
        "-p",
        str(out),
        "--bundle-key",
        str(public),
    )
    assert check.exit_code == 0, check.output


def _rewrite(src: Path, dst: Path, change) -> None:
    files = members(src)
    change(files)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(f"/{name}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    dst.write_bytes(buffer.getvalue())


def test_altered_unsigned_or_foreign_bundles_stop_the_run(tmp_path):
    private, public = rsa_keys(tmp_path)
    signed = tmp_path / "signed.tar.gz"
    invoke("bundle", "build", "-o", str(signed), "--signing-key", str(private))
    relaxed = tmp_path / "relaxed.tar.gz"

    def relax(files):  # an attacker empties one policy module
        name = next(n for n in files if n.endswith(".rego") and "p05" in n)
        files[name] = files[name].split(b"\n", 1)[0] + b"\n"

    _rewrite(signed, relaxed, relax)
    unsigned = tmp_path / "unsigned.tar.gz"
    invoke("bundle", "build", "-o", str(unsigned))
    (tmp_path / "other").mkdir()
    _, other_public = rsa_keys(tmp_path / "other")
    for bundle, key, words in (
        (relaxed, public, "does not match its signed hash"),
        (unsigned, public, "the bundle is not signed"),
        (signed, other_public, "does not verify with the given key"),
    ):
        result = invoke(
            "check",
            str(EXAMPLES / "passing"),
            "--today",
            TODAY,
            "-p",
            str(bundle),
            "--bundle-key",
            str(key),
        )
        assert result.exit_code == 2, result.output
        assert words in result.output and "Traceback" not in result.output


def test_hs256_shared_secret(tmp_path):
    secret = tmp_path / "secret"
    secret.write_bytes(b"a shared secret of the organisation")
    out = tmp_path / "hs.tar.gz"
    invoke(
        "bundle", "build", "-o", str(out), "--signing-key", str(secret), "--signing-alg", "HS256"
    )
    ok = invoke(
        "check",
        str(EXAMPLES / "passing"),
        "--today",
        TODAY,
        "-p",
        str(out),
        "--bundle-key",
        str(secret),
    )
    assert ok.exit_code == 0, ok.output
    secret.write_bytes(b"another secret")
    bad = invoke(
        "check",
        str(EXAMPLES / "passing"),
        "--today",
        TODAY,
        "-p",
        str(out),
        "--bundle-key",
        str(secret),
    )
    assert bad.exit_code == 2


def test_opa_server_must_serve_the_expected_bundle_revision(built):
    opa_bindings = pytest.importorskip("opa_bindings", reason="real OPA in-process not installed")
    from test_engine_server import _OpaRestHandler

    engine = opa_bindings.OpaEngine()
    files = members(built)
    for name, content in files.items():  # what OPA does when it activates the bundle
        if name.endswith(".rego"):
            engine.add_policy(name, content.decode())
    engine.add_data(json.loads(files["ai_security_gate/data.json"]), "ai_security_gate")
    manifest = json.loads(files[".manifest"])
    engine.add_data({"bundles": {"org": {"manifest": manifest}}}, "system")
    handler = type("Handler", (_OpaRestHandler,), {"engine": engine})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        args = (
            "check",
            str(EXAMPLES / "passing"),
            "--today",
            TODAY,
            "-p",
            str(built),
            "--bundle-key",
            key_of(built),
            "--engine",
            "opa-server",
            "--opa-url",
            url,
        )
        ok = invoke(*args, "--opa-bundle-revision", manifest["revision"])
        assert ok.exit_code == 0, ok.output
        stale = invoke(*args, "--opa-bundle-revision", "0.0.1+old")
        assert stale.exit_code == 2
        assert "does not serve bundle revision '0.0.1+old'" in stale.output
        assert manifest["revision"] in stale.output
    finally:
        server.shutdown()
        server.server_close()


def test_an_unverified_bundle_cannot_replace_the_shipped_policies(built, tmp_path):
    """The bundle file may sit in the repository, where a pull request can change it."""
    args = ("check", str(EXAMPLES / "passing"), "--today", TODAY)
    # signed, but used without its key on purpose: not verified
    result = invoke(*args, "-p", str(built), "--bundle-skip-verify")
    assert result.exit_code == 2
    assert "replaces the shipped policies only when its signature is verified" in result.output
    org = tmp_path / "org"
    org.mkdir()
    (org / "extra.rego").write_text(
        "package ai_security.custom.org\n\nimport rego.v1\n\n# METADATA\n# title: Org bundle ran\n"
        "# description: Shows that the organisation's bundle was evaluated.\n# custom:\n"
        "#   rule: org_bundle_ran\nnotices contains n if {\n"
        '\tn := {"message": "org bundle ran", "path": []}\n}\n',
        "utf-8",
    )
    custom = tmp_path / "custom.tar.gz"
    assert invoke("bundle", "build", "-o", str(custom), "-p", str(org)).exit_code == 0

    def org_only(files):  # build puts the shipped policies in; keep only the org's
        for name in [n for n in files if n.startswith("policies/")]:
            del files[name]

    _rewrite(custom, custom, org_only)
    added = invoke(*args, "-p", str(custom), "-f", "json")
    assert added.exit_code == 0, added.output
    report = json.loads(added.output)
    assert any(n["message"] == "org bundle ran" for n in report["notices"])


def test_a_signed_bundle_without_its_key_stops_the_run(built, tmp_path):
    """As OPA does: a signed bundle needs its verification key, or an explicit
    --bundle-skip-verify. A forgotten key (an unset secret in CI) must not quietly turn a
    verified policy set into an unverified one, whatever the bundle holds."""
    org = tmp_path / "org"
    org.mkdir()
    (org / "extra.rego").write_text("package ai_security.custom.org\n", "utf-8")
    custom = tmp_path / "custom.tar.gz"
    build = ("bundle", "build", "-o", str(custom), "-p", str(org))
    assert invoke(*build, "--signing-key", key_of(built), "--signing-alg", "HS256").exit_code == 0

    def org_only(files):  # only custom modules: usable unverified, were it not signed
        for name in [n for n in files if n.startswith("policies/")]:
            del files[name]

    _rewrite(custom, custom, org_only)
    args = ("check", str(EXAMPLES / "passing"), "--today", TODAY, "-p", str(custom))
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "the bundle is signed, but no key was given" in result.output
    assert "--bundle-key" in result.output and "--bundle-skip-verify" in result.output
    assert "Traceback" not in result.output
    assert invoke(*args, "--bundle-skip-verify").exit_code == 0
