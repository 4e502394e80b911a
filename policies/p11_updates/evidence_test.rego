package ai_security.p11_updates_test

import data.ai_security.p11_updates.violations
import rego.v1

ev_sha_a := "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

ev_sha_b := "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

ev_model(version, sha) := {
	"name": "m", "version": version, "artefact": "models/m.bin", "sha256": sha,
	"evaluation": {"report": "docs/eval-m.md"},
}

ev_manifest(version, sha) := {
	"models": [ev_model(version, sha)],
	"testing": {"security_tests": [{"kind": "prompt_injection", "report": "docs/red-team.md"}]},
	"updates": {"policy": "docs/update-policy.md"},
}

ev_input(manifest, evidence) := {
	"manifest": manifest,
	"evidence": object.union({"files": {}}, evidence),
	"config": {"today": "2026-11-22"},
}

# a pull request whose base manifest had model m at 1.2.0 with ev_sha_a
ev_pr(changed) := {
	"files": {f: {"changed": true} | some f in changed},
	"git": {
		"available": true, "base_ref": "main", "changes_available": true, "changed": changed,
		"base_manifest": ev_manifest("1.2.0", ev_sha_a),
	},
}

ev_fired(rule, inp) if {
	some v in violations with input as inp
	v.rule == rule
}

test_model_changed_same_version_fires if {
	# the artefact changed, the version did not
	some v in violations with input as ev_input(ev_manifest("1.2.0", ev_sha_b), ev_pr(["models/m.bin"]))
	v.rule == "model_changed_same_version"
	v.path == ["models", 0, "version"]
}

test_model_changed_same_version_fires_on_a_new_hash_alone if {
	# e.g. a Git LFS pointer or a remote artefact: only the declared sha256 moved
	ev_fired("model_changed_same_version", ev_input(ev_manifest("1.2.0", ev_sha_b), ev_pr([])))
}

test_model_changed_same_version_passes if {
	not ev_fired("model_changed_same_version", ev_input(ev_manifest("1.3.0", ev_sha_b), ev_pr(["models/m.bin"])))
	not ev_fired("model_changed_same_version", ev_input(ev_manifest("1.2.0", ev_sha_a), ev_pr(["README.md"])))
}

test_model_changed_without_tests_fires if {
	some v in violations with input as ev_input(ev_manifest("1.3.0", ev_sha_b), ev_pr(["models/m.bin"]))
	v.rule == "model_changed_without_tests"
	v.path == ["models", 0]
}

test_model_changed_without_tests_passes if {
	not ev_fired("model_changed_without_tests", ev_input(ev_manifest("1.3.0", ev_sha_b), ev_pr(["models/m.bin", "docs/eval-m.md"])))
	not ev_fired("model_changed_without_tests", ev_input(ev_manifest("1.3.0", ev_sha_b), ev_pr(["models/m.bin", "docs/red-team.md"])))

	# a model that is new in this pull request is not a changed one
	new := object.union(ev_pr(["models/m.bin"]), {"git": {"base_manifest": {"models": []}}})
	not ev_fired("model_changed_without_tests", ev_input(ev_manifest("1.3.0", ev_sha_b), new))
}

test_pull_request_changes_unknown_fires if {
	git := {"git": {"available": true, "base_ref": "main", "changes_available": false, "changes_problem": "the base ref 'main' is not in the clone"}}
	ev_fired("pull_request_changes_unknown", ev_input(ev_manifest("1.2.0", ev_sha_a), git))
}

test_pull_request_changes_unknown_passes if {
	not ev_fired("pull_request_changes_unknown", ev_input(ev_manifest("1.2.0", ev_sha_a), {"git": {"available": true}}))
}

# the union of the base and head inventories: a model the pull request dropped from the
# inventory while changing its artefact
ev_dropped(base_changed) := {
	"files": {},
	"git": {
		"available": true, "base_ref": "main", "changes_available": true, "changed": base_changed,
		"base_changed": base_changed,
		"base_manifest": {"models": [ev_model("1.2.0", ev_sha_a), {"name": "old", "version": "1.0.0", "artefact": "models/old.bin"}]},
	},
}

test_model_changed_same_version_fires_for_a_dropped_model if {
	some v in violations with input as ev_input(ev_manifest("1.2.0", ev_sha_a), ev_dropped(["models/old.bin"]))
	v.rule == "model_changed_same_version"
	v.path == ["models"]
	contains(v.message, "model old (models/old.bin)")
}

test_model_changed_same_version_passes_for_a_dropped_model if {
	not ev_fired("model_changed_same_version", ev_input(ev_manifest("1.2.0", ev_sha_a), ev_dropped([])))
	# m is still listed and did not change: nothing to say about it
	not ev_fired("model_changed_same_version", ev_input(ev_manifest("1.2.0", ev_sha_a), ev_dropped(["docs/x.md"])))
}
