"""OPA bundles, for organisations that run OPA centrally.

`build` writes a standard OPA bundle (a gzipped tar): the policies (without their tests),
`data.json` with the catalogue and the manifest schema under `ai_security_gate`, and a
`.manifest` with the revision and the roots. Signed, it also holds `.signatures.json` in
OPA's format: one JWT whose payload lists every file with its SHA-256 (JSON files hashed in
OPA's canonical form), verifiable by `opa run --verification-key`.

`read` opens such a bundle for `check -p bundle.tar.gz`: with a key it verifies the
signature and every file's hash first, and refuses anything that does not match (exit 2).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import GateError

ROOTS = ("ai_security", "ai_security_gate")
DATA_ROOT = "ai_security_gate"
SIGNATURES = ".signatures.json"
MANIFEST = ".manifest"
MAX_BUNDLE_BYTES = 64 * 1024 * 1024
ALGORITHMS = ("RS256", "ES256", "HS256")


@dataclass
class Bundle:
    path: str
    files: dict[str, bytes]  # bundle path (no leading slash) -> content
    manifest: dict[str, Any] = field(default_factory=dict)
    signed: bool = False

    @property
    def revision(self) -> str:
        return str(self.manifest.get("revision", ""))

    def policies(self) -> dict[str, str]:
        return {
            name: content.decode("utf-8")
            for name, content in self.files.items()
            if name.endswith(".rego") and not name.endswith("_test.rego")
        }

    def data(self) -> dict[str, Any]:
        """Every data.json, merged at its directory's path (as OPA loads them)."""
        out: dict[str, Any] = {}
        for name, content in sorted(self.files.items()):
            if PurePosixPath(name).name != "data.json":
                continue
            node = out
            for part in PurePosixPath(name).parent.parts:
                node = node.setdefault(part, {})
            node.update(json.loads(content))
        return out


# --- building -------------------------------------------------------------------------------


def build(
    out: Path,
    policy_dirs: tuple[Path, ...] = (),
    *,
    revision: str | None = None,
    signing_key: bytes | None = None,
    algorithm: str = "RS256",
    key_id: str = "ai-security-gate",
) -> Bundle:
    from . import __version__
    from .catalog import load_catalog
    from .resources import data_dir, schema_path

    files: dict[str, bytes] = {}
    for root in (data_dir("policies"), *policy_dirs):
        if not root.is_dir():
            raise GateError(f"{root}: policy directory not found")
        for path in sorted(root.rglob("*.rego")):
            if path.name.endswith("_test.rego"):
                continue
            name = f"{root.name}/{path.relative_to(root).as_posix()}"
            if name in files:
                raise GateError(f"{path}: a second policy file named {name} in the bundle")
            files[name] = path.read_bytes()
    catalog = [
        {
            "id": p.id,
            "uk_id": p.uk_id,
            "principle": p.principle,
            "phase": p.phase,
            "level": p.level,
            "roles": list(p.roles),
            "title": p.title,
        }
        for p in load_catalog()
    ]
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    files[f"{DATA_ROOT}/data.json"] = canonical_json({"catalog": catalog, "schema": schema})
    content = hashlib.sha256(b"".join(n.encode() + b"\0" + c for n, c in sorted(files.items())))
    manifest = {
        "revision": revision or f"{__version__}+{content.hexdigest()[:16]}",
        "roots": list(ROOTS),
        "metadata": {"tool": "ai-security-gate", "version": __version__},
    }
    files[MANIFEST] = canonical_json(manifest)
    if signing_key is not None:
        files[SIGNATURES] = _signatures(files, signing_key, algorithm, key_id)
    _write_tar(out, files)
    return Bundle(str(out), files, manifest, signed=signing_key is not None)


