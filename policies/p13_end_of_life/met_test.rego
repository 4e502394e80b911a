# Tests of the `met` rules: test_<rule>_fires shows the rule earns a pass on a complete,
# evidenced manifest; test_<rule>_passes shows it earns nothing on the gamed variant.
package ai_security.p13_end_of_life_met_test

import data.ai_security.p13_end_of_life.met
import data.ai_security.p13_end_of_life.violations
import rego.v1

good := {
	"datasets": [{"name": "d", "custodian": "Priya"}],
	"disposal": {"plan": "docs/decom.md", "transfer": "docs/decom.md", "data_deletion": true, "model_deletion": true, "custodian_signoff": "Priya"},
}

ok := {"docs/decom.md": {"exists": true, "inside_repository": true, "kind": "file"}}

earned(rule, manifest, files) if {
	some m in met with input as {"manifest": manifest, "evidence": {"files": files}, "config": {"today": "2026-11-22"}}
	m.rule == rule
}

patched(ops) := json.patch(good, ops)

test_transfer_met_fires if earned("transfer_met", good, ok)

test_transfer_met_passes if {
	not earned("transfer_met", patched([{"op": "replace", "path": "/disposal/custodian_signoff", "value": "Somebody"}]), ok)
	not earned("transfer_met", good, {})
}

test_decommissioning_met_fires if earned("decommissioning_met", good, ok)

test_decommissioning_met_passes if not earned("decommissioning_met", patched([{"op": "replace", "path": "/disposal/data_deletion", "value": false}]), ok)

# Model deletion is demanded unless the gate established that no weights are held.
model_deletion_demanded(conditions) if {
	manifest := patched([{"op": "replace", "path": "/disposal/model_deletion", "value": false}])
	some v in violations with input as {"manifest": manifest, "config": {"today": "2026-11-22", "conditions": conditions}}
	v.rule == "secure_deletion"
}

test_model_deletion_only_where_weights_held if {
	model_deletion_demanded({})
	model_deletion_demanded({"weights_held": true})
	not model_deletion_demanded({"weights_held": false})
}
