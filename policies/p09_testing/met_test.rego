# Tests of the `met` rules: test_<rule>_fires shows the rule earns a pass on a complete,
# evidenced manifest; test_<rule>_passes shows it earns nothing on the gamed variant.
package ai_security.p09_testing_met_test

import data.ai_security.p09_testing.met
import rego.v1

good := {
	"models": [{"name": "m", "version": "1.3.0"}],
	"testing": {
		"security_tests": [
			{"kind": "prompt_injection", "report": "docs/rt.md", "date": "2026-09-12", "model_version": "1.3.0", "independent": true},
			{"kind": "model_extraction", "report": "docs/eval.md", "date": "2026-09-14", "model_version": "1.3.0"},
			{"kind": "membership_inference", "report": "docs/eval.md", "date": "2026-09-14", "model_version": "1.3.0"},
		],
		"pre_deployment": {"report": "docs/pre.md", "date": "2026-09-18"},
		"shared_with_operators": "docs/eval.md",
	},
}

refs := ["docs/rt.md", "docs/eval.md", "docs/pre.md"]

ok := {r: {"exists": true, "inside_repository": true, "kind": "file"} | some r in refs}

earned(rule, manifest, files) if {
	some m in met with input as {"manifest": manifest, "evidence": {"files": files}, "config": {"today": "2026-11-22"}}
	m.rule == rule
}

patched(ops) := json.patch(good, ops)

test_security_tested_met_fires if earned("security_tested_met", good, ok)

test_security_tested_met_passes if {
	not earned("security_tested_met", patched([{"op": "replace", "path": "/models/0/version", "value": "2.0.0"}]), ok)
	not earned("security_tested_met", patched([{"op": "replace", "path": "/testing/security_tests", "value": []}]), ok)
}

test_pre_deployment_met_fires if earned("pre_deployment_met", good, ok)

test_pre_deployment_met_passes if not earned("pre_deployment_met", patched([{"op": "replace", "path": "/testing/pre_deployment/date", "value": "2099-01-01"}]), ok)

test_independent_testing_met_fires if earned("independent_testing_met", good, ok)

test_independent_testing_met_passes if {
	not earned("independent_testing_met", patched([{"op": "replace", "path": "/testing/security_tests", "value": []}]), ok)
	not earned("independent_testing_met", good, object.remove(ok, ["docs/rt.md"]))
}

test_findings_shared_met_fires if earned("findings_shared_met", good, ok)

test_findings_shared_met_passes if not earned("findings_shared_met", good, {})

test_reconstruction_tests_met_fires if earned("reconstruction_tests_met", good, ok)

test_reconstruction_tests_met_passes if not earned("reconstruction_tests_met", patched([{"op": "remove", "path": "/testing/security_tests/2"}]), ok)

test_influence_tests_met_fires if earned("influence_tests_met", good, ok)

test_influence_tests_met_passes if not earned("influence_tests_met", patched([{"op": "replace", "path": "/testing/security_tests/0/date", "value": "2099-01-01"}]), ok)

test_operator_testing_supported_met_fires if earned("operator_testing_supported_met", good, ok)

test_operator_testing_supported_met_passes if not earned("operator_testing_supported_met", good, object.remove(ok, ["docs/eval.md"]))
