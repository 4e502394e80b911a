# Tests of the `met` rules: test_<rule>_fires shows the rule earns a pass on a complete,
# evidenced manifest; test_<rule>_passes shows it earns nothing on the gamed variant.
package ai_security.p05_assets_met_test

import data.ai_security.p05_assets.met
import data.ai_security.p05_assets.violations
import rego.v1

hash := "f51106dccf7bc4527ee879b0479ea1bbf42014bb95e1723b5d93914d08a42159"

good := {
	"models": [{"name": "m", "version": "1.0", "source": "fine_tuned", "artefact": "models/m.safetensors", "sha256": hash, "datasets": ["d"]}],
	"datasets": [{"name": "d", "classification": "confidential", "validation": "p/validate.py"}],
	"infrastructure": {
		"disaster_recovery": {"plan": "docs/dr.md", "ai_scenarios": ["poisoned model"]},
		"rollback": {"procedure": "docs/rollback.md", "known_good_version": "0.9"},
		"data_protection": {"encryption_at_rest": true, "weights_location": "private registry"},
	},
}

refs := ["docs/dr.md", "docs/rollback.md", "p/validate.py"]

ok := object.union(
	{r: {"exists": true, "inside_repository": true, "kind": "file"} | some r in refs},
	{"models/m.safetensors": {"exists": true, "inside_repository": true, "kind": "file", "sha256": hash}},
)

earned(rule, manifest, facts) if {
	some m in met with input as {"manifest": manifest, "evidence": facts, "config": {"today": "2026-11-22"}}
	m.rule == rule
}

patched(ops) := json.patch(good, ops)

test_inventory_met_fires if earned("inventory_met", good, {"files": ok})

test_inventory_met_passes if {
	not earned("inventory_met", patched([{"op": "replace", "path": "/models/0/datasets", "value": []}]), {"files": ok})
	not earned("inventory_met", good, {"files": object.remove(ok, ["models/m.safetensors"])})
}

# a third-party model located by its pinned uri: the remote must be this model's, pinned and
# without a problem (pinned_model_uris joins them by index)
hub_model := {"models": [
	{"name": "a", "version": "1.0", "source": "third_party", "artefact": "models/a.safetensors"},
	{"name": "b", "version": "2.0", "source": "third_party", "uri": "https://huggingface.co/org/b"},
]}

hub_remote := {"path": ["models", 1, "uri"], "uri": "https://huggingface.co/org/b", "pinned": true}

located_by_uri(remotes) if {
	some m in met with input as {"manifest": hub_model, "evidence": {"files": {}, "remotes": remotes}, "config": {"today": "2026-11-22"}}
	m.rule == "inventory_met"
	m.path == ["models", 1]
}

test_inventory_met_fires_for_a_pinned_remote_model if located_by_uri([hub_remote])

test_inventory_met_passes_for_an_unpinned_or_other_remote if {
	not located_by_uri([])
	not located_by_uri([object.union(hub_remote, {"pinned": false})])
	not located_by_uri([object.union(hub_remote, {"problem": "is not reachable"})])
	not located_by_uri([object.union(hub_remote, {"path": ["models", 0, "uri"]})])
	not located_by_uri([object.union(hub_remote, {"path": ["models", 1, "base_model", "uri"]})])
}

test_content_tracked_met_fires if earned("content_tracked_met", good, {"files": ok})

test_content_tracked_met_passes if {
	other := object.union(ok, {"models/m.safetensors": {"exists": true, "inside_repository": true, "kind": "file", "sha256": "00"}})
	not earned("content_tracked_met", good, {"files": other})
	not earned("content_tracked_met", good, {"files": {}, "signatures": [{"path": ["models", 0, "signature"], "model": "m", "verified": false}]})
}

test_recovery_plan_met_fires if earned("recovery_plan_met", good, {"files": ok})

test_recovery_plan_met_passes if not earned("recovery_plan_met", patched([{"op": "replace", "path": "/infrastructure/disaster_recovery/ai_scenarios", "value": []}]), {"files": ok})

test_rollback_met_fires if earned("rollback_met", good, {"files": ok})

test_rollback_met_passes if not earned("rollback_met", patched([{"op": "remove", "path": "/infrastructure/rollback/known_good_version"}]), {"files": ok})

test_data_protected_met_fires if earned("data_protected_met", good, {"files": ok})

test_data_protected_met_passes if not earned("data_protected_met", patched([{"op": "replace", "path": "/infrastructure/data_protection/encryption_at_rest", "value": false}]), {"files": ok})

# a dataset that is not sensitive earns it without encryption; a sensitive one only with it
test_data_protected_met_notes_encryption_only_for_sensitive_data if {
	public := patched([
		{"op": "replace", "path": "/datasets/0", "value": {"name": "d", "classification": "public", "personal_data": false}},
		{"op": "replace", "path": "/infrastructure/data_protection/encryption_at_rest", "value": false},
	])
	whats := {m.what | some m in met with input as {"manifest": public, "evidence": {"files": ok}, "config": {"today": "2026-11-22"}}; m.rule == "data_protected_met"}
	whats == {"dataset d classified public"}
	sensitive := {m.what | some m in met with input as {"manifest": good, "evidence": {"files": ok}, "config": {"today": "2026-11-22"}}; m.rule == "data_protected_met"}
	sensitive == {"dataset d classified confidential, encrypted at rest"}
}

test_data_validated_met_fires if earned("data_validated_met", good, {"files": ok})

test_data_validated_met_passes if not earned("data_validated_met", good, {"files": object.remove(ok, ["p/validate.py"])})

test_weights_protected_met_fires if earned("weights_protected_met", good, {"files": ok})

