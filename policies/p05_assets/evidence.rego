# Principle 5 (clause 5.2.1), evidence rules: the artefacts are what the manifest says they
# are (hashes, Git LFS oids, signatures), the plans exist and are kept current, and the
# AI-BOM inventories every model and dataset. Facts: input.evidence (docs/evidence.md).
package ai_security.p05_assets

import data.ai_security.lib
import rego.v1

# 5.2.1-2: the declared sha256 is the file's (or, for a Git LFS pointer, the object's oid).
evidence_hash_claims contains {"section": section, "index": i, "field": field, "ref": ref, "declared": lower(entry.sha256)} if {
	some section, field in {"models": "artefact", "datasets": "path"}
	some i, entry in lib.entries(section)
	is_object(entry)
	ref := object.get(entry, field, null)
	is_string(ref)
	is_string(entry.sha256)
}

# METADATA
# title: Artefact hash mismatch
# description: >-
#   The sha256 the manifest declares for a model or dataset is the hash of the file (for a Git LFS
#   pointer, of the object it points to), and the file can be hashed.
# custom:
#   provision: ["5.2.1-2"]
#   rule: artefact_hash_mismatch
violations contains v if {
	some c in evidence_hash_claims
	f := lib.evidence_files[c.ref]
	actual := f.sha256
	not f.lfs
	actual != c.declared
	v := {
		"provision": "5.2.1-2",
		"rule": "artefact_hash_mismatch",
		"message": sprintf("%v has sha256 %v but the manifest declares %v: the file changed (tampered, or updated without updating the manifest); check it and declare the new hash only if the change is legitimate", [c.ref, actual, c.declared]),
		"path": [c.section, c.index, "sha256"],
	}
}

# METADATA
# title: Artefact hash mismatch
# description: >-
#   The sha256 the manifest declares for a model or dataset is the hash of the file (for a Git LFS
#   pointer, of the object it points to), and the file can be hashed.
# custom:
#   provision: ["5.2.1-2"]
#   rule: artefact_hash_mismatch
violations contains v if {
	some c in evidence_hash_claims
	oid := lib.evidence_files[c.ref].lfs.oid
	oid != c.declared
	v := {
		"provision": "5.2.1-2",
		"rule": "artefact_hash_mismatch",
		"message": sprintf("%v is a Git LFS pointer to object sha256:%v but the manifest declares %v; the pointer was changed, or the manifest is out of date", [c.ref, oid, c.declared]),
		"path": [c.section, c.index, "sha256"],
	}
}

# METADATA
# title: Artefact hash mismatch
# description: >-
#   The sha256 the manifest declares for a model or dataset is the hash of the file (for a Git LFS
#   pointer, of the object it points to), and the file can be hashed.
# custom:
#   provision: ["5.2.1-2"]
#   rule: artefact_hash_mismatch
violations contains v if {
	some c in evidence_hash_claims
	why := lib.evidence_files[c.ref].hash_problem
	v := {
		"provision": "5.2.1-2",
		"rule": "artefact_hash_mismatch",
		"message": sprintf("the declared sha256 of %v cannot be checked: it %v", [c.ref, why]),
		"path": [c.section, c.index, "sha256"],
	}
}

# METADATA
# title: Model signature unverified
# description: >-
#   A declared model signature verifies (fail closed: anything but verified is unmet).
# custom:
#   provision: ["5.2.1-2"]
#   rule: model_signature_unverified
violations contains v if {
	some s in object.get(lib.evidence_facts, "signatures", [])
	object.get(s, "verified", false) != true
	v := {
		"provision": "5.2.1-2",
		"rule": "model_signature_unverified",
		"message": sprintf("the signature of model %v is not verified (%v): %v", [s.model, object.get(s, "status", "unknown"), object.get(s, "problem", "no reason given")]),
		"path": s.path,
	}
}

# METADATA
# title: Document stale
# description: The last commit of the disaster recovery plan is not older than --document-max-age days.
# custom:
#   provision: ["5.2.1-3"]
#   rule: document_stale
violations contains v if {
	dr := lib.object_at(lib.section("infrastructure"), "disaster_recovery")
	doc := object.get(dr, "plan", null)
	stale := lib.evidence_stale(doc)
	v := {
		"provision": "5.2.1-3",
		"rule": "document_stale",
		"message": lib.evidence_stale_message("the disaster recovery plan", doc, stale, object.get(dr, "last_tested", null)),
		"path": ["infrastructure", "disaster_recovery", "plan"],
	}
}

