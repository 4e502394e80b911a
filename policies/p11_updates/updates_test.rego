package ai_security.p11_updates_test

import data.ai_security.p11_updates.violations
import rego.v1

good := {"updates": {
	"policy": "docs/ops/update-policy.md",
	"dependency_updates": ".github/dependabot.yml",
	"advisories": "docs/changelog.md",
	"major_version_reevaluation": true,
	"preview_channel": "docs/ops/update-policy.md",
	"contingency_plan": "docs/ops/update-policy.md",
}}

fired(rule, manifest) if {
	some v in violations with input as {"manifest": manifest, "config": {"today": "2026-11-22"}}
	v.rule == rule
}

test_good_manifest_has_no_violations if {
	count(violations) == 0 with input as {"manifest": good, "config": {"today": "2026-11-22"}}
}

test_update_process_fires if {
	some v in violations with input as {"manifest": json.remove(good, ["updates/advisories"])}
	v.rule == "update_process"
	v.path == ["updates", "advisories"]
}

test_update_process_passes if not fired("update_process", good)

test_contingency_plan_fires if fired("contingency_plan", json.remove(good, ["updates/contingency_plan"]))

test_contingency_plan_passes if not fired("contingency_plan", good)

test_major_update_reevaluated_fires if {
	fired("major_update_reevaluated", json.patch(good, [{"op": "replace", "path": "/updates/major_version_reevaluation", "value": false}]))
}

test_major_update_reevaluated_passes if not fired("major_update_reevaluated", good)

test_preview_channel_fires if fired("preview_channel", json.remove(good, ["updates/preview_channel"]))

test_preview_channel_passes if not fired("preview_channel", good)

test_rollout_process_fires if {
	some v in violations with input as {"manifest": json.remove(good, ["updates/policy"])}
	v.rule == "rollout_process"
	v.path == ["updates", "policy"]
}

test_rollout_process_passes if not fired("rollout_process", good)
