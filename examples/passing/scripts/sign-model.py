#!/usr/bin/env python3
"""Sign models/helpdesk-llm/ with OpenSSF model signing, using a DEMO key pair.

DEMO ONLY. This script makes a fresh, throw-away elliptic-curve (P-256) key pair, writes
the public half to keys/model-signing.pub, signs the whole model directory into
models/helpdesk-llm/model.sig (the signature file itself is left out of what is signed),
and then forgets the private key. Nobody holds the private key of the committed demo
public key: re-run this script after changing any file in models/helpdesk-llm/, and commit
both the new signature and the new public key.

A real project keeps its signing key in a KMS, an HSM or CI secrets (or signs keylessly with
Sigstore) and never regenerates it per release.

    pip install model-signing    # then, from examples/passing:
    python scripts/sign-model.py [--private-key KEY.pem]   # use your own key instead
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from model_signing import hashing, signing, verifying

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "helpdesk-llm"
SIGNATURE = MODEL / "model.sig"
PUBLIC_KEY = ROOT / "keys" / "model-signing.pub"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--private-key", type=Path, help="a PEM EC private key to sign with")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        if args.private_key:
            private_pem = args.private_key.read_bytes()
        else:
            key = ec.generate_private_key(ec.SECP256R1())
            private_pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        private_path = Path(tmp) / "demo-private.pem"
        private_path.write_bytes(private_pem)
        private = serialization.load_pem_private_key(private_pem, None)
        PUBLIC_KEY.parent.mkdir(parents=True, exist_ok=True)
        PUBLIC_KEY.write_bytes(
            private.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        hashing_config = hashing.Config().set_ignored_paths(paths=[SIGNATURE.name])
        (
            signing.Config()
            .use_elliptic_key_signer(private_key=private_path)
            .set_hashing_config(hashing_config)
            .sign(MODEL, SIGNATURE)
        )
    # the same check the gate makes
    verifying.Config().use_elliptic_key_verifier(public_key=PUBLIC_KEY).verify(MODEL, SIGNATURE)
    print(f"signed {MODEL.relative_to(ROOT)} -> {SIGNATURE.relative_to(ROOT)}")
    print(f"public key (DEMO, private half discarded): {PUBLIC_KEY.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
