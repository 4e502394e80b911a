package ai_security.evidence_test

import data.ai_security.evidence
import rego.v1

fields := [
	{"path": ["threat_model", "document"], "provisions": ["5.1.3-1"]},
	{"path": ["models", "*", "model_card"], "provisions": ["5.2.4-1.1", "5.2.1-1"]},
]

unusable(ref, at, problem) := {"files": {ref: object.union({"referenced_at": at}, problem)}}

found(evidence_input) := {[v.provision, v.path, v.message] |
	some v in evidence.violations with input as {"manifest": {}, "evidence": evidence_input}
		with data.ai_security_gate.evidence_fields as fields
}

test_evidence_file_unusable_fires if {
	got := found(unusable("docs/tm.md", [["threat_model", "document"]], {"problem": "does not exist"}))
	got == {["5.1.3-1", ["threat_model", "document"], "docs/tm.md does not exist; the manifest names it as evidence, so commit it at that path or correct the path"]}
}

test_evidence_file_unusable_fires_under_every_provision_of_the_field if {
	got := found(unusable("cards/m.md", [["models", 1, "model_card"]], {"problem": "is empty"}))
	{p | some [p, _, _] in got} == {"5.2.4-1.1", "5.2.1-1"}
	{path | some [_, path, _] in got} == {["models", 1, "model_card"]}
}

test_evidence_file_unusable_fires_for_every_problem if {
	problems := {"problem": "is empty", "problems": [
		{"kind": "empty", "message": "is empty"},
		{"kind": "placeholder", "message": "is a placeholder"},
	]}
	got := found(unusable("docs/tm.md", [["threat_model", "document"]], problems))
	{m | some [_, _, m] in got} == {
		"docs/tm.md is empty",
		"docs/tm.md is a placeholder",
	}
}

test_evidence_file_unusable_fires_for_each_citing_field if {
	at := [["threat_model", "document"], ["models", 0, "model_card"]]
	got := found(unusable("docs/tm.md", at, {"problem": "does not exist"}))
	{[p, path] | some [p, path, _] in got} == {
		["5.1.3-1", ["threat_model", "document"]],
		["5.2.4-1.1", ["models", 0, "model_card"]],
		["5.2.1-1", ["models", 0, "model_card"]],
	}
}

test_evidence_file_unusable_fires_only_where_a_problem_is_at if {
	problems := {"problems": [{"kind": "names", "message": "does not name it", "at": ["models", 0, "model_card"]}]}
	at := [["threat_model", "document"], ["models", 0, "model_card"]]
	got := found(unusable("docs/tm.md", at, problems))
	{path | some [_, path, _] in got} == {["models", 0, "model_card"]}
}

test_evidence_file_unusable_passes if {
	count(found(unusable("docs/tm.md", [["threat_model", "document"]], {}))) == 0
}

test_evidence_file_unusable_passes_for_a_field_that_is_not_evidence if {
	count(found(unusable("docs/x.md", [["system", "name"]], {"problem": "does not exist"}))) == 0
}

test_evidence_file_unusable_passes_without_a_schema_index if {
	ev := unusable("docs/tm.md", [["threat_model", "document"]], {"problem": "does not exist"})
	count(evidence.violations) == 0 with input as {"manifest": {}, "evidence": ev}
		with data.ai_security_gate.evidence_fields as null
}
