package ai_security.p03_threats_test

import data.ai_security.p03_threats.violations
import rego.v1

good := {
	"system": {
		"name": "s",
		"design_assessment": {"document": "d.md", "date": "2026-03-02"},
		"capabilities": {"available": ["text", "vision", "audio", "tool_use"], "enabled": ["text", "tool_use"], "disabled": ["vision"]},
		"integrations": [{"name": "orders"}],
	},
	"models": [{
		"name": "m", "source": "fine_tuned", "datasets": ["tickets"],
		"evaluation": {"report": "e.md", "date": "2026-09-14"},
	}],
	"datasets": [{"name": "tickets", "personal_data": true}],
	"testing": {"pre_deployment": {"report": "p.md", "date": "2026-09-18"}},
	"threat_model": {
		"document": "docs/threat-model.md",
		"last_reviewed": "2026-09-20",
		"risk_appetite": "docs/risk.md",
		"residual_risks": "docs/limitations.md",
		"threats": [
			{"id": "T1", "category": "prompt_injection", "mitigations": ["allow-list"], "treatment": "mitigate", "owner": "A"},
			{"id": "T2", "category": "data_poisoning", "mitigations": ["hashes"], "treatment": "mitigate", "owner": "A"},
			{"id": "T3", "category": "model_inversion", "mitigations": ["scrubbing"], "treatment": "mitigate", "owner": "A"},
			{"id": "T4", "category": "membership_inference", "mitigations": ["scrubbing"], "treatment": "mitigate", "owner": "A"},
			{"id": "T5", "category": "model_extraction", "mitigations": ["rate limits"], "treatment": "mitigate", "owner": "A"},
			{"id": "T6", "category": "supply_chain", "treatment": "accept", "rationale": "pinned", "owner": "A"},
			{"id": "T7", "category": "other", "capabilities": ["audio"], "treatment": "avoid", "owner": "A"},
		],
	},
	"infrastructure": {
		"api": {"exposed": true},
		"access_control": {"policy": "iam.yaml", "last_reviewed": "2026-08-30"},
		"cloud_providers": [{"name": "Cloud", "assurance": "docs/cloud.md"}],
	},
	"end_users": {"limitations": "docs/limitations.md"},
}

config := {"today": "2026-11-22", "roles": ["developer", "system_operator"]}

fired(rule, manifest) if {
	some v in violations with input as {"manifest": manifest, "config": config}
	v.rule == rule
}

fired_at(rule, manifest, path) if {
	some v in violations with input as {"manifest": manifest, "config": config}
	v.rule == rule
	v.path == path
}

replaced(path, value) := [{"op": "replace", "path": path, "value": value}]

test_good_manifest_has_no_violations if {
	count(violations) == 0 with input as {"manifest": good, "config": config}
}

test_threat_model_document_fires if fired("threat_model_document", json.remove(good, ["threat_model/document"]))

test_threat_model_document_passes if not fired("threat_model_document", good)

test_threat_model_reviewed_fires if fired("threat_model_reviewed", json.remove(good, ["threat_model/last_reviewed"]))

test_threat_model_reviewed_fires_when_out_of_date if {
	fired("threat_model_reviewed", json.patch(good, replaced("/threat_model/last_reviewed", "2025-11-01")))
}

test_threat_model_reviewed_passes if not fired("threat_model_reviewed", good)

missing_category(manifest, category) if {
	some v in violations with input as {"manifest": manifest, "config": config}
	v.rule == "ai_threat_coverage"
	contains(v.message, sprintf("no %v threat", [category]))
}

test_ai_threat_coverage_fires if {
	manifest := json.remove(good, ["threat_model/threats/1"]) # data_poisoning
	missing_category(manifest, "data_poisoning")
	fired_at("ai_threat_coverage", manifest, ["threat_model", "threats"])
}

