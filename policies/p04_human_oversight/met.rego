# Principle 4 (clause 5.1.4), positive findings: what the manifest and the repository show is
# in place. A provision passes only on one of these (no mechanisms earns nothing).
package ai_security.p04_human_oversight

import data.ai_security.lib
import rego.v1

# METADATA
# title: Human can intervene
# description: An oversight mechanism lets a person intervene (approval, override or stop) and has a test in the repository that checks its code.
# custom:
#   provision: ["5.1.4-1"]
#   rule: intervention_met
met contains m if {
	some i, mech in mechanisms
	mech.kind in {"approval", "override", "stop"}
	lib.test_ok(mech.test)
	m := {
		"provision": "5.1.4-1",
		"rule": "intervention_met",
		"what": sprintf("%v mechanism %v, tested by %v", [mech.kind, object.get(mech, "name", i), mech.test]),
		"path": ["human_oversight", "mechanisms", i],
	}
}

# METADATA
# title: Output review aids
# description: Outputs carry named aids that help a person judge them.
# custom:
#   provision: ["5.1.4-2"]
#   rule: output_review_aids_met
met contains m if {
	aids := lib.filled(lib.list_at(oversight, "output_review_aids"))
	count(aids) > 0
	m := {
		"provision": "5.1.4-2",
		"rule": "output_review_aids_met",
		"what": sprintf("output review aids: %v", [concat(", ", [sprintf("%v", [a]) | some a in aids])]),
		"path": ["human_oversight", "output_review_aids"],
	}
}

# METADATA
# title: Oversight controls declared threats and is tested
# description: An oversight mechanism controls threats of the threat model and its test, in the repository, checks its code.
# custom:
#   provision: ["5.1.4-3"]
#   rule: oversight_tested_met
met contains m if {
	some i, mech in mechanisms
	controls := lib.filled(lib.list_at(mech, "controls"))
	count(controls) > 0
	unknown := [c | some c in controls; not c in threat_ids]
	count(unknown) == 0
	lib.test_ok(mech.test)
	m := {
		"provision": "5.1.4-3",
		"rule": "oversight_tested_met",
		"what": sprintf("mechanism %v controls %v, tested by %v", [object.get(mech, "name", i), concat(", ", [sprintf("%v", [c]) | some c in controls]), mech.test]),
		"path": ["human_oversight", "mechanisms", i],
	}
}

# METADATA
# title: Custodian controls implemented and tested
# description: A control a data custodian requires names its implementation and its test, both in the repository, the test checking the code.
# custom:
#   provision: ["5.1.4-4"]
#   rule: custodian_controls_met
met contains m if {
	some [i, d, j, c] in required_controls
	lib.path_ok(c.implemented_by)
	lib.test_ok(c.test)
	m := {
		"provision": "5.1.4-4",
		"rule": "custodian_controls_met",
		"what": sprintf("dataset %v: control implemented by %v, tested by %v", [object.get(d, "name", i), c.implemented_by, c.test]),
		"path": ["datasets", i, "required_controls", j],
	}
}

# METADATA
# title: Prohibited uses published
# description: The prohibited uses are declared and a user document in the repository publishes them.
# custom:
#   provision: ["5.1.4-5"]
#   rule: prohibited_uses_met
met contains m if {
	uses := lib.filled(lib.list_at(lib.section("system"), "prohibited_uses"))
	count(uses) > 0
	some key in ["documentation", "limitations"]
	doc := object.get(lib.section("end_users"), key, null)
	lib.file_ok(doc)
	m := {
		"provision": "5.1.4-5",
		"rule": "prohibited_uses_met",
		"what": sprintf("%v prohibited uses declared, published in %v", [count(uses), doc]),
		"path": ["system", "prohibited_uses"],
	}
}
