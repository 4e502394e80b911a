# Principle 3: evaluate the threats and manage the risks to the AI system
# (EN 304 223 clause 5.1.3).
package ai_security.p03_threats

import data.ai_security.lib
import rego.v1

system := lib.section("system")

threat_model := lib.section("threat_model")

threats := lib.records(lib.list_at(threat_model, "threats"))

models := lib.records(lib.entries("models"))

datasets := lib.records(lib.entries("datasets"))

capabilities := lib.object_at(system, "capabilities")

access_control := lib.object_at(lib.section("infrastructure"), "access_control")

enabled_capabilities := {c | some c in lib.list_at(capabilities, "enabled")}

covered_categories := {t.category | some t in threats}

# The AI attack classes this system is exposed to, derived from what the manifest declares,
# with the reason shown in the finding.
exposure_reason := {
	"data_poisoning": "a model is trained or fine-tuned here (models[].source in_house or fine_tuned)",
	"model_inversion": "a model trained here learns from personal or confidential data",
	"membership_inference": "a model trained here learns from personal or confidential data",
	"model_extraction": "external callers can query the model API (infrastructure.api.exposed)",
	"prompt_injection": "the models take natural-language input or act through tools and integrations",
	"supply_chain": "a model comes from an outside supplier (models[].source third_party or fine_tuned)",
}

# The models trained or fine-tuned here, found once for the two exposures that ask.
trained_models := [m | some m in models; lib.trained_here(m)]

# The datasets those models learn from, by name: the exposures to model inversion and
# membership inference ask only about these, so only their sensitivity is judged, not every
# dataset's (a strict reading costs about 10 us a dataset in regorus; at 10,000 models most
# datasets feed no training here).
trained_dataset_names := {name | some m in trained_models; names := m.datasets; is_array(names); some name in names}

sensitive_dataset_names := {d.name | some d in datasets; d.name in trained_dataset_names; lib.sensitive_data(d)}

exposed contains "data_poisoning" if count(trained_models) > 0

exposed contains category if {
	some m in trained_models
	some name in lib.list_at(m, "datasets")
	name in sensitive_dataset_names
	some category in ["model_inversion", "membership_inference"]
}

exposed contains "model_extraction" if lib.enabled(lib.object_at(lib.section("infrastructure"), "api"), "exposed")

exposed contains "prompt_injection" if "text" in enabled_capabilities

exposed contains "prompt_injection" if {
	some c in ["tool_use", "web_browsing", "code_execution"]
	c in enabled_capabilities
}

exposed contains "prompt_injection" if count(lib.list_at(system, "integrations")) > 0

exposed contains "supply_chain" if {
	some m in models
	m.source in {"third_party", "fine_tuned"}
}

# METADATA
# title: Threat model document
# description: A threat model document exists.
# custom:
#   provision: ["5.1.3-1"]
#   rule: threat_model_document
violations contains v if {
	lib.blank(threat_model, "document")
	v := {
		"provision": "5.1.3-1",
		"rule": "threat_model_document",
		"message": "no threat model; add `threat_model.document:` with the path of the AI threat model of the system",
		"path": ["threat_model", "document"],
	}
}

# METADATA
# title: Threat model reviewed
# description: The threat model has a review date no older than 365 days.
# custom:
#   provision: ["5.1.3-1"]
#   rule: threat_model_reviewed
violations contains v if {
	not lib.date_ns(object.get(threat_model, "last_reviewed", null))
	v := {
		"provision": "5.1.3-1",
		"rule": "threat_model_reviewed",
		"message": "the threat model has no review date; add `threat_model.last_reviewed:` with the date of the last review",
		"path": ["threat_model", "last_reviewed"],
	}
}

# METADATA
# title: Threat model reviewed
# description: The threat model has a review date no older than 365 days.
# custom:
#   provision: ["5.1.3-1"]
#   rule: threat_model_reviewed
violations contains v if {
	lib.stale(threat_model.last_reviewed)
	v := {
		"provision": "5.1.3-1",
		"rule": "threat_model_reviewed",
		"message": sprintf("the threat model was last reviewed on %v, more than %v days ago; review it and update `threat_model.last_reviewed:`", [threat_model.last_reviewed, lib.review_max_age_days]),
		"path": ["threat_model", "last_reviewed"],
	}
}

# METADATA
# title: AI threat coverage
# description: >-
#   The threat model has a threat of each AI attack class the manifest shows the system is exposed
#   to: data poisoning when a model is trained here, model inversion and membership inference when
#   that training uses personal or confidential data, model extraction when the API is exposed,
#   prompt injection for text input, tools or integrations, supply chain for external models.
# custom:
#   provision: ["5.1.3-1"]
#   rule: ai_threat_coverage
violations contains v if {
	some category in exposed
	not category in covered_categories
	v := {
		"provision": "5.1.3-1",
		"rule": "ai_threat_coverage",
		"message": sprintf("the threat model has no %v threat although %v; add an entry to `threat_model.threats` with `category: %v`, how the attack would work here, its mitigations, treatment and owner", [category, exposure_reason[category], category]),
		"path": ["threat_model", "threats"],
	}
}

