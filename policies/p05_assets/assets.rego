# Principle 5: identify, track and protect the assets (EN 304 223 clause 5.2.1).
package ai_security.p05_assets

import data.ai_security.lib
import rego.v1

models := lib.entries("models")

datasets := lib.entries("datasets")

declared_datasets := {d.name | some d in datasets}

infrastructure := lib.section("infrastructure")

# METADATA
# title: Inventory models
# description: The inventory names at least one model
# custom:
#   provision: ["5.2.1-1"]
#   rule: inventory_models
violations contains v if {
	count(models) == 0
	not custodian_only # a data custodian's inventory is its datasets
	v := {
		"provision": "5.2.1-1",
		"rule": "inventory_models",
		"message": "no models are declared; list every model the system uses under `models:` (name, version, artefact or uri)",
		"path": ["models"],
	}
}

# The indexes of the models without a version (anything but an object included), found once
# for the two rules that ask (model_version here, inventory_met in met.rego).
versionless := {i | some i, m in models; lib.blank(m, "version")}

# METADATA
# title: Model version
# description: Each with a version, so the inventory can say which one is deployed
# custom:
#   provision: ["5.2.1-1"]
#   rule: model_version
violations contains v if {
	some i in versionless
	m := models[i]
	v := {
		"provision": "5.2.1-1",
		"rule": "model_version",
		"message": sprintf("model %v has no version; add `version:` so the inventory identifies what is deployed", [m.name]),
		"path": ["models", i, "version"],
	}
}

# METADATA
# title: Model datasets declared
# description: And every dataset a model names is itself in the inventory.
# custom:
#   provision: ["5.2.1-1"]
#   rule: model_datasets_declared
violations contains v if {
	some i, m in models
	some j, name in object.get(m, "datasets", [])
	not name in declared_datasets
	v := {
		"provision": "5.2.1-1",
		"rule": "model_datasets_declared",
		"message": sprintf("model %v names dataset %v, which is not declared under `datasets:`; add it with its origin and custodian", [m.name, name]),
		"path": ["models", i, "datasets", j],
	}
}

# METADATA
# title: Dataset hash
# description: Data assets are tracked by content, not only by name.
# custom:
#   provision: ["5.2.1-2"]
#   rule: dataset_hash
violations contains v if {
	some i, d in datasets
	not lib.blank(d, "path")
	lib.blank(d, "sha256")
	v := {
		"provision": "5.2.1-2",
		"rule": "dataset_hash",
		"message": sprintf("dataset %v has a path but no sha256; add `sha256:` so a changed or poisoned copy is detected", [d.name]),
		"path": ["datasets", i, "sha256"],
	}
}

# METADATA
# title: DR plan
# description: A disaster recovery plan that names AI-specific attack scenarios.
# custom:
#   provision: ["5.2.1-3"]
#   rule: dr_plan
violations contains v if {
	dr := object.get(infrastructure, "disaster_recovery", {})
	lib.blank(dr, "plan")
	v := {
		"provision": "5.2.1-3",
		"rule": "dr_plan",
		"message": "no disaster recovery plan; add `infrastructure.disaster_recovery.plan:` with the path of the plan",
		"path": ["infrastructure", "disaster_recovery", "plan"],
	}
}

# METADATA
# title: DR AI scenarios
# description: >-
#   A disaster recovery plan names the AI-specific scenarios it covers (a poisoned model, stolen
#   weights).
# custom:
#   provision: ["5.2.1-3"]
#   rule: dr_ai_scenarios
violations contains v if {
	dr := object.get(infrastructure, "disaster_recovery", {})
	not lib.blank(dr, "plan")
	lib.blank(dr, "ai_scenarios")
	v := {
		"provision": "5.2.1-3",
		"rule": "dr_ai_scenarios",
		"message": "the disaster recovery plan names no AI-specific scenarios; list them in `infrastructure.disaster_recovery.ai_scenarios:` (e.g. poisoned model, stolen weights)",
		"path": ["infrastructure", "disaster_recovery", "ai_scenarios"],
	}
}

# METADATA
# title: Rollback known good
# description: A known good state to return to.
# custom:
#   provision: ["5.2.1-3.1"]
#   rule: rollback_known_good
violations contains v if {
	rb := object.get(infrastructure, "rollback", {})
	some key in ["procedure", "known_good_version"]
	lib.blank(rb, key)
	v := {
		"provision": "5.2.1-3.1",
		"rule": "rollback_known_good",
		"message": sprintf("`infrastructure.rollback.%v` is missing; record how to roll back and the last known good version", [key]),
		"path": ["infrastructure", "rollback", key],
	}
}

# METADATA
# title: Dataset classified
# description: Every dataset is classified, and sensitive data is encrypted at rest.
# custom:
#   provision: ["5.2.1-4"]
#   rule: dataset_classified
violations contains v if {
	some i, d in datasets
	lib.blank(d, "classification")
	v := {
		"provision": "5.2.1-4",
		"rule": "dataset_classified",
		"message": sprintf("dataset %v has no classification; add `classification:` (public, internal, confidential or restricted)", [d.name]),
		"path": ["datasets", i, "classification"],
	}
}

# The indexes of the datasets that may hold personal or confidential data, decided once.
sensitive_datasets := {i | some i, d in datasets; lib.sensitive_data(d)}

# METADATA
# title: Sensitive data encrypted
# description: >-
#   Personal or confidential datasets are kept encrypted at rest
#   (`infrastructure.data_protection.encryption_at_rest`).
# custom:
#   provision: ["5.2.1-4"]
#   rule: sensitive_data_encrypted
violations contains v if {
	not lib.enabled(object.get(infrastructure, "data_protection", {}), "encryption_at_rest") # once, not per dataset
	some i, d in datasets
	is_object(d) # object.get on anything else is a built-in error in regorus
	i in sensitive_datasets
	v := {
		"provision": "5.2.1-4",
		"rule": "sensitive_data_encrypted",
		"message": sprintf("dataset %v is personal or confidential (%v) but `infrastructure.data_protection.encryption_at_rest` is not true; encrypt the data store and declare it", [object.get(d, "name", i), lib.sensitive_reason(d)]),
		"path": ["infrastructure", "data_protection", "encryption_at_rest"],
	}
}

# METADATA
# title: Dataset validation
# description: Training data passes validation and sanitisation before use.
# custom:
#   provision: ["5.2.1-4.1"]
#   rule: dataset_validation
violations contains v if {
	some i, d in datasets
	lib.blank(d, "validation")
	v := {
		"provision": "5.2.1-4.1",
		"rule": "dataset_validation",
		"message": sprintf("dataset %v has no validation step; add `validation:` with the path of the script or pipeline that validates and sanitises it", [d.name]),
		"path": ["datasets", i, "validation"],
	}
}

# METADATA
# title: Confidential weights protected
# description: Confidential weights have a declared, protected location.
# custom:
#   provision: ["5.2.1-4.2"]
#   rule: confidential_weights_protected
violations contains v if {
	some i, m in models
	lib.enabled(m, "confidential")
	lib.blank(object.get(infrastructure, "data_protection", {}), "weights_location")
	v := {
		"provision": "5.2.1-4.2",
		"rule": "confidential_weights_protected",
		"message": sprintf("model %v is confidential but `infrastructure.data_protection.weights_location` is not declared; say where the weights are stored and how access is restricted", [m.name]),
		"path": ["models", i, "confidential"],
	}
}
