# Principle 8 (clause 5.2.4), evidence rules: documentation exists, the model card agrees
# with the manifest, and prompt/configuration changes are logged. Also the gate's `notices`
# about the evidence itself (manifest changed, history unavailable): information for
# reviewers, not violations. Facts: input.evidence (docs/evidence.md).
package ai_security.p08_documentation

import data.ai_security.lib
import rego.v1

# METADATA
# title: Published model hash matches the artefact
# description: >-
#   The sha256 a model publishes for its recipients is the artefact's (or its Git LFS oid); a
#   mismatch fails 5.2.4-1.2 as well as 5.2.1-2, since recipients would check a wrong hash.
# custom:
#   provision: ["5.2.4-1.2"]
#   rule: published_hash_mismatch
violations contains v if {
	some i, m in lib.entries("models")
	ref := object.get(m, "artefact", null)
	is_string(ref)
	is_string(m.sha256)
	actual := evidence_artefact_digest(lib.evidence_files[ref])
	actual != lower(m.sha256)
	v := {
		"provision": "5.2.4-1.2",
		"rule": "published_hash_mismatch",
		"message": sprintf("model %v publishes sha256 %v but its artefact %v has %v; recipients checking the published hash would reject the real model or accept a different one: publish the artefact's hash", [object.get(m, "name", i), lower(m.sha256), ref, actual]),
		"path": ["models", i, "sha256"],
	}
}

evidence_artefact_digest(f) := f.lfs.oid if {
	is_string(f.lfs.oid)
} else := f.sha256 if {
	not f.lfs
	is_string(f.sha256)
}

# 5.2.4-1.1: the Hugging Face model card (its YAML front matter) agrees with the manifest on
# licence, base model and training datasets. A list, not a set: a set compares whole models
# and cards on every insertion; the rules reading it report sets.
evidence_cards := [[i, m, card] |
	some i, m in lib.entries("models")
	ref := object.get(m, "model_card", null)
	is_string(ref)
	card := lib.evidence_facts.model_cards[ref]
	card.front_matter == true
]

# METADATA
# title: Model card drift
# description: >-
#   The model card agrees with the manifest about the model: licence, base model, training
#   datasets.
# custom:
#   provision: ["5.2.4-1.1"]
#   rule: model_card_drift
violations contains v if {
	some [i, m, card] in evidence_cards
	is_string(m.licence)
	count(card.licenses) > 0
	not m.licence in card.licenses # usually listed as declared: then no set of lowered names
	not lower(m.licence) in {lower(l) | some l in card.licenses}
	v := {
		"provision": "5.2.4-1.1",
		"rule": "model_card_drift",
		"message": sprintf("the model card %v gives the licence %v, the manifest says %v; make them agree", [m.model_card, concat(", ", card.licenses), m.licence]),
		"path": ["models", i, "licence"],
	}
}

# METADATA
# title: Model card drift
# description: >-
#   The model card agrees with the manifest about the model: licence, base model, training
#   datasets.
# custom:
#   provision: ["5.2.4-1.1"]
#   rule: model_card_drift
violations contains v if {
	some [i, m, card] in evidence_cards
	base := lib.object_at(m, "base_model")
	count(base) > 0
	some named in card.base_models
	not evidence_same_model(named, base)
	v := {
		"provision": "5.2.4-1.1",
		"rule": "model_card_drift",
		"message": sprintf("the model card %v names base model %v, the manifest names %v; make them agree", [m.model_card, named, object.get(base, "name", "none")]),
		"path": ["models", i, "base_model"],
	}
}

# METADATA
# title: Model card drift
# description: >-
#   The model card agrees with the manifest about the model: licence, base model, training
#   datasets.
# custom:
#   provision: ["5.2.4-1.1"]
#   rule: model_card_drift
violations contains v if {
	some [i, m, card] in evidence_cards
	listed := lib.list_at(m, "datasets")
	some named in card.datasets
	not named in listed # usually listed as the card writes it: then no set of lowered names
	declared := {lower(d) | some d in listed; is_string(d)}
	not evidence_declared_dataset(named, declared)
	v := {
		"provision": "5.2.4-1.1",
		"rule": "model_card_drift",
		"message": sprintf("the model card %v lists training dataset %v, which the manifest does not list for %v; declare it under `datasets:` and in the model's `datasets`, or correct the card", [m.model_card, named, object.get(m, "name", i)]),
		"path": ["models", i, "datasets"],
	}
}

