package ai_security.p08_documentation_test

import data.ai_security.p08_documentation.notices
import data.ai_security.p08_documentation.violations
import rego.v1

ev_manifest := {
	"models": [{
		"name": "m", "licence": "Apache-2.0", "datasets": ["tickets", "faq"],
		"base_model": {"name": "base-7b", "uri": "https://huggingface.co/org/base-7b"},
		"model_card": "models/m/README.md",
	}],
	"change_management": {
		"prompts": [{"path": "prompts/system.md", "changelog": "prompts/CHANGELOG.md"}],
		"configs": [{"path": "config/model.yaml"}],
	},
}

ev_card := {"front_matter": true, "licenses": ["apache-2.0"], "base_models": ["org/base-7b"], "datasets": ["tickets", "example-org/faq"]}

ev_input(evidence) := {
	"manifest": ev_manifest,
	"evidence": object.union({"files": {}, "model_cards": {"models/m/README.md": ev_card}}, evidence),
	"config": {"today": "2026-11-22"},
}

ev_fired(rule, inp) if {
	some v in violations with input as inp
	v.rule == rule
}

ev_fired_at(rule, inp, path) if {
	some v in violations with input as inp
	v.rule == rule
	v.path == path
}

ev_noticed(rule, inp) if {
	some n in notices with input as inp
	n.rule == rule
}

ev_card_with(overrides) := {"model_cards": {"models/m/README.md": object.union(ev_card, overrides)}}

test_model_card_drift_fires if {
	ev_fired_at("model_card_drift", ev_input(ev_card_with({"licenses": ["mit"]})), ["models", 0, "licence"])
	ev_fired_at("model_card_drift", ev_input(ev_card_with({"base_models": ["org/other-7b"]})), ["models", 0, "base_model"])
	ev_fired_at("model_card_drift", ev_input(ev_card_with({"datasets": ["tickets", "scraped-web"]})), ["models", 0, "datasets"])
}

test_model_card_drift_passes if {
	not ev_fired("model_card_drift", ev_input({}))
	# names written as the manifest writes them, or differing in case, or a Hub id's tail
	not ev_fired("model_card_drift", ev_input(ev_card_with({"licenses": ["Apache-2.0"], "datasets": ["faq", "TICKETS"]})))
	# a card without front matter has nothing to compare
	not ev_fired("model_card_drift", ev_input({"model_cards": {"models/m/README.md": {"front_matter": false, "problem": "has no YAML front matter"}}}))
}

ev_pr(changed_files) := {
	"files": {f: {"changed": true} | some f in changed_files},
	"git": {"available": true, "base_ref": "main", "changes_available": true, "changed": changed_files, "base_manifest": {}},
}

test_changelog_not_updated_fires if {
	ev_fired_at("changelog_not_updated", ev_input(ev_pr(["prompts/system.md"])), ["change_management", "prompts", 0, "changelog"])
	some v in violations with input as ev_input(ev_pr(["config/model.yaml"]))
	v.rule == "changelog_not_updated"
	contains(v.message, "has no `changelog:`")
}

test_changelog_not_updated_passes if {
	not ev_fired("changelog_not_updated", ev_input(ev_pr(["prompts/system.md", "prompts/CHANGELOG.md"])))
	not ev_fired("changelog_not_updated", ev_input(ev_pr(["docs/readme.md"])))
}

test_pull_request_changes_unknown_fires if {
	git := {"git": {"available": false, "reason": "not a git repository", "base_ref": "main", "changes_available": false, "changes_problem": "not a git repository"}}
	ev_fired("pull_request_changes_unknown", ev_input(git))
}

test_pull_request_changes_unknown_passes if {
	not ev_fired("pull_request_changes_unknown", ev_input({"git": {"available": false, "reason": "not a git repository"}}))
	not ev_fired("pull_request_changes_unknown", ev_input(ev_pr([])))
}

test_manifest_changed_fires if {
	ev_noticed("manifest_changed", ev_input({"git": {"available": true, "base_ref": "main", "changes_available": true, "manifest_changed": true}}))
}

test_manifest_changed_passes if {
	not ev_noticed("manifest_changed", ev_input({"git": {"available": true, "base_ref": "main", "changes_available": true, "manifest_changed": false}}))
}

