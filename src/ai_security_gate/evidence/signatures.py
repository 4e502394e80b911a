"""Verify the OpenSSF model signatures (PyPI `model-signing`) that models declare.

One fact per `models[i].signature`, under input.evidence.signatures:

    {"path": ["models", i, "signature"], "model": name, "method": "key",
     "signature": "models/m/model.sig", "covers": "models/m", "status": "verified",
     "verified": true, "signed_files": ["adapter.safetensors", ...]}

`status` is `verified`, `failed` (the signature is bad, made with another key, or the files
differ from what was signed: tampered, added or removed files) or `unverifiable` (the gate
could not check it: an input is missing, the library is not installed, or a Sigstore bundle
in offline mode). Every status but `verified` carries a `problem` sentence; policies treat
anything but `verified: true` as unmet (fail closed).

What a signature covers: `signature.covers` (a file or directory) when the manifest names it,
else the model's `artefact`. model-signing usually signs a whole model directory; then the
artefact must be inside it and among the signed files.

Key and certificate verification are offline. A Sigstore bundle needs Sigstore's trust root:
with --offline (or when it cannot be fetched) the gate still checks that the files match the
statement in the bundle, reports that the signer was not verified, and never passes it.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from .bounded import loads_json
from .cache import JsonCache
from .paths import resolve_inside

CACHE_NAMESPACE = "model-signing-v1"
MAX_SIGNATURE_BYTES = 16 * 1024 * 1024
MAX_LISTING = 100_000
_NETWORK_HINTS = (
    "connection",
    "connect",
    "resolve",
    "timed out",
    "timeout",
    "max retries",
    "network",
    "tuf",
    "download",
    "urlopen",
    "name or service",
)


# Without the extra a declared signature cannot be verified: unmet, never pass, never a crash.
SIGNING_MISSING = (
    "signature verification is not installed: "
    "`pip install 'ai-security-gate[signing]'` (the GitHub Action installs it)"
)


def signature_entries(
    manifest: dict[str, Any],
) -> Iterator[tuple[int, dict[str, Any], dict[str, Any]]]:
    models = manifest.get("models")
    if not isinstance(models, list):
        return
    for i, model in enumerate(models):
        if isinstance(model, dict) and isinstance(model.get("signature"), dict):
            yield i, model, model["signature"]


def verify_signatures(
    repo: Path,
    manifest: dict[str, Any],
    *,
    offline: bool,
    cache: JsonCache,
    boundary: Path | None = None,
) -> list[dict[str, Any]]:
    """`boundary`: the git top level holding `repo`; a subproject's manifest may cite its
    signature, signed files and trust anchor there with `..`, never beyond (paths.py)."""
    return [
        verify_one(repo, i, model, sig, offline=offline, cache=cache, boundary=boundary)
        for i, model, sig in signature_entries(manifest)
    ]


def _trust_anchor(
    repo: Path, method: str, trust_ref: Any, boundary: Path | None
) -> tuple[Path | None, str]:
    """(the key or certificate file of `method` key/certificate, "") or (None, why it is
    unusable); (None, "") for sigstore, which needs no file."""
    if method not in ("key", "certificate"):
        return None, ""
    field = "public_key" if method == "key" else "certificate"
    if not isinstance(trust_ref, str) or not trust_ref:
        return None, f"method {method} needs `signature.{field}`"
    trust_at = resolve_inside(repo, trust_ref, boundary)
    if trust_at.real is None or not trust_at.real.is_file():
        return None, (
            f"the {field.replace('_', ' ')} {trust_ref} " + (trust_at.problem or "does not exist")
        )
    return trust_at.real, ""


def _artefact_in(
    repo: Path, artefact: Any, covers: Path, boundary: Path | None
) -> tuple[str | None, bool]:
    """(the artefact's path inside the signed path, "" when it is that path; None when the
    model names no artefact or it does not resolve), and whether it lies outside it."""
    if not (isinstance(artefact, str) and artefact):
        return None, False
    art_at = resolve_inside(repo, artefact, boundary)
    if art_at.real is None:
        return None, False
    if art_at.real == covers:
        return "", False
    try:
        return art_at.real.relative_to(covers).as_posix(), False
    except ValueError:
        return None, True


@dataclass
class _Declared:
    """A signature declaration whose files exist inside the repository, read and parsed."""

    method: str
    sig_ref: str
    covers_ref: str
    sig_real: Path
    covers_real: Path
    artefact: Any
    artefact_rel: str | None
    raw_sig: bytes
    statement: dict[str, Any]
    trust_ref: Any
    trust_real: Path | None
    identity: Any
    issuer: Any


def verify_one(
    repo: Path,
    index: int,
    model: dict[str, Any],
    sig: dict[str, Any],
    *,
    offline: bool,
    cache: JsonCache,
    boundary: Path | None = None,
) -> dict[str, Any]:
    method = sig.get("method")
    fact: dict[str, Any] = {
        "path": ["models", index, "signature"],
        "model": model.get("name") if isinstance(model.get("name"), str) else f"models[{index}]",
        "method": method if isinstance(method, str) else "",
        "verified": False,
    }
    located = _locate(repo, model, sig, fact, boundary)
    if isinstance(located, dict):
        return located
    declared = _read_declared(repo, sig, fact, located, boundary)
    if isinstance(declared, dict):
        return declared
    return _check(declared, fact, offline, cache)


def _unverifiable(fact: dict[str, Any], problem: str) -> dict[str, Any]:
    return fact | {"status": "unverifiable", "problem": problem}


def _failed(fact: dict[str, Any], problem: str) -> dict[str, Any]:
    return fact | {"status": "failed", "problem": problem}


def _locate(
    repo: Path,
    model: dict[str, Any],
    sig: dict[str, Any],
    fact: dict[str, Any],
    boundary: Path | None,
) -> dict[str, Any] | tuple[str, str, Path, Path, Any, str | None]:
    """The signature file and the signed path, both existing inside the repository, and
    where the artefact lies in what was signed; or the result that says why not."""
    method = sig.get("method")
    if method not in ("key", "certificate", "sigstore"):
        return _unverifiable(fact, "names no signing method (key, certificate or sigstore)")
    sig_ref = sig.get("path")
    covers_ref = sig.get("covers") or model.get("artefact")
    if not isinstance(sig_ref, str) or not sig_ref:
        return _unverifiable(fact, "names no signature file (`signature.path`)")
    if not isinstance(covers_ref, str) or not covers_ref:
        return _unverifiable(
            fact, "has nothing to verify: the model has no `artefact` and the signature no `covers`"
        )
    fact["signature"] = sig_ref
    fact["covers"] = covers_ref

    sig_at = resolve_inside(repo, sig_ref, boundary)
    if sig_at.real is None or not sig_at.real.is_file():
        return _unverifiable(
            fact, f"the signature file {sig_ref} " + (sig_at.problem or "does not exist")
        )
    covers_at = resolve_inside(repo, covers_ref, boundary)
    if covers_at.real is None or not covers_at.real.exists():
        return _unverifiable(
            fact, f"the signed path {covers_ref} " + (covers_at.problem or "does not exist")
        )

    # the artefact must be what the signature covers, or inside it
    artefact = model.get("artefact")
    artefact_rel, outside = _artefact_in(repo, artefact, covers_at.real, boundary)
    if outside:
        return _failed(
            fact,
            f"covers {covers_ref}, which does not contain the model artefact "
            f"{artefact}; sign the artefact (or its directory) and set "
            "`signature.covers` to what was signed",
        )
    return sig_ref, covers_ref, sig_at.real, covers_at.real, artefact, artefact_rel


def _read_declared(
    repo: Path,
    sig: dict[str, Any],
    fact: dict[str, Any],
    located: tuple[str, str, Path, Path, Any, str | None],
    boundary: Path | None,
) -> dict[str, Any] | _Declared:
    """The signature read and parsed, and the trust anchor the method needs; or the result
    that says why not."""
    sig_ref, covers_ref, sig_real, covers_real, artefact, artefact_rel = located
    method = str(sig.get("method"))
    try:
        raw_sig = _read_bounded(sig_real)
    except OSError as exc:
        return _unverifiable(
            fact, f"the signature file {sig_ref} cannot be read: {exc.strerror or exc}"
        )
    statement = _statement(raw_sig)
    if statement is None:
        return _failed(
            fact,
            f"{sig_ref} is not a model-signing signature (a Sigstore bundle with a DSSE "
            "envelope holding an in-toto statement)",
        )
    trust_ref = sig.get("public_key") if method == "key" else sig.get("certificate")
    trust_real, trust_problem = _trust_anchor(repo, method, trust_ref, boundary)
    if trust_problem:
        return _unverifiable(fact, trust_problem)
    identity, issuer = sig.get("identity"), sig.get("issuer")
    if method == "sigstore" and not (isinstance(identity, str) and isinstance(issuer, str)):
        return _unverifiable(
            fact, "method sigstore needs `signature.identity` and `signature.issuer`"
        )
    return _Declared(
        method=method,
        sig_ref=sig_ref,
        covers_ref=covers_ref,
        sig_real=sig_real,
        covers_real=covers_real,
        artefact=artefact,
        artefact_rel=artefact_rel,
        raw_sig=raw_sig,
        statement=statement,
        trust_ref=trust_ref,
        trust_real=trust_real,
        identity=identity,
        issuer=issuer,
    )


def _check(d: _Declared, fact: dict[str, Any], offline: bool, cache: JsonCache) -> dict[str, Any]:
    """Verify the declared signature (the cache first, then model-signing)."""
    listing = _listing(d.covers_real)
    cache_key = None
    if listing is not None:
        cache_key = {
            "method": d.method,
            "signature": hashlib.sha256(d.raw_sig).hexdigest(),
            "trust": _sha256_of(d.trust_real) if d.trust_real else None,
            "identity": d.identity if d.method == "sigstore" else None,
            "issuer": d.issuer if d.method == "sigstore" else None,
            "covers": str(d.covers_real),
            "listing": listing,
        }
        hit = cache.get(cache_key)
        if hit and hit.get("verified") is True and isinstance(hit.get("signed_files"), list):
            return _verified(fact, hit["signed_files"], d.artefact_rel, d.artefact, d.sig_ref)

    signed_files = _resource_names(d.statement)
    try:  # imported only now: it takes about half a second
        import model_signing.hashing
        import model_signing.verifying  # noqa: F401 -- is the [signing] extra installed
    except ImportError as exc:
        return _unverifiable(fact, f"{SIGNING_MISSING} ({exc})")
    if d.method == "sigstore" and offline:
        return _sigstore_offline(fact, d)
    try:
        _library_verify(d)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # the library raises many types, Rust/C errors included
        detail = _describe(exc)
        if d.method == "sigstore" and any(h in detail.lower() for h in _NETWORK_HINTS):
            return _sigstore_unreachable(fact, d, detail)
        return _failed(
            fact, _failure_message(exc, detail, d.method, d.sig_ref, d.trust_ref, d.covers_ref)
        )
    if cache_key is not None:
        cache.put(cache_key, {"verified": True, "signed_files": signed_files})
    return _verified(fact, signed_files, d.artefact_rel, d.artefact, d.sig_ref)


def _library_verify(d: _Declared) -> None:
    """model-signing's own verification; raises what the library raises when it fails.
    `_read_declared` has checked that key and certificate have a trust anchor, and sigstore
    an identity and an issuer."""
    import model_signing.verifying

    config = model_signing.verifying.Config()  # type: ignore[no-untyped-call]
    if d.method == "key":
        config.use_elliptic_key_verifier(public_key=cast(Path, d.trust_real))
    elif d.method == "certificate":
        config.use_certificate_verifier(certificate_chain=[cast(Path, d.trust_real)])
    else:
        config.use_sigstore_verifier(
            identity=cast(str, d.identity), oidc_issuer=cast(str, d.issuer)
        )
    with _quiet():
        config.verify(d.covers_real, d.sig_real)


def _sigstore_offline(fact: dict[str, Any], d: _Declared) -> dict[str, Any]:
    """Offline there is no Sigstore trust root: the files are compared with the bundle, but
    who signed them stays unknown (never verified)."""
    mismatch = _integrity_only(d.covers_real, d.statement)
    if mismatch:
        return _failed(
            fact,
            f"the files in {d.covers_ref} differ from what the Sigstore bundle lists "
            f"({mismatch}); in offline mode the signer was not verified either",
        )
    return _unverifiable(
        fact,
        "is a Sigstore bundle; offline, the gate has no Sigstore trust root, so it checked "
        "only that the files match the bundle, not who signed it. Run without --offline to "
        "verify the signer",
    )


def _sigstore_unreachable(fact: dict[str, Any], d: _Declared, detail: str) -> dict[str, Any]:
    """Sigstore's trust root could not be fetched: as offline, never verified."""
    mismatch = _integrity_only(d.covers_real, d.statement)
    if mismatch:
        return _failed(
            fact,
            f"the files in {d.covers_ref} differ from what the Sigstore bundle lists ({mismatch})",
        )
    return _unverifiable(
        fact,
        f"could not fetch Sigstore's trust root to verify the signer ({detail}); the "
        "files match the bundle, but who signed it is unknown",
    )


