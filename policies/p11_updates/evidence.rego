# Principle 11 (clause 5.4.1), evidence rules: update documents exist, and in pull-request
# mode a changed model comes as a new version with new test evidence. Facts: input.evidence
# (docs/evidence.md).
package ai_security.p11_updates

import data.ai_security.lib
import rego.v1

# 5.4.1-2, pull-request mode: a model that existed at the merge base and whose artefact (or
# declared sha256) changed is a major update: it needs a new version and new test evidence.
evidence_changed_models contains [i, m, before] if {
	lib.evidence_pull_request
	base := lib.evidence_base_manifest
	is_object(base)
	some i, m in lib.entries("models")
	is_string(m.name)
	some before in lib.evidence_base_named("models", m.name) # a join by name, not a scan
	evidence_model_content_changed(m, before)
}

evidence_model_content_changed(m, _) if lib.evidence_changed(object.get(m, "artefact", null))

evidence_model_content_changed(m, before) if {
	is_string(m.sha256)
	is_string(before.sha256)
	lower(m.sha256) != lower(before.sha256)
}

# METADATA
# title: Model changed same version
# description: >-
#   Pull-request mode: a model that changes gets a new version.
# custom:
#   provision: ["5.4.1-2"]
#   rule: model_changed_same_version
violations contains v if {
	some [i, m, before] in evidence_changed_models
	object.get(m, "version", null) == object.get(before, "version", null)
	v := {
		"provision": "5.4.1-2",
		"rule": "model_changed_same_version",
		"message": sprintf("model %v changed in this pull request but its version is still %v; treat the update as a new model version: raise `version` (and the versions its tests and evaluation name)", [m.name, object.get(m, "version", "unset")]),
		"path": ["models", i, "version"],
	}
}

# METADATA
# title: Model changed same version
# description: >-
#   A model the base lists counts too when the pull request changed its artefact and dropped
#   it from the inventory: change rules read the union of the base and head inventories.
# custom:
#   provision: ["5.4.1-2"]
#   rule: model_changed_same_version
violations contains v if {
	lib.evidence_pull_request
	some m in lib.evidence_base_dropped("models", "name")
	lib.evidence_changed_at_base(object.get(m, "artefact", null))
	v := {
		"provision": "5.4.1-2",
		"rule": "model_changed_same_version",
		"message": sprintf("model %v (%v) changed in this pull request, which also dropped it from the inventory; list it again as a new model version: raise `version` (and the versions its tests and evaluation name)", [object.get(m, "name", "unnamed"), m.artefact]),
		"path": ["models"],
	}
}

evidence_new_test_evidence(m) if lib.evidence_changed(object.get(lib.object_at(m, "evaluation"), "report", null))

evidence_new_test_evidence(_) if {
	some t in lib.list_at(lib.section("testing"), "security_tests")
	lib.evidence_changed(object.get(t, "report", null))
}

evidence_new_test_evidence(_) if {
	lib.evidence_changed(object.get(lib.object_at(lib.section("testing"), "pre_deployment"), "report", null))
}

# METADATA
# title: Model changed without tests
# description: >-
#   Pull-request mode: a model that changes comes with new test evidence (its evaluation report or
#   a security or pre-deployment test report).
# custom:
#   provision: ["5.4.1-2"]
#   rule: model_changed_without_tests
violations contains v if {
	some [i, m, _] in evidence_changed_models
	not evidence_new_test_evidence(m)
	v := {
		"provision": "5.4.1-2",
		"rule": "model_changed_without_tests",
		"message": sprintf("model %v changed in this pull request but no test evidence did (its evaluation.report, testing.security_tests[].report, testing.pre_deployment.report); run the security tests and evaluation on the new version and commit the reports", [m.name]),
		"path": ["models", i],
	}
}

# METADATA
# title: Pull request changes unknown
# description: >-
#   Pull-request mode: the files changed since the base can be computed; when they cannot, the
#   checks that depend on them cannot run and this says why.
# custom:
#   provision: ["5.4.1-2"]
#   rule: pull_request_changes_unknown
violations contains v if {
	lib.evidence_pull_request_unknown
	count(lib.entries("models")) > 0
	v := {
		"provision": "5.4.1-2",
		"rule": "pull_request_changes_unknown",
		"message": sprintf("pull-request mode: the files changed since the base could not be computed (%v), so the gate cannot tell whether a model changed without a new version and new tests; fetch the full history (actions/checkout fetch-depth: 0)", [lib.evidence_pull_request_problem]),
		"path": ["models"],
	}
}
