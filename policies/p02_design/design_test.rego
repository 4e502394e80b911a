package ai_security.p02_design_test

import data.ai_security.p02_design.violations
import rego.v1

good := {
	"system": {
		"name": "s",
		"description": "Answers support questions.",
		"roles": ["developer", "system_operator", "data_custodian"],
		"design_assessment": {
			"document": "docs/design.md", "date": "2026-03-02", "approver": "A",
			"participants": ["developer", "data_custodian"],
		},
		"failure_behaviour": "falls back to search",
		"concerns_channel": "SECURITY.md",
		"integrations": [{"name": "orders", "permissions": ["orders:read"], "risk_note": "docs/design.md"}],
	},
	"models": [
		{"name": "m", "source": "fine_tuned", "datasets": ["d"], "base_model": {"name": "b", "supplier": "Org"}},
		{"name": "api", "source": "third_party", "supplier": "Vendor"},
		{"name": "own", "source": "in_house", "datasets": ["d"]},
	],
	"datasets": [{"name": "d", "custodian": "C", "approved_uses": ["fine-tuning"]}],
	"supply_chain": {"suppliers": [
		{"name": "Org", "due_diligence": "docs/org.md", "reviewed": "2026-02-10", "en_304_223": "claimed"},
		{"name": "Vendor", "due_diligence": "docs/vendor.md", "reviewed": "2026-06-01", "en_304_223": "unknown"},
	]},
	"testing": {"security_tests": [{"kind": "adversarial", "report": "r.md"}]},
}

config := {"today": "2026-11-22", "roles": ["developer", "system_operator", "data_custodian"]}

fired(rule, manifest) if {
	some v in violations with input as {"manifest": manifest, "config": config}
	v.rule == rule
}

fired_at(rule, manifest, path) if {
	some v in violations with input as {"manifest": manifest, "config": config}
	v.rule == rule
	v.path == path
}

test_good_manifest_has_no_violations if {
	count(violations) == 0 with input as {"manifest": good, "config": config}
}

test_business_need_described_fires if fired("business_need_described", json.remove(good, ["system/description"]))

test_business_need_described_passes if not fired("business_need_described", good)

test_design_assessment_documented_fires if {
	fired_at("design_assessment_documented", json.remove(good, ["system/design_assessment"]), ["system", "design_assessment", "document"])
}

test_design_assessment_documented_passes if not fired("design_assessment_documented", good)

test_design_assessment_signed_off_fires if {
	fired_at("design_assessment_signed_off", json.remove(good, ["system/design_assessment/approver"]), ["system", "design_assessment", "approver"])
}

test_design_assessment_signed_off_passes if not fired("design_assessment_signed_off", good)

test_custodian_in_design_fires if {
	fired("custodian_in_design", json.patch(good, [{"op": "replace", "path": "/system/design_assessment/participants", "value": ["developer"]}]))
}

test_custodian_in_design_passes if not fired("custodian_in_design", good)

# Not the data custodian here: nobody from this organisation to involve.
test_custodian_in_design_passes_without_the_role if {
	manifest := json.remove(good, ["system/design_assessment/participants"])
	not fired_with_roles("custodian_in_design", manifest, ["developer"])
}

fired_with_roles(rule, manifest, roles) if {
	some v in violations with input as {"manifest": manifest, "config": {"today": "2026-11-22", "roles": roles}}
	v.rule == rule
}

test_adversarial_tested_fires if {
	fired("adversarial_tested", json.patch(good, [{"op": "replace", "path": "/testing/security_tests/0/kind", "value": "jailbreak"}]))
}

test_adversarial_tested_passes if not fired("adversarial_tested", good)

test_failure_behaviour_declared_fires if fired("failure_behaviour_declared", json.remove(good, ["system/failure_behaviour"]))

test_failure_behaviour_declared_passes if not fired("failure_behaviour_declared", good)

test_model_source_declared_fires if {
	fired_at("model_source_declared", json.remove(good, ["models/2/source"]), ["models", 2, "source"])
}

test_model_source_declared_passes if not fired("model_source_declared", good)

test_model_training_data_named_fires if {
	fired_at("model_training_data_named", json.remove(good, ["models/2/datasets"]), ["models", 2, "datasets"])
}

test_model_training_data_named_passes if not fired("model_training_data_named", good)

# Supplied as is: the training data is the supplier's, declared through due diligence.
test_model_training_data_named_ignores_third_party_models if {
	not fired_at("model_training_data_named", good, ["models", 1, "datasets"])
}

test_external_model_supplier_registered_fires if {
	fired_at("external_model_supplier_registered", json.remove(good, ["supply_chain/suppliers/0"]), ["models", 0, "base_model", "supplier"])
}

test_external_model_supplier_registered_fires_without_a_supplier if {
	fired_at("external_model_supplier_registered", json.remove(good, ["models/1/supplier"]), ["models", 1, "supplier"])
}

test_external_model_supplier_registered_passes if not fired("external_model_supplier_registered", good)

test_supplier_risk_assessed_fires if {
	fired_at("supplier_risk_assessed", json.remove(good, ["supply_chain/suppliers/1/due_diligence"]), ["supply_chain", "suppliers", 1, "due_diligence"])
}

test_supplier_risk_assessed_passes if not fired("supplier_risk_assessed", good)

test_dataset_custodian_fires if fired_at("dataset_custodian", json.remove(good, ["datasets/0/custodian"]), ["datasets", 0, "custodian"])

test_dataset_custodian_passes if not fired("dataset_custodian", good)