# A Hub id "org/name" matches a manifest name "name", the same id, or the tail of its uri.
evidence_same_model(named, base) if {
	name := object.get(base, "name", "")
	is_string(name)
	lower(named) == lower(name)
} else if {
	name := object.get(base, "name", "")
	is_string(name)
	endswith(lower(named), concat("", ["/", lower(name)]))
} else if {
	uri := object.get(base, "uri", "")
	is_string(uri)
	endswith(trim_suffix(lower(uri), "/"), concat("", ["/", lower(named)]))
}

evidence_declared_dataset(named, declared) if {
	lower(named) in declared
} else if {
	some d in declared
	endswith(lower(named), concat("", ["/", d]))
}

# METADATA
# title: Changelog not updated
# description: >-
#   5.2.4-3, pull-request mode: a changed prompt or model configuration comes with an entry in its
#   change log (the change log changed in the same pull request).
# custom:
#   provision: ["5.2.4-3"]
#   rule: changelog_not_updated
violations contains v if {
	lib.evidence_pull_request
	some kind in ["prompts", "configs"]
	some i, t in lib.list_at(lib.section("change_management"), kind)
	lib.evidence_changed(object.get(t, "path", null))
	not lib.evidence_changed(object.get(t, "changelog", null))
	v := {
		"provision": "5.2.4-3",
		"rule": "changelog_not_updated",
		"message": evidence_changelog_message(t),
		"path": ["change_management", kind, i, "changelog"],
	}
}

# METADATA
# title: Changelog not updated
# description: >-
#   A prompt or model configuration the base lists counts too when the pull request changed it
#   and dropped it from `change_management`: change rules read the union of the base and head
#   inventories.
# custom:
#   provision: ["5.2.4-3"]
#   rule: changelog_not_updated
violations contains v if {
	lib.evidence_pull_request
	base := lib.evidence_base_manifest
	is_object(base)
	some kind in ["prompts", "configs"]
	some t in lib.list_at(lib.object_at(base, "change_management"), kind)
	is_object(t)
	lib.evidence_changed_at_base(object.get(t, "path", null))
	not evidence_head_lists(kind, t.path)
	not lib.evidence_changed_at_base(object.get(t, "changelog", null))
	v := {
		"provision": "5.2.4-3",
		"rule": "changelog_not_updated",
		"message": sprintf("%v changed in this pull request, which also removed it from `change_management.%v`; it is still the system's %v: list it again and add an entry to its change log saying what changed and why", [t.path, kind, trim_suffix(kind, "s")]),
		"path": ["change_management", kind],
	}
}

evidence_head_lists(kind, path) if {
	some h in lib.list_at(lib.section("change_management"), kind)
	object.get(h, "path", null) == path
}

evidence_changelog_message(t) := sprintf("%v changed in this pull request but its change log %v did not; add an entry saying what changed and why", [t.path, t.changelog]) if {
	is_string(t.changelog)
} else := sprintf("%v changed in this pull request and has no `changelog:`; keep a change log and add an entry saying what changed and why", [t.path])

# METADATA
# title: Pull request changes unknown
# description: >-
#   Pull-request mode: the files changed since the base can be computed; when they cannot, the
#   checks that depend on them cannot run and this says why.
# custom:
#   provision: ["5.2.4-3"]
#   rule: pull_request_changes_unknown
violations contains v if {
	lib.evidence_pull_request_unknown
	count(lib.list_at(lib.section("change_management"), "prompts")) + count(lib.list_at(lib.section("change_management"), "configs")) > 0
	v := {
		"provision": "5.2.4-3",
		"rule": "pull_request_changes_unknown",
		"message": sprintf("pull-request mode: the files changed since the base could not be computed (%v), so the gate cannot tell whether changed prompts or configuration have change-log entries; fetch the full history (actions/checkout fetch-depth: 0)", [lib.evidence_pull_request_problem]),
		"path": ["change_management"],
	}
}

