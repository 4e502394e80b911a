package ai_security.p06_infrastructure_test

import data.ai_security.p06_infrastructure.violations
import rego.v1

good := {
	"infrastructure": {
		"environments": [
			{"name": "development", "separated": true, "non_public_training_data": true},
			{"name": "training", "separated": true, "non_public_training_data": true},
			{"name": "production", "separated": true},
		],
		"access_control": {"policy": "infra/iam/policy.yaml", "last_reviewed": "2026-08-30"},
		"api": {"exposed": true, "authentication": "oauth2", "rate_limit": "60/minute"},
		"cloud_providers": [{"name": "Example Cloud", "contract": "docs/cloud.md"}],
	},
	"vulnerability_disclosure": {"policy": "SECURITY.md", "contact": "security@example.com", "ai_issues_in_scope": true},
	"incident_response": {"plan": "docs/ir.md", "recovery_plan": "docs/dr.md", "last_exercised": "2026-07-03"},
}

config := {"today": "2026-11-22"}

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

test_access_control_policy_fires if fired("access_control_policy", json.remove(good, ["infrastructure/access_control/policy"]))

test_access_control_policy_passes if not fired("access_control_policy", good)

test_access_control_reviewed_fires if fired("access_control_reviewed", json.remove(good, ["infrastructure/access_control/last_reviewed"]))

test_access_control_reviewed_fires_when_out_of_date if {
	fired("access_control_reviewed", json.patch(good, replaced("/infrastructure/access_control/last_reviewed", "2025-06-30")))
}

test_access_control_reviewed_passes if not fired("access_control_reviewed", good)

test_api_exposure_declared_fires if fired("api_exposure_declared", json.remove(good, ["infrastructure/api"]))

test_api_exposure_declared_passes if not fired("api_exposure_declared", good)

test_api_authenticated_fires if {
	fired_at("api_authenticated", json.patch(good, replaced("/infrastructure/api/authentication", "none")), ["infrastructure", "api", "authentication"])
}

test_api_authenticated_fires_when_unstated if fired("api_authenticated", json.remove(good, ["infrastructure/api/authentication"]))

test_api_authenticated_passes if not fired("api_authenticated", good)

test_api_authenticated_passes_for_an_internal_api if {
	not fired("api_authenticated", json.patch(good, replaced("/infrastructure/api", {"exposed": false})))
}

test_api_rate_limited_fires if fired("api_rate_limited", json.remove(good, ["infrastructure/api/rate_limit"]))

test_api_rate_limited_passes if not fired("api_rate_limited", good)

test_environments_declared_fires if fired("environments_declared", json.remove(good, ["infrastructure/environments"]))

test_environments_declared_passes if not fired("environments_declared", good)

test_environment_separated_fires if {
	fired_at("environment_separated", json.remove(good, ["infrastructure/environments/2/separated"]), ["infrastructure", "environments", 2, "separated"])
}

test_environment_separated_passes if not fired("environment_separated", good)

test_training_data_confined_fires if {
	manifest := json.patch(good, [{"op": "add", "path": "/infrastructure/environments/2/non_public_training_data", "value": true}])
	fired_at("training_data_confined", manifest, ["infrastructure", "environments", 2, "non_public_training_data"])
}

test_training_data_confined_passes if not fired("training_data_confined", good)

test_disclosure_policy_fires if fired_at("disclosure_policy", json.remove(good, ["vulnerability_disclosure/contact"]), ["vulnerability_disclosure", "contact"])

test_disclosure_policy_passes if not fired("disclosure_policy", good)

test_disclosure_ai_scope_fires if fired("disclosure_ai_scope", json.patch(good, replaced("/vulnerability_disclosure/ai_issues_in_scope", false)))

test_disclosure_ai_scope_passes if not fired("disclosure_ai_scope", good)

test_incident_plans_fires if fired_at("incident_plans", json.remove(good, ["incident_response/recovery_plan"]), ["incident_response", "recovery_plan"])

test_incident_plans_passes if not fired("incident_plans", good)

test_incident_plans_exercised_fires if fired("incident_plans_exercised", json.remove(good, ["incident_response/last_exercised"]))

test_incident_plans_exercised_fires_when_out_of_date if {
	fired("incident_plans_exercised", json.patch(good, replaced("/incident_response/last_exercised", "2025-01-31")))
}

test_incident_plans_exercised_passes if not fired("incident_plans_exercised", good)

test_cloud_provider_contract_fires if {
	fired_at("cloud_provider_contract", json.remove(good, ["infrastructure/cloud_providers/0/contract"]), ["infrastructure", "cloud_providers", 0, "contract"])
}

test_cloud_provider_contract_passes if not fired("cloud_provider_contract", good)
