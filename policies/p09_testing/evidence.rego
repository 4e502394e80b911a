# Principle 9 (clause 5.2.5), evidence rules: test reports exist inside the repository and
# are current. Facts: input.evidence (docs/evidence.md).
package ai_security.p09_testing

import data.ai_security.lib
import rego.v1

# METADATA
# title: Document stale
# description: The last commit of each security test report is not older than --document-max-age days.
# custom:
#   provision: ["5.2.5-1"]
#   rule: document_stale
violations contains v if {
	lib.evidence_any_stale # usually false: then no entry is visited
	some i, t in lib.list_at(lib.section("testing"), "security_tests")
	doc := object.get(t, "report", null)
	stale := lib.evidence_stale(doc)
	v := {
		"provision": "5.2.5-1",
		"rule": "document_stale",
		"message": lib.evidence_stale_message(sprintf("the %v test report", [object.get(t, "kind", "security")]), doc, stale, object.get(t, "date", null)),
		"path": ["testing", "security_tests", i, "report"],
	}
}

# METADATA
# title: Document stale
# description: The last commit of the pre-deployment test report is not older than --document-max-age days.
# custom:
#   provision: ["5.2.5-2"]
#   rule: document_stale
violations contains v if {
	pre := lib.object_at(lib.section("testing"), "pre_deployment")
	doc := object.get(pre, "report", null)
	stale := lib.evidence_stale(doc)
	v := {
		"provision": "5.2.5-2",
		"rule": "document_stale",
		"message": lib.evidence_stale_message("the pre-deployment test report", doc, stale, object.get(pre, "date", null)),
		"path": ["testing", "pre_deployment", "report"],
	}
}
