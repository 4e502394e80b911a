# Principle 8: document data, models and prompts (EN 304 223 clause 5.2.4).
package ai_security.p08_documentation

import data.ai_security.lib
import rego.v1

models := lib.entries("models")

datasets := lib.entries("datasets")

# METADATA
# title: Design documented
# description: The design and the post-deployment maintenance plan are documented.
# custom:
#   provision: ["5.2.4-1"]
#   rule: design_documented
violations contains v if {
	lib.blank(object.get(lib.section("system"), "design_assessment", {}), "document")
	v := {
		"provision": "5.2.4-1",
		"rule": "design_documented",
		"message": "the system design is not documented; add `system.design_assessment.document:` with the path of the design and security assessment",
		"path": ["system", "design_assessment"],
	}
}

# METADATA
# title: Maintenance plan
# description: The post-deployment maintenance plan (`updates.policy`) is documented.
# custom:
#   provision: ["5.2.4-1"]
#   rule: maintenance_plan
violations contains v if {
	lib.blank(lib.section("updates"), "policy")
	v := {
		"provision": "5.2.4-1",
		"rule": "maintenance_plan",
		"message": "no post-deployment maintenance plan; add `updates.policy:` with the path of the plan (release, patch and support process)",
		"path": ["updates", "policy"],
	}
}

# METADATA
# title: Model card
# description: Each model has a card for its security-relevant details.
# custom:
#   provision: ["5.2.4-1.1"]
#   rule: model_card
violations contains v if {
	some i, m in models
	lib.blank(m, "model_card")
	v := {
		"provision": "5.2.4-1.1",
		"rule": "model_card",
		"message": sprintf("model %v has no model card; add `model_card:` with the path of a card covering data sources, scope, limitations and guardrails", [m.name]),
		"path": ["models", i, "model_card"],
	}
}

# METADATA
# title: Model hash published
# description: Recipients can check the model they received.
# custom:
#   provision: ["5.2.4-1.2"]
#   rule: model_hash_published
violations contains v if {
	some i, m in models
	not lib.blank(m, "artefact")
	lib.blank(m, "sha256")
	v := {
		"provision": "5.2.4-1.2",
		"rule": "model_hash_published",
		"message": sprintf("model %v has an artefact but no sha256; publish its hash in `sha256:` so recipients can verify it", [m.name]),
		"path": ["models", i, "sha256"],
	}
}

# METADATA
# title: Public data has a provenance record
# description: >-
#   Public training data (declared public, or from an http(s) origin) has a datasheet or
#   provenance record, since poisoning may surface later.
# custom:
#   provision: ["5.2.4-2"]
#   rule: public_data_provenance
violations contains v if {
	some i, d in datasets
	lib.blank(d, "datasheet") # the test that usually fails first: most datasets have one
	lib.blank(d, "provenance")
	lib.public_data(d)
	v := {
		"provision": "5.2.4-2",
		"rule": "public_data_provenance",
		"message": sprintf("dataset %v comes from a public source but has no `datasheet:` or `provenance:` record; document how and where it was collected", [d.name]),
		"path": ["datasets", i],
	}
}

# METADATA
# title: Dataset source recorded
# description: Each source is recorded with where and when it was collected.
# custom:
#   provision: ["5.2.4-2.1"]
#   rule: dataset_source_recorded
violations contains v if {
	some i, d in datasets
	some key in ["origin", "collected"]
	lib.blank(d, key)
	v := {
		"provision": "5.2.4-2.1",
		"rule": "dataset_source_recorded",
		"message": sprintf("dataset %v has no `%v:`; record where the data came from (URL) and when it was collected", [d.name, key]),
		"path": ["datasets", i, key],
	}
}

# METADATA
# title: Prompt changelog
# description: Changes to system prompts and model configuration leave an audit log.
# custom:
#   provision: ["5.2.4-3"]
#   rule: prompt_changelog
violations contains v if {
	some kind in ["prompts", "configs"]
	some i, f in object.get(lib.section("change_management"), kind, [])
	lib.blank(f, "changelog")
	v := {
		"provision": "5.2.4-3",
		"rule": "prompt_changelog",
		"message": sprintf("%v has no change log; add `changelog:` with the file that records each change and why", [f.path]),
		"path": ["change_management", kind, i, "changelog"],
	}
}

# METADATA
# title: Prompts tracked
# description: System prompts or model configurations are tracked with their change logs.
# custom:
#   provision: ["5.2.4-3"]
#   rule: prompts_tracked
violations contains v if {
	lib.blank(lib.section("change_management"), "prompts")
	lib.blank(lib.section("change_management"), "configs")
	count(models) > 0
	v := {
		"provision": "5.2.4-3",
		"rule": "prompts_tracked",
		"message": "no system prompts or model configuration are tracked; list them under `change_management.prompts` / `configs` with their change logs",
		"path": ["change_management"],
	}
}
