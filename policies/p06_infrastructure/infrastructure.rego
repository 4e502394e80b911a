# Principle 6: secure the infrastructure (EN 304 223 clause 5.2.2).
package ai_security.p06_infrastructure

import data.ai_security.lib
import rego.v1

infrastructure := lib.section("infrastructure")

access_control := lib.object_at(infrastructure, "access_control")

api := lib.object_at(infrastructure, "api")

environments := lib.records(lib.list_at(infrastructure, "environments"))

disclosure := lib.section("vulnerability_disclosure")

incident := lib.section("incident_response")

# METADATA
# title: Access control policy
# description: Access control for APIs, models, data and pipelines is defined in a policy.
# custom:
#   provision: ["5.2.2-1"]
#   rule: access_control_policy
violations contains v if {
	lib.blank(access_control, "policy")
	v := {
		"provision": "5.2.2-1",
		"rule": "access_control_policy",
		"message": "no access-control policy; add `infrastructure.access_control.policy:` with the IAM/RBAC policy (as code) or document for model endpoints, registries, data stores and pipelines",
		"path": ["infrastructure", "access_control", "policy"],
	}
}

# METADATA
# title: Access control reviewed
# description: Access control was reviewed within the last 365 days.
# custom:
#   provision: ["5.2.2-1"]
#   rule: access_control_reviewed
violations contains v if {
	not lib.date_ns(object.get(access_control, "last_reviewed", null))
	v := {
		"provision": "5.2.2-1",
		"rule": "access_control_reviewed",
		"message": "no access-control review date; add `infrastructure.access_control.last_reviewed:` with the date of the last review",
		"path": ["infrastructure", "access_control", "last_reviewed"],
	}
}

# METADATA
# title: Access control reviewed
# description: Access control was reviewed within the last 365 days.
# custom:
#   provision: ["5.2.2-1"]
#   rule: access_control_reviewed
violations contains v if {
	lib.stale(access_control.last_reviewed)
	v := {
		"provision": "5.2.2-1",
		"rule": "access_control_reviewed",
		"message": sprintf("access control was last reviewed on %v, more than %v days ago; review it and update `infrastructure.access_control.last_reviewed:`", [access_control.last_reviewed, lib.review_max_age_days]),
		"path": ["infrastructure", "access_control", "last_reviewed"],
	}
}

# METADATA
# title: API exposure declared
# description: The manifest states whether outside callers can reach the model API.
# custom:
#   provision: ["5.2.2-2"]
#   rule: api_exposure_declared
violations contains v if {
	not is_boolean(object.get(api, "exposed", null))
	v := {
		"provision": "5.2.2-2",
		"rule": "api_exposure_declared",
		"message": "it is not stated whether external customers or collaborators can call the model API; set `infrastructure.api.exposed:` to true or false",
		"path": ["infrastructure", "api", "exposed"],
	}
}

# METADATA
# title: API authenticated
# description: An exposed model API authenticates its callers.
# custom:
#   provision: ["5.2.2-2"]
#   rule: api_authenticated
violations contains v if {
	lib.enabled(api, "exposed")
	object.get(api, "authentication", "none") == "none"
	v := {
		"provision": "5.2.2-2",
		"rule": "api_authenticated",
		"message": "the model API is exposed without authentication; set `infrastructure.api.authentication:` (api_key, oauth2, oidc, mtls) and enforce it",
		"path": ["infrastructure", "api", "authentication"],
	}
}

# METADATA
# title: API rate limited
# description: >-
#   An exposed model API limits each caller's rate, which slows model extraction and rapid
#   poisoning.
# custom:
#   provision: ["5.2.2-2"]
#   rule: api_rate_limited
violations contains v if {
	lib.enabled(api, "exposed")
	lib.blank(api, "rate_limit")
	v := {
		"provision": "5.2.2-2",
		"rule": "api_rate_limited",
		"message": "the model API is exposed without a rate limit; set `infrastructure.api.rate_limit:` (e.g. 60/minute) and enforce it in the gateway",
		"path": ["infrastructure", "api", "rate_limit"],
	}
}

# METADATA
# title: Environments declared
# description: The development, training and production environments are declared.
# custom:
#   provision: ["5.2.2-3"]
#   rule: environments_declared
violations contains v if {
	count(environments) == 0
	v := {
		"provision": "5.2.2-3",
		"rule": "environments_declared",
		"message": "no environments are declared; list the development, training and production environments under `infrastructure.environments`",
		"path": ["infrastructure", "environments"],
	}
}

# METADATA
# title: Environment separated
# description: Every environment is technically separated and runs on least privilege.
# custom:
#   provision: ["5.2.2-3"]
#   rule: environment_separated
violations contains v if {
	some i, e in environments
	not lib.enabled(e, "separated")
	v := {
		"provision": "5.2.2-3",
		"rule": "environment_separated",
		"message": sprintf("environment %v is not declared separated; separate it technically from the others, run it on least privilege and set `separated: true`", [object.get(e, "name", i)]),
		"path": ["infrastructure", "environments", i, "separated"],
	}
}