test_history_unavailable_fires if {
	some n in notices with input as ev_input({"git": {"available": false, "reason": "not a git repository"}})
	n.rule == "history_unavailable"
	contains(n.message, "not a git repository")
	contains(n.message, "5.1.3-1")
}

test_history_unavailable_passes if not ev_noticed("history_unavailable", ev_input({"git": {"available": true}}))

test_history_incomplete_fires if {
	git := {"available": true, "shallow": true, "last_commit_unknown": {"docs/tm.md": "its history is cut off by the shallow clone"}}
	ev_noticed("history_incomplete", ev_input({"git": git}))
}

test_history_incomplete_passes if {
	git := {"available": true, "last_commit_unknown": {"docs/new.md": "has never been committed (untracked or ignored)"}}
	not ev_noticed("history_incomplete", ev_input({"git": git}))
}

test_published_hash_mismatch_fires if {
	m := object.union(ev_manifest, {"models": [{"name": "m", "artefact": "models/m.bin", "sha256": "AA"}]})
	files := {"models/m.bin": {"exists": true, "inside_repository": true, "kind": "file", "sha256": "bb"}}
	some v in violations with input as {"manifest": m, "evidence": {"files": files}, "config": {"today": "2026-11-22"}}
	v.rule == "published_hash_mismatch"
	v.provision == "5.2.4-1.2"
	v.path == ["models", 0, "sha256"]
}

test_published_hash_mismatch_passes if {
	m := object.union(ev_manifest, {"models": [{"name": "m", "artefact": "models/m.bin", "sha256": "AA"}]})
	files := {"models/m.bin": {"exists": true, "inside_repository": true, "kind": "file", "sha256": "aa"}}
	not ev_fired("published_hash_mismatch", {"manifest": m, "evidence": {"files": files}, "config": {"today": "2026-11-22"}})
	lfs := {"models/m.bin": {"exists": true, "inside_repository": true, "kind": "file", "lfs": {"oid": "aa", "size": 3}}}
	not ev_fired("published_hash_mismatch", {"manifest": m, "evidence": {"files": lfs}, "config": {"today": "2026-11-22"}})
}

ev_history_files := {"docs/tm.md": {"exists": true, "inside_repository": true, "kind": "file", "referenced_at": [["threat_model", "document"]]}}

test_history_unavailable_fails_the_provisions_its_documents_serve if {
	inp := ev_input({"files": ev_history_files, "git": {"available": false, "reason": "not a git repository"}})
	some v in violations with input as inp
	v.rule == "history_unavailable"
	v.provision == "5.1.3-1"
	v.path == ["threat_model", "document"]
}

test_history_unavailable_passes_when_turned_off_explicitly if {
	inp := ev_input({"files": ev_history_files, "git": {"available": false, "disabled": true, "reason": "history was not checked (--no-history)"}})
	not ev_fired("history_unavailable", inp)
	not ev_fired("history_unavailable", ev_input({"files": ev_history_files, "git": {"available": true}}))
}

# a prompt the pull request dropped from change_management while changing it
ev_dropped(base_changed) := {
	"files": {},
	"git": {
		"available": true, "base_ref": "main", "changes_available": true, "changed": base_changed,
		"base_changed": base_changed,
		"base_manifest": {"change_management": {"prompts": [{"path": "prompts/old.md", "changelog": "prompts/OLD.md"}]}},
	},
}

test_changelog_not_updated_fires_for_a_prompt_the_pull_request_dropped if {
	ev_fired_at("changelog_not_updated", ev_input(ev_dropped(["prompts/old.md"])), ["change_management", "prompts"])
}

test_changelog_not_updated_passes_for_a_dropped_prompt_with_its_change_log if {
	not ev_fired("changelog_not_updated", ev_input(ev_dropped(["prompts/old.md", "prompts/OLD.md"])))
	not ev_fired("changelog_not_updated", ev_input(ev_dropped([])))
	# still listed by the head: the head's own rule speaks for it
	inp := ev_input(ev_dropped(["prompts/old.md"]))
	listed := object.union(inp, {"manifest": {"change_management": {"prompts": [{"path": "prompts/old.md", "changelog": "prompts/OLD.md"}]}}})
	not ev_fired_at("changelog_not_updated", listed, ["change_management", "prompts"])
}