# METADATA
# title: Document stale
# description: The last commit of the rollback procedure is not older than --document-max-age days.
# custom:
#   provision: ["5.2.1-3.1"]
#   rule: document_stale
violations contains v if {
	rb := lib.object_at(lib.section("infrastructure"), "rollback")
	doc := object.get(rb, "procedure", null)
	stale := lib.evidence_stale(doc)
	v := {
		"provision": "5.2.1-3.1",
		"rule": "document_stale",
		"message": lib.evidence_stale_message("the rollback procedure", doc, stale, object.get(rb, "last_tested", null)),
		"path": ["infrastructure", "rollback", "procedure"],
	}
}

# 5.2.1-1: the AI-BOM the manifest points at lists every declared model and dataset.
evidence_bom := b if {
	ref := object.get(lib.section("supply_chain"), "sbom", null)
	is_string(ref)
	b := lib.evidence_facts.boms[ref]
	is_array(b.components)
}

# (a comprehension is defined even when evidence_bom is not: bind the BOM first)
evidence_bom_names(kind) := names if {
	bom := evidence_bom
	names := {lower(c.name) | some c in bom.components; c.type in {kind, "package"}; is_string(c.name)}
}

# METADATA
# title: The AI-BOM inventory check could run
# description: >-
#   The inventory check needs a valid AI-BOM: when the cited SBOM is missing, unusable or not a
#   valid CycloneDX/SPDX document, the check says it could not run (never a silent pass).
# custom:
#   provision: ["5.2.1-1"]
#   rule: sbom_inventory_gap
violations contains v if {
	some section, kind in {"models": "machine-learning-model", "datasets": "data"}
	names := evidence_bom_names(kind)
	some i, entry in lib.entries(section)
	is_string(entry.name)
	not entry.name in names # names are lowered: a name found as written needs no lower()
	not lower(entry.name) in names
	v := {
		"provision": "5.2.1-1",
		"rule": "sbom_inventory_gap",
		"message": sprintf("%v %v is not in the AI-BOM %v (no component of type %v with that name); regenerate the BOM so the inventory is complete", [trim_suffix(section, "s"), entry.name, lib.section("supply_chain").sbom, kind]),
		"path": [section, i, "name"],
	}
}

# METADATA
# title: The AI-BOM inventory check could run
# description: >-
#   The inventory check needs a valid AI-BOM: when the cited SBOM is missing, unusable or not
#   a valid CycloneDX/SPDX document, the check says it could not run (never a silent pass).
# custom:
#   provision: ["5.2.1-1"]
#   rule: sbom_inventory_gap
violations contains v if {
	some problem in lib.evidence_bom_problems
	v := {
		"provision": "5.2.1-1",
		"rule": "sbom_inventory_gap",
		"message": sprintf("the inventory check could not run: the AI-BOM %v; fix the BOM so every model and dataset can be checked against it", [problem]),
		"path": ["supply_chain", "sbom"],
	}
}

# METADATA
# title: Changed dataset recorded
# description: In pull-request mode, a dataset whose data changed has its inventory entry updated (its collected date, version or sha256), so the inventory tracks what the model is trained and evaluated on.
# custom:
#   provision: ["5.2.1-1"]
#   rule: dataset_changed_unrecorded
violations contains v if {
	lib.evidence_pull_request
	base := lib.evidence_base_manifest
	is_object(base)
	some i, d in lib.entries("datasets")
	is_object(d)
	lib.evidence_changed(object.get(d, "path", null))
	some before in lib.evidence_base_named("datasets", object.get(d, "name", "")) # a join by name
	every key in ["collected", "version", "sha256"] {
		object.get(before, key, null) == object.get(d, key, null)
	}
	v := {
		"provision": "5.2.1-1",
		"rule": "dataset_changed_unrecorded",
		"message": sprintf("the data of dataset %v (%v) changed in this pull request but its inventory entry did not; update its `collected` date, `version` or `sha256` (and its datasheet) so the inventory says which data the model uses", [d.name, d.path]),
		"path": ["datasets", i, "path"],
	}
}

# METADATA
# title: Changed dataset recorded
# description: >-
#   A dataset the base lists counts too when the pull request changed its data and dropped it
#   from the inventory: change rules read the union of the base and head inventories.
# custom:
#   provision: ["5.2.1-1"]
#   rule: dataset_changed_unrecorded
violations contains v if {
	lib.evidence_pull_request
	some d in lib.evidence_base_dropped("datasets", "name")
	lib.evidence_changed_at_base(object.get(d, "path", null))
	v := {
		"provision": "5.2.1-1",
		"rule": "dataset_changed_unrecorded",
		"message": sprintf("the data of dataset %v (%v) changed in this pull request, which also dropped the dataset from the inventory; list it again with its new `collected` date, `version` or `sha256` (and its datasheet), or remove the data too", [object.get(d, "name", "unnamed"), d.path]),
		"path": ["datasets"],
	}
}