test_ai_threat_coverage_fires_for_sensitive_training_data if {
	manifest := json.remove(good, ["threat_model/threats/3"]) # membership_inference
	missing_category(manifest, "membership_inference")
	not missing_category(manifest, "model_inversion")
}

test_ai_threat_coverage_fires_for_an_exposed_api if {
	missing_category(json.remove(good, ["threat_model/threats/4"]), "model_extraction")
}

test_ai_threat_coverage_passes if not fired("ai_threat_coverage", good)

# A third-party model behind a private API, with no training here and no text input: only
# the supply chain is an exposure.
test_ai_threat_coverage_follows_exposure if {
	manifest := {
		"system": {"capabilities": {"available": ["vision"], "enabled": ["vision"]}},
		"models": [{"name": "m", "source": "third_party"}],
		"infrastructure": {"api": {"exposed": false}},
		"threat_model": {"threats": [{"id": "T1", "category": "supply_chain"}]},
	}
	not fired("ai_threat_coverage", manifest)
	missing_category(json.remove(manifest, ["threat_model/threats/0"]), "supply_chain")
}

test_threat_model_current_fires if {
	manifest := json.patch(good, replaced("/models/0/evaluation/date", "2026-10-01"))
	some v in violations with input as {"manifest": manifest, "config": config}
	v.rule == "threat_model_current"
	v.path == ["threat_model", "last_reviewed"]
	contains(v.message, "model m was evaluated for release on 2026-10-01")
}

test_threat_model_current_fires_after_a_design_change if {
	fired("threat_model_current", json.patch(good, replaced("/system/design_assessment/date", "2026-09-21")))
}

test_threat_model_current_fires_without_a_review_date if {
	fired("threat_model_current", json.remove(good, ["threat_model/last_reviewed"]))
}

test_threat_model_current_passes if not fired("threat_model_current", good)

# Nothing recorded to have changed: the missing date is 5.1.3-1's finding alone.
test_threat_model_current_passes_without_recorded_changes if {
	not fired("threat_model_current", {"threat_model": {"document": "t.md"}})
}

test_capabilities_declared_fires if fired("capabilities_declared", json.remove(good, ["system/capabilities"]))

test_capabilities_declared_passes if not fired("capabilities_declared", good)

test_unused_capability_managed_fires if {
	fired_at("unused_capability_managed", json.remove(good, ["system/capabilities/disabled"]), ["system", "capabilities", "available", 1])
}

test_unused_capability_managed_passes if not fired("unused_capability_managed", good)

test_threat_treated_fires if {
	fired_at("threat_treated", json.remove(good, ["threat_model/threats/0/owner"]), ["threat_model", "threats", 0, "owner"])
}

test_threat_treated_passes if not fired("threat_treated", good)

test_threat_mitigations_fires if fired("threat_mitigations", json.remove(good, ["threat_model/threats/0/mitigations"]))

test_threat_mitigations_passes if not fired("threat_mitigations", good)

test_accepted_risk_rationale_fires if {
	fired_at("accepted_risk_rationale", json.remove(good, ["threat_model/threats/5/rationale"]), ["threat_model", "threats", 5, "rationale"])
}

test_accepted_risk_rationale_passes if not fired("accepted_risk_rationale", good)

test_residual_risks_documented_fires if fired("residual_risks_documented", json.remove(good, ["threat_model/residual_risks"]))

test_residual_risks_documented_passes if not fired("residual_risks_documented", good)

test_residual_risks_told_to_users_fires if fired("residual_risks_told_to_users", object.remove(good, ["end_users"]))

test_residual_risks_told_to_users_passes if not fired("residual_risks_told_to_users", good)

# A developer that is not the operator passes residual risks to operators, not end users.
test_residual_risks_told_to_users_is_the_operators_duty if {
	not fired_with_roles("residual_risks_told_to_users", object.remove(good, ["end_users"]), ["developer"])
}

fired_with_roles(rule, manifest, roles) if {
	some v in violations with input as {"manifest": manifest, "config": {"today": "2026-11-22", "roles": roles}}
	v.rule == rule
}

