# Principle 13 (clause 5.5.1), evidence rules: the disposal and transfer documents exist
# inside the repository. Facts: input.evidence (docs/evidence.md).
package ai_security.p13_end_of_life

import data.ai_security.lib
import rego.v1

# METADATA
# title: Evidence file unusable
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.5.1-1"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["disposal", "transfer"]])
	v := {"provision": "5.5.1-1", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}

# METADATA
# title: Evidence file unusable
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.5.1-2"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["disposal", "plan"]])
	v := {"provision": "5.5.1-2", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}
