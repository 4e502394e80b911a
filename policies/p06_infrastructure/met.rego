# Principle 6 (clause 5.2.2), positive findings: what the manifest and the repository show is
# in place. A provision passes only on one of these (an empty section earns nothing).
package ai_security.p06_infrastructure

import data.ai_security.lib
import rego.v1

# METADATA
# title: Access control defined and reviewed
# description: The access-control policy is in the repository and was reviewed within the limit.
# custom:
#   provision: ["5.2.2-1"]
#   rule: access_control_met
met contains m if {
	lib.path_ok(access_control.policy)
	lib.recent(access_control.last_reviewed)
	m := {
		"provision": "5.2.2-1",
		"rule": "access_control_met",
		"what": sprintf("access-control policy %v reviewed on %v", [access_control.policy, access_control.last_reviewed]),
		"path": ["infrastructure", "access_control"],
	}
}

# METADATA
# title: Model API protected
# description: The API is declared not exposed, or exposed with authentication and a rate limit.
# custom:
#   provision: ["5.2.2-2"]
#   rule: api_protected_met
met contains m if {
	api.exposed == false
	m := {
		"provision": "5.2.2-2",
		"rule": "api_protected_met",
		"what": "the model API is declared not reachable by outside callers",
		"path": ["infrastructure", "api", "exposed"],
	}
}

# METADATA
# title: Model API protected
# description: The API is declared not exposed, or exposed with authentication and a rate limit.
# custom:
#   provision: ["5.2.2-2"]
#   rule: api_protected_met
met contains m if {
	api.exposed == true
	not lib.blank(api, "authentication")
	not lib.blank(api, "rate_limit")
	api.authentication != "none"
	m := {
		"provision": "5.2.2-2",
		"rule": "api_protected_met",
		"what": sprintf("exposed API authenticates callers (%v) and limits their rate (%v)", [api.authentication, api.rate_limit]),
		"path": ["infrastructure", "api"],
	}
}

# METADATA
# title: Environments separated
# description: At least two environments are declared and every one is separated.
# custom:
#   provision: ["5.2.2-3"]
#   rule: environments_separated_met
met contains m if {
	count(environments) >= 2
	unseparated := [e | some e in environments; not lib.enabled(e, "separated")]
	count(unseparated) == 0
	m := {
		"provision": "5.2.2-3",
		"rule": "environments_separated_met",
		"what": sprintf("%v environments declared, each separated: %v", [count(environments), concat(", ", [sprintf("%v", [object.get(e, "name", "?")]) | some e in environments])]),
		"path": ["infrastructure", "environments"],
	}
}

# METADATA
# title: Vulnerability disclosure covers AI
# description: The disclosure policy is in the repository, has a contact and covers AI issues.
# custom:
#   provision: ["5.2.2-4"]
#   rule: disclosure_met
met contains m if {
	lib.file_ok(disclosure.policy)
	not lib.blank(disclosure, "contact")
	lib.enabled(disclosure, "ai_issues_in_scope")
	m := {
		"provision": "5.2.2-4",
		"rule": "disclosure_met",
		"what": sprintf("disclosure policy %v (contact %v) covers AI issues", [disclosure.policy, disclosure.contact]),
		"path": ["vulnerability_disclosure"],
	}
}

# METADATA
# title: Incident plans exercised
# description: The incident and recovery plans are in the repository and were exercised within the limit.
# custom:
#   provision: ["5.2.2-5"]
#   rule: incident_plans_met
met contains m if {
	lib.file_ok(incident.plan)
	lib.file_ok(incident.recovery_plan)
	lib.recent(incident.last_exercised)
	m := {
		"provision": "5.2.2-5",
		"rule": "incident_plans_met",
		"what": sprintf("incident plan %v and recovery plan %v exercised on %v", [incident.plan, incident.recovery_plan, incident.last_exercised]),
		"path": ["incident_response"],
	}
}

# METADATA
# title: Cloud provider contract on record
# description: A cloud provider's contract is a document in the repository.
# custom:
#   provision: ["5.2.2-6"]
#   rule: provider_contract_met
met contains m if {
	some i, p in lib.records(lib.list_at(infrastructure, "cloud_providers"))
	lib.file_ok(p.contract)
	m := {
		"provision": "5.2.2-6",
		"rule": "provider_contract_met",
		"what": sprintf("cloud provider %v: contract %v", [object.get(p, "name", i), p.contract]),
		"path": ["infrastructure", "cloud_providers", i, "contract"],
	}
}
