package ai_security.p06_infrastructure_test

import data.ai_security.p06_infrastructure.violations
import rego.v1

ev_manifest := {
	"infrastructure": {"access_control": {"policy": "infra/iam.yaml", "last_reviewed": "2026-08-30"}},
	"incident_response": {"plan": "docs/ir.md", "last_exercised": "2026-07-03"},
	"vulnerability_disclosure": {"policy": "SECURITY.md"},
}

ev_input(evidence) := {
	"manifest": ev_manifest,
	"evidence": object.union({"files": {}}, evidence),
	"config": {"today": "2026-11-22", "document_max_age_days": 180},
}

ev_fired(rule, inp) if {
	some v in violations with input as inp
	v.rule == rule
}

test_document_stale_fires if {
	# older than the configured 180 days
	some v in violations with input as ev_input({"git": {"available": true, "last_commit": {"docs/ir.md": "2026-03-01"}}})
	v.rule == "document_stale"
	v.provision == "5.2.2-5"
	contains(v.message, "more than 180")
}

test_document_stale_fires_for_the_access_control_policy if {
	some v in violations with input as ev_input({"git": {"available": true, "last_commit": {"infra/iam.yaml": "2026-01-01"}}})
	v.rule == "document_stale"
	v.provision == "5.2.2-1"
	v.path == ["infrastructure", "access_control", "policy"]
}

test_document_stale_passes if {
	not ev_fired("document_stale", ev_input({"git": {"available": true, "last_commit": {"docs/ir.md": "2026-07-03", "infra/iam.yaml": "2026-08-30"}}}))
}
