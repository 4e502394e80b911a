# Principle 7 (clause 5.2.3), positive findings: what the manifest and the repository show is
# in place. A provision passes only on one of these (an empty section earns nothing).
package ai_security.p07_supply_chain

import data.ai_security.lib
import rego.v1

# METADATA
# title: Supply chain controls in place
# description: The AI-BOM and every lockfile are in the repository without problems, and scanning is named.
# custom:
#   provision: ["5.2.3-1"]
#   rule: supply_chain_met
met contains m if {
	lib.file_ok(supply_chain.sbom)
	locks := lib.list_at(supply_chain, "lockfiles")
	count(locks) > 0
	bad := [l | some l in locks; not lib.file_ok(l)]
	count(bad) == 0
	scanners := lib.filled(lib.list_at(supply_chain, "scanning"))
	count(scanners) > 0
	m := {
		"provision": "5.2.3-1",
		"rule": "supply_chain_met",
		"what": sprintf("AI-BOM %v, lockfiles %v, scanning with %v", [supply_chain.sbom, concat(", ", [sprintf("%v", [l]) | some l in locks]), concat(", ", [sprintf("%v", [s]) | some s in scanners])]),
		"path": ["supply_chain"],
	}
}

# METADATA
# title: Poorly documented component justified
# description: A model declared poorly documented has a justification document in the repository.
# custom:
#   provision: ["5.2.3-2"]
#   rule: poor_component_justified_met
met contains m if {
	some i in poorly_documented_models
	model := models[i]
	lib.file_ok(justification(model).document)
	m := {
		"provision": "5.2.3-2",
		"rule": "poor_component_justified_met",
		"what": sprintf("model %v: use justified in %v", [object.get(model, "name", i), justification(model).document]),
		"path": ["models", i, "justification", "document"],
	}
}

# METADATA
# title: Poorly documented component controlled
# description: A model declared poorly documented has a risk assessment in the repository and compensating controls.
# custom:
#   provision: ["5.2.3-2.1"]
#   rule: poor_component_controls_met
met contains m if {
	some i in poorly_documented_models
	model := models[i]
	j := justification(model)
	lib.file_ok(j.risk_assessment)
	not lib.blank(j, "compensating_controls")
	m := {
		"provision": "5.2.3-2.1",
		"rule": "poor_component_controls_met",
		"what": sprintf("model %v: risk assessment %v with compensating controls", [object.get(model, "name", i), j.risk_assessment]),
		"path": ["models", i, "justification"],
	}
}

# METADATA
# title: Poorly documented component disclosed
# description: The use of a poorly documented model is disclosed to end users in a document in the repository.
# custom:
#   provision: ["5.2.3-2.2"]
#   rule: poor_component_disclosed_met
met contains m if {
	some i in poorly_documented_models
	model := models[i]
	lib.file_ok(justification(model).user_disclosure)
	m := {
		"provision": "5.2.3-2.2",
		"rule": "poor_component_disclosed_met",
		"what": sprintf("model %v: disclosed to users in %v", [object.get(model, "name", i), justification(model).user_disclosure]),
		"path": ["models", i, "justification", "user_disclosure"],
	}
}

# The models' evaluation dates that happened, each date judged once (a parse costs about
# 10 us in regorus; models evaluated together share a date). A superset of the dates the
# rule asks about: membership says what lib.happened(e.date) would.
evaluation_dates_happened := lib.happened_among([d | some m in models; d := m.evaluation.date])

# METADATA
# title: External model evaluated
# description: A model from outside has an evaluation report in the repository, dated not after today, for the version in use.
# custom:
#   provision: ["5.2.3-3"]
#   rule: external_model_evaluated_met
met contains m if {
	some i in external_models
	model := models[i]
	e := model.evaluation # by reference: lib.object_at's {} would fail the next line too
	is_object(e)
	lib.file_ok(e.report)
	e.date in evaluation_dates_happened
	object.get(e, "model_version", object.get(model, "version", "")) == object.get(model, "version", "")
	m := {
		"provision": "5.2.3-3",
		"rule": "external_model_evaluated_met",
		"what": sprintf("model %v evaluated on %v: %v", [object.get(model, "name", i), e.date, e.report]),
		"path": ["models", i, "evaluation"],
	}
}

# METADATA
# title: Users told of model updates in advance
# description: End users get a stated number of days' notice of model updates through a document in the repository.
# custom:
#   provision: ["5.2.3-4"]
#   rule: update_notice_met
met contains m if {
	users := lib.section("end_users")
	days := object.get(users, "model_update_notice_days", 0)
	is_number(days)
	days > 0
	lib.file_ok(users.security_updates)
	m := {
		"provision": "5.2.3-4",
		"rule": "update_notice_met",
		"what": sprintf("users are told of model updates %v days ahead through %v", [days, users.security_updates]),
		"path": ["end_users", "model_update_notice_days"],
	}
}
