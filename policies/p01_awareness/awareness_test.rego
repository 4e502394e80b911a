package ai_security.p01_awareness_test

import data.ai_security.p01_awareness.violations
import rego.v1

good := {"attestations": [
	{
		"provision": "5.1.1-1", "statement": "s", "owner": "o", "date": "2026-05-04",
		"evidence": "https://intranet.example.com/training/ai-security",
	},
	{
		"provision": "5.1.1-2.2", "statement": "s", "owner": "o", "date": "2026-05-04",
		"evidence": "docs/training/records.md",
	},
]}

fired(rule, manifest) if {
	some v in violations with input as {"manifest": manifest, "config": {"today": "2026-11-22"}}
	v.rule == rule
}

test_good_manifest_has_no_violations if {
	count(violations) == 0 with input as {"manifest": good, "config": {"today": "2026-11-22"}}
}

# A missing attestation is the decision stage's finding, not a second one from these rules.
test_no_attestations_no_violations if {
	count(violations) == 0 with input as {"manifest": {}, "config": {"today": "2026-11-22"}}
}

test_training_curriculum_linked_fires if {
	some v in violations with input as {"manifest": json.remove(good, ["attestations/0/evidence"])}
	v.rule == "training_curriculum_linked"
	v.path == ["attestations", 0, "evidence"]
}

test_training_curriculum_linked_passes if not fired("training_curriculum_linked", good)

test_developer_training_record_fires if {
	some v in violations with input as {"manifest": json.remove(good, ["attestations/1/evidence"])}
	v.rule == "developer_training_record"
	v.path == ["attestations", 1, "evidence"]
}

test_developer_training_record_passes if not fired("developer_training_record", good)