def _verified(
    fact: dict[str, Any],
    signed_files: list[str],
    artefact_rel: str | None,
    artefact: Any,
    sig_ref: str,
) -> dict[str, Any]:
    # A valid signature may still ignore the artefact (signed with it in ignore_paths):
    # the artefact must be one of the signed files.
    if artefact_rel is not None:
        names = set(signed_files)
        covered = (artefact_rel == "" and len(names) >= 1) or artefact_rel in names
        if artefact_rel and not covered:
            # a directory artefact inside a signed directory: some signed file under it
            covered = any(n.startswith(artefact_rel + "/") for n in names)
        if not covered:
            return fact | {
                "status": "failed",
                "signed_files": signed_files,
                "problem": f"{sig_ref} is valid but does not sign the artefact {artefact}",
            }
    return fact | {"status": "verified", "verified": True, "signed_files": signed_files}


def _failure_message(
    exc: BaseException, detail: str, method: str, sig_ref: str, trust_ref: Any, covers_ref: str
) -> str:
    name = type(exc).__name__
    if name == "InvalidSignature" or "Key mismatch" in detail:
        who = f"the key {trust_ref}" if method == "key" else f"the trust anchor {trust_ref}"
        return (
            f"{sig_ref} does not verify with {who}: it was made with another key, or the "
            "signed statement was altered"
        )
    if "Signature mismatch" in detail:
        return (
            f"the files in {covers_ref} are not the ones that were signed "
            f"({detail.split(':', 1)[-1].strip()}); re-sign after a legitimate change, or "
            "restore the signed files"
        )
    if "symlink" in detail.lower():
        return f"{covers_ref} contains a symlink, which model-signing refuses to hash: {detail}"
    return f"{sig_ref} could not be verified: {detail}"


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().replace("\n", " ")
    if len(text) > 400:
        text = text[:400] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """model-signing prints warnings to stdout and sigstore logs: keep reports clean."""
    import logging  # here: only a declared signature needs it (5 ms of every run otherwise)

    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        logging.disable(previous)