def canonical_json(value: Any) -> bytes:
    """JSON as OPA hashes it (Go's encoding/json of sorted maps): compact, keys sorted, UTF-8,
    with <, >, & and U+2028/9 escaped as Go escapes them."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)  # these appear only inside strings
    return text.encode("utf-8")


def file_hash(name: str, content: bytes) -> str:
    """The SHA-256 OPA records for a file: JSON files in canonical form, others as bytes."""
    if name.endswith(".json") or PurePosixPath(name).name == MANIFEST:
        content = canonical_json(json.loads(content))
    return hashlib.sha256(content).hexdigest()


def _write_tar(out: Path, files: dict[str, bytes]) -> None:
    import tarfile  # here, not at the top: every `check` imports this module, few use bundles

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, content in sorted(files.items()):
            info = tarfile.TarInfo(f"/{name}")
            info.size = len(content)
            info.mode = 0o644
            info.mtime = 0  # the same inputs give the same bytes
            tar.addfile(info, io.BytesIO(content))
    import gzip

    from .safewrite import refuse_symlinks

    refuse_symlinks(out)  # never written through a planted symlink
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with (
            open(out, "wb") as fh,
            gzip.GzipFile(filename="", fileobj=fh, mode="wb", mtime=0) as gz,
        ):
            gz.write(buffer.getvalue())
    except OSError as exc:
        raise GateError(f"{out}: cannot write the bundle: {exc.strerror}") from None


# --- signing and verifying (JWS compact, as OPA's bundle signing) ---------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signatures(files: dict[str, bytes], key: bytes, algorithm: str, key_id: str) -> bytes:
    if algorithm not in ALGORITHMS:
        raise GateError(f"{algorithm}: unsupported signing algorithm; use {', '.join(ALGORITHMS)}")
    payload = {
        "files": [
            {"name": name, "hash": file_hash(name, content), "algorithm": "SHA-256"}
            for name, content in sorted(files.items())
        ],
        "keyid": key_id,
    }
    header = {"alg": algorithm, "typ": "JWT", "kid": key_id}
    signing_input = f"{_b64(canonical_json(header))}.{_b64(canonical_json(payload))}"
    signature = _sign(signing_input.encode(), key, algorithm)
    return canonical_json({"signatures": [f"{signing_input}.{_b64(signature)}"]})


def _sign(message: bytes, key: bytes, algorithm: str) -> bytes:
    if algorithm == "HS256":
        return hmac.new(key, message, hashlib.sha256).digest()
    crypto = _crypto()
    private = crypto.serialization.load_pem_private_key(key, password=None)
    if algorithm == "RS256":
        if not isinstance(private, crypto.rsa.RSAPrivateKey):
            raise GateError("RS256 needs an RSA private key (PEM)")
        signed: bytes = private.sign(message, crypto.padding.PKCS1v15(), crypto.hashes.SHA256())
        return signed
    if not isinstance(private, crypto.ec.EllipticCurvePrivateKey):
        raise GateError("ES256 needs an EC P-256 private key (PEM)")
    der = private.sign(message, crypto.ec.ECDSA(crypto.hashes.SHA256()))
    r, s = crypto.utils.decode_dss_signature(der)
    raw: bytes = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return raw


def _verify(message: bytes, signature: bytes, key: bytes, algorithm: str) -> bool:
    if algorithm == "HS256":
        return hmac.compare_digest(hmac.new(key, message, hashlib.sha256).digest(), signature)
    crypto = _crypto()
    try:
        public = crypto.serialization.load_pem_public_key(key)
    except ValueError:
        raise GateError("the verification key is not a PEM public key") from None
    try:
        if algorithm == "RS256" and isinstance(public, crypto.rsa.RSAPublicKey):
            public.verify(signature, message, crypto.padding.PKCS1v15(), crypto.hashes.SHA256())
            return True
        if algorithm == "ES256" and isinstance(public, crypto.ec.EllipticCurvePublicKey):
            if len(signature) != 64:
                return False
            der = crypto.utils.encode_dss_signature(
                int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            )
            public.verify(der, message, crypto.ec.ECDSA(crypto.hashes.SHA256()))
            return True
    except crypto.InvalidSignature:
        return False
    return False


def _crypto() -> Any:
    try:
        from cryptography import exceptions
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
    except ImportError:
        raise GateError(
            "RS256/ES256 bundle signatures need the cryptography package: "
            "`pip install 'ai-security-gate[signing]'` (or use HS256)"
        ) from None

    class _Crypto:
        pass

    c = _Crypto()
    c.hashes, c.serialization, c.ec, c.padding, c.rsa, c.utils = (  # type: ignore[attr-defined]
        hashes,
        serialization,
        ec,
        padding,
        rsa,
        utils,
    )
    c.InvalidSignature = exceptions.InvalidSignature  # type: ignore[attr-defined]
    return c


# --- reading --------------------------------------------------------------------------------


def is_bundle(path: Path) -> bool:
    return path.is_file() and path.name.endswith((".tar.gz", ".tgz"))


def read(path: Path, verification_key: bytes | None = None) -> Bundle:
    files = _read_tar(path)
    manifest: dict[str, Any] = {}
    if MANIFEST in files:
        try:
            manifest = json.loads(files[MANIFEST])
        except json.JSONDecodeError as exc:
            raise GateError(f"{path}: .manifest is not JSON ({exc.msg})") from None
    bundle = Bundle(str(path), files, manifest)
    if verification_key is not None:
        _verify_bundle(bundle, verification_key)
        bundle.signed = True
    return bundle


def _read_tar(path: Path) -> dict[str, bytes]:
    import tarfile

    files: dict[str, bytes] = {}
    total = 0
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            for member in tar:
                if member.isdir():
                    continue
                if not member.isfile():  # links, devices: never followed
                    raise GateError(f"{path}: {member.name} is not a regular file")
                name = PurePosixPath("/" + member.name).as_posix().lstrip("/")
                if ".." in PurePosixPath(name).parts or not name:
                    raise GateError(f"{path}: {member.name} leaves the bundle")
                total += member.size
                if total > MAX_BUNDLE_BYTES:
                    raise GateError(f"{path}: larger than {MAX_BUNDLE_BYTES // 2**20} MiB")
                extracted = tar.extractfile(member)
                files[name] = extracted.read() if extracted else b""
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise GateError(f"{path}: not a readable OPA bundle (.tar.gz): {exc}") from None
    return files


def _verify_bundle(bundle: Bundle, key: bytes) -> None:
    where = bundle.path
    raw = bundle.files.get(SIGNATURES)
    if raw is None:
        raise GateError(f"{where}: the bundle is not signed (no {SIGNATURES}); a key was given")
    try:
        tokens = json.loads(raw)["signatures"]
        header_b64, payload_b64, signature_b64 = tokens[0].split(".")
        header = json.loads(_unb64(header_b64))
        payload = json.loads(_unb64(payload_b64))
        signature = _unb64(signature_b64)
    except (KeyError, IndexError, ValueError, TypeError):
        raise GateError(f"{where}: {SIGNATURES} is not in OPA's format") from None
    if len(tokens) != 1:
        raise GateError(f"{where}: {SIGNATURES} must hold exactly one signature")
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise GateError(f"{where}: signature algorithm {algorithm!r} is not accepted")
    if not _verify(f"{header_b64}.{payload_b64}".encode(), signature, key, algorithm):
        raise GateError(f"{where}: the bundle's signature does not verify with the given key")
    listed = {f.get("name", "").lstrip("/"): f for f in payload.get("files", [])}
    present = {n for n in bundle.files if n != SIGNATURES}
    if set(listed) != present:
        extra = sorted(present - set(listed)) or sorted(set(listed) - present)
        raise GateError(f"{where}: files and signature disagree ({', '.join(extra[:5])})")
    for name in present:
        entry = listed[name]
        if entry.get("algorithm") != "SHA-256" or entry.get("hash") != file_hash(
            name, bundle.files[name]
        ):
            raise GateError(f"{where}: {name} does not match its signed hash")


@contextlib.contextmanager
def expanded(
    policy_paths: tuple[Path, ...], key: bytes | None, skip_verify: bool = False
) -> Iterator[tuple[Path, ...]]:
    """`policy_paths` with every bundle replaced by a directory of its (verified) policies,
    named after the bundle, for the policy loader. A signed bundle without a key stops the
    run unless `skip_verify` (OPA's rule: `opa run` refuses a signed bundle it has no
    verification key for, unless --skip-verify): a forgotten key would otherwise silently
    turn the organisation's verified policy set into an unverified one."""
    if not any(is_bundle(p) for p in policy_paths):
        yield policy_paths
        return
    import tempfile  # here: every `check` imports this module, few use bundles (8 ms)

    with tempfile.TemporaryDirectory(prefix="ai-security-gate-bundle-") as tmp:
        out: list[Path] = []
        for i, path in enumerate(policy_paths):
            if not is_bundle(path):
                out.append(path)
                continue
            root = Path(tmp) / str(i) / path.name.removesuffix(".tar.gz").removesuffix(".tgz")
            bundle = read(path, key)
            if key is None and SIGNATURES in bundle.files and not skip_verify:
                raise GateError(
                    f"{path}: the bundle is signed, but no key was given to verify it; give "
                    "--bundle-key KEY (the public key or shared secret it was signed for), or "
                    "--bundle-skip-verify to use it unverified (it may then only add "
                    "`package ai_security.custom.*` modules)"
                )
            modules = bundle.policies()
            if key is None:
                _only_custom(path, modules)
            for name, source in modules.items():
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(source, encoding="utf-8")
            root.mkdir(parents=True, exist_ok=True)
            out.append(root)
        yield tuple(out)


def _only_custom(path: Path, modules: dict[str, str]) -> None:
    """An unverified bundle may add custom modules but never stand in for the shipped ones:
    anyone who can change the file (a pull request) could otherwise relax every rule."""
    from .policy_namespace import check_custom_module
    from .rego_ast import parse_modules

    for module in parse_modules(list(modules.items())):
        name = module.name
        try:
            check_custom_module(name, module.package_path)
        except GateError:
            raise GateError(
                f"{path}: {name} declares a shipped package; a bundle replaces the shipped "
                "policies only when its signature is verified: give --bundle-key (unsigned, "
                "a bundle may only add `package ai_security.custom.*` modules)"
            ) from None
