# Principle 3 (clause 5.1.3), evidence rules: what the repository shows about the threat
# model, beyond what the manifest claims. Facts come from input.evidence (docs/evidence.md).
package ai_security.p03_threats

import data.ai_security.lib
import rego.v1

# METADATA
# title: Document stale
# description: The last commit of the threat model is not older than --document-max-age days.
# custom:
#   provision: ["5.1.3-1"]
#   rule: document_stale
violations contains v if {
	tm := lib.section("threat_model")
	doc := object.get(tm, "document", null)
	stale := lib.evidence_stale(doc)
	v := {
		"provision": "5.1.3-1",
		"rule": "document_stale",
		"message": lib.evidence_stale_message("the threat model", doc, stale, object.get(tm, "last_reviewed", null)),
		"path": ["threat_model", "document"],
	}
}

# 5.1.3-1.1, pull-request mode: a change to what the model is or how it is configured needs
# a new threat-model review, shown by threat_model.last_reviewed moving forward.
evidence_behaviour_changes contains {"what": sprintf("the model artefact %v", [m.artefact]), "path": ["models", i, "artefact"]} if {
	some i, m in lib.entries("models")
	lib.evidence_changed(object.get(m, "artefact", null))
}

evidence_behaviour_changes contains {"what": sprintf("the %v %v", [kind_name, t.path]), "path": ["change_management", kind, i, "path"]} if {
	some kind, kind_name in {"prompts": "prompt", "configs": "model configuration"}
	some i, t in lib.list_at(lib.section("change_management"), kind)
	lib.evidence_changed(object.get(t, "path", null))
}

# the union of the base and head inventories: what the base names counts, even when the pull
# request dropped it from the manifest (the same `what`, so a change named twice is one finding)
evidence_behaviour_changes contains {"what": sprintf("the model artefact %v", [m.artefact]), "path": ["models"]} if {
	base := lib.evidence_base_manifest
	is_object(base)
	some m in lib.list_at(base, "models")
	is_object(m)
	lib.evidence_changed_at_base(object.get(m, "artefact", null))
}

evidence_behaviour_changes contains {"what": sprintf("the %v %v", [kind_name, t.path]), "path": ["change_management", kind]} if {
	base := lib.evidence_base_manifest
	is_object(base)
	some kind, kind_name in {"prompts": "prompt", "configs": "model configuration"}
	some t in lib.list_at(lib.object_at(base, "change_management"), kind)
	is_object(t)
	lib.evidence_changed_at_base(object.get(t, "path", null))
}

evidence_threat_review_moved if {
	lib.evidence_base_manifest == null # the manifest is new: so is the review
}

evidence_threat_review_moved if {
	base := lib.evidence_base_manifest
	is_object(base)
	now := lib.date_ns(object.get(lib.section("threat_model"), "last_reviewed", null))
	not lib.date_ns(object.get(lib.object_at(base, "threat_model"), "last_reviewed", null))
	now > 0
}

evidence_threat_review_moved if {
	base := lib.evidence_base_manifest
	is_object(base)
	now := lib.date_ns(object.get(lib.section("threat_model"), "last_reviewed", null))
	before := lib.date_ns(object.get(lib.object_at(base, "threat_model"), "last_reviewed", null))
	now > before
}

# METADATA
# title: Threat model not rereviewed
# description: >-
#   Pull-request mode: when a model artefact, a system prompt or a model configuration changes,
#   `threat_model.last_reviewed` moves forward.
# custom:
#   provision: ["5.1.3-1.1"]
#   rule: threat_model_not_rereviewed
violations contains v if {
	lib.evidence_pull_request
	some change in evidence_behaviour_changes
	not evidence_threat_review_moved
	v := {
		"provision": "5.1.3-1.1",
		"rule": "threat_model_not_rereviewed",
		"message": sprintf("%v changed in this pull request but `threat_model.last_reviewed` did not move (still %v); re-run threat modelling for the change and update last_reviewed", [change.what, object.get(lib.section("threat_model"), "last_reviewed", "not set")]),
		"path": ["threat_model", "last_reviewed"],
	}
}

# METADATA
# title: Pull request changes unknown
# description: >-
#   Pull-request mode: the files changed since the base can be computed; when they cannot, the
#   checks that depend on them cannot run and this says why.
# custom:
#   provision: ["5.1.3-1.1"]
#   rule: pull_request_changes_unknown
violations contains v if {
	lib.evidence_pull_request_unknown
	v := {
		"provision": "5.1.3-1.1",
		"rule": "pull_request_changes_unknown",
		"message": sprintf("pull-request mode: the files changed since the base could not be computed (%v), so the gate cannot tell whether this change needs a new threat-model review; fetch the full history (actions/checkout fetch-depth: 0)", [lib.evidence_pull_request_problem]),
		"path": ["threat_model", "last_reviewed"],
	}
}
