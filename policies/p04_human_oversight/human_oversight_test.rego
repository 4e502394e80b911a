package ai_security.p04_human_oversight_test

import data.ai_security.p04_human_oversight.violations
import rego.v1

good := {
	"system": {"name": "s", "prohibited_uses": ["legal advice"]},
	"threat_model": {"threats": [{"id": "T1", "category": "prompt_injection"}, {"id": "T6", "category": "evasion"}]},
	"human_oversight": {
		"mechanisms": [
			{"name": "approval", "kind": "approval", "controls": ["T1", "T6"], "test": "tests/test_approval.py"},
			{"name": "audit", "kind": "review", "test": "tests/test_review.py"},
		],
		"output_review_aids": ["citations"],
	},
	"datasets": [
		{"name": "tickets", "personal_data": true, "required_controls": [{"control": "PII scrubbed", "implemented_by": "p.py", "test": "t.py"}]},
		{"name": "faq", "personal_data": false, "classification": "public", "path": "data/faq.csv"},
	],
	"end_users": {"documentation": "docs/user-guide.md"},
}

fired(rule, manifest) if {
	some v in violations with input as {"manifest": manifest, "config": {"today": "2026-11-22"}}
	v.rule == rule
}

fired_at(rule, manifest, path) if {
	some v in violations with input as {"manifest": manifest, "config": {"today": "2026-11-22"}}
	v.rule == rule
	v.path == path
}

test_good_manifest_has_no_violations if {
	count(violations) == 0 with input as {"manifest": good, "config": {"today": "2026-11-22"}}
}

test_oversight_mechanisms_fires if fired("oversight_mechanisms", object.remove(good, ["human_oversight"]))

test_oversight_mechanisms_passes if not fired("oversight_mechanisms", good)

test_oversight_intervention_fires if fired("oversight_intervention", json.remove(good, ["human_oversight/mechanisms/0"]))

test_oversight_intervention_passes if not fired("oversight_intervention", good)

test_output_review_aids_fires if fired("output_review_aids", json.remove(good, ["human_oversight/output_review_aids"]))

test_output_review_aids_passes if not fired("output_review_aids", good)

test_oversight_tested_fires if {
	fired_at("oversight_tested", json.remove(good, ["human_oversight/mechanisms/1/test"]), ["human_oversight", "mechanisms", 1, "test"])
}

test_oversight_tested_passes if not fired("oversight_tested", good)

test_oversight_controls_known_threats_fires if {
	fired_at("oversight_controls_known_threats", json.remove(good, ["threat_model/threats/1"]), ["human_oversight", "mechanisms", 0, "controls", 1])
}

test_oversight_controls_known_threats_passes if not fired("oversight_controls_known_threats", good)

test_custodian_controls_declared_fires if {
	fired_at("custodian_controls_declared", json.remove(good, ["datasets/0/required_controls"]), ["datasets", 0, "required_controls"])
}

test_custodian_controls_declared_passes if not fired("custodian_controls_declared", good)

# strict reading (lib.sensitive_data): a dataset that leaves out `personal_data:` or its
# classification, or whose file shows personal-data columns, may hold personal data
test_custodian_controls_declared_fires_when_personal_data_is_left_out if {
	fired_at("custodian_controls_declared", json.remove(good, ["datasets/1/personal_data"]), ["datasets", 1, "required_controls"])
}

test_custodian_controls_declared_fires_when_classification_is_left_out if {
	fired_at("custodian_controls_declared", json.remove(good, ["datasets/1/classification"]), ["datasets", 1, "required_controls"])
}

test_custodian_controls_declared_fires_when_the_file_shows_personal_columns if {
	seen := {"personal_columns": {"data/faq.csv": ["email"]}}
	some v in violations with input as {"manifest": good, "evidence": seen, "config": {"today": "2026-11-22"}}
	v.rule == "custodian_controls_declared"
	v.path == ["datasets", 1, "required_controls"]
}

test_custodian_controls_declared_passes_when_other_files_show_personal_columns if {
	seen := {"personal_columns": {"data/other.csv": ["email"]}}
	count(violations) == 0 with input as {"manifest": good, "evidence": seen, "config": {"today": "2026-11-22"}}
}

test_custodian_controls_traced_fires if {
	fired_at("custodian_controls_traced", json.remove(good, ["datasets/0/required_controls/0/test"]), ["datasets", 0, "required_controls", 0, "test"])
}

test_custodian_controls_traced_passes if not fired("custodian_controls_traced", good)

test_prohibited_uses_declared_fires if fired("prohibited_uses_declared", json.remove(good, ["system/prohibited_uses"]))

test_prohibited_uses_declared_passes if not fired("prohibited_uses_declared", good)

test_prohibited_uses_published_fires if fired("prohibited_uses_published", object.remove(good, ["end_users"]))

test_prohibited_uses_published_passes if not fired("prohibited_uses_published", good)

# evidence/test_files.py found the cited test is no test of the repository's code
not_tests := {"tests/test_approval.py": "defines no test function (def test_...)", "t.py": "imports no module of this repository, so it cannot exercise the mechanism's code"}

test_oversight_test_real_fires if {
	found := {v.provision | some v in violations with input as {"manifest": good, "evidence": {"test_files": not_tests}, "config": {"today": "2026-11-22"}}; v.rule == "oversight_test_real"; v.path == ["human_oversight", "mechanisms", 0, "test"]}
	found == {"5.1.4-1", "5.1.4-3"}
}

test_oversight_test_real_passes if {
	not fired("oversight_test_real", good)
	count([v | some v in violations with input as {"manifest": good, "evidence": {"test_files": {"tests/test_approval.py": ""}}, "config": {"today": "2026-11-22"}}; v.rule == "oversight_test_real"]) == 0
}

test_custodian_test_real_fires if {
	some v in violations with input as {"manifest": good, "evidence": {"test_files": not_tests}, "config": {"today": "2026-11-22"}}
	v.rule == "custodian_test_real"
	v.path == ["datasets", 0, "required_controls", 0, "test"]
	contains(v.message, "imports no module of this repository")
}

test_custodian_test_real_passes if not fired("custodian_test_real", good)
