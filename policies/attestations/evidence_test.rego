package ai_security.attestations_test

import data.ai_security.attestations.violations
import rego.v1

manifest := {"attestations": [
	{"provision": "5.1.1-1", "statement": "s", "owner": "o", "date": "2026-05-04", "evidence": "docs/training.md"},
	{"provision": "5.1.1-2", "statement": "s", "owner": "o", "date": "2026-05-04", "evidence": "https://intranet.example.com/x"},
]}

facts(problem) := {"files": {"docs/training.md": object.union(
	{"exists": problem == "", "referenced_at": [["attestations", 0, "evidence"]]},
	{k: problem | k := "problem"; problem != ""},
)}}

test_attestation_evidence_unusable_fires if {
	some v in violations with input as {"manifest": manifest, "evidence": facts("does not exist")}
	v.rule == "attestation_evidence_unusable"
	v.provision == "5.1.1-1"
	v.path == ["attestations", 0, "evidence"]
	contains(v.message, "docs/training.md does not exist")
}

test_attestation_evidence_unusable_passes if {
	count(violations) == 0 with input as {"manifest": manifest, "evidence": facts("")}
}