test_weights_protected_met_passes if not earned("weights_protected_met", patched([{"op": "remove", "path": "/infrastructure/data_protection/weights_location"}]), {"files": ok})

test_content_tracked_met_fires_for_committed_prompts if {
	manifest := {"change_management": {"prompts": [{"path": "prompts/system.md"}]}}
	facts := {"files": {"prompts/system.md": {"exists": true, "inside_repository": true, "kind": "file"}}, "git": {"last_commit": {"prompts/system.md": "2026-09-01"}}}
	earned("content_tracked_met", manifest, facts)
	not earned("content_tracked_met", manifest, {"files": facts.files})
}

test_data_protected_met_fires_without_datasets if {
	manifest := {"infrastructure": {"data_protection": {"encryption_at_rest": true}}}
	earned("data_protected_met", manifest, {"files": {}})
	not earned("data_protected_met", {"infrastructure": {}}, {"files": {}})
}

test_inventory_met_fires_for_a_held_dataset if {
	manifest := {"datasets": [{"name": "d", "origin": "internal://crm", "path": "data/d.jsonl"}]}
	earned("inventory_met", manifest, {"files": {"data/d.jsonl": {"exists": true, "inside_repository": true, "kind": "file"}}})
	not earned("inventory_met", manifest, {"files": {}})
	not earned("inventory_met", {"datasets": [{"name": "d", "path": "data/d.jsonl"}]}, {"files": {"data/d.jsonl": {"exists": true, "inside_repository": true, "kind": "file"}}})
}

# A model held elsewhere is inventoried by a remote reference the collect stage found pinned.
test_inventory_met_fires_for_a_pinned_uri_only if {
	remote := patched([
		{"op": "remove", "path": "/models/0/artefact"},
		{"op": "add", "path": "/models/0/uri", "value": "hf://org/m@0123abcd"},
	])
	pinned := {"path": ["models", 0, "uri"], "pinned": true}
	earned("inventory_met", remote, {"files": ok, "remotes": [pinned]})
	not earned("inventory_met", remote, {"files": ok, "remotes": [object.union(pinned, {"pinned": false})]})
	not earned("inventory_met", remote, {"files": ok, "remotes": [object.union(pinned, {"problem": "unreachable"})]})
	not earned("inventory_met", remote, {"files": ok, "remotes": [object.union(pinned, {"path": ["models", 1, "uri"]})]})
}

# A dataset not in the repository is inventoried by its declared storage location.
test_inventory_met_fires_for_a_stored_dataset if {
	earned("inventory_met", {"datasets": [{"name": "d", "origin": "vendor", "uri": "s3://bucket/d"}]}, {"files": {}})
	not earned("inventory_met", {"datasets": [{"name": "d", "origin": "vendor", "uri": ""}]}, {"files": {}})
	not earned("inventory_met", {"datasets": [{"name": "d", "origin": "vendor", "uri": 7}]}, {"files": {}})
}

test_content_tracked_met_fires_for_a_verified_signature if {
	signature := {"path": ["models", 0, "signature"], "model": "m", "verified": true, "method": "sigstore"}
	earned("content_tracked_met", good, {"files": {}, "signatures": [signature]})
	not earned("content_tracked_met", good, {"files": {}, "signatures": [object.union(signature, {"verified": "true"})]})
}

fired(rule, manifest, facts) if {
	some v in violations with input as {"manifest": manifest, "evidence": facts, "config": {"today": "2026-11-22"}}
	v.rule == rule
}

test_model_not_inventoried_fires if {
	fired("model_not_inventoried", patched([{"op": "replace", "path": "/models/0/datasets", "value": []}]), {"files": ok})
	fired("model_not_inventoried", patched([{"op": "remove", "path": "/models/0/artefact"}]), {"files": ok})
}

test_model_not_inventoried_passes if not fired("model_not_inventoried", good, {"files": ok})

# A data custodian only (no developer or operator role): its inventory is its datasets.
test_inventory_models_not_demanded_of_a_custodian_only if {
	some v in violations with input as {"manifest": {"datasets": []}, "config": {"roles": ["developer"]}}
	v.rule == "inventory_models"
	not inventory_models_fired_for(["data_custodian"])
}

inventory_models_fired_for(roles) if {
	some v in violations with input as {"manifest": {"datasets": []}, "config": {"roles": roles}}
	v.rule == "inventory_models"
}

# a hosted model API is located by its endpoint and the snapshot id it calls (lib/hosted.rego)
hosted_model(revision) := {"models": [{
	"name": "h", "version": "2024-08-06", "source": "third_party",
	"uri": "https://api.openai.com/v1/chat/completions", "revision": revision,
}]}

test_inventory_met_fires_for_a_hosted_snapshot if earned("inventory_met", hosted_model("gpt-4o-2024-08-06"), {"files": {}})

test_inventory_met_passes_for_a_hosted_alias if not earned("inventory_met", hosted_model("gpt-4o"), {"files": {}})

# a dataset stored elsewhere is inventoried by a filled uri string, never a blank or a non-string
test_inventory_met_needs_a_filled_uri_string if {
	stored := {"name": "d", "origin": "internal://crm", "uri": "s3://bucket/d"}
	some m in met with input as {"manifest": {"datasets": [stored]}, "evidence": {"files": {}}, "config": {"today": "2026-11-22"}}
	m.what == "dataset d from internal://crm: stored at s3://bucket/d"
	every uri in ["  ", "", 3, ["s3://bucket/d"]] {
		not earned("inventory_met", {"datasets": [object.union(stored, {"uri": uri})]}, {"files": {}})
	}
}
