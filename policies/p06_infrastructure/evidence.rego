# Principle 6 (clause 5.2.2), evidence rules: infrastructure documents exist inside the
# repository and the reviewed ones are kept current. Facts: input.evidence (docs/evidence.md).
package ai_security.p06_infrastructure

import data.ai_security.lib
import rego.v1

# METADATA
# title: Document stale
# description: The last commit of the access control policy is not older than --document-max-age days.
# custom:
#   provision: ["5.2.2-1"]
#   rule: document_stale
violations contains v if {
	access := lib.object_at(lib.section("infrastructure"), "access_control")
	doc := object.get(access, "policy", null)
	stale := lib.evidence_stale(doc)
	v := {
		"provision": "5.2.2-1",
		"rule": "document_stale",
		"message": lib.evidence_stale_message("the access control policy", doc, stale, object.get(access, "last_reviewed", null)),
		"path": ["infrastructure", "access_control", "policy"],
	}
}

# METADATA
# title: Document stale
# description: The last commit of the incident response plan is not older than --document-max-age days.
# custom:
#   provision: ["5.2.2-5"]
#   rule: document_stale
violations contains v if {
	incident := lib.section("incident_response")
	doc := object.get(incident, "plan", null)
	stale := lib.evidence_stale(doc)
	v := {
		"provision": "5.2.2-5",
		"rule": "document_stale",
		"message": lib.evidence_stale_message("the incident response plan", doc, stale, object.get(incident, "last_exercised", null)),
		"path": ["incident_response", "plan"],
	}
}
