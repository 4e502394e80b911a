package ai_security.p09_testing_test

import data.ai_security.p09_testing.violations
import rego.v1

ev_manifest := {"testing": {
	"security_tests": [{"kind": "prompt_injection", "report": "docs/red-team.md", "date": "2026-09-12"}],
	"pre_deployment": {"report": "docs/pre.md", "date": "2026-09-18"},
}}

ev_input(evidence) := {
	"manifest": ev_manifest,
	"evidence": object.union({"files": {}}, evidence),
	"config": {"today": "2026-11-22"},
}

ev_fired(rule, inp) if {
	some v in violations with input as inp
	v.rule == rule
}

test_document_stale_fires if {
	some v in violations with input as ev_input({"git": {"available": true, "last_commit": {"docs/red-team.md": "2025-05-01"}}})
	v.rule == "document_stale"
	v.path == ["testing", "security_tests", 0, "report"]
	contains(v.message, "prompt_injection test report")
}

test_document_stale_fires_for_the_pre_deployment_report if {
	some v in violations with input as ev_input({"git": {"available": true, "last_commit": {"docs/pre.md": "2025-05-01"}}})
	v.rule == "document_stale"
	v.provision == "5.2.5-2"
	v.path == ["testing", "pre_deployment", "report"]
}

test_document_stale_passes if {
	not ev_fired("document_stale", ev_input({"git": {"available": true, "last_commit": {"docs/red-team.md": "2026-09-12", "docs/pre.md": "2026-09-18"}}}))
}
