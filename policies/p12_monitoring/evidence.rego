# Principle 12 (clause 5.4.2), evidence rules: the logging configuration and alert rules the
# manifest names exist inside the repository. Facts: input.evidence (docs/evidence.md).
package ai_security.p12_monitoring

import data.ai_security.lib
import rego.v1

# METADATA
# title: Evidence file unusable
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.4.2-1"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["logging", "config"]])
	v := {"provision": "5.4.2-1", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}

# METADATA
# title: Evidence file unusable
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.4.2-2"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["logging", "analysis", "alerts"]])
	v := {"provision": "5.4.2-2", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}