# METADATA
# title: Manifest changed
# description: Tells reviewers when a pull request changes the security manifest itself.
# custom:
#   rule: manifest_changed
notices contains n if {
	lib.evidence_git.manifest_changed == true
	n := {
		"rule": "manifest_changed",
		"message": sprintf("this pull request changes the security manifest itself; reviewers should check what it now claims (compared with %v)", [object.get(lib.evidence_git, "base_ref", "the base")]),
		"path": [],
	}
}

# METADATA
# title: Git history could be checked
# description: >-
#   Outside a git work tree (or when git fails) document freshness and never-committed
#   evidence cannot be checked: the provisions whose cited documents need it fail, unless the
#   history check was turned off explicitly (--no-history, which every report then states).
# custom:
#   provision: ["5.1.2-1", "5.1.2-7", "5.1.3-1", "5.2.1-3", "5.2.1-3.1", "5.2.2-1", "5.2.2-5", "5.2.3-3", "5.2.5-1", "5.2.5-2"]
#   rule: history_unavailable
violations contains v if {
	lib.evidence_git.available == false
	object.get(lib.evidence_git, "disabled", false) != true
	some provision, patterns in evidence_history_fields
	some u in evidence_cited(patterns)
	v := {
		"provision": provision,
		"rule": "history_unavailable",
		"message": sprintf("%v: its history could not be checked (%v), so neither its freshness nor that it is committed is known; run the gate in the git work tree (with fetch-depth: 0 in CI) or pass --no-history to skip these checks explicitly", [u.ref, object.get(lib.evidence_git, "reason", "unknown reason")]),
		"path": u.path,
	}
}

# The documents whose freshness (document_stale) needs git history, by provision.
evidence_history_fields := {
	"5.1.2-1": [["system", "design_assessment", "document"]],
	"5.1.2-7": [["supply_chain", "suppliers", "*", "due_diligence"]],
	"5.1.3-1": [["threat_model", "document"]],
	"5.2.1-3": [["infrastructure", "disaster_recovery", "plan"]],
	"5.2.1-3.1": [["infrastructure", "rollback", "procedure"]],
	"5.2.2-1": [["infrastructure", "access_control", "policy"]],
	"5.2.2-5": [["incident_response", "plan"]],
	"5.2.3-3": [["models", "*", "evaluation", "report"]],
	"5.2.5-1": [["testing", "security_tests", "*", "report"]],
	"5.2.5-2": [["testing", "pre_deployment", "report"]],
}

# {"ref", "path"} for each existing repository file cited at a path matching the patterns
evidence_cited(patterns) := {{"ref": ref, "path": p} |
	some ref, f in lib.evidence_files
	f.exists == true
	some p in object.get(f, "referenced_at", [])
	some pattern in patterns
	lib.evidence_path_matches(p, pattern)
}

# METADATA
# title: Git history could be checked
# description: >-
#   Tells reviewers when git history checks could not run, and which checks that leaves out.
# custom:
#   rule: history_unavailable
notices contains n if {
	lib.evidence_git.available == false
	n := {
		"rule": "history_unavailable",
		"message": sprintf("git history checks could not run: %v. Not checked: document freshness (5.1.2-1, 5.1.2-7, 5.1.3-1, 5.2.1-3, 5.2.1-3.1, 5.2.2-1, 5.2.2-5, 5.2.3-3, 5.2.5-1, 5.2.5-2) and, in pull-request mode, 5.1.3-1.1, 5.2.4-3, 5.4.1-2", [object.get(lib.evidence_git, "reason", "unknown reason")]),
		"path": [],
	}
}

# METADATA
# title: History incomplete
# description: >-
#   Tells reviewers when the last change of a document is unknown because the clone is shallow.
# custom:
#   rule: history_incomplete
notices contains n if {
	unknown := object.get(lib.evidence_git, "last_commit_unknown", {})
	is_object(unknown)
	some doc, why in unknown
	contains(why, "shallow")
	n := {
		"rule": "history_incomplete",
		"message": sprintf("the last change of %v is unknown: %v", [doc, why]),
		"path": [],
	}
}
