# Principle 2 (clause 5.1.2), evidence rules: the design documents exist inside the
# repository and are kept current. Facts: input.evidence (docs/evidence.md).
package ai_security.p02_design

import data.ai_security.lib
import rego.v1

# METADATA
# title: Referenced evidence exists inside the repository and is real
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.1.2-1"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["system", "design_assessment", "document"]])
	v := {"provision": "5.1.2-1", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}

# METADATA
# title: Referenced evidence exists inside the repository and is real
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.1.2-5.1"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["system", "concerns_channel"]])
	v := {"provision": "5.1.2-5.1", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}

# METADATA
# title: Referenced evidence exists inside the repository and is real
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.1.2-6"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["system", "integrations", "*", "risk_note"]])
	v := {"provision": "5.1.2-6", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}

# METADATA
# title: Referenced evidence exists inside the repository and is real
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.1.2-7"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["supply_chain", "suppliers", "*", "due_diligence"]])
	v := {"provision": "5.1.2-7", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}

# METADATA
# title: Referenced evidence exists inside the repository and is real
# description: >-
#   The due-diligence record that assesses an external supplier exists and is a real document;
#   the same record serves 5.1.2-7, so one unusable file fails both.
# custom:
#   provision: ["5.1.2-4"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["supply_chain", "suppliers", "*", "due_diligence"]])
	v := {"provision": "5.1.2-4", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}

# METADATA
# title: Document stale
# description: >-
#   The threat model document itself is kept current: its last commit is not older than the
#   configured maximum age.
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
# description: >-
#   The threat model document itself is kept current: its last commit is not older than the
#   configured maximum age.
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
