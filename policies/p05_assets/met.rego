# Principle 5 (clause 5.2.1), positive findings: what the manifest and the repository show is
# in place. A provision passes only on one of these (a placeholder inventory earns nothing).
package ai_security.p05_assets

import data.ai_security.lib
import rego.v1

# Where a model's identity can be checked: its artefact in the repository, or a remote
# reference the collect stage found pinned to something immutable, or a hosted model's dated
# snapshot. An `else` chain, first match wins: regorus evaluates every body of a function on
# each call, and this runs for every model (issue 15).
located(model, i) := sprintf("artefact %v", [model.artefact]) if {
	lib.file_ok(model.artefact)
} else := sprintf("pinned %v", [model.uri]) if {
	i in pinned_model_uris
} else := sprintf("hosted %v, snapshot %v", [model.uri, model.revision]) if {
	lib.hosted_pinned(model)
}

# The indexes of the models whose `uri` the collect stage found pinned: built once, so a
# model's lookup is a set membership, not a scan of every remote (linear in the manifest).
pinned_model_uris contains i if {
	some r in object.get(lib.evidence_facts, "remotes", [])
	r.path == ["models", r.path[1], "uri"]
	r.pinned == true
	object.get(r, "problem", "") == ""
	i := r.path[1]
}

# METADATA
# title: Model inventoried
# description: A declared model has a version and an artefact in the repository or a pinned remote reference; one trained here names declared datasets.
# custom:
#   provision: ["5.2.1-1"]
#   rule: inventory_met
met contains m if {
	some i, model in models
	is_object(model)
	not i in versionless
	where := located(model, i)
	names := lib.filled(lib.list_at(model, "datasets"))
	inventoried_training(model, names)
	m := {
		"provision": "5.2.1-1",
		"rule": "inventory_met",
		"what": sprintf("model %v %v: %v, %v datasets inventoried", [object.get(model, "name", i), model.version, where, count(names)]),
		"path": ["models", i],
	}
}

# A placeholder entry: nothing identifies the model (the collect stage checks the files).
# The uri first: a large inventory is mostly remote models, whose filled uri ends the branch.
placeholder_model(model) if {
	lib.blank(model, "uri")
	lib.blank(model, "artefact")
} else if {
	lib.trained_here(model)
	count(lib.filled(lib.list_at(model, "datasets"))) == 0
}

# METADATA
# title: Every model identifiable in the inventory
# description: Every declared model names an artefact or a uri and, when trained or fine-tuned here, the datasets it learnt from.
# custom:
#   provision: ["5.2.1-1"]
#   rule: model_not_inventoried
violations contains v if {
	some i, model in models
	is_object(model)
	placeholder_model(model)
	v := {
		"provision": "5.2.1-1",
		"rule": "model_not_inventoried",
		"message": sprintf("model %v is a placeholder in the inventory; give it an `artefact:` in the repository or a `uri:` pinned to a revision, and (when trained or fine-tuned here) the declared `datasets:` it learnt from", [object.get(model, "name", i)]),
		"path": ["models", i],
	}
}

# METADATA
# title: Model inventoried
# description: >-
#   A dataset held here: in the repository, or at a declared storage location, with its origin.
# custom:
#   provision: ["5.2.1-1"]
#   rule: inventory_met
met contains m if {
	some i, d in datasets
	is_object(d)
	not lib.blank(d, "origin")
	where := dataset_location(d)
	m := {
		"provision": "5.2.1-1",
		"rule": "inventory_met",
		"what": sprintf("dataset %v from %v: %v", [object.get(d, "name", i), d.origin, where]),
		"path": ["datasets", i],
	}
}

dataset_location(d) := sprintf("file %v", [d.path]) if {
	lib.file_ok(d.path)
} else := sprintf("stored at %v", [d.uri]) if {
	is_string(d.uri)
	trim_space(d.uri) != "" # lib.has_value of a string, without the call
}

inventoried_training(model, names) if {
	not lib.trained_here(model)
} else if {
	count(names) > 0 # trained here: the first body failed
	undeclared := [n | some n in names; not n in declared_datasets]
	count(undeclared) == 0
}

# METADATA
# title: Assets tracked by content
# description: A model artefact or dataset file has the sha256 the manifest declares, or a model signature verified.
# custom:
#   provision: ["5.2.1-2"]
#   rule: content_tracked_met
met contains m if {
	some section, field in {"models": "artefact", "datasets": "path"}
	some i, entry in lib.entries(section)
	is_object(entry)
	ref := entry[field]
	lib.file_ok(ref)
	is_string(entry.sha256)
	f := lib.evidence_files[ref]
	not f.lfs
	f.sha256 == lower(entry.sha256)
	m := {
		"provision": "5.2.1-2",
		"rule": "content_tracked_met",
		"what": sprintf("%v has the declared sha256 %v", [ref, f.sha256]),
		"path": [section, i, "sha256"],
	}
}

# METADATA
# title: Assets tracked by content
# description: >-
#   A model artefact or dataset file has the sha256 the manifest declares, or a model signature
#   verified.
# custom:
#   provision: ["5.2.1-2"]
#   rule: content_tracked_met
met contains m if {
	some s in object.get(lib.evidence_facts, "signatures", [])
	s.verified == true
	m := {
		"provision": "5.2.1-2",
		"rule": "content_tracked_met",
		"what": sprintf("signature of model %v verified (%v)", [s.model, object.get(s, "method", "")]),
		"path": s.path,
	}
}

