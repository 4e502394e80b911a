package ai_security.p02_design_test

import data.ai_security.p02_design.violations
import rego.v1

ev_manifest := {
	"system": {"design_assessment": {"document": "docs/design.md", "date": "2026-03-02"}},
	"supply_chain": {"suppliers": [{"name": "Org", "due_diligence": "docs/org.md", "reviewed": "2026-02-10"}]},
}

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
	some v in violations with input as ev_input({"git": {"available": true, "last_commit": {"docs/org.md": "2025-02-01"}}})
	v.rule == "document_stale"
	v.provision == "5.1.2-7"
	v.path == ["supply_chain", "suppliers", 0, "due_diligence"]
}

test_document_stale_fires_for_the_design_assessment if {
	some v in violations with input as ev_input({"git": {"available": true, "last_commit": {"docs/design.md": "2025-02-01"}}})
	v.rule == "document_stale"
	v.provision == "5.1.2-1"
	v.path == ["system", "design_assessment", "document"]
}

test_document_stale_passes if {
	not ev_fired("document_stale", ev_input({"git": {"available": true, "last_commit": {"docs/org.md": "2026-02-10", "docs/design.md": "2026-03-02"}}}))
	not ev_fired("document_stale", ev_input({"git": {"available": true, "uncommitted": ["docs/org.md"], "last_commit": {}}}))
}
