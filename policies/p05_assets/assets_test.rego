package ai_security.p05_assets_test

import data.ai_security.p05_assets.violations
import rego.v1

good := {
	"models": [{"name": "m", "version": "1.0.0", "artefact": "models/m.safetensors", "datasets": ["d"], "confidential": true}],
	"datasets": [{
		"name": "d", "path": "data/d.jsonl", "sha256": "ab", "classification": "confidential",
		"personal_data": true, "validation": "pipelines/validate.py",
	}],
	"infrastructure": {
		"disaster_recovery": {"plan": "docs/dr.md", "ai_scenarios": ["poisoned model"]},
		"rollback": {"procedure": "docs/rollback.md", "known_good_version": "0.9.0"},
		"data_protection": {"encryption_at_rest": true, "weights_location": "private registry"},
	},
}

fired(rule, manifest) if {
	some v in violations with input as {"manifest": manifest}
	v.rule == rule
}

test_good_manifest_has_no_violations if {
	count(violations) == 0 with input as {"manifest": good}
}

test_inventory_models_fires if fired("inventory_models", object.union(good, {"models": []}))

test_inventory_models_passes if not fired("inventory_models", good)

test_model_version_fires if fired("model_version", object.union(good, {"models": [{"name": "m", "datasets": ["d"]}]}))

test_model_version_passes if not fired("model_version", good)

test_model_datasets_declared_fires if {
	manifest := object.union(good, {"models": [{"name": "m", "version": "1", "datasets": ["d", "ghost"]}]})
	some v in violations with input as {"manifest": manifest}
	v.rule == "model_datasets_declared"
	v.path == ["models", 0, "datasets", 1]
}

test_model_datasets_declared_passes if not fired("model_datasets_declared", good)

test_dataset_hash_fires if fired("dataset_hash", object.union(good, {"datasets": [{"name": "d", "path": "x"}]}))

test_dataset_hash_passes if not fired("dataset_hash", good)

test_dr_plan_fires if fired("dr_plan", object.remove(good, ["infrastructure"]))

test_dr_plan_passes if not fired("dr_plan", good)

test_dr_ai_scenarios_fires if {
	fired("dr_ai_scenarios", object.union(good, {"infrastructure": {"disaster_recovery": {"plan": "p", "ai_scenarios": []}}}))
}

test_dr_ai_scenarios_passes if not fired("dr_ai_scenarios", good)

test_rollback_known_good_fires if {
	fired("rollback_known_good", json.remove(good, ["infrastructure/rollback/known_good_version"]))
}

test_rollback_known_good_passes if not fired("rollback_known_good", good)

test_dataset_classified_fires if fired("dataset_classified", object.union(good, {"datasets": [{"name": "d"}]}))

test_dataset_classified_passes if not fired("dataset_classified", good)

test_sensitive_data_encrypted_fires if {
	fired("sensitive_data_encrypted", object.union(good, {"infrastructure": {"data_protection": {"encryption_at_rest": false}}}))
}

test_sensitive_data_encrypted_passes if not fired("sensitive_data_encrypted", good)

test_sensitive_data_encrypted_ignores_public_data if {
	public := object.union(good, {"datasets": [{"name": "d", "classification": "public", "personal_data": false}]})
	not fired("sensitive_data_encrypted", json.remove(public, ["infrastructure/data_protection/encryption_at_rest"]))
}

test_dataset_validation_fires if fired("dataset_validation", object.union(good, {"datasets": [{"name": "d", "validation": ""}]}))

test_dataset_validation_passes if not fired("dataset_validation", good)

test_confidential_weights_protected_fires if {
	fired("confidential_weights_protected", json.remove(good, ["infrastructure/data_protection/weights_location"]))
}

test_confidential_weights_protected_passes if not fired("confidential_weights_protected", good)

# strict reading (lib.sensitive_data): a dataset that leaves out `personal_data:`, or whose
# file shows personal-data columns, must be encrypted even when classified public
test_sensitive_data_encrypted_reads_personal_data_strictly if {
	unencrypted := json.remove(good, ["infrastructure/data_protection/encryption_at_rest"])
	omitted := object.union(unencrypted, {"datasets": [{"name": "d", "classification": "public"}]})
	fired("sensitive_data_encrypted", omitted)
	public := {"name": "d", "classification": "public", "personal_data": false, "path": "data/d.csv"}
	declared := object.union(unencrypted, {"datasets": [public]})
	not fired("sensitive_data_encrypted", declared)
	some v in violations with input as {"manifest": declared, "evidence": {"personal_columns": {"data/d.csv": ["email"]}}}
	v.rule == "sensitive_data_encrypted"
}

test_sensitive_data_encrypted_says_why_a_dataset_reads_as_sensitive if {
	unencrypted := json.remove(good, ["infrastructure/data_protection/encryption_at_rest"])
	some v in violations with input as {"manifest": object.union(unencrypted, {"datasets": [{"classification": "public"}]})}
	v.rule == "sensitive_data_encrypted"
	contains(v.message, "dataset 0 is personal or confidential (it leaves out `personal_data:`")
}

test_sensitive_data_encrypted_never_crashes_on_a_wrong_item if {
	unencrypted := json.remove(good, ["infrastructure/data_protection/encryption_at_rest"])
	found := [v | some v in violations with input as {"manifest": object.union(unencrypted, {"datasets": ["not a mapping"]})}; v.rule == "sensitive_data_encrypted"]
	count(found) == 0
}
