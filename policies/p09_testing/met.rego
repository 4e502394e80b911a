# Principle 9 (clause 5.2.5), positive findings: what the manifest and the repository show is
# in place. A provision passes only on one of these (no security tests earns nothing).
package ai_security.p09_testing

import data.ai_security.lib
import rego.v1

# A security test that took place: its report is in the repository and its date is not
# after today.
done contains i if {
	some i, t in security_tests
	t.date in test_dates_happened
	lib.file_ok(t.report)
}

test_dates_happened := lib.happened_among([t.date | some t in security_tests])

done_kinds := {security_tests[i].kind | some i in done}

# METADATA
# title: Security tests of the version in use
# description: A security test with its report in the repository tested a model version in use.
# custom:
#   provision: ["5.2.5-1"]
#   rule: security_tested_met
met contains m if {
	some i in done
	t := security_tests[i]
	t.model_version in versions_in_use
	m := {
		"provision": "5.2.5-1",
		"rule": "security_tested_met",
		"what": sprintf("%v test of version %v in use, on %v: %v", [t.kind, t.model_version, t.date, t.report]),
		"path": ["testing", "security_tests", i],
	}
}

# An index, not a loop over models per test: linear in the manifest (bench/, policy scaling).
versions_in_use := {v |
	some model in models # records: objects only, so the version is read by reference
	v := model.version
	is_string(v)
	v != ""
}

# METADATA
# title: Tested before deployment
# description: The pre-deployment test report is in the repository and dated not after today.
# custom:
#   provision: ["5.2.5-2"]
#   rule: pre_deployment_met
met contains m if {
	pre := lib.object_at(testing, "pre_deployment")
	lib.file_ok(pre.report)
	lib.happened(pre.date)
	m := {
		"provision": "5.2.5-2",
		"rule": "pre_deployment_met",
		"what": sprintf("pre-deployment test on %v: %v", [pre.date, pre.report]),
		"path": ["testing", "pre_deployment"],
	}
}

# METADATA
# title: Independent security testing
# description: A security test that took place, with its report in the repository, was done by independent testers.
# custom:
#   provision: ["5.2.5-2.1"]
#   rule: independent_testing_met
met contains m if {
	some i in done
	t := security_tests[i]
	lib.enabled(t, "independent")
	m := {
		"provision": "5.2.5-2.1",
		"rule": "independent_testing_met",
		"what": sprintf("independent %v test on %v: %v", [t.kind, t.date, t.report]),
		"path": ["testing", "security_tests", i],
	}
}

# METADATA
# title: Findings shared with operators
# description: The findings shared with operators are a document in the repository.
# custom:
#   provision: ["5.2.5-3"]
#   rule: findings_shared_met
met contains m if {
	lib.file_ok(testing.shared_with_operators)
	m := {
		"provision": "5.2.5-3",
		"rule": "findings_shared_met",
		"what": sprintf("findings shared with operators in %v", [testing.shared_with_operators]),
		"path": ["testing", "shared_with_operators"],
	}
}

# METADATA
# title: Outputs tested for what they reveal
# description: A model extraction test and a model inversion or membership inference test took place, with reports in the repository.
# custom:
#   provision: ["5.2.5-4"]
#   rule: reconstruction_tests_met
met contains m if {
	"model_extraction" in done_kinds
	leak := done_kinds & {"model_inversion", "membership_inference"}
	count(leak) > 0
	m := {
		"provision": "5.2.5-4",
		"rule": "reconstruction_tests_met",
		"what": sprintf("tests of model_extraction and %v took place", [concat(", ", sort([k | some k in leak]))]),
		"path": ["testing", "security_tests"],
	}
}

# METADATA
# title: Outputs tested for unintended influence
# description: A prompt injection, jailbreak or tool abuse test took place, with its report in the repository.
# custom:
#   provision: ["5.2.5-4.1"]
#   rule: influence_tests_met
met contains m if {
	kinds := done_kinds & {"prompt_injection", "jailbreak", "tool_abuse"}
	count(kinds) > 0
	m := {
		"provision": "5.2.5-4.1",
		"rule": "influence_tests_met",
		"what": sprintf("tests of %v took place", [concat(", ", sort([k | some k in kinds]))]),
		"path": ["testing", "security_tests"],
	}
}

# METADATA
# title: Operators' testing supported
# description: The test and evaluation summary a developer gives the operators who deploy its system is a document in the repository.
# custom:
#   provision: ["5.2.5-2"]
#   rule: operator_testing_supported_met
met contains m if {
	lib.file_ok(testing.shared_with_operators)
	m := {
		"provision": "5.2.5-2",
		"rule": "operator_testing_supported_met",
		"what": sprintf("operators' testing supported with %v", [testing.shared_with_operators]),
		"path": ["testing", "shared_with_operators"],
	}
}