# An environment whose name says it is for development or training.
development_or_training(e) if {
	name := object.get(e, "name", "")
	is_string(name)
	regex.match(`(dev|train|tun|experiment|research|sandbox)`, lower(name))
}

# METADATA
# title: Training data confined
# description: Non-public training data is only in development or training environments.
# custom:
#   provision: ["5.2.2-3"]
#   rule: training_data_confined
violations contains v if {
	some i, e in environments
	lib.enabled(e, "non_public_training_data")
	not development_or_training(e)
	v := {
		"provision": "5.2.2-3",
		"rule": "training_data_confined",
		"message": sprintf("environment %v holds non-public training data but is not a development or training environment; keep that data in development and training only", [object.get(e, "name", i)]),
		"path": ["infrastructure", "environments", i, "non_public_training_data"],
	}
}

# METADATA
# title: Disclosure policy
# description: A vulnerability disclosure policy is published with a contact.
# custom:
#   provision: ["5.2.2-4"]
#   rule: disclosure_policy
violations contains v if {
	some key in ["policy", "contact"]
	lib.blank(disclosure, key)
	v := {
		"provision": "5.2.2-4",
		"rule": "disclosure_policy",
		"message": sprintf("`vulnerability_disclosure.%v` is missing; publish a disclosure policy (e.g. SECURITY.md) and say where to report vulnerabilities", [key]),
		"path": ["vulnerability_disclosure", key],
	}
}

# METADATA
# title: Disclosure AI scope
# description: >-
#   The disclosure policy covers AI issues such as jailbreaks, prompt injection and data leakage.
# custom:
#   provision: ["5.2.2-4"]
#   rule: disclosure_ai_scope
violations contains v if {
	not lib.enabled(disclosure, "ai_issues_in_scope")
	v := {
		"provision": "5.2.2-4",
		"rule": "disclosure_ai_scope",
		"message": "the disclosure policy does not cover AI issues; include jailbreaks, prompt injection and data leakage in its scope and set `vulnerability_disclosure.ai_issues_in_scope: true`",
		"path": ["vulnerability_disclosure", "ai_issues_in_scope"],
	}
}

# METADATA
# title: Incident plans
# description: The AI system has an incident management plan and a recovery plan.
# custom:
#   provision: ["5.2.2-5"]
#   rule: incident_plans
violations contains v if {
	some key in ["plan", "recovery_plan"]
	lib.blank(incident, key)
	v := {
		"provision": "5.2.2-5",
		"rule": "incident_plans",
		"message": sprintf("`incident_response.%v` is missing; write the AI incident management and recovery plans and link both", [key]),
		"path": ["incident_response", key],
	}
}

# METADATA
# title: Incident plans exercised
# description: The incident plans were exercised within the last 365 days.
# custom:
#   provision: ["5.2.2-5"]
#   rule: incident_plans_exercised
violations contains v if {
	not lib.date_ns(object.get(incident, "last_exercised", null))
	v := {
		"provision": "5.2.2-5",
		"rule": "incident_plans_exercised",
		"message": "the incident plans have no exercise date; exercise them and record the date in `incident_response.last_exercised:`",
		"path": ["incident_response", "last_exercised"],
	}
}

# METADATA
# title: Incident plans exercised
# description: The incident plans were exercised within the last 365 days.
# custom:
#   provision: ["5.2.2-5"]
#   rule: incident_plans_exercised
violations contains v if {
	lib.stale(incident.last_exercised)
	v := {
		"provision": "5.2.2-5",
		"rule": "incident_plans_exercised",
		"message": sprintf("the incident plans were last exercised on %v, more than %v days ago; exercise them again and update `incident_response.last_exercised:`", [incident.last_exercised, lib.review_max_age_days]),
		"path": ["incident_response", "last_exercised"],
	}
}

# METADATA
# title: Cloud provider contract
# description: >-
#   Every cloud provider's contract is on record; that its clauses support these controls is
#   attested.
# custom:
#   provision: ["5.2.2-6"]
#   rule: cloud_provider_contract
violations contains v if {
	some i, p in lib.records(lib.list_at(infrastructure, "cloud_providers"))
	lib.blank(p, "contract")
	v := {
		"provision": "5.2.2-6",
		"rule": "cloud_provider_contract",
		"message": sprintf("cloud provider %v has no contract on record; add `contract:` with the contract or the summary of its clauses that support these infrastructure controls", [object.get(p, "name", i)]),
		"path": ["infrastructure", "cloud_providers", i, "contract"],
	}
}
