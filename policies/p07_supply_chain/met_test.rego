# Tests of the `met` rules: test_<rule>_fires shows the rule earns a pass on a complete,
# evidenced manifest; test_<rule>_passes shows it earns nothing on the gamed variant.
package ai_security.p07_supply_chain_met_test

import data.ai_security.p07_supply_chain.met
import rego.v1

good := {
	"supply_chain": {"sbom": "sbom/bom.json", "lockfiles": ["requirements.lock"], "scanning": ["pip-audit"]},
	"models": [{
		"name": "m", "version": "1.0", "source": "third_party", "documentation": "poor",
		"evaluation": {"report": "docs/eval.md", "date": "2026-09-14", "model_version": "1.0"},
		"justification": {"document": "docs/why.md", "risk_assessment": "docs/risk.md", "compensating_controls": ["sandbox"], "user_disclosure": "docs/disclosure.md"},
	}],
	"end_users": {"model_update_notice_days": 14, "security_updates": "docs/changelog.md"},
}

refs := ["sbom/bom.json", "requirements.lock", "docs/eval.md", "docs/why.md", "docs/risk.md", "docs/disclosure.md", "docs/changelog.md"]

ok := {r: {"exists": true, "inside_repository": true, "kind": "file"} | some r in refs}

earned(rule, manifest, files) if {
	some m in met with input as {"manifest": manifest, "evidence": {"files": files}, "config": {"today": "2026-11-22"}}
	m.rule == rule
}

patched(ops) := json.patch(good, ops)

test_supply_chain_met_fires if earned("supply_chain_met", good, ok)

test_supply_chain_met_passes if {
	stale := object.union(ok, {"requirements.lock": {"exists": true, "inside_repository": true, "problems": [{"kind": "lockfile", "message": "has unpinned entries"}]}})
	not earned("supply_chain_met", good, stale)
	not earned("supply_chain_met", patched([{"op": "replace", "path": "/supply_chain/lockfiles", "value": []}]), ok)
}

test_poor_component_justified_met_fires if earned("poor_component_justified_met", good, ok)

test_poor_component_justified_met_passes if not earned("poor_component_justified_met", good, object.remove(ok, ["docs/why.md"]))

test_poor_component_controls_met_fires if earned("poor_component_controls_met", good, ok)

test_poor_component_controls_met_passes if not earned("poor_component_controls_met", patched([{"op": "replace", "path": "/models/0/justification/compensating_controls", "value": []}]), ok)

test_poor_component_disclosed_met_fires if earned("poor_component_disclosed_met", good, ok)

test_poor_component_disclosed_met_passes if not earned("poor_component_disclosed_met", good, object.remove(ok, ["docs/disclosure.md"]))

test_external_model_evaluated_met_fires if earned("external_model_evaluated_met", good, ok)

test_external_model_evaluated_met_passes if {
	not earned("external_model_evaluated_met", patched([{"op": "replace", "path": "/models/0/evaluation/date", "value": "2099-01-01"}]), ok)
	not earned("external_model_evaluated_met", patched([{"op": "replace", "path": "/models/0/evaluation/model_version", "value": "0.9"}]), ok)
}

# the evaluation dates are judged once per distinct date, but each model on its own: of two
# models, the one evaluated in the future earns nothing, also when the other shares its report
test_external_model_evaluated_met_judges_each_model_date if {
	second := object.union(good.models[0], {"name": "n", "evaluation": {"report": "docs/eval.md", "date": "2099-01-01", "model_version": "1.0"}})
	two := object.union(good, {"models": [good.models[0], second]})
	paths := [m.path | some m in met with input as {"manifest": two, "evidence": {"files": ok}, "config": {"today": "2026-11-22"}}; m.rule == "external_model_evaluated_met"]
	paths == [["models", 0, "evaluation"]]
}

test_update_notice_met_fires if earned("update_notice_met", good, ok)

test_update_notice_met_passes if not earned("update_notice_met", patched([{"op": "replace", "path": "/end_users/model_update_notice_days", "value": 0}]), ok)
