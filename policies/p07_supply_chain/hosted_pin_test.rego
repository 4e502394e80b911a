package ai_security.p07_supply_chain_test

import data.ai_security.p07_supply_chain.met
import data.ai_security.p07_supply_chain.violations
import rego.v1

hosted_manifest(revision) := {"models": [{
	"name": "assistant", "version": "2024-08-06", "source": "third_party",
	"uri": "https://api.openai.com/v1/chat/completions", "revision": revision,
}]}

hosted_fired(rule, manifest) if {
	some v in violations with input as {"manifest": manifest}
	v.rule == rule
}

hosted_earned(rule, manifest) if {
	some m in met with input as {"manifest": manifest, "config": {"today": "2026-11-22"}}
	m.rule == rule
}

test_hosted_model_pinned_fires if hosted_fired("hosted_model_pinned", hosted_manifest("gpt-4o"))

test_hosted_model_pinned_fires_on_latest if hosted_fired("hosted_model_pinned", hosted_manifest("claude-3-5-sonnet-latest"))

test_hosted_model_pinned_fires_without_a_model_id if {
	m := {"models": [object.remove(hosted_manifest("x").models[0], ["revision"])]}
	hosted_fired("hosted_model_pinned", m)
}

test_hosted_model_pinned_passes if {
	not hosted_fired("hosted_model_pinned", hosted_manifest("gpt-4o-2024-08-06"))
	not hosted_fired("remote_model_pinned", hosted_manifest("gpt-4o-2024-08-06"))
}

test_a_hub_model_still_needs_a_commit if {
	hub := {"models": [object.union(hosted_manifest("gpt-4o-2024-08-06").models[0], {"uri": "https://huggingface.co/org/m"})]}
	hosted_fired("remote_model_pinned", hub)
	not hosted_fired("hosted_model_pinned", hub)
}

test_hosted_model_pinned_met_fires if hosted_earned("hosted_model_pinned_met", hosted_manifest("claude-3-5-sonnet-20241022"))

test_hosted_model_pinned_met_passes if not hosted_earned("hosted_model_pinned_met", hosted_manifest("gpt-4o"))

test_remote_artefact_unpinned_skips_a_hosted_snapshot if {
	remotes := [{"path": ["models", 0, "uri"], "uri": "https://api.openai.com/v1/chat/completions", "revision": "gpt-4o-2024-08-06", "pinned": false}]
	not hosted_unpinned(hosted_manifest("gpt-4o-2024-08-06"), remotes)
	hub := {"models": [object.union(hosted_manifest("v").models[0], {"uri": "https://huggingface.co/org/m"})]}
	hosted_unpinned(hub, remotes)
}

hosted_unpinned(manifest, remotes) if {
	some v in violations with input as {"manifest": manifest, "evidence": {"remotes": remotes}}
	v.rule == "remote_artefact_unpinned"
}

# the per-query indexes: a hosted API (not a hub, nothing held here), and pinned by a snapshot id
test_hosted_model_indexes_follow_the_lib_functions if {
	api := "https://api.openai.com/v1/chat/completions"
	ms := [
		{"name": "a", "source": "third_party", "uri": api, "revision": "gpt-4o-2024-08-06"},
		{"name": "b", "source": "third_party", "uri": api, "revision": "gpt-4o"},
		{"name": "c", "source": "third_party", "uri": "https://huggingface.co/org/m", "revision": "2024-08-06"},
		{"name": "d", "source": "third_party", "uri": api, "revision": "gpt-4o-2024-08-06", "artefact": "models/m.bin"},
	]
	data.ai_security.p07_supply_chain.hosted_models == {0, 1} with input.manifest.models as ms
	data.ai_security.p07_supply_chain.hosted_pinned_models == {0} with input.manifest.models as ms
}

test_no_models_no_hosted_indexes if {
	count(data.ai_security.p07_supply_chain.hosted_models) == 0 with input.manifest as {}
	count(data.ai_security.p07_supply_chain.hosted_pinned_models) == 0 with input.manifest as {}
}
