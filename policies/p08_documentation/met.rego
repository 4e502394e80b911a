# Principle 8 (clause 5.2.4), positive findings: what the manifest and the repository show is
# in place. A provision passes only on one of these (an empty section earns nothing).
package ai_security.p08_documentation

import data.ai_security.lib
import rego.v1

# METADATA
# title: Design and maintenance plan documented
# description: The design assessment and the update policy are documents in the repository.
# custom:
#   provision: ["5.2.4-1"]
#   rule: design_documented_met
met contains m if {
	design := lib.object_at(lib.section("system"), "design_assessment").document
	lib.file_ok(design)
	plan := lib.section("updates").policy
	lib.file_ok(plan)
	m := {
		"provision": "5.2.4-1",
		"rule": "design_documented_met",
		"what": sprintf("design documented in %v, maintenance in %v", [design, plan]),
		"path": ["system", "design_assessment", "document"],
	}
}

# METADATA
# title: Model card
# description: A model's card is a document in the repository.
# custom:
#   provision: ["5.2.4-1.1"]
#   rule: model_card_met
met contains m if {
	some i, model in models
	is_object(model)
	lib.file_ok(model.model_card)
	m := {
		"provision": "5.2.4-1.1",
		"rule": "model_card_met",
		"what": sprintf("model %v: card %v", [object.get(model, "name", i), model.model_card]),
		"path": ["models", i, "model_card"],
	}
}

# METADATA
# title: Model hash published
# description: A model artefact's published sha256 is the file's.
# custom:
#   provision: ["5.2.4-1.2"]
#   rule: model_hash_met
met contains m if {
	some i, model in models
	is_object(model)
	lib.file_ok(model.artefact)
	is_string(model.sha256)
	lib.evidence_files[model.artefact].sha256 == lower(model.sha256)
	m := {
		"provision": "5.2.4-1.2",
		"rule": "model_hash_met",
		"what": sprintf("model %v publishes sha256 %v, which its artefact %v has", [object.get(model, "name", i), model.sha256, model.artefact]),
		"path": ["models", i, "sha256"],
	}
}

# METADATA
# title: Public data provenance
# description: A dataset from public sources has a datasheet or provenance record in the repository.
# custom:
#   provision: ["5.2.4-2"]
#   rule: public_data_provenance_met
met contains m if {
	some i, d in datasets
	is_object(d)
	lib.public_data(d)
	some key in ["datasheet", "provenance"]
	lib.file_ok(d[key])
	m := {
		"provision": "5.2.4-2",
		"rule": "public_data_provenance_met",
		"what": sprintf("public dataset %v: %v %v", [object.get(d, "name", i), key, d[key]]),
		"path": ["datasets", i, key],
	}
}

# METADATA
# title: Data source recorded
# description: A dataset records its origin and a collection date not after today.
# custom:
#   provision: ["5.2.4-2.1"]
#   rule: data_source_met
met contains m if {
	some i, d in datasets
	is_object(d)
	not lib.blank(d, "origin")
	d.collected in collected_dates_happened
	m := {
		"provision": "5.2.4-2.1",
		"rule": "data_source_met",
		"what": sprintf("dataset %v from %v, collected %v", [object.get(d, "name", i), d.origin, d.collected]),
		"path": ["datasets", i, "origin"],
	}
}

collected_dates_happened := lib.happened_among([d.collected | some d in datasets])

# METADATA
# title: Prompt and configuration changes logged
# description: A tracked prompt or configuration file and its change log are in the repository.
# custom:
#   provision: ["5.2.4-3"]
#   rule: change_log_met
met contains m if {
	some kind in ["prompts", "configs"]
	some i, f in lib.records(lib.list_at(lib.section("change_management"), kind))
	lib.path_ok(f.path)
	lib.file_ok(f.changelog)
	m := {
		"provision": "5.2.4-3",
		"rule": "change_log_met",
		"what": sprintf("%v changes logged in %v", [f.path, f.changelog]),
		"path": ["change_management", kind, i],
	}
}
