# Principle 2: design the AI system for security as well as functionality and performance
# (EN 304 223 clause 5.1.2).
package ai_security.p02_design

import data.ai_security.lib
import rego.v1

system := lib.section("system")

assessment := lib.object_at(system, "design_assessment")

models := lib.records(lib.entries("models"))

datasets := lib.records(lib.entries("datasets"))

supply_chain := lib.section("supply_chain")

suppliers := lib.records(lib.list_at(supply_chain, "suppliers"))

supplier_names := {s.name | some s in suppliers}

integrations := lib.records(lib.list_at(system, "integrations"))

# METADATA
# title: Business need described
# description: The business need the system meets is written down (`system.description`).
# custom:
#   provision: ["5.1.2-1"]
#   rule: business_need_described
violations contains v if {
	lib.blank(system, "description")
	v := {
		"provision": "5.1.2-1",
		"rule": "business_need_described",
		"message": "the business need is not described; add `system.description:` with what the system does, for whom, and why AI is used",
		"path": ["system", "description"],
	}
}

# METADATA
# title: Design assessment documented
# description: A design assessment of the AI security risks and planned mitigations exists.
# custom:
#   provision: ["5.1.2-1"]
#   rule: design_assessment_documented
violations contains v if {
	lib.blank(assessment, "document")
	v := {
		"provision": "5.1.2-1",
		"rule": "design_assessment_documented",
		"message": "no design and security assessment; add `system.design_assessment.document:` with the path of the assessment of the business need, AI security risks and planned mitigations",
		"path": ["system", "design_assessment", "document"],
	}
}

# METADATA
# title: Design assessment signed off
# description: The design assessment is dated and names its approver.
# custom:
#   provision: ["5.1.2-1"]
#   rule: design_assessment_signed_off
violations contains v if {
	not lib.blank(assessment, "document")
	some key in ["date", "approver"]
	lib.blank(assessment, key)
	v := {
		"provision": "5.1.2-1",
		"rule": "design_assessment_signed_off",
		"message": sprintf("the design assessment has no `%v`; add `system.design_assessment.%v:` (when it was completed and who approved it)", [key, key]),
		"path": ["system", "design_assessment", key],
	}
}

# METADATA
# title: Custodian in design
# description: >-
#   Where this organisation is also the data custodian, the custodian took part in the design
#   assessment.
# custom:
#   provision: ["5.1.2-1.1"]
#   rule: custodian_in_design
violations contains v if {
	lib.plays("data_custodian")
	not "data_custodian" in lib.list_at(assessment, "participants")
	v := {
		"provision": "5.1.2-1.1",
		"rule": "custodian_in_design",
		"message": "this organisation is the data custodian but the design assessment does not list it as a participant; add data_custodian to `system.design_assessment.participants`",
		"path": ["system", "design_assessment", "participants"],
	}
}

# METADATA
# title: Adversarial tested
# description: >-
#   Robustness against adversarial attacks is tested (a security test of kind adversarial).
# custom:
#   provision: ["5.1.2-2"]
#   rule: adversarial_tested
violations contains v if {
	kinds := {t.kind | some t in lib.records(lib.list_at(lib.section("testing"), "security_tests"))}
	not "adversarial" in kinds
	v := {
		"provision": "5.1.2-2",
		"rule": "adversarial_tested",
		"message": "no adversarial robustness test; add an entry with `kind: adversarial` and its report under `testing.security_tests`",
		"path": ["testing", "security_tests"],
	}
}

# METADATA
# title: Failure behaviour declared
# description: The behaviour on model failure or unexpected input is designed and stated.
# custom:
#   provision: ["5.1.2-2"]
#   rule: failure_behaviour_declared
violations contains v if {
	lib.blank(system, "failure_behaviour")
	v := {
		"provision": "5.1.2-2",
		"rule": "failure_behaviour_declared",
		"message": "no designed failure behaviour; add `system.failure_behaviour:` saying what the system does when the model fails, times out or rejects an input (e.g. fall back to search, hand over to a person)",
		"path": ["system", "failure_behaviour"],
	}
}

