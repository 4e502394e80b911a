# Evidence files the manifest cites that the collect stage found unusable, reported once per
# provision the citing field serves. Which fields cite evidence, and for which provisions,
# is the schema index (`x-evidence`, `x-provisions` in the manifest schema), which the gate
# passes to the engine as data.ai_security_gate.evidence_fields. Facts: input.evidence
# (docs/evidence.md). Portable subset only (../shared/reference/rego-engines.md).
package ai_security.evidence

import data.ai_security.lib
import rego.v1

# [{"path": ["threat_model", "document"], "provisions": ["5.1.3-1"]}, ...]; [] when the
# engine was given no schema index (then nothing is reported: coverage says so).
evidence_fields := f if {
	f := data.ai_security_gate.evidence_fields
	is_array(f)
} else := []

# METADATA
# title: Evidence file unusable
# description: >-
#   Referenced evidence exists inside the repository and is real: no placeholder, the sections
#   and names its kind needs (document_kinds.yaml), a valid SBOM or lockfile. Every problem the
#   evidence stage found with the file is reported, under every provision the citing field
#   serves.
# custom:
#   provision: schema
#   rule: evidence_file_unusable
violations contains v if {
	some cited in evidence_fields
	is_array(cited.path)
	some u in lib.evidence_unusable([cited.path])
	some provision in lib.list_at(cited, "provisions")
	v := {"provision": provision, "rule": "evidence_file_unusable", "message": u.message, "path": u.path}
}
