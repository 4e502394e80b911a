package ai_security.p05_assets_test

import data.ai_security.p05_assets.violations
import rego.v1

ev_sha_a := "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

ev_sha_b := "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

ev_manifest := {
	"models": [{"name": "m", "artefact": "models/m.bin", "sha256": ev_sha_a}],
	"datasets": [{"name": "d", "path": "data/d.jsonl", "sha256": ev_sha_a}],
	"infrastructure": {
		"disaster_recovery": {"plan": "docs/dr.md", "last_tested": "2026-06-11"},
		"rollback": {"procedure": "docs/rollback.md"},
	},
	"supply_chain": {"sbom": "sbom/bom.json"},
}

ev_ok(path, at) := {"exists": true, "inside_repository": true, "kind": "file", "size": 9, "path": path, "referenced_at": [at]}

ev_files := {
	"models/m.bin": object.union(ev_ok("models/m.bin", ["models", 0, "artefact"]), {"sha256": ev_sha_a}),
	"data/d.jsonl": object.union(ev_ok("data/d.jsonl", ["datasets", 0, "path"]), {"sha256": ev_sha_a}),
}

ev_input(evidence) := {
	"manifest": ev_manifest,
	"evidence": object.union({"files": ev_files}, evidence),
	"config": {"today": "2026-11-22"},
}

ev_fired(rule, inp) if {
	some v in violations with input as inp
	v.rule == rule
}

test_artefact_hash_mismatch_fires if {
	files := {"models/m.bin": {"sha256": ev_sha_b}}
	some v in violations with input as ev_input({"files": files})
	v.rule == "artefact_hash_mismatch"
	v.path == ["models", 0, "sha256"]
}

test_artefact_hash_mismatch_fires_for_an_lfs_oid if {
	files := {"data/d.jsonl": {"sha256": null, "lfs": {"oid": ev_sha_b, "size": 123}}}
	some v in violations with input as ev_input({"files": files})
	v.rule == "artefact_hash_mismatch"
	v.path == ["datasets", 0, "sha256"]
	contains(v.message, "Git LFS pointer")
}

test_artefact_hash_mismatch_fires_for_a_directory if {
	files := {"models/m.bin": {"kind": "directory", "hash_problem": "is a directory; a sha256 can only be checked for a file"}}
	some v in violations with input as ev_input({"files": files})
	v.rule == "artefact_hash_mismatch"
	contains(v.message, "cannot be checked")
}

test_artefact_hash_mismatch_passes if {
	not ev_fired("artefact_hash_mismatch", ev_input({}))
	lfs := {"data/d.jsonl": {"lfs": {"oid": ev_sha_a, "size": 123}}}
	not ev_fired("artefact_hash_mismatch", ev_input({"files": lfs}))
}

ev_signature(status, verified) := {
	"path": ["models", 0, "signature"], "model": "m", "method": "key",
	"status": status, "verified": verified, "problem": "the files in models/m are not the ones that were signed",
}

test_model_signature_unverified_fires if {
	some v in violations with input as ev_input({"signatures": [ev_signature("failed", false)]})
	v.rule == "model_signature_unverified"
	v.path == ["models", 0, "signature"]
	contains(v.message, "not the ones that were signed")
}

test_model_signature_unverified_passes if {
	not ev_fired("model_signature_unverified", ev_input({"signatures": [ev_signature("verified", true)]}))
}

test_document_stale_fires if {
	some v in violations with input as ev_input({"git": {"available": true, "last_commit": {"docs/dr.md": "2024-01-01"}}})
	v.rule == "document_stale"
	v.provision == "5.2.1-3"
}

test_document_stale_fires_for_the_rollback_procedure if {
	some v in violations with input as ev_input({"git": {"available": true, "last_commit": {"docs/rollback.md": "2024-01-01"}}})
	v.rule == "document_stale"
	v.provision == "5.2.1-3.1"
	v.path == ["infrastructure", "rollback", "procedure"]
}

test_document_stale_passes if {
	not ev_fired("document_stale", ev_input({"git": {"available": true, "last_commit": {"docs/dr.md": "2026-06-11", "docs/rollback.md": "2026-01-01"}}}))
}

ev_bom(components) := {"boms": {"sbom/bom.json": {"format": "CycloneDX", "spec_version": "1.6", "components": components}}}

test_sbom_inventory_gap_fires if {
	some v in violations with input as ev_input(ev_bom([{"type": "machine-learning-model", "name": "m"}]))
	v.rule == "sbom_inventory_gap"
	v.path == ["datasets", 0, "name"]
}

