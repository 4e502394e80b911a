"""A subproject's manifest in a real git monorepo (issue 12): the paths quoted in messages
name files from the git top level, as the report locations do; a signature, the signed
directory and the public key may be cited with `..` (anywhere in the work tree), never
outside it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric import ec

from ai_security_gate import evidence, schema
from ai_security_gate.cli import main
from ai_security_gate.evidence.cache import JsonCache
from ai_security_gate.evidence.signatures import verify_signatures
from ai_security_gate.loader import load_manifest
from conftest import TODAY, git
from test_evidence_signatures import sign_dir, write_key, write_public

MANIFEST = """\
version: 1
system:
  name: chat
  roles: [developer]
threat_model:
  document: docs/threat-model.md
vulnerability_disclosure:
  policy: ../../SECURITY.md
models:
  - name: m
    artefact: ../../models/m/weights.safetensors
    signature:
      method: key
      path: ../../models/m/model.sig
      covers: ../../models/m
      public_key: ../../keys/signing.pub
"""


def _monorepo(top: Path, tmp_path: Path) -> Path:
    """services/chat/ai-security.yaml in a git repository whose signed model, key and
    SECURITY.md sit at the top level."""
    model = top / "models" / "m"
    model.mkdir(parents=True)
    (model / "weights.safetensors").write_bytes(b"\x00weights" * 1000)
    (model / "config.json").write_text('{"layers": 2}')
    key = ec.generate_private_key(ec.SECP256R1())
    private = write_key(tmp_path / "signing-key.pem", key)  # outside the repository
    (top / "keys").mkdir()
    write_public(top / "keys" / "signing.pub", key)
    sign_dir(model, private)
    (top / "SECURITY.md").write_text("# Security\n\nReport to security@example.org.\n")
    sub = top / "services" / "chat"
    sub.mkdir(parents=True)
    (sub / "ai-security.yaml").write_text(MANIFEST)
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "monorepo")
    return sub


def _report(sub: Path) -> dict:
    args = ["check", str(sub), "--today", TODAY, "--offline", "-f", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_messages_name_cited_files_from_the_git_top_level(git_repo: Path, tmp_path: Path):
    sub = _monorepo(git_repo, tmp_path)
    report = _report(sub)
    messages = [f["message"] for p in report["provisions"] for f in p["findings"]]
    missing = [m for m in messages if "threat-model.md does not exist" in m]
    assert missing, messages
    # where the report's location says the manifest is: services/chat/ai-security.yaml
    assert all(m.startswith("services/chat/docs/threat-model.md does not exist") for m in missing)
    assert not any(" docs/threat-model.md" in m or m.startswith("docs/") for m in messages)
    verified = [v["what"] for p in report["provisions"] for v in p["verified"]]
    quoted = [w for w in verified + messages if "SECURITY.md" in w]
    assert quoted and not any("../../SECURITY.md" in w for w in quoted)
    # the inventory (HTML, CycloneDX, JSON) names the model's artefact from the top too
    [model] = [a for a in report["assets"] if a["kind"] == "model"]
    assert model["location"] == "models/m/weights.safetensors"


def test_a_signature_cited_with_dot_dot_verifies_inside_the_work_tree(
    git_repo: Path, tmp_path: Path
):
    sub = _monorepo(git_repo, tmp_path).resolve()
    loaded = load_manifest(sub / "ai-security.yaml")
    facts = evidence.collect(
        sub,
        loaded.data,
        schema.schema_document(),
        evidence.EvidenceOptions(
            manifest_path=sub / "ai-security.yaml",
            boundary=git_repo.resolve(),
            use_cache=False,
            offline=True,
        ),
    )
    [signature] = facts["signatures"]
    assert signature["status"] == "verified", signature
    assert signature["signed_files"] == ["config.json", "weights.safetensors"]
    # through the CLI: the provision the signature serves names no signature problem
    report = _report(sub)
    messages = [f["message"] for p in report["provisions"] for f in p["findings"]]
    assert not any("signature" in m and "not verified" in m for m in messages), messages


def test_a_signature_outside_the_work_tree_stays_refused(git_repo: Path, tmp_path: Path):
    sub = _monorepo(git_repo, tmp_path).resolve()
    outside = git_repo.resolve().parent / "model.sig"  # next to the repository, not in it
    outside.write_bytes((git_repo / "models/m/model.sig").read_bytes())
    model = load_manifest(sub / "ai-security.yaml").data["models"][0]
    for ref in ("../../../model.sig", "../../models/m/../../../model.sig"):
        model["signature"]["path"] = ref
        [fact] = verify_signatures(
            sub,
            {"models": [model]},
            offline=True,
            cache=JsonCache(None, "sig"),
            boundary=git_repo.resolve(),
        )
        assert fact["status"] == "unverifiable" and "outside the repository" in fact["problem"]
    # without a boundary (a directory outside git) `..` is refused as before
    model["signature"]["path"] = "../../models/m/model.sig"
    [fact] = verify_signatures(sub, {"models": [model]}, offline=True, cache=JsonCache(None, "sig"))
    assert fact["status"] == "unverifiable" and "outside the repository" in fact["problem"]


def test_only_whole_cited_paths_are_rewritten():
    from ai_security_gate.message_paths import rebase
    from ai_security_gate.results import Decision, Finding, Location

    cited = {
        "docs/a.md": {"exists": False},
        "../shared/b.md": {"exists": True},
        "e.g": {"exists": False},  # no `/` and no such file: ordinary text
        "SECURITY.md": {"exists": True},
    }
    message = (
        "docs/a.md is missing; x/docs/a.md and docs/a.md.bak are other files; see "
        "../shared/b.md. e.g. `SECURITY.md`"
    )
    f = Finding("policy", message, (), Location("svc/ai-security.yaml", 3, 1), "5.1.3-1")
    d = Decision("svc/ai-security.yaml", [], [f], "shall")
    rebase(d, cited, "svc")
    assert d.schema_findings[0].message == (
        "svc/docs/a.md is missing; x/docs/a.md and docs/a.md.bak are other files; see "
        "shared/b.md. e.g. `svc/SECURITY.md`"
    )
