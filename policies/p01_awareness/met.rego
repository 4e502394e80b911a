# Principle 1 (clause 5.1.1), positive findings. Training is organisational: an attestation
# backs these provisions, and they are reported `attested` unless the record the attestation
# cites is in the repository, which is what these rules verify.
package ai_security.p01_awareness

import data.ai_security.lib
import rego.v1

# METADATA
# title: Training record in the repository
# description: The training material or record an attestation of 5.1.1-1 or 5.1.1-2.2 cites is in the repository.
# custom:
#   provision: ["5.1.1-1", "5.1.1-2.2"]
#   rule: training_record_met
met contains m if {
	some i, a in attestations
	a.provision in {"5.1.1-1", "5.1.1-2.2"}
	lib.file_ok(a.evidence)
	m := {
		"provision": a.provision,
		"rule": "training_record_met",
		"what": sprintf("training record %v", [a.evidence]),
		"path": ["attestations", i, "evidence"],
	}
}