test_sbom_inventory_gap_passes if {
	components := [{"type": "machine-learning-model", "name": "M"}, {"type": "data", "name": "d"}]
	not ev_fired("sbom_inventory_gap", ev_input(ev_bom(components)))
	not ev_fired("sbom_inventory_gap", ev_input({}))
	# a manifest name in another case than the BOM's is found through lower()
	upper := object.union(ev_input(ev_bom(components)), {"manifest": json.patch(ev_manifest, [{"op": "replace", "path": "/datasets/0/name", "value": "D"}])})
	not ev_fired("sbom_inventory_gap", upper)
}

test_sbom_inventory_gap_fires_when_the_bom_is_invalid if {
	m := object.union(ev_manifest, {"supply_chain": {"sbom": "sbom/bom.json"}})
	files := {"sbom/bom.json": {"exists": true, "inside_repository": true, "kind": "file", "problems": [{"kind": "sbom_invalid", "message": "is not valid JSON"}], "referenced_at": [["supply_chain", "sbom"]]}}
	some v in violations with input as {"manifest": m, "evidence": {"files": files, "boms": {}}, "config": {"today": "2026-11-22"}}
	v.rule == "sbom_inventory_gap"
	contains(v.message, "could not run")
	contains(v.message, "not valid JSON")
}

test_sbom_inventory_gap_passes_for_an_spdx_package if {
	m := object.union(ev_manifest, {"supply_chain": {"sbom": "sbom/bom.json"}})
	components := [{"type": "package", "name": "M"}, {"type": "package", "name": "d"}]
	not ev_fired("sbom_inventory_gap", {"manifest": m, "evidence": {"files": {}, "boms": {"sbom/bom.json": {"format": "SPDX", "components": components}}}, "config": {"today": "2026-11-22"}})
}

ev_pr_input(changed, head_dataset) := {
	"manifest": object.union(ev_manifest, {"datasets": [head_dataset]}),
	"evidence": {
		"files": {"data/d.jsonl": object.union(ev_ok("data/d.jsonl", ["datasets", 0, "path"]), {"sha256": ev_sha_a, "changed": changed})},
		"git": {"available": true, "changes_available": true, "changed": ["data/d.jsonl"], "base_manifest": ev_manifest},
	},
	"config": {"today": "2026-11-22"},
}

test_dataset_changed_unrecorded_fires if {
	ev_fired("dataset_changed_unrecorded", ev_pr_input(true, {"name": "d", "path": "data/d.jsonl", "sha256": ev_sha_a}))
}

test_dataset_changed_unrecorded_passes if {
	# the entry moved with the data
	not ev_fired("dataset_changed_unrecorded", ev_pr_input(true, {"name": "d", "path": "data/d.jsonl", "sha256": ev_sha_b}))
	not ev_fired("dataset_changed_unrecorded", ev_pr_input(true, {"name": "d", "path": "data/d.jsonl", "sha256": ev_sha_a, "collected": "2026-11-01"}))
	# the data did not change
	not ev_fired("dataset_changed_unrecorded", ev_pr_input(false, {"name": "d", "path": "data/d.jsonl", "sha256": ev_sha_a}))
}

# the union of the base and head inventories: a dataset the pull request dropped from the
# inventory while changing its data
ev_dropped_input(base_changed, head_datasets) := {
	"manifest": object.union(ev_manifest, {"datasets": head_datasets}),
	"evidence": {
		"files": {},
		"git": {
			"available": true, "changes_available": true, "changed": base_changed,
			"base_changed": base_changed,
			"base_manifest": object.union(ev_manifest, {"datasets": [{"name": "old", "path": "data/old.jsonl", "sha256": ev_sha_a}]}),
		},
	},
	"config": {"today": "2026-11-22"},
}

test_dataset_changed_unrecorded_fires_for_a_dropped_dataset if {
	some v in violations with input as ev_dropped_input(["data/old.jsonl"], [])
	v.rule == "dataset_changed_unrecorded"
	v.path == ["datasets"]
	contains(v.message, "dropped the dataset from the inventory")
}

test_dataset_changed_unrecorded_passes_for_a_dropped_dataset if {
	# its data did not change
	not ev_fired("dataset_changed_unrecorded", ev_dropped_input([], []))
	# still listed (by name): the head's own rule speaks for it
	not ev_fired("dataset_changed_unrecorded", ev_dropped_input(["data/old.jsonl"], [{"name": "old", "path": "data/old.jsonl", "sha256": ev_sha_b}]))
}
