# Principle 4 (clause 5.1.4), evidence rules: the tests that show oversight mechanisms and
# custodian-requested controls work exist inside the repository. Facts: input.evidence.
package ai_security.p04_human_oversight

import data.ai_security.lib
import rego.v1

# METADATA
# title: Evidence file unusable
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.1.4-3"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["human_oversight", "mechanisms", "*", "test"]])
	v := {"provision": "5.1.4-3", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}

# METADATA
# title: Evidence file unusable
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.1.4-4"]
#   rule: evidence_file_unusable
violations contains v if {
	patterns := [
		["datasets", "*", "required_controls", "*", "implemented_by"],
		["datasets", "*", "required_controls", "*", "test"],
	]
	some u in lib.evidence_unusable(patterns)
	v := {"provision": "5.1.4-4", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}
