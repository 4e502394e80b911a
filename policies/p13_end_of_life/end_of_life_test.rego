package ai_security.p13_end_of_life_test

import data.ai_security.p13_end_of_life.violations
import rego.v1

good := {
	"datasets": [{"name": "d", "custodian": "Priya Raman"}],
	"disposal": {
		"plan": "docs/ops/decommissioning.md",
		"data_deletion": true,
		"model_deletion": true,
		"transfer": "docs/ops/decommissioning.md",
		"custodian_signoff": "Priya Raman",
	},
}

fired(rule, manifest) if {
	some v in violations with input as {"manifest": manifest, "config": {"today": "2026-11-22"}}
	v.rule == rule
}

test_good_manifest_has_no_violations if {
	count(violations) == 0 with input as {"manifest": good, "config": {"today": "2026-11-22"}}
}

test_transfer_procedure_fires if fired("transfer_procedure", json.remove(good, ["disposal/transfer"]))

test_transfer_procedure_passes if not fired("transfer_procedure", good)

test_transfer_custodian_signoff_fires if fired("transfer_custodian_signoff", json.remove(good, ["disposal/custodian_signoff"]))

test_transfer_custodian_signoff_fires_for_someone_else if {
	fired("transfer_custodian_signoff", json.patch(good, [{"op": "replace", "path": "/disposal/custodian_signoff", "value": "Dana Okafor"}]))
}

test_transfer_custodian_signoff_passes if not fired("transfer_custodian_signoff", good)

test_decommissioning_plan_fires if fired("decommissioning_plan", json.remove(good, ["disposal/plan"]))

test_decommissioning_plan_passes if not fired("decommissioning_plan", good)

test_secure_deletion_fires if {
	some v in violations with input as {"manifest": json.remove(good, ["disposal/model_deletion"])}
	v.rule == "secure_deletion"
	v.path == ["disposal", "model_deletion"]
	contains(v.message, "model weights")
}

test_secure_deletion_passes if not fired("secure_deletion", good)

test_decommission_custodian_signoff_fires if fired("decommission_custodian_signoff", json.remove(good, ["disposal/custodian_signoff"]))

test_decommission_custodian_signoff_passes if not fired("decommission_custodian_signoff", good)