# METADATA
# title: Model source declared
# description: Every model says where it comes from (in_house, fine_tuned or third_party).
# custom:
#   provision: ["5.1.2-3"]
#   rule: model_source_declared
violations contains v if {
	some i, m in models
	lib.blank(m, "source")
	v := {
		"provision": "5.1.2-3",
		"rule": "model_source_declared",
		"message": sprintf("model %v does not say where it comes from; add `source:` (in_house, fine_tuned or third_party)", [object.get(m, "name", i)]),
		"path": ["models", i, "source"],
	}
}

# METADATA
# title: Model training data named
# description: Every model trained or fine-tuned here names the datasets it was trained on.
# custom:
#   provision: ["5.1.2-3"]
#   rule: model_training_data_named
violations contains v if {
	some i, m in models
	lib.trained_here(m)
	lib.blank(m, "datasets")
	v := {
		"provision": "5.1.2-3",
		"rule": "model_training_data_named",
		"message": sprintf("model %v is %v here but names no training data; add `datasets:` with the names of the datasets (declared under `datasets:`) it was trained on", [object.get(m, "name", i), m.source]),
		"path": ["models", i, "datasets"],
	}
}

# The supplier an external model comes from, and the manifest field that names it. `else`
# chains here and in the helpers of p07 and p08: regorus evaluates every body of a function
# on each call, and these run for every model (issue 15).
external_supplier(m) := object.get(m, "supplier", "") if {
	m.source == "third_party"
} else := object.get(lib.object_at(m, "base_model"), "supplier", "") if {
	m.source == "fine_tuned"
}

supplier_field(m) := ["supplier"] if {
	m.source == "third_party"
} else := ["base_model", "supplier"] if {
	m.source == "fine_tuned"
}

# METADATA
# title: External model supplier registered
# description: >-
#   Every external model (third_party, or fine_tuned from a base model) names a supplier that is in
#   the supplier register.
# custom:
#   provision: ["5.1.2-4"]
#   rule: external_model_supplier_registered
violations contains v if {
	some i, m in models
	name := external_supplier(m)
	not lib.has_value(name)
	field := concat(".", supplier_field(m))
	v := {
		"provision": "5.1.2-4",
		"rule": "external_model_supplier_registered",
		"message": sprintf("model %v comes from outside (%v) but names no supplier; add `%v:` and list that supplier in `supply_chain.suppliers` with its due diligence", [object.get(m, "name", i), m.source, field]),
		"path": array.concat(["models", i], supplier_field(m)),
	}
}

# METADATA
# title: External model supplier registered
# description: >-
#   Every external model (third_party, or fine_tuned from a base model) names a supplier that is in
#   the supplier register.
# custom:
#   provision: ["5.1.2-4"]
#   rule: external_model_supplier_registered
violations contains v if {
	some i, m in models
	name := external_supplier(m)
	lib.has_value(name)
	not name in supplier_names
	v := {
		"provision": "5.1.2-4",
		"rule": "external_model_supplier_registered",
		"message": sprintf("model %v comes from outside (%v) but its supplier %v is not in `supply_chain.suppliers`; add the supplier there with its AI security due diligence", [object.get(m, "name", i), m.source, name]),
		"path": array.concat(["models", i], supplier_field(m)),
	}
}

# METADATA
# title: Supplier risk assessed
# description: Every supplier in the register has an AI security risk assessment (`due_diligence`).
# custom:
#   provision: ["5.1.2-4"]
#   rule: supplier_risk_assessed
violations contains v if {
	some i, s in suppliers
	lib.blank(s, "due_diligence")
	v := {
		"provision": "5.1.2-4",
		"rule": "supplier_risk_assessed",
		"message": sprintf("supplier %v has no AI security risk assessment; add `due_diligence:` with the path or URL of the assessment", [object.get(s, "name", i)]),
		"path": ["supply_chain", "suppliers", i, "due_diligence"],
	}
}