# The changes the manifest records with a date: a revised design, a model version evaluated
# for release, a pre-deployment test. `dated_changes` lists each with its date parsed once
# (the rules below compare every change's date; parsing costs about 10 us in regorus), and
# may repeat an entry; `changes` is the set of distinct ones (what the met record counts).
dated_changes := array.concat(model_changes, [c | some c in other_changes])

model_changes := [{"what": sprintf("model %v was evaluated for release", [object.get(m, "name", i)]), "date": d, "ns": ns} |
	some i, m in models
	d := m.evaluation.date # undefined, as a non-date, when evaluation is no object
	ns := evaluation_date_ns[d]
]

# Each distinct evaluation date parsed once: models evaluated together share a date.
evaluation_date_ns := {d: ns |
	some d in {x | some m in models; x := m.evaluation.date}
	ns := lib.date_ns(d)
}

other_changes contains {"what": "the design assessment was revised", "date": d, "ns": ns} if {
	d := object.get(lib.object_at(system, "design_assessment"), "date", null)
	ns := lib.date_ns(d)
}

other_changes contains {"what": "the pre-deployment test ran", "date": d, "ns": ns} if {
	d := object.get(lib.object_at(lib.section("testing"), "pre_deployment"), "date", null)
	ns := lib.date_ns(d)
}

changes := {{"what": c.what, "date": c.date} | some c in dated_changes}

# METADATA
# title: Threat model current
# description: >-
#   The threat model was reviewed on or after the latest change the manifest records (the design
#   assessment revised, a model evaluated for release, the pre-deployment test).
# custom:
#   provision: ["5.1.3-1.1"]
#   rule: threat_model_current
violations contains v if {
	reviewed := lib.date_ns(object.get(threat_model, "last_reviewed", null))
	some change in dated_changes
	change.ns > reviewed
	v := {
		"provision": "5.1.3-1.1",
		"rule": "threat_model_current",
		"message": sprintf("the threat model was last reviewed on %v, before %v on %v; repeat the threat modelling for that change and update `threat_model.last_reviewed:`", [threat_model.last_reviewed, change.what, change.date]),
		"path": ["threat_model", "last_reviewed"],
	}
}

# METADATA
# title: Threat model current
# description: >-
#   The threat model was reviewed on or after the latest change the manifest records (the design
#   assessment revised, a model evaluated for release, the pre-deployment test).
# custom:
#   provision: ["5.1.3-1.1"]
#   rule: threat_model_current
violations contains v if {
	not lib.date_ns(object.get(threat_model, "last_reviewed", null))
	some change in dated_changes
	v := {
		"provision": "5.1.3-1.1",
		"rule": "threat_model_current",
		"message": sprintf("the threat model has no review date, so nothing shows it was repeated after %v on %v; review it for that change and record the date in `threat_model.last_reviewed:`", [change.what, change.date]),
		"path": ["threat_model", "last_reviewed"],
	}
}

# METADATA
# title: Capabilities declared
# description: The capabilities the models offer are declared next to those the system enables.
# custom:
#   provision: ["5.1.3-1.2"]
#   rule: capabilities_declared
violations contains v if {
	count(models) > 0
	lib.blank(system, "capabilities")
	v := {
		"provision": "5.1.3-1.2",
		"rule": "capabilities_declared",
		"message": "the model capabilities are not declared; add `system.capabilities:` with `available:` (everything the models can do) and `enabled:` (what the system uses)",
		"path": ["system", "capabilities"],
	}
}

# Capabilities switched off, or whose risk a threat entry manages.
managed_capabilities := {c | some c in lib.list_at(capabilities, "disabled")} | {c |
	some t in threats
	named := t.capabilities # by reference: no call per threat; absent adds nothing either way
	is_array(named)
	some c in named
}

# METADATA
# title: Unused capability managed
# description: >-
#   Every capability available but not enabled is switched off (`disabled`) or named by a threat
#   that manages its risk.
# custom:
#   provision: ["5.1.3-1.2"]
#   rule: unused_capability_managed
violations contains v if {
	some k, c in lib.list_at(capabilities, "available")
	not c in enabled_capabilities
	not c in managed_capabilities
	v := {
		"provision": "5.1.3-1.2",
		"rule": "unused_capability_managed",
		"message": sprintf("capability %v is available but not used, and nothing manages its risk; switch it off and list it in `system.capabilities.disabled`, or name it in the `capabilities:` of a threat in `threat_model.threats`", [c]),
		"path": ["system", "capabilities", "available", k],
	}
}

# METADATA
# title: Threat treated
# description: Every threat has a treatment and an owner.
# custom:
#   provision: ["5.1.3-1.3"]
#   rule: threat_treated
violations contains v if {
	some i, t in threats
	some key in ["treatment", "owner"]
	lib.blank(t, key)
	v := {
		"provision": "5.1.3-1.3",
		"rule": "threat_treated",
		"message": sprintf("threat %v has no `%v:`; decide how the risk is treated (mitigate, accept, transfer or avoid) and who owns it", [object.get(t, "id", i), key]),
		"path": ["threat_model", "threats", i, key],
	}
}

