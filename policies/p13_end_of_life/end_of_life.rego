# Principle 13: ensure proper data and model disposal (EN 304 223 clause 5.5.1).
package ai_security.p13_end_of_life

import data.ai_security.lib
import rego.v1

disposal := lib.section("disposal")

custodians := {d.custodian | some d in lib.records(lib.entries("datasets"))}

deleted := {"data_deletion": "the data and configuration", "model_deletion": "the model weights"}

# METADATA
# title: Transfer procedure
# description: Transfers of data and models follow a written procedure.
# custom:
#   provision: ["5.5.1-1"]
#   rule: transfer_procedure
violations contains v if {
	lib.blank(disposal, "transfer")
	v := {
		"provision": "5.5.1-1",
		"rule": "transfer_procedure",
		"message": "no procedure for transferring or sharing data and models; add `disposal.transfer:` with the procedure that involves the data custodian and disposes of what stays behind",
		"path": ["disposal", "transfer"],
	}
}

# METADATA
# title: Transfer custodian signoff
# description: A data custodian, one named on the declared datasets, signs off transfers.
# custom:
#   provision: ["5.5.1-1"]
#   rule: transfer_custodian_signoff
violations contains v if {
	lib.blank(disposal, "custodian_signoff")
	v := {
		"provision": "5.5.1-1",
		"rule": "transfer_custodian_signoff",
		"message": "no data custodian signs off transfers; add `disposal.custodian_signoff:` with the custodian who does",
		"path": ["disposal", "custodian_signoff"],
	}
}

# METADATA
# title: Transfer custodian signoff
# description: A data custodian, one named on the declared datasets, signs off transfers.
# custom:
#   provision: ["5.5.1-1"]
#   rule: transfer_custodian_signoff
violations contains v if {
	signoff := object.get(disposal, "custodian_signoff", "")
	lib.has_value(signoff)
	count(custodians) > 0
	not signoff in custodians
	v := {
		"provision": "5.5.1-1",
		"rule": "transfer_custodian_signoff",
		"message": sprintf("%v signs off transfers and disposals but is not the custodian of any dataset in `datasets:`; name one of the dataset custodians in `disposal.custodian_signoff:`", [signoff]),
		"path": ["disposal", "custodian_signoff"],
	}
}

# METADATA
# title: Decommissioning plan
# description: Decommissioning follows a runbook.
# custom:
#   provision: ["5.5.1-2"]
#   rule: decommissioning_plan
violations contains v if {
	lib.blank(disposal, "plan")
	v := {
		"provision": "5.5.1-2",
		"rule": "decommissioning_plan",
		"message": "no decommissioning runbook; add `disposal.plan:` with the procedure for retiring the model or system",
		"path": ["disposal", "plan"],
	}
}

# METADATA
# title: Secure deletion
# description: Decommissioning securely deletes the data, configuration and model weights.
# custom:
#   provision: ["5.5.1-2"]
#   rule: secure_deletion
violations contains v if {
	some key in ["data_deletion", "model_deletion"]
	deletion_required(key)
	not lib.enabled(disposal, key)
	v := {
		"provision": "5.5.1-2",
		"rule": "secure_deletion",
		"message": sprintf("decommissioning does not securely delete %v; make the runbook do so and set `disposal.%v: true`", [deleted[key], key]),
		"path": ["disposal", key],
	}
}

# METADATA
# title: Decommission custodian signoff
# description: A data custodian signs off the deletion.
# custom:
#   provision: ["5.5.1-2"]
#   rule: decommission_custodian_signoff
violations contains v if {
	lib.blank(disposal, "custodian_signoff")
	v := {
		"provision": "5.5.1-2",
		"rule": "decommission_custodian_signoff",
		"message": "no data custodian is involved in decommissioning; add `disposal.custodian_signoff:` with the custodian who signs off the deletion",
		"path": ["disposal", "custodian_signoff"],
	}
}
