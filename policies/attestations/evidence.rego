# Attestations, whatever principle they serve: when an attestation's `evidence:` names a file
# in the repository, that file must exist and be usable. The finding belongs to the
# provision the attestation is for. Facts: input.evidence (docs/evidence.md).
package ai_security.attestations

import data.ai_security.lib
import rego.v1

# METADATA
# title: Attestation evidence unusable
# description: >-
#   The file an attestation names as its `evidence:` exists inside the repository and is usable;
#   the finding belongs to the provision the attestation is for.
# custom:
#   provision: "attestation"
#   rule: attestation_evidence_unusable
violations contains v if {
	some u in lib.evidence_unusable([["attestations", "*", "evidence"]])
	attestation := input.manifest.attestations[u.path[1]]
	is_string(attestation.provision)
	v := {
		"provision": attestation.provision,
		"rule": "attestation_evidence_unusable",
		"message": sprintf("the evidence of the attestation for %v: %v", [attestation.provision, u.message]),
		"path": u.path,
	}
}