def _read_bounded(path: Path) -> bytes:
    with path.open("rb") as fh:
        data = fh.read(MAX_SIGNATURE_BYTES + 1)
    if len(data) > MAX_SIGNATURE_BYTES:
        raise OSError(0, f"larger than {MAX_SIGNATURE_BYTES // (1024 * 1024)} MiB")
    return data


def _statement(raw: bytes) -> dict[str, Any] | None:
    """The in-toto statement inside a bundle's DSSE envelope (not yet authenticated)."""
    try:
        bundle = loads_json(raw)
        envelope = bundle.get("dsseEnvelope") or bundle.get("dsse_envelope")
        payload = base64.b64decode(envelope["payload"], validate=False)
        statement = loads_json(payload)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return statement if isinstance(statement, dict) else None


def _resource_names(statement: dict[str, Any]) -> list[str]:
    predicate = statement.get("predicate")
    resources = predicate.get("resources") if isinstance(predicate, dict) else None
    if not isinstance(resources, list):
        return []
    names = {r.get("name") for r in resources if isinstance(r, dict)}
    return sorted(n for n in names if isinstance(n, str))


def _integrity_only(covers: Path, statement: dict[str, Any]) -> str:
    """Hash `covers` the way the statement says it was hashed and compare; '' when equal."""
    try:
        import model_signing.hashing as ms_hashing

        serialization = statement["predicate"]["serialization"]
        method = serialization["method"]
        kwargs: dict[str, Any] = {
            "hashing_algorithm": serialization["hash_type"],
            "allow_symlinks": serialization.get("allow_symlinks", False),
        }
        if method == "files":
            config = ms_hashing.Config().use_file_serialization(**kwargs)  # type: ignore[no-untyped-call]
        elif method == "shards":
            config = ms_hashing.Config().use_shard_serialization(  # type: ignore[no-untyped-call]
                shard_size=serialization["shard_size"], **kwargs
            )
        else:
            return f"unknown serialization {method!r}"
        # relative to the model directory, as model-signing's own verification adds them
        config.add_ignored_paths(model_path=covers, paths=serialization.get("ignore_paths", []))
        with _quiet():
            actual = config.hash(covers)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        return f"cannot hash: {_describe(exc)}"
    expected: dict[str, Any] = {}
    for r in statement.get("predicate", {}).get("resources", []):
        if isinstance(r, dict):
            expected[str(r.get("name"))] = r.get("digest")
    got = {rd.identifier: rd.digest.digest_hex for rd in actual.resource_descriptors()}
    extra = sorted(set(got) - set(expected))
    missing = sorted(set(expected) - set(got))
    changed = sorted(k for k in set(got) & set(expected) if got[k] != expected[k])
    parts = []
    if extra:
        parts.append("added: " + ", ".join(extra[:5]))
    if missing:
        parts.append("missing: " + ", ".join(str(m) for m in missing[:5]))
    if changed:
        parts.append("changed: " + ", ".join(changed[:5]))
    return "; ".join(parts)


def _listing(root: Path) -> list[list[Any]] | None:
    """(relative path, size, mtime_ns, ctime_ns, inode) of every entry under `root`, sorted;
    None when there are too many to make a cache key of."""
    out: list[list[Any]] = []
    try:
        if root.is_file():
            st = root.stat()
            return [["", st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]]
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames) + [
                d for d in dirnames if os.path.islink(os.path.join(dirpath, d))
            ]:
                full = os.path.join(dirpath, name)
                st = os.lstat(full)
                rel = os.path.relpath(full, root).replace(os.sep, "/")
                out.append([rel, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_mode])
                if len(out) > MAX_LISTING:
                    return None
    except OSError:
        return None
    return sorted(out)


def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
