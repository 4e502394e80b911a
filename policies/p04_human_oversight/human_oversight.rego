# Principle 4: enable human responsibility for AI systems (EN 304 223 clause 5.1.4).
package ai_security.p04_human_oversight

import data.ai_security.lib
import rego.v1

oversight := lib.section("human_oversight")

mechanisms := lib.records(lib.list_at(oversight, "mechanisms"))

threat_ids := {t.id | some t in lib.records(lib.list_at(lib.section("threat_model"), "threats"))}

datasets := lib.records(lib.entries("datasets"))

# METADATA
# title: Oversight mechanisms
# description: The system has at least one technical means of human oversight.
# custom:
#   provision: ["5.1.4-1"]
#   rule: oversight_mechanisms
violations contains v if {
	count(mechanisms) == 0
	v := {
		"provision": "5.1.4-1",
		"rule": "oversight_mechanisms",
		"message": "no human oversight mechanisms; list under `human_oversight.mechanisms` how people approve, override or stop the system (name, kind, the threats it controls, its test)",
		"path": ["human_oversight", "mechanisms"],
	}
}

# METADATA
# title: Oversight intervention
# description: >-
#   At least one oversight mechanism lets a person intervene (approval, override or stop), not only
#   review afterwards.
# custom:
#   provision: ["5.1.4-1"]
#   rule: oversight_intervention
violations contains v if {
	count(mechanisms) > 0
	kinds := {object.get(m, "kind", "") | some m in mechanisms}
	count(kinds & {"approval", "override", "stop"}) == 0
	v := {
		"provision": "5.1.4-1",
		"rule": "oversight_intervention",
		"message": "every oversight mechanism is an after-the-fact review; add one of kind approval, override or stop to `human_oversight.mechanisms` so a person can intervene",
		"path": ["human_oversight", "mechanisms"],
	}
}

# METADATA
# title: Output review aids
# description: >-
#   Outputs carry aids that help people judge them (citations, rationales, confidence scores).
# custom:
#   provision: ["5.1.4-2"]
#   rule: output_review_aids
violations contains v if {
	lib.blank(oversight, "output_review_aids")
	v := {
		"provision": "5.1.4-2",
		"rule": "output_review_aids",
		"message": "nothing helps people judge the outputs; list in `human_oversight.output_review_aids` what outputs carry for review (e.g. citations, rationales, confidence scores)",
		"path": ["human_oversight", "output_review_aids"],
	}
}

# METADATA
# title: Oversight tested
# description: Every oversight mechanism has a test that shows it works.
# custom:
#   provision: ["5.1.4-3"]
#   rule: oversight_tested
violations contains v if {
	some i, m in mechanisms
	lib.blank(m, "test")
	v := {
		"provision": "5.1.4-3",
		"rule": "oversight_tested",
		"message": sprintf("oversight mechanism %v has no test; add `test:` with the test that shows it works", [object.get(m, "name", i)]),
		"path": ["human_oversight", "mechanisms", i, "test"],
	}
}

# METADATA
# title: Oversight controls known threats
# description: The threats an oversight mechanism controls are threats the threat model declares.
# custom:
#   provision: ["5.1.4-3"]
#   rule: oversight_controls_known_threats
violations contains v if {
	some i, m in mechanisms
	some j, id in lib.list_at(m, "controls")
	not id in threat_ids
	v := {
		"provision": "5.1.4-3",
		"rule": "oversight_controls_known_threats",
		"message": sprintf("oversight mechanism %v controls %v, which is not a threat id in `threat_model.threats`; use the id of the threat it controls", [object.get(m, "name", i), id]),
		"path": ["human_oversight", "mechanisms", i, "controls", j],
	}
}

# METADATA
# title: Custodian controls declared
# description: Every personal or confidential dataset lists the controls its custodian requires.
# custom:
#   provision: ["5.1.4-4"]
#   rule: custodian_controls_declared
violations contains v if {
	some i, d in datasets
	lib.sensitive_data(d)
	lib.blank(d, "required_controls")
	v := {
		"provision": "5.1.4-4",
		"rule": "custodian_controls_declared",
		"message": sprintf("dataset %v is personal or confidential (%v) but lists no controls its custodian requires; add `required_controls:` (control, implemented_by, test)", [object.get(d, "name", i), lib.sensitive_reason(d)]),
		"path": ["datasets", i, "required_controls"],
	}
}

