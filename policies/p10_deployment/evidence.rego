# Principle 10 (clause 5.3.1), evidence rules: what end users are told exists inside the
# repository. Facts: input.evidence (docs/evidence.md).
package ai_security.p10_deployment

import data.ai_security.lib
import rego.v1

# METADATA
# title: Evidence file unusable
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.3.1-1"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["end_users", "data_use_notice"]])
	v := {"provision": "5.3.1-1", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}

# METADATA
# title: Evidence file unusable
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.3.1-2"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["end_users", "documentation"]])
	v := {"provision": "5.3.1-2", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}

# METADATA
# title: Evidence file unusable
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.3.1-2.1"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["end_users", "limitations"]])
	v := {"provision": "5.3.1-2.1", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}

# METADATA
# title: Evidence file unusable
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.3.1-2.2"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["end_users", "security_updates"]])
	v := {"provision": "5.3.1-2.2", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}

# METADATA
# title: Evidence file unusable
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections and
#   names its kind needs (document_kinds.yaml), a valid SBOM or lockfile.
# custom:
#   provision: ["5.3.1-3"]
#   rule: evidence_file_unusable
violations contains v if {
	some u in lib.evidence_unusable([["end_users", "incident_support"]])
	v := {"provision": "5.3.1-3", "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}
