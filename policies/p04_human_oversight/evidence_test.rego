package ai_security.p04_human_oversight_test

import data.ai_security.p04_human_oversight.violations
import rego.v1

ev_input(files) := {
	"manifest": {"human_oversight": {"mechanisms": [{"name": "approval", "test": "tests/test_approval.py"}]}},
	"evidence": {"files": files},
	"config": {"today": "2026-11-22"},
}

ev_fired(rule, inp) if {
	some v in violations with input as inp
	v.rule == rule
}

test_evidence_file_unusable_fires if {
	files := {"tests/test_approval.py": {"exists": false, "inside_repository": true, "problem": "does not exist (a broken symlink)", "referenced_at": [["human_oversight", "mechanisms", 0, "test"]]}}
	some v in violations with input as ev_input(files)
	v.rule == "evidence_file_unusable"
	v.provision == "5.1.4-3"
	v.path == ["human_oversight", "mechanisms", 0, "test"]
}

test_evidence_file_unusable_passes if {
	files := {"tests/test_approval.py": {"exists": true, "inside_repository": true, "kind": "file", "size": 400, "referenced_at": [["human_oversight", "mechanisms", 0, "test"]]}}
	not ev_fired("evidence_file_unusable", ev_input(files))
}
