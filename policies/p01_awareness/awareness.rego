# Principle 1: raise awareness of AI security threats and risks (EN 304 223 clause 5.1.1).
#
# Training and awareness are organisational: every provision of this principle needs a dated
# attestation under `attestations:` (the catalogue flags them `attestation: true`; the decision
# stage checks presence and age). The rules here add what a statement alone cannot show: the
# record it rests on. They look only at attestations that exist, so a missing attestation is
# reported once, by the decision stage.
package ai_security.p01_awareness

import data.ai_security.lib
import rego.v1

attestations := lib.records(lib.entries("attestations"))

# METADATA
# title: Training curriculum linked
# description: >-
#   An attestation of AI security training links the curriculum it vouches for (`evidence:`).
# custom:
#   provision: ["5.1.1-1"]
#   rule: training_curriculum_linked
violations contains v if {
	some i, a in attestations
	object.get(a, "provision", "") == "5.1.1-1"
	lib.blank(a, "evidence")
	v := {
		"provision": "5.1.1-1",
		"rule": "training_curriculum_linked",
		"message": "the attestation for 5.1.1-1 names no curriculum; add `evidence:` with the path or URL of the AI security training material it refers to",
		"path": ["attestations", i, "evidence"],
	}
}

# METADATA
# title: Developer training record
# description: >-
#   An attestation of developers' secure AI development training links the record of who completed
#   it (`evidence:`).
# custom:
#   provision: ["5.1.1-2.2"]
#   rule: developer_training_record
violations contains v if {
	some i, a in attestations
	object.get(a, "provision", "") == "5.1.1-2.2"
	lib.blank(a, "evidence")
	v := {
		"provision": "5.1.1-2.2",
		"rule": "developer_training_record",
		"message": "the attestation for 5.1.1-2.2 names no training record; add `evidence:` with the path or URL of the record of developers' secure AI coding and design training",
		"path": ["attestations", i, "evidence"],
	}
}
