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

test_evidence_file_unusable_fires if {
	files := {"/etc/design.md": {"exists": false, "inside_repository": false, "problem": "is an absolute path; use a path relative to the repository root", "referenced_at": [["system", "design_assessment", "document"]]}}
	some v in violations with input as ev_input({"files": files})
	v.rule == "evidence_file_unusable"
	v.provision == "5.1.2-1"
	contains(v.message, "absolute path")
}

test_evidence_file_unusable_passes if {
	files := {"docs/design.md": {"exists": true, "inside_repository": true, "kind": "file", "size": 10, "referenced_at": [["system", "design_assessment", "document"]]}}
	not ev_fired("evidence_file_unusable", ev_input({"files": files}))
}

test_document_stale_fires if {
	some v in violations with input as ev_input({"git": {"available": true, "last_commit": {"docs/org.md": "2025-02-01"}}})
	v.rule == "document_stale"
	v.provision == "5.1.2-7"
	v.path == ["supply_chain", "suppliers", 0, "due_diligence"]
}

test_document_stale_passes if {
	not ev_fired("document_stale", ev_input({"git": {"available": true, "last_commit": {"docs/org.md": "2026-02-10", "docs/design.md": "2026-03-02"}}}))
	not ev_fired("document_stale", ev_input({"git": {"available": true, "uncommitted": ["docs/org.md"], "last_commit": {}}}))
}

test_evidence_file_unusable_reports_every_problem if {
	files := {"docs/org.md": {
		"exists": true, "inside_repository": true, "kind": "file", "size": 40,
		"problem": "has unfinished text: line 3 ('TBD'); write the real content",
		"problems": [
			{"kind": "placeholder", "message": "has unfinished text: line 3 ('TBD'); write the real content"},
			{"kind": "too_short", "message": "has 12 words of prose; a supplier due diligence needs at least 80"},
		],
		"referenced_at": [["supply_chain", "suppliers", 0, "due_diligence"]],
	}}
	found := {v.message | some v in violations with input as ev_input({"files": files}); v.rule == "evidence_file_unusable"; v.provision == "5.1.2-7"}
	count(found) == 2
	some m in found
	contains(m, "12 words")
}

test_evidence_file_unusable_keeps_a_problem_to_the_field_it_names if {
	at := ["supply_chain", "suppliers", 0, "due_diligence"]
	files := {"docs/design.md": {
		"exists": true, "inside_repository": true, "kind": "file", "size": 400,
		"problems": [{"kind": "names_missing", "message": "does not name the supplier 'Org'", "at": at}],
		"referenced_at": [["system", "design_assessment", "document"], at],
	}}
	paths := {v.path | some v in violations with input as ev_input({"files": files}); v.rule == "evidence_file_unusable"}
	paths == {at}
}
