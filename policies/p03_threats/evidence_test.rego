package ai_security.p03_threats_test

import data.ai_security.p03_threats.violations
import rego.v1

ev_manifest := {
	"models": [{"name": "m", "artefact": "models/m.safetensors"}],
	"threat_model": {"document": "docs/tm.md", "last_reviewed": "2026-09-20"},
	"change_management": {"prompts": [{"path": "prompts/system.md", "changelog": "prompts/CHANGELOG.md"}]},
}

ev_file(path, extra) := object.union({"exists": true, "inside_repository": true, "kind": "file", "size": 10, "path": path, "referenced_at": [["threat_model", "document"]]}, extra)

ev_input(files, git) := {
	"manifest": ev_manifest,
	"evidence": {"files": files, "git": git},
	"config": {"today": "2026-11-22", "document_max_age_days": 365},
}

ev_fired(rule, inp) if {
	some v in violations with input as inp
	v.rule == rule
}

# document_stale

test_document_stale_fires if {
	git := {"available": true, "last_commit": {"docs/tm.md": "2025-06-01"}}
	some v in violations with input as ev_input({}, git)
	v.rule == "document_stale"
	contains(v.message, "2025-06-01")
	contains(v.message, "2026-09-20")
}

test_document_stale_passes if {
	not ev_fired("document_stale", ev_input({}, {"available": true, "last_commit": {"docs/tm.md": "2026-03-01"}}))
	not ev_fired("document_stale", ev_input({}, {"available": false, "reason": "not a git repository"}))
}

# threat_model_not_rereviewed

ev_pr_files := {
	"models/m.safetensors": {"changed": true, "referenced_at": [["models", 0, "artefact"]]},
	"prompts/system.md": {"changed": false, "referenced_at": [["change_management", "prompts", 0, "path"]]},
}

ev_pr_git(base_reviewed) := {
	"available": true,
	"base_ref": "main",
	"changes_available": true,
	"changed": ["models/m.safetensors"],
	"base_manifest": {"threat_model": {"last_reviewed": base_reviewed}},
}

test_threat_model_not_rereviewed_fires if {
	some v in violations with input as ev_input(ev_pr_files, ev_pr_git("2026-09-20"))
	v.rule == "threat_model_not_rereviewed"
	contains(v.message, "models/m.safetensors")
}

test_threat_model_not_rereviewed_fires_for_a_prompt if {
	files := object.union(ev_pr_files, {
		"models/m.safetensors": {"changed": false},
		"prompts/system.md": {"changed": true},
	})
	some v in violations with input as ev_input(files, ev_pr_git("2026-09-20"))
	v.rule == "threat_model_not_rereviewed"
	contains(v.message, "prompt prompts/system.md")
}

test_threat_model_not_rereviewed_passes if {
	# the review date moved forward
	not ev_fired("threat_model_not_rereviewed", ev_input(ev_pr_files, ev_pr_git("2026-01-10")))

	# nothing behaviour-relevant changed
	files := object.union(ev_pr_files, {"models/m.safetensors": {"changed": false}})
	not ev_fired("threat_model_not_rereviewed", ev_input(files, ev_pr_git("2026-09-20")))

	# the manifest is new in this pull request
	new := object.union(ev_pr_git("x"), {"base_manifest": null})
	not ev_fired("threat_model_not_rereviewed", ev_input(ev_pr_files, new))
}

test_threat_model_not_rereviewed_passes_when_the_base_had_no_review_date if {
	base := object.union(ev_pr_git("x"), {"base_manifest": {"threat_model": {}}})
	not ev_fired("threat_model_not_rereviewed", ev_input(ev_pr_files, base))
}

# pull_request_changes_unknown

test_pull_request_changes_unknown_fires if {
	git := {"available": true, "base_ref": "main", "changes_available": false, "changes_problem": "no merge base"}
	some v in violations with input as ev_input({}, git)
	v.rule == "pull_request_changes_unknown"
	contains(v.message, "no merge base")
}

test_pull_request_changes_unknown_passes if {
	not ev_fired("pull_request_changes_unknown", ev_input({}, {"available": true}))
	not ev_fired("pull_request_changes_unknown", ev_input(ev_pr_files, ev_pr_git("2026-01-10")))
}

# the union of the base and head inventories: a prompt the pull request dropped from the
# manifest while changing it still needs the review

ev_dropped_git(base_changed) := object.union(ev_pr_git("2026-09-20"), {
	"changed": ["prompts/old.md"],
	"base_changed": base_changed,
	"base_manifest": {
		"threat_model": {"last_reviewed": "2026-09-20"},
		"models": [{"name": "old", "artefact": "models/old.bin"}],
		"change_management": {"prompts": [{"path": "prompts/old.md"}]},
	},
})

test_threat_model_not_rereviewed_fires_for_what_the_base_names if {
	files := object.union(ev_pr_files, {"models/m.safetensors": {"changed": false}})
	some v in violations with input as ev_input(files, ev_dropped_git(["prompts/old.md"]))
	v.rule == "threat_model_not_rereviewed"
	contains(v.message, "prompt prompts/old.md")
	some w in violations with input as ev_input(files, ev_dropped_git(["models/old.bin"]))
	contains(w.message, "model artefact models/old.bin")
}

test_threat_model_not_rereviewed_passes_when_nothing_the_base_names_changed if {
	files := object.union(ev_pr_files, {"models/m.safetensors": {"changed": false}})
	not ev_fired("threat_model_not_rereviewed", ev_input(files, ev_dropped_git([])))
}
