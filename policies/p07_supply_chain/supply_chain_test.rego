package ai_security.p07_supply_chain_test

import data.ai_security.p07_supply_chain.violations
import rego.v1

good := {
	"models": [{
		"name": "m", "version": "1.0.0", "source": "fine_tuned",
		"uri": "https://huggingface.co/org/m", "revision": "3ad372fc79158a2148299e3318516c786aeded6c",
		"base_model": {"name": "b", "uri": "https://huggingface.co/org/b/commit/3ad372fc79158a2148299e3318516c786aeded6c"},
		"evaluation": {"report": "docs/eval.md", "model_version": "1.0.0"},
		"documentation": "adequate",
	}],
	"supply_chain": {"sbom": "sbom.json", "lockfiles": ["requirements.lock"], "scanning": ["pip-audit"]},
	"end_users": {"model_update_notice_days": 14},
}

poor := object.union(good, {"models": [{
	"name": "m", "version": "1.0.0", "documentation": "poor",
	"justification": {
		"document": "docs/why.md", "risk_assessment": "docs/risk.md",
		"compensating_controls": ["sandbox"], "user_disclosure": "docs/notice.md",
	},
}]})

fired(rule, manifest) if {
	some v in violations with input as {"manifest": manifest}
	v.rule == rule
}

test_good_manifest_has_no_violations if {
	count(violations) == 0 with input as {"manifest": good}
}

test_supply_chain_controls_fires if fired("supply_chain_controls", object.remove(good, ["supply_chain"]))

test_supply_chain_controls_passes if not fired("supply_chain_controls", good)

test_remote_model_pinned_fires if fired("remote_model_pinned", json.remove(good, ["models/0/revision"]))

test_remote_model_pinned_passes if not fired("remote_model_pinned", good)

# pins are an allow-list: a branch, a remote branch, a tag, a revision expression or a
# placeholder is not a pin
test_remote_model_pinned_fires_on_names_that_move if {
	every revision in ["refs/heads/main", "origin/main", "v1", "HEAD~0", "TODO-commit-id", "3ad372fc"] {
		fired("remote_model_pinned", json.patch(good, [{"op": "replace", "path": "/models/0/revision", "value": revision}]))
	}
}

test_remote_model_pinned_accepts_a_sha256_revision if {
	digest := concat("", ["sha256:", "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"])
	not fired("remote_model_pinned", json.patch(good, [{"op": "replace", "path": "/models/0/revision", "value": digest}]))
}

test_remote_model_pinned_accepts_a_digest if {
	manifest := json.patch(json.remove(good, ["models/0/revision"]), [{
		"op": "replace", "path": "/models/0/uri",
		"value": "oci://registry.example.com/m@sha256:0d5a1fa0d7ed9cae80e8fb6fdfaf0fb4e5a5e0b3d38fb4a2b3327b0f1b3a5f0f",
	}])
	not fired("remote_model_pinned", manifest)
}

test_remote_model_pinned_accepts_a_sha256_field if {
	manifest := json.patch(json.remove(good, ["models/0/revision"]), [{
		"op": "add", "path": "/models/0/sha256",
		"value": "B5BB9D8014A0F9B1D61E21E796D78DCCDF1352F23CD32812F4850B878AE4944C",
	}])
	not fired("remote_model_pinned", manifest)
}

test_base_model_pinned_fires if {
	fired("base_model_pinned", json.patch(good, [{"op": "replace", "path": "/models/0/base_model/uri", "value": "https://huggingface.co/org/b"}]))
}

test_base_model_pinned_passes if not fired("base_model_pinned", good)

test_poor_component_justified_fires if fired("poor_component_justified", json.remove(poor, ["models/0/justification/document"]))

test_poor_component_justified_passes if not fired("poor_component_justified", poor)

test_poor_component_controls_fires if fired("poor_component_controls", json.remove(poor, ["models/0/justification/compensating_controls"]))

test_poor_component_controls_passes if not fired("poor_component_controls", poor)

test_poor_component_disclosed_fires if fired("poor_component_disclosed", json.remove(poor, ["models/0/justification/user_disclosure"]))

test_poor_component_disclosed_passes if not fired("poor_component_disclosed", poor)

test_external_model_evaluated_fires if fired("external_model_evaluated", json.remove(good, ["models/0/evaluation"]))

test_external_model_evaluated_passes if not fired("external_model_evaluated", good)

test_external_model_evaluated_skips_in_house_models if {
	in_house := json.patch(json.remove(good, ["models/0/evaluation"]), [{"op": "replace", "path": "/models/0/source", "value": "in_house"}])
	not fired("external_model_evaluated", in_house)
}

test_evaluation_matches_version_fires if {
	fired("evaluation_matches_version", json.patch(good, [{"op": "replace", "path": "/models/0/version", "value": "2.0.0"}]))
}

test_evaluation_matches_version_passes if not fired("evaluation_matches_version", good)

test_model_update_notice_fires if fired("model_update_notice", object.remove(good, ["end_users"]))

test_model_update_notice_passes if not fired("model_update_notice", good)

# pinned reads revision, sha256 and uri by reference: a field of another type pins nothing
# (and is no built-in error in either engine); the base model's uri is judged the same way
test_remote_model_pinned_ignores_fields_of_another_type if {
	unpinned := json.remove(good, ["models/0/revision"])
	every field in [{"revision": 7}, {"revision": ["3ad372fc79158a2148299e3318516c786aeded6c"]}, {"sha256": 7}, {"revision": null}] {
		fired("remote_model_pinned", json.patch(unpinned, [{"op": "add", "path": "/models/0", "value": object.union(unpinned.models[0], field)}]))
	}
	fired("base_model_pinned", json.patch(good, [{"op": "replace", "path": "/models/0/base_model/uri", "value": "https://huggingface.co/org/b"}]))
}