# METADATA
# title: Dataset custodian
# description: Every dataset has a custodian who answers for its sensitivity.
# custom:
#   provision: ["5.1.2-5"]
#   rule: dataset_custodian
violations contains v if {
	some i, d in datasets
	lib.blank(d, "custodian")
	v := {
		"provision": "5.1.2-5",
		"rule": "dataset_custodian",
		"message": sprintf("dataset %v has no custodian; add `custodian:` with the person who answers for its sensitivity and permitted uses", [object.get(d, "name", i)]),
		"path": ["datasets", i, "custodian"],
	}
}

# METADATA
# title: Dataset approved uses
# description: Every dataset lists the uses its custodian approved for its sensitivity.
# custom:
#   provision: ["5.1.2-5"]
#   rule: dataset_approved_uses
violations contains v if {
	some i, d in datasets
	lib.blank(d, "approved_uses")
	v := {
		"provision": "5.1.2-5",
		"rule": "dataset_approved_uses",
		"message": sprintf("dataset %v has no approved uses; add `approved_uses:` with the uses its custodian confirmed suit its sensitivity (e.g. fine-tuning, evaluation)", [object.get(d, "name", i)]),
		"path": ["datasets", i, "approved_uses"],
	}
}

# METADATA
# title: Datasets are used as their custodian approved
# description: >-
#   A model trained or fine-tuned here uses each of its datasets only if the dataset's
#   approved uses allow training (data approved only for evaluation is not fine-tuning data).
# custom:
#   provision: ["5.1.2-5"]
#   rule: dataset_use_approved
violations contains v if {
	some i, m in models
	lib.trained_here(m)
	some j, name in lib.list_at(m, "datasets")
	some uses in unapproved_uses(name)
	v := {
		"provision": "5.1.2-5",
		"rule": "dataset_use_approved",
		"message": sprintf("model %v is %v here on dataset %v, whose custodian approved it only for %v; get the custodian's approval for training (add it to the dataset's `approved_uses`) or stop training on it", [object.get(m, "name", i), object.get(m, "source", ""), name, concat(", ", [sprintf("%v", [u]) | some u in uses])]),
		"path": ["models", i, "datasets", j],
	}
}

# Joined by name, not a scan of every dataset for each dataset a model names: that was
# quadratic (1,000 fine-tuned models: 1.8 s for this package, 12x the time at 250).
# The names the models trained here learn from ...
trained_dataset_names := {name | some m in models; lib.trained_here(m); names := m.datasets; is_array(names); some name in names}

# ... the approved uses of each such dataset whose custodian approved no training use ...
unapproved_training := [[d.name, uses] |
	some d in datasets
	d.name in trained_dataset_names
	uses := lib.list_at(d, "approved_uses")
	count(uses) > 0
	count([u | some u in uses; lib.training_use(u)]) == 0
]

# ... grouped by name (two datasets may share one) ...
unapproved_groups := lib.key_groups(unapproved_training)

# ... and the uses of every unapproved dataset a trained model names: a lookup.
unapproved_uses(name) := lib.grouped(unapproved_groups, name)

# METADATA
# title: Concerns channel
# description: >-
#   Staff have a declared channel to raise AI security concerns; the speak-up culture around it is
#   attested.
# custom:
#   provision: ["5.1.2-5.1"]
#   rule: concerns_channel
violations contains v if {
	lib.blank(system, "concerns_channel")
	v := {
		"provision": "5.1.2-5.1",
		"rule": "concerns_channel",
		"message": "no channel for staff to raise AI security concerns; add `system.concerns_channel:` (e.g. SECURITY.md or an intranet page)",
		"path": ["system", "concerns_channel"],
	}
}

# METADATA
# title: Integrations declared
# description: >-
#   A system whose models can act (tool use, web browsing, code execution) declares the systems and
#   tools it reaches, so their permissions can be limited and assessed.
# custom:
#   provision: ["5.1.2-6"]
#   rule: integrations_declared
violations contains v if {
	acting := {c | some c in lib.list_at(lib.object_at(system, "capabilities"), "enabled")} & {"tool_use", "web_browsing", "code_execution"}
	count(acting) > 0
	count(integrations) == 0
	v := {
		"provision": "5.1.2-6",
		"rule": "integrations_declared",
		"message": sprintf("the system enables %v but declares no integrations; list under `system.integrations` each tool, API or data source it can reach, with its permissions and risk note", [concat(", ", sort(acting))]),
		"path": ["system", "integrations"],
	}
}

