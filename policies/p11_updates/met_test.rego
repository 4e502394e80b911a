# Tests of the `met` rules: test_<rule>_fires shows the rule earns a pass on a complete,
# evidenced manifest; test_<rule>_passes shows it earns nothing on the gamed variant.
package ai_security.p11_updates_met_test

import data.ai_security.p11_updates.met
import rego.v1

good := {"updates": {
	"policy": "docs/update.md",
	"dependency_updates": ".github/dependabot.yml",
	"advisories": "docs/changelog.md",
	"major_version_reevaluation": true,
	"preview_channel": "docs/preview.md",
	"contingency_plan": "docs/contingency.md",
}}

refs := ["docs/update.md", ".github/dependabot.yml", "docs/changelog.md", "docs/preview.md", "docs/contingency.md"]

ok := {r: {"exists": true, "inside_repository": true, "kind": "file"} | some r in refs}

earned(rule, manifest, files) if {
	some m in met with input as {"manifest": manifest, "evidence": {"files": files}, "config": {"today": "2026-11-22"}}
	m.rule == rule
}

test_update_process_met_fires if earned("update_process_met", good, ok)

test_update_process_met_passes if not earned("update_process_met", good, object.remove(ok, [".github/dependabot.yml"]))

test_contingency_plan_met_fires if earned("contingency_plan_met", good, ok)

test_contingency_plan_met_passes if not earned("contingency_plan_met", good, {})

test_reevaluation_met_fires if earned("reevaluation_met", good, ok)

test_reevaluation_met_passes if not earned("reevaluation_met", json.patch(good, [{"op": "replace", "path": "/updates/major_version_reevaluation", "value": false}]), ok)

test_preview_channel_met_fires if earned("preview_channel_met", good, ok)

test_preview_channel_met_passes if not earned("preview_channel_met", good, object.remove(ok, ["docs/preview.md"]))

test_rollout_met_fires if earned("rollout_met", good, ok)

test_rollout_met_passes if {
	not earned("rollout_met", good, object.remove(ok, ["docs/update.md"]))
	not earned("rollout_met", good, object.remove(ok, [".github/dependabot.yml"]))
}
