# Tests of the `met` rules: test_<rule>_fires shows the rule earns a pass on a complete,
# evidenced manifest; test_<rule>_passes shows it stays silent (earns nothing) on the gamed
# variant: an empty section, a missing or problem file, a date in the future.
package ai_security.p02_design_met_test

import data.ai_security.p02_design.met
import rego.v1

good := {
	"system": {
		"description": "Answers support questions.",
		"failure_behaviour": "Falls back to search.",
		"concerns_channel": "SECURITY.md",
		"design_assessment": {"document": "docs/design.md", "date": "2026-03-02", "approver": "A", "participants": ["developer", "data_custodian"]},
		"integrations": [{"name": "orders", "permissions": ["orders:read"], "risk_note": "docs/design.md"}],
	},
	"models": [
		{"name": "m", "source": "fine_tuned", "datasets": ["tickets"]},
		{"name": "api", "source": "third_party"},
	],
	"datasets": [{"name": "tickets", "custodian": "P", "approved_uses": ["fine-tuning"]}],
	"testing": {"security_tests": [{"kind": "adversarial", "report": "docs/red-team.md", "date": "2026-09-12"}]},
	"supply_chain": {"suppliers": [{"name": "Org", "due_diligence": "docs/org.md", "reviewed": "2026-02-10", "en_304_223": "claimed"}]},
}

refs := ["SECURITY.md", "docs/design.md", "docs/red-team.md", "docs/org.md"]

ok := {r: {"exists": true, "inside_repository": true, "kind": "file"} | some r in refs}

config := {"today": "2026-11-22"}

earned(rule, manifest, files) if {
	some m in met with input as {"manifest": manifest, "evidence": {"files": files}, "config": config}
	m.rule == rule
}

broken(ref) := object.union(ok, {ref: {"exists": true, "inside_repository": true, "problem": "is a placeholder", "problems": [{"kind": "placeholder", "message": "is a placeholder"}]}})

test_design_assessment_met_fires if earned("design_assessment_met", good, ok)

test_design_assessment_met_passes if {
	not earned("design_assessment_met", good, broken("docs/design.md"))
	future := json.patch(good, [{"op": "replace", "path": "/system/design_assessment/date", "value": "2027-01-01"}])
	not earned("design_assessment_met", future, ok)
}

test_custodian_in_design_met_fires if earned("custodian_in_design_met", good, ok)

test_custodian_in_design_met_passes if {
	without := json.patch(good, [{"op": "replace", "path": "/system/design_assessment/participants", "value": ["developer"]}])
	not earned("custodian_in_design_met", without, ok)
}

test_robustness_met_fires if earned("robustness_met", good, ok)

test_robustness_met_passes if {
	not earned("robustness_met", good, {})
	untested := json.patch(good, [{"op": "replace", "path": "/testing/security_tests", "value": []}])
	not earned("robustness_met", untested, ok)
}

test_model_origin_met_fires if earned("model_origin_met", good, ok)

test_model_origin_met_passes if {
	placeholder := json.patch(good, [{"op": "replace", "path": "/models", "value": [{"name": "m", "source": "fine_tuned", "datasets": []}]}])
	not earned("model_origin_met", placeholder, ok)
}

test_supplier_assessed_met_fires if earned("supplier_assessed_met", good, ok)

test_supplier_assessed_met_passes if not earned("supplier_assessed_met", good, broken("docs/org.md"))

test_dataset_custody_met_fires if earned("dataset_custody_met", good, ok)

test_dataset_custody_met_passes if {
	empty := json.patch(good, [{"op": "replace", "path": "/datasets", "value": [{"name": "tickets", "custodian": "P", "approved_uses": []}]}])
	not earned("dataset_custody_met", empty, ok)
}

test_concerns_channel_met_fires if earned("concerns_channel_met", good, ok)

test_concerns_channel_met_passes if {
	url := json.patch(good, [{"op": "replace", "path": "/system/concerns_channel", "value": "https://example.com/speak-up"}])
	not earned("concerns_channel_met", url, ok)
}

test_integration_assessed_met_fires if earned("integration_assessed_met", good, ok)

test_integration_assessed_met_passes if {
	wildcard := json.patch(good, [{"op": "replace", "path": "/system/integrations/0/permissions", "value": ["orders:*"]}])
	not earned("integration_assessed_met", wildcard, ok)
}

test_supplier_reviewed_met_fires if earned("supplier_reviewed_met", good, ok)

test_supplier_reviewed_met_passes if {
	future := json.patch(good, [{"op": "replace", "path": "/supply_chain/suppliers/0/reviewed", "value": "2099-01-01"}])
	not earned("supplier_reviewed_met", future, ok)
	stale := json.patch(good, [{"op": "replace", "path": "/supply_chain/suppliers/0/reviewed", "value": "2024-01-01"}])
	not earned("supplier_reviewed_met", stale, ok)
}
