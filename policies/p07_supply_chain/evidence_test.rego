package ai_security.p07_supply_chain_test

import data.ai_security.p07_supply_chain.violations
import rego.v1

ev_sha_a := "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

ev_sha_b := "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

ev_manifest := {
	"models": [{
		"name": "m", "version": "1.3.0", "licence": "Apache-2.0", "sha256": ev_sha_a,
		"base_model": {"name": "base-7b", "uri": "https://huggingface.co/org/base-7b", "revision": "main"},
		"evaluation": {"report": "docs/eval.md", "date": "2026-09-14"},
		"signature": {"method": "key", "path": "models/m/model.sig", "public_key": "keys/k.pub"},
	}],
	"datasets": [{"name": "d", "sha256": ev_sha_a, "licence": "CC-BY-4.0", "uri": "s3://bucket/d/"}],
	"supply_chain": {"sbom": "sbom/bom.json"},
}

ev_good_bom := {"sbom/bom.json": {"format": "CycloneDX", "spec_version": "1.6", "components": [
	{"type": "machine-learning-model", "name": "m", "version": "1.3.0", "sha256": ev_sha_a, "licenses": ["Apache-2.0"], "ancestors": ["org/base-7b"]},
	{"type": "data", "name": "d", "sha256": ev_sha_a, "licenses": ["CC-BY-4.0"], "ancestors": []},
], "matches": {"models": [[0]], "datasets": [[1]]}}}

ev_input(evidence) := {
	"manifest": ev_manifest,
	"evidence": object.union({"files": {}, "boms": ev_good_bom}, evidence),
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

test_remote_artefact_unpinned_fires if {
	remotes := [
		{"path": ["models", 0, "base_model", "uri"], "uri": "https://huggingface.co/org/base-7b", "revision": "main", "pinned": false, "problem": "is pinned only to `main`, a name that moves"},
		{"path": ["datasets", 0, "uri"], "uri": "s3://bucket/d/", "pinned": false, "problem": "names no immutable revision or digest"},
	]
	ev_fired_at("remote_artefact_unpinned", ev_input({"remotes": remotes}), ["models", 0, "base_model", "uri"])
	ev_fired_at("remote_artefact_unpinned", ev_input({"remotes": remotes}), ["datasets", 0, "uri"])
}

test_remote_artefact_unpinned_passes if {
	remotes := [
		{"path": ["models", 0, "base_model", "uri"], "uri": "https://huggingface.co/org/base-7b", "revision": "3ad372fc79158a2148299e3318516c786aeded6c", "pinned": true, "pin": "commit"},
		# a model with no revision at all is supply_chain.rego's remote_model_pinned, not this rule
		{"path": ["models", 1, "uri"], "uri": "https://api.example.com/v1/model", "pinned": false, "problem": "names no immutable revision or digest"},
	]
	not ev_fired("remote_artefact_unpinned", ev_input({"remotes": remotes}))
}

ev_drifted_bom(model_overrides) := {"sbom/bom.json": {"format": "CycloneDX", "components": [
	object.union({"type": "machine-learning-model", "name": "m", "version": "1.3.0", "sha256": ev_sha_a, "licenses": ["Apache-2.0"], "ancestors": ["org/base-7b"]}, model_overrides),
	{"type": "data", "name": "d", "sha256": ev_sha_a, "licenses": ["CC-BY-4.0"], "ancestors": []},
], "matches": {"models": [[0]], "datasets": [[1]]}}}

test_sbom_drift_fires if {
	ev_fired_at("sbom_drift", ev_input({"boms": ev_drifted_bom({"sha256": ev_sha_b})}), ["models", 0, "sha256"])
	ev_fired_at("sbom_drift", ev_input({"boms": ev_drifted_bom({"licenses": ["MIT"]})}), ["models", 0, "licence"])
	ev_fired_at("sbom_drift", ev_input({"boms": ev_drifted_bom({"version": "1.2.0"})}), ["models", 0, "version"])
	ev_fired_at("sbom_drift", ev_input({"boms": ev_drifted_bom({"ancestors": ["other-base"]})}), ["models", 0, "base_model", "name"])
}

test_sbom_drift_passes if {
	not ev_fired("sbom_drift", ev_input({}))
	# licence ids compare case-insensitively; a BOM without hashes has nothing to drift from
	not ev_fired("sbom_drift", ev_input({"boms": ev_drifted_bom({"licenses": ["apache-2.0"], "sha256": null})}))
}

test_document_stale_fires if {
	some v in violations with input as ev_input({"git": {"available": true, "last_commit": {"docs/eval.md": "2025-01-02"}}})
	v.rule == "document_stale"
	v.provision == "5.2.3-3"
	v.path == ["models", 0, "evaluation", "report"]
}

test_document_stale_passes if {
	not ev_fired("document_stale", ev_input({"git": {"available": true, "last_commit": {"docs/eval.md": "2026-09-15"}}}))
}

test_sbom_drift_fires_when_the_bom_could_not_be_read if {
	boms := {"sbom/bom.json": {"format": "CycloneDX", "spec_version": "1.6", "problem": "is not a valid CycloneDX 1.6 BOM"}}
	ev_fired_at("sbom_drift", ev_input({"boms": boms}), ["supply_chain", "sbom"])
	files := {"sbom/bom.json": {"exists": false, "inside_repository": true, "problem": "does not exist", "referenced_at": [["supply_chain", "sbom"]]}}
	ev_fired_at("sbom_drift", ev_input({"files": files, "boms": {}}), ["supply_chain", "sbom"])
}