# METADATA
# title: Assets tracked by content
# description: >-
#   A prompt or configuration file the repository tracks in git: for an operator of a hosted model,
#   these are the AI assets it holds.
# custom:
#   provision: ["5.2.1-2"]
#   rule: content_tracked_met
met contains m if {
	some kind in ["prompts", "configs"]
	some i, f in lib.records(lib.list_at(lib.section("change_management"), kind))
	lib.path_ok(f.path)
	last := lib.evidence_git.last_commit[f.path]
	is_string(last)
	m := {
		"provision": "5.2.1-2",
		"rule": "content_tracked_met",
		"what": sprintf("%v is version-controlled in git (last commit %v)", [f.path, last]),
		"path": ["change_management", kind, i, "path"],
	}
}

# METADATA
# title: Disaster recovery covers AI scenarios
# description: The disaster recovery plan is in the repository and names AI-specific scenarios.
# custom:
#   provision: ["5.2.1-3"]
#   rule: recovery_plan_met
met contains m if {
	dr := lib.object_at(infrastructure, "disaster_recovery")
	lib.file_ok(dr.plan)
	scenarios := lib.filled(lib.list_at(dr, "ai_scenarios"))
	count(scenarios) > 0
	m := {
		"provision": "5.2.1-3",
		"rule": "recovery_plan_met",
		"what": sprintf("disaster recovery plan %v covers %v", [dr.plan, concat(", ", [sprintf("%v", [s]) | some s in scenarios])]),
		"path": ["infrastructure", "disaster_recovery", "plan"],
	}
}

# METADATA
# title: Known good state to return to
# description: The rollback procedure is in the repository and names the last known good version.
# custom:
#   provision: ["5.2.1-3.1"]
#   rule: rollback_met
met contains m if {
	rb := lib.object_at(infrastructure, "rollback")
	lib.file_ok(rb.procedure)
	not lib.blank(rb, "known_good_version")
	m := {
		"provision": "5.2.1-3.1",
		"rule": "rollback_met",
		"what": sprintf("rollback procedure %v to known good version %v", [rb.procedure, rb.known_good_version]),
		"path": ["infrastructure", "rollback"],
	}
}

# METADATA
# title: Data classified and protected
# description: A declared dataset is classified, and sensitive data is encrypted at rest.
# custom:
#   provision: ["5.2.1-4"]
#   rule: data_protected_met
met contains m if {
	some i, d in datasets
	is_object(d)
	not lib.blank(d, "classification")
	note := protection_note(i)
	m := {
		"provision": "5.2.1-4",
		"rule": "data_protected_met",
		"what": sprintf("dataset %v classified %v%v", [object.get(d, "name", i), d.classification, note]),
		"path": ["datasets", i, "classification"],
	}
}

# METADATA
# title: Data classified and protected
# description: A declared dataset is classified, and sensitive data is encrypted at rest.
# custom:
#   provision: ["5.2.1-4"]
#   rule: data_protected_met
met contains m if {
	count(datasets) == 0
	lib.enabled(lib.object_at(infrastructure, "data_protection"), "encryption_at_rest")
	m := {
		"provision": "5.2.1-4",
		"rule": "data_protected_met",
		"what": "no datasets held; the data stores (logs, user inputs) are encrypted at rest",
		"path": ["infrastructure", "data_protection", "encryption_at_rest"],
	}
}

# protection_note(i): how dataset i is protected, for the met record; undefined when it is
# sensitive and the store is not encrypted (not protected: no pass). Sensitivity is decided
# once per dataset (sensitive_datasets), not once per rule that asks.
# The usual case, a dataset that is not sensitive, ends in the first branch.
protection_note(i) := "" if {
	not i in sensitive_datasets
} else := ", encrypted at rest" if {
	lib.enabled(lib.object_at(infrastructure, "data_protection"), "encryption_at_rest")
}

# METADATA
# title: Training data validated
# description: A dataset names a validation step that is in the repository.
# custom:
#   provision: ["5.2.1-4.1"]
#   rule: data_validated_met
met contains m if {
	some i, d in datasets
	is_object(d)
	lib.path_ok(d.validation)
	m := {
		"provision": "5.2.1-4.1",
		"rule": "data_validated_met",
		"what": sprintf("dataset %v validated by %v", [object.get(d, "name", i), d.validation]),
		"path": ["datasets", i, "validation"],
	}
}

# METADATA
# title: Weights stored protected
# description: The weights' storage location is declared and encrypted at rest.
# custom:
#   provision: ["5.2.1-4.2"]
#   rule: weights_protected_met
met contains m if {
	protection := lib.object_at(infrastructure, "data_protection")
	not lib.blank(protection, "weights_location")
	lib.enabled(protection, "encryption_at_rest")
	m := {
		"provision": "5.2.1-4.2",
		"rule": "weights_protected_met",
		"what": sprintf("weights stored in %v, encrypted at rest", [protection.weights_location]),
		"path": ["infrastructure", "data_protection", "weights_location"],
	}
}

# The organisation is only a data custodian here: its inventory is its datasets.
custodian_only if {
	lib.plays("data_custodian")
	not lib.plays("developer")
	not lib.plays("system_operator")
}