# [dataset index, dataset, control index, control] for every control a dataset requires,
# found once for the three rules that read them: most datasets require none, and each rule
# scanning every dataset through lib.records(lib.list_at(...)) cost about 0.07 s at 10,000.
# A list, not a set (no comparison of whole datasets on insertion).
required_controls := [[i, d, j, c] |
	some i, d in datasets
	controls := d.required_controls # by reference: absent, or no list, adds nothing
	is_array(controls)
	some j, c in controls
	is_object(c) # what lib.records keeps
]

# METADATA
# title: Custodian controls traced
# description: >-
#   Every required control names the code that implements it and the test that shows it works.
# custom:
#   provision: ["5.1.4-4"]
#   rule: custodian_controls_traced
violations contains v if {
	some [i, d, j, c] in required_controls
	some key in ["implemented_by", "test"]
	lib.blank(c, key)
	v := {
		"provision": "5.1.4-4",
		"rule": "custodian_controls_traced",
		"message": sprintf("the control %v required for dataset %v has no `%v:`; name the code or configuration that implements it and the test that shows it works", [object.get(c, "control", j), object.get(d, "name", i), key]),
		"path": ["datasets", i, "required_controls", j, key],
	}
}

# METADATA
# title: Prohibited uses declared
# description: The uses that are not allowed are stated.
# custom:
#   provision: ["5.1.4-5"]
#   rule: prohibited_uses_declared
violations contains v if {
	lib.blank(lib.section("system"), "prohibited_uses")
	v := {
		"provision": "5.1.4-5",
		"rule": "prohibited_uses_declared",
		"message": "the uses that are not allowed are not stated; list them in `system.prohibited_uses`",
		"path": ["system", "prohibited_uses"],
	}
}

# METADATA
# title: Prohibited uses published
# description: >-
#   The prohibited uses are published where end users read them (user guide or limitations page).
# custom:
#   provision: ["5.1.4-5"]
#   rule: prohibited_uses_published
violations contains v if {
	not lib.blank(lib.section("system"), "prohibited_uses")
	end_users := lib.section("end_users")
	lib.blank(end_users, "documentation")
	lib.blank(end_users, "limitations")
	v := {
		"provision": "5.1.4-5",
		"rule": "prohibited_uses_published",
		"message": "the prohibited uses are not published to end users; add `end_users.documentation:` (or `end_users.limitations:`) with the page that tells them",
		"path": ["end_users", "documentation"],
	}
}

# METADATA
# title: Oversight test is a test
# description: >-
#   The test an oversight mechanism cites is a test of this repository's code: it checks
#   something and imports the code it exercises (evidence/test_files.py), not any file.
# custom:
#   provision: ["5.1.4-1", "5.1.4-3"]
#   rule: oversight_test_real
violations contains v if {
	some i, m in mechanisms
	ref := object.get(m, "test", null)
	is_string(ref)
	problem := object.get(lib.evidence_test_files, ref, "")
	problem != ""
	some provision in ["5.1.4-1", "5.1.4-3"]
	v := {
		"provision": provision,
		"rule": "oversight_test_real",
		"message": sprintf("oversight mechanism %v cites %v as its test, but it %v; cite the test that exercises the mechanism", [object.get(m, "name", i), ref, problem]),
		"path": ["human_oversight", "mechanisms", i, "test"],
	}
}

# METADATA
# title: Custodian control test is a test
# description: >-
#   The test a custodian's required control cites is a test of this repository's code.
# custom:
#   provision: ["5.1.4-4"]
#   rule: custodian_test_real
violations contains v if {
	some [i, d, j, c] in required_controls
	ref := object.get(c, "test", null)
	is_string(ref)
	problem := object.get(lib.evidence_test_files, ref, "")
	problem != ""
	v := {
		"provision": "5.1.4-4",
		"rule": "custodian_test_real",
		"message": sprintf("dataset %v: the control's test %v %v; cite the test that exercises the control", [object.get(d, "name", i), ref, problem]),
		"path": ["datasets", i, "required_controls", j, "test"],
	}
}
