# Tests of the `met` rules: test_<rule>_fires shows the rule earns a pass on a complete,
# evidenced manifest; test_<rule>_passes shows it earns nothing on the gamed variant.
package ai_security.p03_threats_met_test

import data.ai_security.p03_threats.met
import rego.v1

good := {
	"system": {
		"design_assessment": {"document": "d.md", "date": "2026-03-02"},
		"capabilities": {"available": ["text", "vision"], "enabled": ["text"], "disabled": ["vision"]},
	},
	"models": [{"name": "m", "source": "third_party"}],
	"threat_model": {
		"document": "docs/tm.md",
		"last_reviewed": "2026-09-20",
		"risk_appetite": "docs/risk.md",
		"residual_risks": "docs/limits.md",
		"threats": [
			{"id": "T1", "category": "prompt_injection", "mitigations": ["filter"], "treatment": "mitigate", "owner": "A"},
			{"id": "T2", "category": "supply_chain", "treatment": "accept", "rationale": "pinned", "owner": "A"},
		],
	},
	"infrastructure": {
		"access_control": {"policy": "iam.yaml", "last_reviewed": "2026-08-30"},
		"cloud_providers": [{"name": "Cloud", "assurance": "docs/cloud.md"}],
	},
}

refs := ["docs/tm.md", "docs/risk.md", "docs/limits.md", "docs/cloud.md"]

ok := {r: {"exists": true, "inside_repository": true, "kind": "file"} | some r in refs}

config := {"today": "2026-11-22"}

earned(rule, manifest, files) if {
	some m in met with input as {"manifest": manifest, "evidence": {"files": files}, "config": config}
	m.rule == rule
}

patched(ops) := json.patch(good, ops)

test_threat_model_met_fires if earned("threat_model_met", good, ok)

test_threat_model_met_passes if {
	not earned("threat_model_met", patched([{"op": "replace", "path": "/threat_model/threats", "value": []}]), ok)
	not earned("threat_model_met", patched([{"op": "replace", "path": "/threat_model/last_reviewed", "value": "2099-01-01"}]), ok)
	not earned("threat_model_met", good, {})
	directory := object.union(ok, {"docs/tm.md": {"exists": true, "inside_repository": true, "kind": "directory"}})
	not earned("threat_model_met", good, directory)
}

test_threat_model_current_met_fires if earned("threat_model_current_met", good, ok)

test_threat_model_current_met_passes if {
	not earned("threat_model_current_met", patched([{"op": "replace", "path": "/threat_model/last_reviewed", "value": "2026-01-01"}]), ok)
	not earned("threat_model_current_met", patched([{"op": "replace", "path": "/threat_model/last_reviewed", "value": "2099-01-01"}]), ok)
}

test_capabilities_met_fires if earned("capabilities_met", good, ok)

test_capabilities_met_passes if {
	not earned("capabilities_met", patched([{"op": "replace", "path": "/system/capabilities", "value": {}}]), ok)
	not earned("capabilities_met", patched([{"op": "replace", "path": "/system/capabilities/disabled", "value": []}]), ok)
}

test_threats_treated_met_fires if earned("threats_treated_met", good, ok)

test_threats_treated_met_passes if {
	not earned("threats_treated_met", patched([{"op": "replace", "path": "/threat_model/threats", "value": []}]), ok)
	not earned("threats_treated_met", patched([{"op": "remove", "path": "/threat_model/threats/1/rationale"}]), ok)
}

test_residual_risks_met_fires if earned("residual_risks_met", good, ok)

test_residual_risks_met_passes if not earned("residual_risks_met", good, object.remove(ok, ["docs/limits.md"]))

told := object.union(good, {"end_users": {"limitations": "docs/limits.md"}})

operator := object.union(config, {"roles": ["system_operator"]})

test_residual_risks_told_met_fires if {
	some m in met with input as {"manifest": told, "evidence": {"files": ok}, "config": operator}
	m.rule == "residual_risks_told_met"
}

test_residual_risks_told_met_passes if {
	not told_earned({"manifest": told, "evidence": {"files": ok}, "config": object.union(config, {"roles": ["developer"]})})
	not told_earned({"manifest": told, "evidence": {"files": object.remove(ok, ["docs/limits.md"])}, "config": operator})
}

told_earned(doc) if {
	some m in met with input as doc
	m.rule == "residual_risks_told_met"
}

test_provider_assurance_met_fires if earned("provider_assurance_met", good, ok)

test_provider_assurance_met_passes if {
	bad := object.union(ok, {"docs/cloud.md": {"exists": false, "inside_repository": true, "problem": "does not exist"}})
	not earned("provider_assurance_met", good, bad)
}

test_infrastructure_review_met_fires if earned("infrastructure_review_met", good, ok)

test_infrastructure_review_met_passes if {
	not earned("infrastructure_review_met", patched([{"op": "replace", "path": "/infrastructure/access_control/last_reviewed", "value": "2027-05-01"}]), ok)
}

# An avoided threat is treated once it has an owner (the activity that carried it is dropped).
test_threats_treated_met_fires_for_an_avoided_threat if {
	avoided := {"id": "T3", "category": "model_extraction", "treatment": "avoid", "owner": "A"}
	earned("threats_treated_met", patched([{"op": "add", "path": "/threat_model/threats/-", "value": avoided}]), ok)
	ownerless := object.remove(avoided, ["owner"])
	not earned("threats_treated_met", patched([{"op": "add", "path": "/threat_model/threats/-", "value": ownerless}]), ok)
}

earned_with(rule, manifest, files, options) if {
	some m in met with input as {"manifest": manifest, "evidence": {"files": files}, "config": object.union(config, options)}
	m.rule == rule
}

# --review-max-age (input.config.review_max_age_days) moves the line between recent and stale;
# a value that is not a number leaves the 365-day default.
test_infrastructure_review_met_follows_the_review_age_option if {
	year_old := patched([{"op": "replace", "path": "/infrastructure/access_control/last_reviewed", "value": "2025-11-01"}])
	not earned("infrastructure_review_met", year_old, ok)
	earned_with("infrastructure_review_met", year_old, ok, {"review_max_age_days": 400})
	not earned_with("infrastructure_review_met", good, ok, {"review_max_age_days": 30})
	earned_with("infrastructure_review_met", good, ok, {"review_max_age_days": "30"})
}
