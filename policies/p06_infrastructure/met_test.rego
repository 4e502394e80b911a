# Tests of the `met` rules: test_<rule>_fires shows the rule earns a pass on a complete,
# evidenced manifest; test_<rule>_passes shows it earns nothing on the gamed variant.
package ai_security.p06_infrastructure_met_test

import data.ai_security.p06_infrastructure.met
import rego.v1

good := {
	"infrastructure": {
		"access_control": {"policy": "infra/iam.yaml", "last_reviewed": "2026-08-30"},
		"api": {"exposed": true, "authentication": "oauth2", "rate_limit": "60/minute"},
		"environments": [{"name": "training", "separated": true}, {"name": "production", "separated": true}],
		"cloud_providers": [{"name": "Cloud", "contract": "docs/cloud.md"}],
	},
	"vulnerability_disclosure": {"policy": "SECURITY.md", "contact": "security@example.com", "ai_issues_in_scope": true},
	"incident_response": {"plan": "docs/ir.md", "recovery_plan": "docs/dr.md", "last_exercised": "2026-07-03"},
}

refs := ["infra/iam.yaml", "docs/cloud.md", "SECURITY.md", "docs/ir.md", "docs/dr.md"]

ok := {r: {"exists": true, "inside_repository": true, "kind": "file"} | some r in refs}

earned(rule, manifest, files) if {
	some m in met with input as {"manifest": manifest, "evidence": {"files": files}, "config": {"today": "2026-11-22"}}
	m.rule == rule
}

patched(ops) := json.patch(good, ops)

test_access_control_met_fires if earned("access_control_met", good, ok)

test_access_control_met_passes if {
	not earned("access_control_met", patched([{"op": "replace", "path": "/infrastructure/access_control/last_reviewed", "value": "2099-01-01"}]), ok)
	not earned("access_control_met", good, object.remove(ok, ["infra/iam.yaml"]))
}

test_api_protected_met_fires if {
	earned("api_protected_met", good, ok)
	earned("api_protected_met", patched([{"op": "replace", "path": "/infrastructure/api", "value": {"exposed": false}}]), ok)
}

test_api_protected_met_passes if {
	not earned("api_protected_met", patched([{"op": "replace", "path": "/infrastructure/api", "value": {"exposed": true, "authentication": "none", "rate_limit": "1/s"}}]), ok)
	not earned("api_protected_met", patched([{"op": "replace", "path": "/infrastructure/api", "value": {}}]), ok)
}

test_environments_separated_met_fires if earned("environments_separated_met", good, ok)

test_environments_separated_met_passes if {
	not earned("environments_separated_met", patched([{"op": "replace", "path": "/infrastructure/environments", "value": []}]), ok)
	not earned("environments_separated_met", patched([{"op": "replace", "path": "/infrastructure/environments/1/separated", "value": false}]), ok)
}

test_disclosure_met_fires if earned("disclosure_met", good, ok)

test_disclosure_met_passes if not earned("disclosure_met", patched([{"op": "replace", "path": "/vulnerability_disclosure/ai_issues_in_scope", "value": false}]), ok)

test_incident_plans_met_fires if earned("incident_plans_met", good, ok)

test_incident_plans_met_passes if not earned("incident_plans_met", patched([{"op": "replace", "path": "/incident_response/last_exercised", "value": "2027-01-01"}]), ok)

test_provider_contract_met_fires if earned("provider_contract_met", good, ok)

test_provider_contract_met_passes if not earned("provider_contract_met", good, object.remove(ok, ["docs/cloud.md"]))
