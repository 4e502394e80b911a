package ai_security.p10_deployment_test

import data.ai_security.p10_deployment.violations
import rego.v1

good := {
	"system": {"name": "s", "intended_uses": ["answer product questions"]},
	"end_users": {
		"documentation": "docs/user-guide.md",
		"data_use_notice": "docs/privacy-notice.md",
		"limitations": "docs/known-limitations.md",
		"security_updates": "docs/changelog.md",
		"incident_support": "docs/ops/incident-response.md",
	},
	"operator_information": {"data_use": "docs/operators/data-use.md", "guidance": "docs/operators/guide.md"},
}

fired(rule, manifest) if {
	some v in violations with input as {"manifest": manifest, "config": {"today": "2026-11-22"}}
	v.rule == rule
}

test_good_manifest_has_no_violations if {
	count(violations) == 0 with input as {"manifest": good, "config": {"today": "2026-11-22"}}
}

test_data_use_notice_fires if fired("data_use_notice", json.remove(good, ["end_users/data_use_notice"]))

test_data_use_notice_passes if not fired("data_use_notice", good)

test_user_guidance_fires if fired("user_guidance", json.remove(good, ["end_users/documentation"]))

test_user_guidance_passes if not fired("user_guidance", good)

test_intended_uses_declared_fires if fired("intended_uses_declared", json.remove(good, ["system/intended_uses"]))

test_intended_uses_declared_passes if not fired("intended_uses_declared", good)

test_limitations_published_fires if fired("limitations_published", json.remove(good, ["end_users/limitations"]))

test_limitations_published_passes if not fired("limitations_published", good)

test_security_update_notices_fires if fired("security_update_notices", json.remove(good, ["end_users/security_updates"]))

test_security_update_notices_passes if not fired("security_update_notices", good)

test_incident_support_fires if fired("incident_support", json.remove(good, ["end_users/incident_support"]))

test_incident_support_passes if not fired("incident_support", good)

test_every_rule_fires_on_an_empty_manifest if {
	count(violations) == 8 with input as {"manifest": {}, "config": {"today": "2026-11-22"}}
}

test_data_use_supplied_fires if fired("data_use_supplied", json.remove(good, ["operator_information/data_use"]))

test_data_use_supplied_passes if not fired("data_use_supplied", good)

test_guidance_supplied_fires if fired("guidance_supplied", json.remove(good, ["operator_information"]))

test_guidance_supplied_passes if not fired("guidance_supplied", good)
