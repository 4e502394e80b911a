# Tests of the `met` rules: test_<rule>_fires shows the rule earns a pass on a complete,
# evidenced manifest; test_<rule>_passes shows it earns nothing on the gamed variant.
package ai_security.p10_deployment_met_test

import data.ai_security.p10_deployment.met
import rego.v1

good := {
	"system": {"intended_uses": ["Answer questions"]},
	"end_users": {"documentation": "docs/guide.md", "data_use_notice": "docs/privacy.md", "limitations": "docs/limits.md", "security_updates": "docs/changelog.md", "incident_support": "docs/ir.md"},
	"operator_information": {"data_use": "docs/ops-data.md", "guidance": "docs/ops-guide.md"},
}

refs := ["docs/guide.md", "docs/privacy.md", "docs/limits.md", "docs/changelog.md", "docs/ir.md", "docs/ops-data.md", "docs/ops-guide.md"]

ok := {r: {"exists": true, "inside_repository": true, "kind": "file"} | some r in refs}

met_for(provision, rule, files) if {
	some m in met with input as {"manifest": good, "evidence": {"files": files}, "config": {"today": "2026-11-22"}}
	m.rule == rule
	m.provision == provision
}

test_user_document_met_fires if {
	every p in ["5.3.1-1", "5.3.1-2", "5.3.1-2.2", "5.3.1-3"] {
		met_for(p, "user_document_met", ok)
	}
}

test_user_document_met_passes if {
	not met_for("5.3.1-1", "user_document_met", object.remove(ok, ["docs/privacy.md"]))
	not met_for("5.3.1-2", "user_document_met", {})
}

test_limitations_met_fires if met_for("5.3.1-2.1", "limitations_met", ok)

test_limitations_met_passes if not met_for("5.3.1-2.1", "limitations_met", object.remove(ok, ["docs/limits.md"]))

test_operator_information_met_fires if {
	met_for("5.3.1-1", "operator_information_met", ok)
	met_for("5.3.1-2", "operator_information_met", ok)
}

test_operator_information_met_passes if {
	not met_for("5.3.1-1", "operator_information_met", object.remove(ok, ["docs/ops-data.md"]))
	not met_for("5.3.1-2", "operator_information_met", object.remove(ok, ["docs/ops-guide.md"]))
}
