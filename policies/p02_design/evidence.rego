# Principle 2 (clause 5.1.2), evidence rules: the design documents exist inside the
# repository and are kept current. Facts: input.evidence (docs/evidence.md).
package ai_security.p02_design

import data.ai_security.lib
import rego.v1

# METADATA
# title: Document stale
# description: The last commit of the design assessment is not older than --document-max-age days.
# custom:
#   provision: ["5.1.2-1"]
#   rule: document_stale
violations contains v if {
	assessment := lib.object_at(lib.section("system"), "design_assessment")
	doc := object.get(assessment, "document", null)
	stale := lib.evidence_stale(doc)
	v := {
		"provision": "5.1.2-1",
		"rule": "document_stale",
		"message": lib.evidence_stale_message("the design assessment", doc, stale, object.get(assessment, "date", null)),
		"path": ["system", "design_assessment", "document"],
	}
}

# METADATA
# title: Document stale
# description: The last commit of each supplier's due diligence is not older than --document-max-age days.
# custom:
#   provision: ["5.1.2-7"]
#   rule: document_stale
violations contains v if {
	some i, s in lib.list_at(lib.section("supply_chain"), "suppliers")
	doc := object.get(s, "due_diligence", null)
	stale := lib.evidence_stale(doc)
	v := {
		"provision": "5.1.2-7",
		"rule": "document_stale",
		"message": lib.evidence_stale_message(sprintf("the due diligence of supplier %v", [object.get(s, "name", i)]), doc, stale, object.get(s, "reviewed", null)),
		"path": ["supply_chain", "suppliers", i, "due_diligence"],
	}
}