test_provider_assurance_fires if {
	fired_at("provider_assurance", json.remove(good, ["infrastructure/cloud_providers/0/assurance"]), ["infrastructure", "cloud_providers", 0, "assurance"])
}

test_provider_assurance_passes if not fired("provider_assurance", good)

test_risk_appetite_declared_fires if fired("risk_appetite_declared", json.remove(good, ["threat_model/risk_appetite"]))

test_risk_appetite_declared_passes if not fired("risk_appetite_declared", good)

test_infrastructure_reviewed_fires if fired("infrastructure_reviewed", json.remove(good, ["infrastructure/access_control/last_reviewed"]))

test_infrastructure_reviewed_fires_when_out_of_date if {
	fired("infrastructure_reviewed", json.patch(good, replaced("/infrastructure/access_control/last_reviewed", "2024-01-01")))
}

test_infrastructure_reviewed_passes if not fired("infrastructure_reviewed", good)

# strict reading (lib.sensitive_data): training data declared public and not personal exposes
# the model to no inversion; leaving `personal_data:` out, or a file with personal-data
# columns, does
test_ai_threat_coverage_reads_personal_data_strictly if {
	without := json.remove(good, ["threat_model/threats/3", "threat_model/threats/2"])
	public := json.patch(without, [{"op": "replace", "path": "/datasets/0", "value": {"name": "tickets", "personal_data": false, "classification": "public", "path": "data/t.csv"}}])
	not missing_category(public, "model_inversion")
	omitted := json.patch(public, [{"op": "remove", "path": "/datasets/0/personal_data"}])
	missing_category(omitted, "model_inversion")
	seen := {"personal_columns": {"data/t.csv": ["customer_email"]}}
	some v in violations with input as {"manifest": public, "evidence": seen, "config": config}
	v.rule == "ai_threat_coverage"
	contains(v.message, "no model_inversion threat")
}

# only the datasets a model trained here learns from are judged for sensitivity: a personal
# dataset that only a third-party model names, or that no model names, exposes no inversion
test_ai_threat_coverage_judges_only_training_datasets if {
	without := json.remove(good, ["threat_model/threats/3", "threat_model/threats/2"])
	public := json.patch(without, [
		{"op": "replace", "path": "/datasets/0", "value": {"name": "tickets", "personal_data": false, "classification": "public"}},
		{"op": "add", "path": "/datasets/-", "value": {"name": "crm", "personal_data": true}},
		{"op": "add", "path": "/models/-", "value": {"name": "vendor", "source": "third_party", "datasets": ["crm"]}},
	])
	not missing_category(public, "model_inversion")
	trained := json.patch(public, [{"op": "add", "path": "/models/0/datasets/-", "value": "crm"}])
	missing_category(trained, "model_inversion")
}

# evaluation dates are parsed once per distinct date, but every model evaluated after the
# review is named, and an evaluation that is no object, or no date, is no change
test_threat_model_current_names_each_model_of_a_shared_date if {
	later := {"report": "e.md", "date": "2026-10-01"}
	manifest := json.patch(good, [
		{"op": "replace", "path": "/models/0/evaluation", "value": later},
		{"op": "add", "path": "/models/-", "value": {"name": "n", "source": "third_party", "evaluation": later}},
		{"op": "add", "path": "/models/-", "value": {"name": "o", "source": "third_party", "evaluation": "2026-10-01"}},
		{"op": "add", "path": "/models/-", "value": {"name": "p", "source": "third_party", "evaluation": {"date": "soon"}}},
	])
	messages := {v.message | some v in violations with input as {"manifest": manifest, "config": config}; v.rule == "threat_model_current"}
	count(messages) == 2
	some a in messages
	contains(a, "model m was evaluated for release on 2026-10-01")
	some b in messages
	contains(b, "model n was evaluated for release on 2026-10-01")
}