test_dataset_approved_uses_fires if fired("dataset_approved_uses", json.remove(good, ["datasets/0/approved_uses"]))

test_dataset_approved_uses_passes if not fired("dataset_approved_uses", good)

test_concerns_channel_fires if fired("concerns_channel", json.remove(good, ["system/concerns_channel"]))

test_concerns_channel_passes if not fired("concerns_channel", good)

test_integrations_declared_fires if {
	manifest := json.patch(json.remove(good, ["system/integrations"]), [{"op": "add", "path": "/system/capabilities", "value": {"available": ["text", "tool_use"], "enabled": ["text", "tool_use"]}}])
	fired_at("integrations_declared", manifest, ["system", "integrations"])
}

test_integrations_declared_passes if not fired("integrations_declared", good)

# Text only: nothing the model can reach, nothing to declare.
test_integrations_declared_passes_for_text_only if {
	manifest := json.patch(json.remove(good, ["system/integrations"]), [{"op": "add", "path": "/system/capabilities", "value": {"available": ["text"], "enabled": ["text"]}}])
	not fired("integrations_declared", manifest)
}

test_integration_permissions_fires if fired("integration_permissions", json.remove(good, ["system/integrations/0/permissions"]))

test_integration_permissions_passes if not fired("integration_permissions", good)

test_integration_least_privilege_fires if {
	manifest := json.patch(good, [{"op": "replace", "path": "/system/integrations/0/permissions", "value": ["orders:read", "orders:*"]}])
	fired_at("integration_least_privilege", manifest, ["system", "integrations", 0, "permissions", 1])
}

test_integration_least_privilege_fires_on_admin if {
	fired("integration_least_privilege", json.patch(good, [{"op": "replace", "path": "/system/integrations/0/permissions", "value": ["Admin"]}]))
}

test_integration_least_privilege_passes if not fired("integration_least_privilege", good)

test_integration_least_privilege_passes_on_words_containing_all if {
	not fired("integration_least_privilege", json.patch(good, [{"op": "replace", "path": "/system/integrations/0/permissions", "value": ["calls:install"]}]))
}

test_integration_risk_assessed_fires if fired("integration_risk_assessed", json.remove(good, ["system/integrations/0/risk_note"]))

test_integration_risk_assessed_passes if not fired("integration_risk_assessed", good)

test_supplier_reviewed_fires if {
	fired_at("supplier_reviewed", json.remove(good, ["supply_chain/suppliers/0/reviewed"]), ["supply_chain", "suppliers", 0, "reviewed"])
}

test_supplier_reviewed_fires_when_out_of_date if {
	fired("supplier_reviewed", json.patch(good, [{"op": "replace", "path": "/supply_chain/suppliers/0/reviewed", "value": "2025-11-21"}]))
}

test_supplier_reviewed_passes if not fired("supplier_reviewed", good)

test_supplier_reviewed_passes_on_the_last_day if {
	not fired("supplier_reviewed", json.patch(good, [{"op": "replace", "path": "/supply_chain/suppliers/0/reviewed", "value": "2025-11-22"}]))
}

test_supplier_conformance_recorded_fires if fired("supplier_conformance_recorded", json.remove(good, ["supply_chain/suppliers/1/en_304_223"]))

test_supplier_conformance_recorded_passes if not fired("supplier_conformance_recorded", good)

test_dataset_use_approved_fires if {
	manifest := json.patch(good, [{"op": "replace", "path": "/datasets/0/approved_uses", "value": ["evaluation"]}])
	fired_at("dataset_use_approved", manifest, ["models", 0, "datasets", 0])
	fired_at("dataset_use_approved", manifest, ["models", 2, "datasets", 0])
}

test_dataset_use_approved_passes if {
	not fired("dataset_use_approved", good)
	manifest := json.patch(good, [{"op": "replace", "path": "/datasets/0/approved_uses", "value": ["Fine tuning", "evaluation"]}])
	not fired("dataset_use_approved", manifest)
}

# datasets are joined by name: when two datasets share a name, each one's unapproved uses
# are reported (a scan of the unapproved ones), and one approved for training adds nothing
test_dataset_use_approved_with_repeated_names if {
	twice := json.patch(good, [
		{"op": "replace", "path": "/datasets/0/approved_uses", "value": ["evaluation"]},
		{"op": "add", "path": "/datasets/-", "value": {"name": "d", "custodian": "C", "approved_uses": ["testing"]}},
		{"op": "add", "path": "/datasets/-", "value": {"name": "d", "custodian": "C", "approved_uses": ["training"]}},
	])
	messages := {v.message | some v in violations with input as {"manifest": twice, "config": config}; v.rule == "dataset_use_approved"; v.path == ["models", 0, "datasets", 0]}
	count(messages) == 2
	some a in messages
	contains(a, "approved it only for evaluation;")
	some b in messages
	contains(b, "approved it only for testing;")
}

# a dataset no trained model names, or named only by a third-party model, is not judged
test_dataset_use_approved_only_for_training_here if {
	manifest := json.patch(good, [
		{"op": "add", "path": "/datasets/-", "value": {"name": "eval", "custodian": "C", "approved_uses": ["evaluation"]}},
		{"op": "add", "path": "/models/-", "value": {"name": "vendor", "source": "third_party", "datasets": ["eval"]}},
	])
	not fired("dataset_use_approved", manifest)
	fired("dataset_use_approved", json.patch(manifest, [{"op": "add", "path": "/models/0/datasets/-", "value": "eval"}]))
}
