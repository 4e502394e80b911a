package ai_security.p12_monitoring_test

import data.ai_security.p12_monitoring.violations
import rego.v1

ev_input(files) := {
	"manifest": {"logging": {"analysis": {"alerts": "infra/alerts.yaml"}}},
	"evidence": {"files": files},
	"config": {"today": "2026-11-22"},
}

ev_fired(rule, inp) if {
	some v in violations with input as inp
	v.rule == rule
}

test_evidence_file_unusable_fires if {
	files := {"infra/alerts.yaml": {"exists": false, "inside_repository": true, "problem": "does not exist", "referenced_at": [["logging", "analysis", "alerts"]]}}
	some v in violations with input as ev_input(files)
	v.rule == "evidence_file_unusable"
	v.provision == "5.4.2-2"
}

test_evidence_file_unusable_passes if {
	files := {"infra/alerts.yaml": {"exists": true, "inside_repository": true, "kind": "file", "size": 80, "referenced_at": [["logging", "analysis", "alerts"]]}}
	not ev_fired("evidence_file_unusable", ev_input(files))
}
