package ai_security.p08_documentation_test

import data.ai_security.p08_documentation.violations
import rego.v1

good := {
	"system": {"name": "s", "design_assessment": {"document": "docs/design.md"}},
	"updates": {"policy": "docs/updates.md"},
	"models": [{"name": "m", "artefact": "models/m.bin", "sha256": "ab", "model_card": "models/README.md"}],
	"datasets": [{
		"name": "d", "origin": "https://example.com", "collected": "2026-01-01",
		"public_source": true, "datasheet": "docs/d.md",
	}],
	"change_management": {"prompts": [{"path": "prompts/system.md", "changelog": "prompts/CHANGELOG.md"}]},
}

fired(rule, manifest) if {
	some v in violations with input as {"manifest": manifest}
	v.rule == rule
}

test_good_manifest_has_no_violations if {
	count(violations) == 0 with input as {"manifest": good}
}

test_design_documented_fires if fired("design_documented", json.remove(good, ["system/design_assessment"]))

test_design_documented_passes if not fired("design_documented", good)

test_maintenance_plan_fires if fired("maintenance_plan", object.remove(good, ["updates"]))

test_maintenance_plan_passes if not fired("maintenance_plan", good)

test_model_card_fires if fired("model_card", json.remove(good, ["models/0/model_card"]))

test_model_card_passes if not fired("model_card", good)

test_model_hash_published_fires if fired("model_hash_published", json.remove(good, ["models/0/sha256"]))

test_model_hash_published_passes if not fired("model_hash_published", good)

test_public_data_provenance_fires if fired("public_data_provenance", json.remove(good, ["datasets/0/datasheet"]))

test_public_data_provenance_passes if not fired("public_data_provenance", good)

test_public_data_provenance_fires_for_an_http_origin_without_the_flag if {
	manifest := json.remove(good, ["datasets/0/datasheet", "datasets/0/public_source"])
	fired("public_data_provenance", manifest)
	internal := json.patch(manifest, [{"op": "replace", "path": "/datasets/0/origin", "value": "internal://crm/2025"}])
	not fired("public_data_provenance", internal)
}

test_dataset_source_recorded_fires if {
	some v in violations with input as {"manifest": json.remove(good, ["datasets/0/collected"])}
	v.rule == "dataset_source_recorded"
	v.path == ["datasets", 0, "collected"]
}

test_dataset_source_recorded_passes if not fired("dataset_source_recorded", good)

test_prompt_changelog_fires if fired("prompt_changelog", json.remove(good, ["change_management/prompts/0/changelog"]))

test_prompt_changelog_passes if not fired("prompt_changelog", good)

test_prompts_tracked_fires if fired("prompts_tracked", object.remove(good, ["change_management"]))

test_prompts_tracked_passes if not fired("prompts_tracked", good)
