# Tests of the `met` rules: test_<rule>_fires shows the rule earns a pass on a complete,
# evidenced manifest; test_<rule>_passes shows it earns nothing on the gamed variant.
package ai_security.p04_human_oversight_met_test

import data.ai_security.p04_human_oversight.met
import rego.v1

good := {
	"system": {"prohibited_uses": ["Legal advice"]},
	"end_users": {"documentation": "docs/guide.md"},
	"threat_model": {"threats": [{"id": "T1"}]},
	"human_oversight": {
		"mechanisms": [{"name": "approval", "kind": "approval", "controls": ["T1"], "test": "tests/test_approval.py"}],
		"output_review_aids": ["citations"],
	},
	"datasets": [{"name": "d", "required_controls": [{"control": "no PII", "implemented_by": "p/scrub.py", "test": "tests/test_scrub.py"}]}],
}

refs := ["docs/guide.md", "tests/test_approval.py", "p/scrub.py", "tests/test_scrub.py"]

ok := {r: {"exists": true, "inside_repository": true, "kind": "file"} | some r in refs}

# the cited tests are tests of the repository's code (evidence/test_files.py)
tests := {"tests/test_approval.py": "", "tests/test_scrub.py": ""}

earned(rule, manifest, files) if earned_with(rule, manifest, files, tests)

earned_with(rule, manifest, files, checked) if {
	some m in met with input as {"manifest": manifest, "evidence": {"files": files, "test_files": checked}, "config": {"today": "2026-11-22"}}
	m.rule == rule
}

not_a_test := {"tests/test_approval.py": "defines no test function", "tests/test_scrub.py": "defines no test function"}

patched(ops) := json.patch(good, ops)

test_intervention_met_fires if earned("intervention_met", good, ok)

test_intervention_met_passes if {
	not earned_with("intervention_met", good, ok, not_a_test)
	not earned("intervention_met", patched([{"op": "replace", "path": "/human_oversight/mechanisms/0/kind", "value": "review"}]), ok)
	not earned("intervention_met", patched([{"op": "replace", "path": "/human_oversight/mechanisms", "value": []}]), ok)
}

test_output_review_aids_met_fires if earned("output_review_aids_met", good, ok)

test_output_review_aids_met_passes if not earned("output_review_aids_met", patched([{"op": "replace", "path": "/human_oversight/output_review_aids", "value": [""]}]), ok)

test_oversight_tested_met_fires if earned("oversight_tested_met", good, ok)

test_oversight_tested_met_passes if {
	not earned("oversight_tested_met", good, object.remove(ok, ["tests/test_approval.py"]))
	not earned_with("oversight_tested_met", good, ok, not_a_test)
	not earned_with("oversight_tested_met", good, ok, {})
	not earned("oversight_tested_met", patched([{"op": "replace", "path": "/human_oversight/mechanisms/0/controls", "value": ["T9"]}]), ok)
}

test_custodian_controls_met_fires if earned("custodian_controls_met", good, ok)

test_custodian_controls_met_passes if {
	not earned("custodian_controls_met", good, object.remove(ok, ["tests/test_scrub.py"]))
	not earned_with("custodian_controls_met", good, ok, not_a_test)
}

test_prohibited_uses_met_fires if earned("prohibited_uses_met", good, ok)

test_prohibited_uses_met_passes if {
	not earned("prohibited_uses_met", patched([{"op": "replace", "path": "/system/prohibited_uses", "value": []}]), ok)
	not earned("prohibited_uses_met", good, {})
}
