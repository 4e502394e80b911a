# Tests of the `met` rules: test_<rule>_fires shows the rule earns a pass on a complete,
# evidenced manifest; test_<rule>_passes shows it earns nothing on the gamed variant.
package ai_security.p08_documentation_met_test

import data.ai_security.p08_documentation.met
import rego.v1

hash := "f51106dccf7bc4527ee879b0479ea1bbf42014bb95e1723b5d93914d08a42159"

good := {
	"system": {"design_assessment": {"document": "docs/design.md"}},
	"updates": {"policy": "docs/update.md"},
	"models": [{"name": "m", "artefact": "models/m.safetensors", "sha256": hash, "model_card": "models/README.md"}],
	"datasets": [{"name": "faq", "public_source": true, "datasheet": "docs/faq.md", "origin": "https://example.com", "collected": "2026-02-01"}],
	"change_management": {"prompts": [{"path": "prompts/system.md", "changelog": "prompts/CHANGELOG.md"}]},
}

refs := ["docs/design.md", "docs/update.md", "models/README.md", "docs/faq.md", "prompts/system.md", "prompts/CHANGELOG.md"]

ok := object.union(
	{r: {"exists": true, "inside_repository": true, "kind": "file"} | some r in refs},
	{"models/m.safetensors": {"exists": true, "inside_repository": true, "kind": "file", "sha256": hash}},
)

earned(rule, manifest, files) if {
	some m in met with input as {"manifest": manifest, "evidence": {"files": files}, "config": {"today": "2026-11-22"}}
	m.rule == rule
}

patched(ops) := json.patch(good, ops)

test_design_documented_met_fires if earned("design_documented_met", good, ok)

test_design_documented_met_passes if not earned("design_documented_met", good, object.remove(ok, ["docs/update.md"]))

test_model_card_met_fires if earned("model_card_met", good, ok)

test_model_card_met_passes if not earned("model_card_met", good, object.remove(ok, ["models/README.md"]))

test_model_hash_met_fires if earned("model_hash_met", good, ok)

test_model_hash_met_passes if not earned("model_hash_met", patched([{"op": "replace", "path": "/models/0/sha256", "value": "0000000000000000000000000000000000000000000000000000000000000000"}]), ok)

test_public_data_provenance_met_fires if earned("public_data_provenance_met", good, ok)

test_public_data_provenance_met_passes if not earned("public_data_provenance_met", good, object.remove(ok, ["docs/faq.md"]))

test_data_source_met_fires if earned("data_source_met", good, ok)

test_data_source_met_passes if not earned("data_source_met", patched([{"op": "replace", "path": "/datasets/0/collected", "value": "2030-01-01"}]), ok)

test_change_log_met_fires if earned("change_log_met", good, ok)

test_change_log_met_passes if not earned("change_log_met", good, object.remove(ok, ["prompts/CHANGELOG.md"]))
