"""Every evidence problem is a finding: one repository (a real git repository made from the
passing example) is broken so that the collect stage records every kind of problem it can
produce; each must reach a finding, through the real pipeline and Rego engine."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from ai_security_gate import schema
from ai_security_gate.evidence import collect
from ai_security_gate.evidence.documents import scaffold_marker
from ai_security_gate.evidence.problems import KINDS
from ai_security_gate.loader import load_manifest
from ai_security_gate.pipeline import CheckOptions, run_check
from conftest import EXAMPLES, TODAY
from test_evidence_history import git, init

# produced only by a race (a file changing while it is hashed): tests/test_evidence_hashing.py
# covers it at the hashing stage; the policy reports every entry whatever its kind
RACES = {"not_hashable"}


def test_every_problem_kind_becomes_a_finding(tmp_path, monkeypatch):
    monkeypatch.setenv("AI_SECURITY_GATE_CACHE_DIR", str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "passing", repo)
    repo = init(repo)
    write = _writer(repo)
    tm = repo / "docs/security/threat-model.md"
    text = tm.read_text()
    text = text.replace("## Scope and data flows", "## Overview")  # missing_section
    tm.write_text(text)
    write("docs/empty.md", "")
    write("docs/shared.md", "# Results\n\n" + "The model was tested and it is fine. " * 30)
    (repo / "docs/emptydir").mkdir()
    write("docs/guide.md", "# Guide\n\nTODO\n")
    write("docs/notice.md", f"# Notice\n\n{scaffold_marker()} what data is collected\n")
    write("docs/design.pdf", "%PDF-1.7\n")
    write("docs/ir.yaml", "steps: [\n")
    write("data/pointer.jsonl", "version https://git-lfs.github.com/spec/v1\noid nope\n")
    write("requirements.lock", "fastapi\n")
    write("pyproject.toml", "[project]\nname = 'x'\n")
    write("sbom/ai-bom.cdx.json", "x")
    dd = repo / "docs/suppliers/example-org.md"
    text = dd.read_text().replace("Example Org", "the supplier")  # names_missing
    dd.write_text(text[: text.index("## Decision")] + "## Decision\n\nApproved.\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "broken on purpose", date="2026-10-01")
    write("docs/ops/rollback-new.md", (repo / "docs/ops/rollback.md").read_text())

    def change(d):
        d["end_users"]["limitations"] = "docs/missing.md"
        d["testing"]["shared_with_operators"] = "docs/shared.md"
        d["end_users"]["documentation"] = "docs/empty.md"
        d["updates"]["policy"] = "docs/emptydir"
        d["end_users"]["data_use_notice"] = "docs/notice.md"
        d["system"]["design_assessment"]["document"] = "docs/design.pdf"
        d["incident_response"]["plan"] = "docs/ir.yaml"
        d["end_users"]["incident_support"] = "docs/guide.md"
        d["datasets"][1]["path"] = "data/pointer.jsonl"
        d["supply_chain"]["lockfiles"] = ["requirements.lock", "pyproject.toml"]
        d["updates"]["dependency_updates"] = "README.md"
        d["infrastructure"]["rollback"]["procedure"] = "docs/ops/rollback-new.md"
        d["disposal"]["plan"] = "docs/security/threat-model.md"
        d["end_users"]["security_updates"] = "docs/security/threat-model.md"
        d["supply_chain"]["suppliers"][0]["due_diligence"] = "docs/suppliers/example-org.md"

    manifest = repo / "ai-security.yaml"
    data = yaml.safe_load(manifest.read_text())
    change(data)
    manifest.write_text(yaml.safe_dump(data, sort_keys=False))
    git(repo, "commit", "-q", "-am", "cite them", date="2026-10-02")

    loaded = load_manifest(manifest)
    facts = collect(repo, loaded.data, schema.schema_document())
    recorded = {
        (p["kind"], ref, p["message"])
        for ref, f in facts["files"].items()
        for p in f.get("problems", [])
    }
    seen = {kind for kind, _, _ in recorded}
    assert seen | RACES == set(KINDS), f"not produced: {set(KINDS) - seen - RACES}"

    decision = run_check(CheckOptions(repo=repo, today=dt.date.fromisoformat(TODAY)))
    messages = [f.message for r in decision.results for f in r.findings]
    for kind, ref, message in sorted(recorded):
        assert any(ref in m and message in m for m in messages), (kind, ref, message)


def _writer(repo: Path):
    def write(rel: str, text: str) -> None:
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    return write
