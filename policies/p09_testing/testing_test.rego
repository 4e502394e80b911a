package ai_security.p09_testing_test

import data.ai_security.p09_testing.violations
import rego.v1

good := {
	"models": [{"name": "m", "version": "1.3.0"}],
	"testing": {
		"security_tests": [
			{"kind": "prompt_injection", "report": "r.md", "model_version": "1.3.0", "independent": true},
			{"kind": "membership_inference", "report": "e.md", "model_version": "1.3.0"},
			{"kind": "model_extraction", "report": "e.md", "model_version": "1.3.0"},
		],
		"pre_deployment": {"report": "p.md", "date": "2026-09-18"},
		"shared_with_operators": "e.md",
	},
}

fired(rule, manifest) if {
	some v in violations with input as {"manifest": manifest, "config": {"today": "2026-11-22"}}
	v.rule == rule
}

fired_at(rule, manifest, path) if {
	some v in violations with input as {"manifest": manifest, "config": {"today": "2026-11-22"}}
	v.rule == rule
	v.path == path
}

test_good_manifest_has_no_violations if {
	count(violations) == 0 with input as {"manifest": good, "config": {"today": "2026-11-22"}}
}

test_security_tests_present_fires if fired("security_tests_present", json.remove(good, ["testing/security_tests"]))

test_security_tests_present_passes if not fired("security_tests_present", good)

test_model_version_tested_fires if {
	manifest := json.patch(good, [{"op": "replace", "path": "/models/0/version", "value": "1.4.0"}])
	fired_at("model_version_tested", manifest, ["models", 0, "version"])
}

test_model_version_tested_passes if not fired("model_version_tested", good)

test_model_version_tested_fires_for_another_model_of_the_same_version if {
	two := json.patch(good, [{"op": "add", "path": "/models/-", "value": {"name": "other", "version": "1.3.0"}}])
	fired_at("model_version_tested", two, ["models", 0, "version"])
	fired_at("model_version_tested", two, ["models", 1, "version"])
	named := json.patch(two, [{"op": "add", "path": "/testing/security_tests/0/model", "value": "M"}])
	not fired_at("model_version_tested", named, ["models", 0, "version"])
	fired_at("model_version_tested", named, ["models", 1, "version"])
}

test_pre_deployment_tested_fires if {
	fired_at("pre_deployment_tested", json.remove(good, ["testing/pre_deployment/date"]), ["testing", "pre_deployment", "date"])
}

test_pre_deployment_tested_passes if not fired("pre_deployment_tested", good)

test_independent_testing_fires if fired("independent_testing", json.remove(good, ["testing/security_tests/0/independent"]))

test_independent_testing_passes if not fired("independent_testing", good)

test_findings_shared_fires if fired("findings_shared", json.remove(good, ["testing/shared_with_operators"]))

test_findings_shared_passes if not fired("findings_shared", good)

test_reconstruction_tests_fires if fired("reconstruction_tests", json.remove(good, ["testing/security_tests/2"]))

test_reconstruction_tests_fires_without_a_training_data_test if {
	fired("reconstruction_tests", json.remove(good, ["testing/security_tests/1"]))
}

test_reconstruction_tests_passes if not fired("reconstruction_tests", good)

test_influence_tests_fires if fired("influence_tests", json.remove(good, ["testing/security_tests/0"]))

test_influence_tests_passes if not fired("influence_tests", good)

test_operator_testing_supported_fires if fired("operator_testing_supported", json.remove(good, ["testing/shared_with_operators"]))

test_operator_testing_supported_passes if not fired("operator_testing_supported", good)
