"""The inventory the auditors' reports show: the models and datasets with the hashes the
evidence stage computed (checked against hashlib here), the dated reviews the schema knows,
and no crash on a manifest of the wrong shapes."""

from __future__ import annotations

import hashlib

import yaml

from ai_security_gate import inventory
from ai_security_gate.pipeline import CheckOptions, run_check
from ai_security_gate.schema import schema_document
from conftest import TODAY


def test_review_dates_are_the_schemas_date_fields_less_expiry_and_collection():
    keys = inventory.review_keys(schema_document())
    assert {"last_reviewed", "reviewed", "date", "last_tested"} <= keys
    assert not keys & {"expires", "collected"}


def test_assets_carry_the_files_real_hashes(passing_copy):
    import datetime as dt

    data = yaml.safe_load((passing_copy / "ai-security.yaml").read_text(encoding="utf-8"))
    artefact = data["models"][0]["artefact"]
    # the file changes: the declared hash no longer matches, and the inventory says so
    path = passing_copy / artefact
    path.write_bytes(path.read_bytes() + b"tampered")
    decision = run_check(
        CheckOptions(repo=passing_copy, today=dt.date.fromisoformat(TODAY), offline=True)
    )
    assets = {a.path: a for a in decision.inventory.assets}
    model = assets[("models", 0)]
    assert model.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert model.declared_sha256 == data["models"][0]["sha256"]
    assert not model.hash_matches
    dataset = assets[("datasets", 0)]
    digest = hashlib.sha256((passing_copy / dataset.location).read_bytes()).hexdigest()
    assert dataset.file_sha256 == digest and dataset.hash_matches
    assert [a.kind for a in decision.inventory.assets].count("model") == len(data["models"])
    assert model.datasets == tuple(data["models"][0].get("datasets", []))
    dates = [r.date for r in decision.inventory.reviews]
    assert dates == sorted(dates) and len(dates) > 3
    assert decision.inventory.system == data["system"]["name"]
    assert decision.run.date == TODAY and len(decision.run.policy_digest) == 64


def test_wrong_shapes_do_not_crash():
    manifest = {
        "system": "not a mapping",
        "models": [{"name": {"a": 1}, "sha256": "zz"}, "text", None],
        "datasets": {"not": "a list"},
        "threat_model": {"last_reviewed": 20240101, "reviewed": "not a date"},
    }
    inv = inventory.build(manifest, {"files": None, "signatures": "x"}, schema_document())
    assert inv.system == ""
    (model,) = inv.assets
    assert model.name == "models[0]" and model.declared_sha256 == ""
    assert inv.reviews == ()
