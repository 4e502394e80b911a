# Principle 9: conduct appropriate testing and evaluation (EN 304 223 clause 5.2.5).
package ai_security.p09_testing

import data.ai_security.lib
import rego.v1

testing := lib.section("testing")

security_tests := lib.records(lib.list_at(testing, "security_tests"))

models := lib.records(lib.entries("models"))

tested_kinds := {t.kind | some t in security_tests}

# METADATA
# title: Security tests present
# description: Security testing is recorded.
# custom:
#   provision: ["5.2.5-1"]
#   rule: security_tests_present
violations contains v if {
	count(security_tests) == 0
	v := {
		"provision": "5.2.5-1",
		"rule": "security_tests_present",
		"message": "no security testing is recorded; list each test run under `testing.security_tests` (kind, report, date, model_version)",
		"path": ["testing", "security_tests"],
	}
}

# (model name, version) pairs the security tests cover. A test names its model in `model`;
# without it, it covers the only model when there is exactly one (an `else`: the two ways
# exclude each other, and regorus would try both for every test).
tested_models contains [lower(name), t.model_version] if {
	some t in security_tests
	name := tested_model_name(t)
}

tested_model_name(t) := t.model if {
	is_string(t.model)
} else := name if {
	object.get(t, "model", null) == null
	count(models) == 1
	some m in models
	name := m.name
	is_string(name)
}

# METADATA
# title: Every model version in use is security tested
# description: >-
#   Every model version in use has a security test of that very model and version (matched
#   by name and version, not version alone).
# custom:
#   provision: ["5.2.5-1"]
#   rule: model_version_tested
violations contains v if {
	count(security_tests) > 0
	some i, m in models
	version := object.get(m, "version", "")
	lib.has_value(version)
	name := object.get(m, "name", "")
	is_string(name)
	not [lower(name), version] in tested_models
	v := {
		"provision": "5.2.5-1",
		"rule": "model_version_tested",
		"message": sprintf("model %v version %v has no security test of that model and version; test it and add the run to `testing.security_tests` with `model: %v` and `model_version: %v`", [name, version, name, version]),
		"path": ["models", i, "version"],
	}
}

# METADATA
# title: Pre deployment tested
# description: The system was tested before deployment, with a report and a date.
# custom:
#   provision: ["5.2.5-2"]
#   rule: pre_deployment_tested
violations contains v if {
	some key in ["report", "date"]
	lib.blank(lib.object_at(testing, "pre_deployment"), key)
	v := {
		"provision": "5.2.5-2",
		"rule": "pre_deployment_tested",
		"message": sprintf("`testing.pre_deployment.%v` is missing; test the system before it is deployed and record the report and its date", [key]),
		"path": ["testing", "pre_deployment", key],
	}
}

# METADATA
# title: Independent testing
# description: At least one security test was done by independent testers.
# custom:
#   provision: ["5.2.5-2.1"]
#   rule: independent_testing
violations contains v if {
	count(security_tests) > 0
	count([t | some t in security_tests; lib.enabled(t, "independent")]) == 0
	v := {
		"provision": "5.2.5-2.1",
		"rule": "independent_testing",
		"message": "no security test was done by independent testers; have one done by testers independent of the developers with relevant AI skills and mark it `independent: true` in `testing.security_tests`",
		"path": ["testing", "security_tests"],
	}
}

# METADATA
# title: Findings shared
# description: Test and evaluation findings are shared with operators.
# custom:
#   provision: ["5.2.5-3"]
#   rule: findings_shared
violations contains v if {
	lib.blank(testing, "shared_with_operators")
	v := {
		"provision": "5.2.5-3",
		"rule": "findings_shared",
		"message": "test and evaluation findings are not shared with operators; add `testing.shared_with_operators:` with the summary shipped with each release",
		"path": ["testing", "shared_with_operators"],
	}
}

# METADATA
# title: Reconstruction tests
# description: >-
#   Outputs are tested for what they reveal: a model extraction test, and a model inversion or
#   membership inference test.
# custom:
#   provision: ["5.2.5-4"]
#   rule: reconstruction_tests
violations contains v if {
	not "model_extraction" in tested_kinds
	v := {
		"provision": "5.2.5-4",
		"rule": "reconstruction_tests",
		"message": "no model extraction test; check that outputs do not let users reconstruct the model and add the run to `testing.security_tests` with `kind: model_extraction`",
		"path": ["testing", "security_tests"],
	}
}

# METADATA
# title: Reconstruction tests
# description: >-
#   Outputs are tested for what they reveal: a model extraction test, and a model inversion or
#   membership inference test.
# custom:
#   provision: ["5.2.5-4"]
#   rule: reconstruction_tests
violations contains v if {
	count(tested_kinds & {"model_inversion", "membership_inference"}) == 0
	v := {
		"provision": "5.2.5-4",
		"rule": "reconstruction_tests",
		"message": "no training-data reconstruction test; check that outputs do not reveal training data and add the run to `testing.security_tests` with `kind: model_inversion` or `membership_inference`",
		"path": ["testing", "security_tests"],
	}
}

# METADATA
# title: Influence tests
# description: >-
#   Outputs are tested for unintended influence: prompt injection, jailbreak or tool abuse.
# custom:
#   provision: ["5.2.5-4.1"]
#   rule: influence_tests
violations contains v if {
	count(tested_kinds & {"prompt_injection", "jailbreak", "tool_abuse"}) == 0
	v := {
		"provision": "5.2.5-4.1",
		"rule": "influence_tests",
		"message": "no test for unintended influence through inputs and outputs; run prompt injection, jailbreak or tool abuse tests and add them to `testing.security_tests`",
		"path": ["testing", "security_tests"],
	}
}

# METADATA
# title: Operators' testing supported
# description: >-
#   A developer whose system or model another organisation deploys supports that operator's
#   pre-deployment testing with its own test and evaluation findings (the developer's part).
# custom:
#   provision: ["5.2.5-2"]
#   rule: operator_testing_supported
violations contains v if {
	lib.blank(testing, "shared_with_operators")
	v := {
		"provision": "5.2.5-2",
		"rule": "operator_testing_supported",
		"message": "nothing supports the testing of the operators who deploy what you develop; add `testing.shared_with_operators:` with the test and evaluation summary you give them with each release",
		"path": ["testing", "shared_with_operators"],
	}
}
