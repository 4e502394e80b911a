# Principle 13 (clause 5.5.1), positive findings: what the manifest and the repository show is
# in place. A provision passes only on one of these.
package ai_security.p13_end_of_life

import data.ai_security.lib
import rego.v1

# The sign-off is by a custodian the manifest names on a dataset (any named person when no
# dataset is declared).
signed_off(who) if {
	lib.has_value(who)
	count(custodians) == 0
}

signed_off(who) if {
	lib.has_value(who)
	who in custodians
}

# METADATA
# title: Transfers follow a procedure
# description: The transfer procedure is in the repository and a data custodian signs transfers off.
# custom:
#   provision: ["5.5.1-1"]
#   rule: transfer_met
met contains m if {
	lib.file_ok(disposal.transfer)
	signed_off(object.get(disposal, "custodian_signoff", ""))
	m := {
		"provision": "5.5.1-1",
		"rule": "transfer_met",
		"what": sprintf("transfer procedure %v, signed off by %v", [disposal.transfer, disposal.custodian_signoff]),
		"path": ["disposal", "transfer"],
	}
}

# METADATA
# title: Decommissioning deletes securely
# description: The decommissioning runbook is in the repository, deletes the data securely, and a data custodian signs the deletion off.
# custom:
#   provision: ["5.5.1-2"]
#   rule: decommissioning_met
met contains m if {
	lib.file_ok(disposal.plan)
	lib.enabled(disposal, "data_deletion")
	signed_off(object.get(disposal, "custodian_signoff", ""))
	m := {
		"provision": "5.5.1-2",
		"rule": "decommissioning_met",
		"what": sprintf("decommissioning runbook %v deletes the data%v, signed off by %v", [disposal.plan, weights_note, disposal.custodian_signoff]),
		"path": ["disposal", "plan"],
	}
}

weights_note := " and the model weights" if lib.enabled(disposal, "model_deletion")

else := ""

# The deletions decommissioning needs: the model weights only where the organisation holds
# them (input.config.conditions, computed by the gate from the manifest; required when absent).
deletion_required(key) if key == "data_deletion"

deletion_required(key) if {
	key == "model_deletion"
	not weights_not_held
}

weights_not_held if input.config.conditions.weights_held == false
