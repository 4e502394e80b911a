package ai_security.p13_end_of_life_test

import data.ai_security.p13_end_of_life.violations
import rego.v1

ev_input(files) := {
	"manifest": {"disposal": {"plan": "docs/decommissioning.md"}},
	"evidence": {"files": files},
	"config": {"today": "2026-11-22"},
}

ev_fired(rule, inp) if {
	some v in violations with input as inp
	v.rule == rule
}

test_evidence_file_unusable_fires if {
	files := {"docs/decommissioning.md": {"exists": true, "inside_repository": true, "kind": "directory", "file_count": 0, "problem": "is an empty directory", "referenced_at": [["disposal", "plan"]]}}
	some v in violations with input as ev_input(files)
	v.rule == "evidence_file_unusable"
	v.provision == "5.5.1-2"
}

test_evidence_file_unusable_passes if {
	files := {"docs/decommissioning.md": {"exists": true, "inside_repository": true, "kind": "file", "size": 80, "referenced_at": [["disposal", "plan"]]}}
	not ev_fired("evidence_file_unusable", ev_input(files))
}
