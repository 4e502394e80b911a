# Principle 3 (clause 5.1.3), positive findings: what the manifest and the repository show is
# in place. A provision passes only on one of these (zero threats earns nothing).
package ai_security.p03_threats

import data.ai_security.lib
import rego.v1

# METADATA
# title: Threat model in place
# description: The threat model document is in the repository, reviewed within the limit, with threats that cover every AI attack class the system is exposed to.
# custom:
#   provision: ["5.1.3-1"]
#   rule: threat_model_met
met contains m if {
	doc := threat_model.document
	lib.file_ok(doc)
	lib.recent(threat_model.last_reviewed)
	count(threats) > 0
	missing := exposed - covered_categories
	count(missing) == 0
	m := {
		"provision": "5.1.3-1",
		"rule": "threat_model_met",
		"what": sprintf("threat model %v reviewed on %v names %v threats", [doc, threat_model.last_reviewed, count(threats)]),
		"path": ["threat_model", "document"],
	}
}

# METADATA
# title: Threat model repeated after changes
# description: The threat model was reviewed (not in the future) on or after every dated change the manifest records.
# custom:
#   provision: ["5.1.3-1.1"]
#   rule: threat_model_current_met
met contains m if {
	reviewed := threat_model.last_reviewed
	lib.happened(reviewed)
	lib.file_ok(threat_model.document)
	reviewed_ns := lib.date_ns(reviewed) # defined: lib.happened(reviewed) holds
	later := [c | some c in dated_changes; c.ns > reviewed_ns]
	count(later) == 0
	m := {
		"provision": "5.1.3-1.1",
		"rule": "threat_model_current_met",
		"what": sprintf("threat model reviewed on %v, after the %v dated changes the manifest records", [reviewed, count(changes)]),
		"path": ["threat_model", "last_reviewed"],
	}
}

# METADATA
# title: Capabilities declared and unused ones managed
# description: The models' available and enabled capabilities are declared, and every unused one is switched off or managed by a threat.
# custom:
#   provision: ["5.1.3-1.2"]
#   rule: capabilities_met
met contains m if {
	available := lib.filled(lib.list_at(capabilities, "available"))
	count(available) > 0
	count(enabled_capabilities) > 0
	unmanaged := [c | some c in available; not c in enabled_capabilities; not c in managed_capabilities]
	count(unmanaged) == 0
	m := {
		"provision": "5.1.3-1.2",
		"rule": "capabilities_met",
		"what": sprintf("%v capabilities available, %v enabled; the others are switched off or managed", [count(available), count(enabled_capabilities)]),
		"path": ["system", "capabilities"],
	}
}

# Threats whose treatment is complete: a treatment and an owner, controls when mitigated, a
# rationale when accepted or transferred. One pass with an `else` chain: three bodies each
# read the owner of every threat again (issue 15).
treated := {i |
	some i, t in threats
	not lib.blank(t, "owner")
	treatment_complete(t)
}

treatment_complete(t) if {
	t.treatment == "mitigate"
	count(lib.filled(lib.list_at(t, "mitigations"))) > 0
} else if {
	t.treatment in {"accept", "transfer"}
	not lib.blank(t, "rationale")
} else if {
	t.treatment == "avoid"
}

# METADATA
# title: Threats treated
# description: The threat model has threats, and each has a treatment, an owner, and controls or a rationale.
# custom:
#   provision: ["5.1.3-1.3"]
#   rule: threats_treated_met
met contains m if {
	count(threats) > 0
	count(treated) == count(threats)
	m := {
		"provision": "5.1.3-1.3",
		"rule": "threats_treated_met",
		"what": sprintf("all %v threats have a treatment, an owner and controls or a rationale", [count(threats)]),
		"path": ["threat_model", "threats"],
	}
}

# METADATA
# title: Residual risks documented
# description: The residual risks document is in the repository.
# custom:
#   provision: ["5.1.3-2"]
#   rule: residual_risks_met
met contains m if {
	lib.file_ok(threat_model.residual_risks)
	m := {
		"provision": "5.1.3-2",
		"rule": "residual_risks_met",
		"what": sprintf("residual risks documented in %v", [threat_model.residual_risks]),
		"path": ["threat_model", "residual_risks"],
	}
}

# METADATA
# title: Residual risks told to end users
# description: An operator tells end users of the residual risks in a published limitations document in the repository.
# custom:
#   provision: ["5.1.3-2"]
#   rule: residual_risks_told_met
met contains m if {
	lib.plays("system_operator")
	limitations := object.get(lib.section("end_users"), "limitations", null)
	lib.file_ok(limitations)
	m := {
		"provision": "5.1.3-2",
		"rule": "residual_risks_told_met",
		"what": sprintf("end users told of the residual risks in %v", [limitations]),
		"path": ["end_users", "limitations"],
	}
}

# METADATA
# title: Cloud provider assurance on record
# description: A cloud provider's assurance evidence is a document in the repository.
# custom:
#   provision: ["5.1.3-3"]
#   rule: provider_assurance_met
met contains m if {
	some i, p in lib.records(lib.list_at(lib.section("infrastructure"), "cloud_providers"))
	lib.file_ok(p.assurance)
	m := {
		"provision": "5.1.3-3",
		"rule": "provider_assurance_met",
		"what": sprintf("cloud provider %v: assurance %v", [object.get(p, "name", i), p.assurance]),
		"path": ["infrastructure", "cloud_providers", i, "assurance"],
	}
}

# METADATA
# title: Infrastructure reviewed against the risk appetite
# description: The risk appetite is a document in the repository and access control was reviewed within the limit.
# custom:
#   provision: ["5.1.3-4"]
#   rule: infrastructure_review_met
met contains m if {
	lib.file_ok(threat_model.risk_appetite)
	lib.recent(access_control.last_reviewed)
	m := {
		"provision": "5.1.3-4",
		"rule": "infrastructure_review_met",
		"what": sprintf("infrastructure reviewed on %v against the risk appetite in %v", [access_control.last_reviewed, threat_model.risk_appetite]),
		"path": ["infrastructure", "access_control", "last_reviewed"],
	}
}
