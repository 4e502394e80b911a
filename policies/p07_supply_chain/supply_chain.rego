# Principle 7: secure the supply chain (EN 304 223 clause 5.2.3).
package ai_security.p07_supply_chain

import data.ai_security.lib
import rego.v1

models := lib.entries("models")

supply_chain := lib.section("supply_chain")

# METADATA
# title: Supply chain controls
# description: Secure supply-chain practice shows as an AI-BOM, locked dependencies and scanning.
# custom:
#   provision: ["5.2.3-1"]
#   rule: supply_chain_controls
violations contains v if {
	some key in ["sbom", "lockfiles", "scanning"]
	lib.blank(supply_chain, key)
	v := {
		"provision": "5.2.3-1",
		"rule": "supply_chain_controls",
		"message": sprintf("`supply_chain.%v` is missing; declare the AI-BOM (sbom), the hashed lockfiles and the scanners (e.g. pip-audit, modelscan) the project runs", [key]),
		"path": ["supply_chain", key],
	}
}

# A remote reference is pinned when it names an immutable revision or a content digest: an
# allow-list (a 40/64-hex commit id, a sha256: digest); `main`, `refs/heads/main`, `v1`,
# `HEAD~0` or `TODO-commit-id` can move or are placeholders (docs/security.md).
# An `else` chain: the first way that holds ends the call (evaluated for every model).
# Fields read by reference (cheaper than object.get in regorus): an absent one fails its
# branch as the default did.
pinned(ref) if {
	revision := ref.revision
	is_string(revision)
	lib.hex_id(lower(revision))
} else if {
	digest := ref.sha256
	is_string(digest)
	regex.match(`^[0-9a-f]{64}$`, lower(digest))
} else if {
	uri := ref.uri
	is_string(uri)
	regex.match(`(@sha256:[a-f0-9]{64}|/(commit|resolve|blob|tree)/[a-f0-9]{40})`, uri)
}

# METADATA
# title: Remote model pinned
# description: >-
#   A model fetched from a remote location names an immutable revision or a content digest.
# custom:
#   provision: ["5.2.3-1"]
#   rule: remote_model_pinned
violations contains v if {
	some i, m in models
	not lib.blank(m, "uri")
	not i in hosted_models # hosted_model_pinned (hosted.rego) judges those
	not pinned(m)
	v := {
		"provision": "5.2.3-1",
		"rule": "remote_model_pinned",
		"message": sprintf("model %v is fetched from %v without a pinned revision; add `revision:` (a commit id) or a `@sha256:` digest so every build gets the same weights", [m.name, m.uri]),
		"path": ["models", i, "revision"],
	}
}

# METADATA
# title: Base model pinned
# description: >-
#   The base model of a fine-tuned model is pinned to an immutable revision or a content digest.
# custom:
#   provision: ["5.2.3-1"]
#   rule: base_model_pinned
violations contains v if {
	some i, m in models
	base := object.get(m, "base_model", {})
	not lib.blank(base, "uri")
	not pinned(base)
	v := {
		"provision": "5.2.3-1",
		"rule": "base_model_pinned",
		"message": sprintf("the base model of %v (%v) has no pinned revision; add `base_model.revision:`", [m.name, base.uri]),
		"path": ["models", i, "base_model", "revision"],
	}
}

poorly_documented(m) if object.get(m, "documentation", "") == "poor"

# The indexes of the poorly documented models and of the external ones, each decided once:
# several rules ask about every model, and the answer is usually no (issue 15).
poorly_documented_models := [i | some i, m in models; poorly_documented(m)]

justification(m) := object.get(m, "justification", {})

# METADATA
# title: Poor component justified
# description: Using a poorly documented or unsecured component needs a written justification.
# custom:
#   provision: ["5.2.3-2"]
#   rule: poor_component_justified
violations contains v if {
	some i in poorly_documented_models
	m := models[i]
	lib.blank(justification(m), "document")
	v := {
		"provision": "5.2.3-2",
		"rule": "poor_component_justified",
		"message": sprintf("model %v is marked `documentation: poor` but has no `justification.document`; write down why it is used", [m.name]),
		"path": ["models", i, "justification"],
	}
}

# METADATA
# title: Poor component controls
# description: With compensating controls and a risk assessment.
# custom:
#   provision: ["5.2.3-2.1"]
#   rule: poor_component_controls
violations contains v if {
	some i in poorly_documented_models
	m := models[i]
	some key in ["risk_assessment", "compensating_controls"]
	lib.blank(justification(m), key)
	v := {
		"provision": "5.2.3-2.1",
		"rule": "poor_component_controls",
		"message": sprintf("model %v is poorly documented; add `justification.%v:` (its risk assessment and the compensating controls in place)", [m.name, key]),
		"path": ["models", i, "justification", key],
	}
}

# METADATA
# title: Poor component disclosed
# description: Disclosed to end users.
# custom:
#   provision: ["5.2.3-2.2"]
#   rule: poor_component_disclosed
violations contains v if {
	some i in poorly_documented_models
	m := models[i]
	lib.blank(justification(m), "user_disclosure")
	v := {
		"provision": "5.2.3-2.2",
		"rule": "poor_component_disclosed",
		"message": sprintf("model %v is poorly documented; add `justification.user_disclosure:` pointing at the page that tells end users why it is used", [m.name]),
		"path": ["models", i, "justification", "user_disclosure"],
	}
}

# 5.2.3-3: models from outside are evaluated again, for the version actually used.
external(m) if object.get(m, "source", "") in {"third_party", "fine_tuned"}

external_models := [i | some i, m in models; external(m)]

# METADATA
# title: External model evaluated
# description: Models from outside (third party, fine-tuned) have an evaluation report.
# custom:
#   provision: ["5.2.3-3"]
#   rule: external_model_evaluated
violations contains v if {
	some i in external_models
	m := models[i]
	lib.blank(object.get(m, "evaluation", {}), "report")
	v := {
		"provision": "5.2.3-3",
		"rule": "external_model_evaluated",
		"message": sprintf("model %v comes from outside (%v) but has no `evaluation.report`; evaluate the version you use and link the report", [m.name, m.source]),
		"path": ["models", i, "evaluation"],
	}
}

# METADATA
# title: Evaluation matches version
# description: A model's evaluation is for the version the manifest declares.
# custom:
#   provision: ["5.2.3-3"]
#   rule: evaluation_matches_version
violations contains v if {
	some i, m in models
	evaluated := object.get(object.get(m, "evaluation", {}), "model_version", "")
	evaluated != ""
	evaluated != object.get(m, "version", "")
	v := {
		"provision": "5.2.3-3",
		"rule": "evaluation_matches_version",
		"message": sprintf("model %v is version %v but its evaluation is for version %v; evaluate the version you deploy", [m.name, object.get(m, "version", "(none)"), evaluated]),
		"path": ["models", i, "evaluation", "model_version"],
	}
}

# METADATA
# title: Model update notice
# description: End users hear about model updates in advance.
# custom:
#   provision: ["5.2.3-4"]
#   rule: model_update_notice
violations contains v if {
	count(models) > 0
	notice := object.get(lib.section("end_users"), "model_update_notice_days", 0)
	not notice > 0
	v := {
		"provision": "5.2.3-4",
		"rule": "model_update_notice",
		"message": "no advance notice of model updates; set `end_users.model_update_notice_days:` to how many days ahead users are told",
		"path": ["end_users", "model_update_notice_days"],
	}
}
