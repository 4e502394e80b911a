package ai_security.p10_deployment_test

import data.ai_security.p10_deployment.violations
import rego.v1

ev_input(files) := {
	"manifest": {"end_users": {"limitations": "docs/limits.md"}},
	"evidence": {"files": files},
	"config": {"today": "2026-11-22"},
}

ev_fired(rule, inp) if {
	some v in violations with input as inp
	v.rule == rule
}

test_evidence_file_unusable_fires if {
	files := {"docs/limits.md": {"exists": false, "inside_repository": false, "problem": "is a path that leads outside the repository (`..`); evidence must live in it", "referenced_at": [["end_users", "limitations"]]}}
	some v in violations with input as ev_input(files)
	v.rule == "evidence_file_unusable"
	v.provision == "5.3.1-2.1"
}

test_evidence_file_unusable_passes if {
	files := {"docs/limits.md": {"exists": true, "inside_repository": true, "kind": "file", "size": 80, "referenced_at": [["end_users", "limitations"]]}}
	not ev_fired("evidence_file_unusable", ev_input(files))
}