# METADATA
# title: Integration permissions
# description: Every integration declares the permissions the system holds there.
# custom:
#   provision: ["5.1.2-6"]
#   rule: integration_permissions
violations contains v if {
	some i, g in integrations
	lib.blank(g, "permissions")
	v := {
		"provision": "5.1.2-6",
		"rule": "integration_permissions",
		"message": sprintf("integration %v does not declare its permissions; add `permissions:` with the scopes the system holds there (e.g. orders:read)", [object.get(g, "name", i)]),
		"path": ["system", "integrations", i, "permissions"],
	}
}

# METADATA
# title: Integration least privilege
# description: No integration permission is a wildcard or an admin, root, full or all grant.
# custom:
#   provision: ["5.1.2-6"]
#   rule: integration_least_privilege
violations contains v if {
	some i, g in integrations
	some j, p in lib.list_at(g, "permissions")
	is_string(p)
	regex.match(`(\*|(^|[^a-z])(admin|all|root|full)([^a-z]|$))`, lower(p))
	v := {
		"provision": "5.1.2-6",
		"rule": "integration_least_privilege",
		"message": sprintf("integration %v holds the broad permission %v; replace it with the narrow scopes the system needs", [object.get(g, "name", i), p]),
		"path": ["system", "integrations", i, "permissions", j],
	}
}

# METADATA
# title: Integration risk assessed
# description: The permissions of every integration are risk assessed (`risk_note`).
# custom:
#   provision: ["5.1.2-6"]
#   rule: integration_risk_assessed
violations contains v if {
	some i, g in integrations
	lib.blank(g, "risk_note")
	v := {
		"provision": "5.1.2-6",
		"rule": "integration_risk_assessed",
		"message": sprintf("integration %v has no risk assessment of its permissions; add `risk_note:` with the document that assesses them", [object.get(g, "name", i)]),
		"path": ["system", "integrations", i, "risk_note"],
	}
}

# METADATA
# title: Supplier reviewed
# description: Due diligence on every supplier is dated and no older than 365 days.
# custom:
#   provision: ["5.1.2-7"]
#   rule: supplier_reviewed
violations contains v if {
	some i, s in suppliers
	not lib.date_ns(object.get(s, "reviewed", null))
	v := {
		"provision": "5.1.2-7",
		"rule": "supplier_reviewed",
		"message": sprintf("supplier %v has no due diligence date; add `reviewed:` with the date of the last review", [object.get(s, "name", i)]),
		"path": ["supply_chain", "suppliers", i, "reviewed"],
	}
}

# METADATA
# title: Supplier reviewed
# description: Due diligence on every supplier is dated and no older than 365 days.
# custom:
#   provision: ["5.1.2-7"]
#   rule: supplier_reviewed
violations contains v if {
	some i, s in suppliers
	lib.stale(s.reviewed)
	v := {
		"provision": "5.1.2-7",
		"rule": "supplier_reviewed",
		"message": sprintf("due diligence on supplier %v dates from %v, more than %v days ago; review the supplier again and update `reviewed:`", [object.get(s, "name", i), s.reviewed, lib.review_max_age_days]),
		"path": ["supply_chain", "suppliers", i, "reviewed"],
	}
}

# METADATA
# title: Supplier conformance recorded
# description: Every supplier records whether it follows EN 304 223 (claimed, verified or unknown).
# custom:
#   provision: ["5.1.2-7"]
#   rule: supplier_conformance_recorded
violations contains v if {
	some i, s in suppliers
	lib.blank(s, "en_304_223")
	v := {
		"provision": "5.1.2-7",
		"rule": "supplier_conformance_recorded",
		"message": sprintf("supplier %v: record whether it follows EN 304 223 (or the UK AI Code of Practice) in `en_304_223:` (claimed, verified or unknown)", [object.get(s, "name", i)]),
		"path": ["supply_chain", "suppliers", i, "en_304_223"],
	}
}