# METADATA
# title: Threat mitigations
# description: Every threat to be mitigated names its controls.
# custom:
#   provision: ["5.1.3-1.3"]
#   rule: threat_mitigations
violations contains v if {
	some i, t in threats
	object.get(t, "treatment", "") == "mitigate"
	lib.blank(t, "mitigations")
	v := {
		"provision": "5.1.3-1.3",
		"rule": "threat_mitigations",
		"message": sprintf("threat %v is to be mitigated but names no controls; list them in `mitigations:`", [object.get(t, "id", i)]),
		"path": ["threat_model", "threats", i, "mitigations"],
	}
}

# METADATA
# title: Accepted risk rationale
# description: Every accepted or transferred threat says why that fits the risk tolerance.
# custom:
#   provision: ["5.1.3-1.3"]
#   rule: accepted_risk_rationale
violations contains v if {
	some i, t in threats
	object.get(t, "treatment", "") in {"accept", "transfer"}
	lib.blank(t, "rationale")
	v := {
		"provision": "5.1.3-1.3",
		"rule": "accepted_risk_rationale",
		"message": sprintf("threat %v is treated by %v without a rationale; add `rationale:` explaining why that fits the organisation's risk tolerance", [object.get(t, "id", i), t.treatment]),
		"path": ["threat_model", "threats", i, "rationale"],
	}
}

# METADATA
# title: Residual risks documented
# description: The threats that cannot be fixed are documented for operators (`residual_risks`).
# custom:
#   provision: ["5.1.3-2"]
#   rule: residual_risks_documented
violations contains v if {
	lib.blank(threat_model, "residual_risks")
	v := {
		"provision": "5.1.3-2",
		"rule": "residual_risks_documented",
		"message": "the residual risks are not documented; add `threat_model.residual_risks:` with the document listing unresolved threats, their impact and recommended actions",
		"path": ["threat_model", "residual_risks"],
	}
}

# METADATA
# title: Residual risks told to users
# description: An operator publishes the residual risks to end users (`end_users.limitations`).
# custom:
#   provision: ["5.1.3-2"]
#   rule: residual_risks_told_to_users
violations contains v if {
	lib.plays("system_operator")
	lib.blank(lib.section("end_users"), "limitations")
	v := {
		"provision": "5.1.3-2",
		"rule": "residual_risks_told_to_users",
		"message": "end users are not told about the residual risks; add `end_users.limitations:` with the published page of limitations, their impact and recommended actions",
		"path": ["end_users", "limitations"],
	}
}

# METADATA
# title: Provider assurance
# description: >-
#   Every cloud provider has assurance evidence that it can handle the AI security risks it is
#   responsible for; obtaining that assurance is attested.
# custom:
#   provision: ["5.1.3-3"]
#   rule: provider_assurance
violations contains v if {
	some i, p in lib.records(lib.list_at(lib.section("infrastructure"), "cloud_providers"))
	lib.blank(p, "assurance")
	v := {
		"provision": "5.1.3-3",
		"rule": "provider_assurance",
		"message": sprintf("cloud provider %v has no assurance evidence; add `assurance:` with its certification, audit report or the contract clause that covers the AI security risks it handles", [object.get(p, "name", i)]),
		"path": ["infrastructure", "cloud_providers", i, "assurance"],
	}
}

# METADATA
# title: Risk appetite declared
# description: The risk appetite that infrastructure reviews are weighed against is stated.
# custom:
#   provision: ["5.1.3-4"]
#   rule: risk_appetite_declared
violations contains v if {
	lib.blank(threat_model, "risk_appetite")
	v := {
		"provision": "5.1.3-4",
		"rule": "risk_appetite_declared",
		"message": "no risk appetite statement; add `threat_model.risk_appetite:` with the document that states the organisation's risk tolerance",
		"path": ["threat_model", "risk_appetite"],
	}
}

# METADATA
# title: Infrastructure reviewed
# description: The infrastructure's access control was reviewed within the last 365 days.
# custom:
#   provision: ["5.1.3-4"]
#   rule: infrastructure_reviewed
violations contains v if {
	not lib.date_ns(object.get(access_control, "last_reviewed", null))
	v := {
		"provision": "5.1.3-4",
		"rule": "infrastructure_reviewed",
		"message": "no infrastructure review date; add `infrastructure.access_control.last_reviewed:` with the date access to the models, data and pipelines was last reviewed",
		"path": ["infrastructure", "access_control", "last_reviewed"],
	}
}

# METADATA
# title: Infrastructure reviewed
# description: The infrastructure's access control was reviewed within the last 365 days.
# custom:
#   provision: ["5.1.3-4"]
#   rule: infrastructure_reviewed
violations contains v if {
	lib.stale(access_control.last_reviewed)
	v := {
		"provision": "5.1.3-4",
		"rule": "infrastructure_reviewed",
		"message": sprintf("the infrastructure was last reviewed on %v, more than %v days ago; review it against the risk appetite and update `infrastructure.access_control.last_reviewed:`", [access_control.last_reviewed, lib.review_max_age_days]),
		"path": ["infrastructure", "access_control", "last_reviewed"],
	}
}
