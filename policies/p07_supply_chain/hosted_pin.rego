# Principle 7 (clause 5.2.3-1): a hosted model API is pinned by its model id. The provider runs
# the weights, so a commit id or digest cannot pin them; a dated or versioned snapshot id
# (lib/hosted.rego) names one fixed model, an alias or bare family name does not.
package ai_security.p07_supply_chain

import data.ai_security.lib
import rego.v1

# The indexes of the hosted models and of the pinned ones among them, each decided once per
# query: lib.hosted_api parses the uri (about 0.1 ms a model in regorus) and this package asks
# about every model three times. Kept here: only this package's rules ask for them.
hosted_models contains i if {
	some i, m in models
	lib.hosted_api(m)
}

hosted_pinned_models contains i if {
	some i in hosted_models
	lib.dated_model_id(object.get(models[i], "revision", null))
}

# METADATA
# title: Hosted model pinned
# description: >-
#   A model called through a provider's hosted API names the dated or versioned snapshot id it
#   calls in `revision:` (e.g. gpt-4o-2024-08-06), not a floating alias (gpt-4o, *-latest).
# custom:
#   provision: ["5.2.3-1"]
#   rule: hosted_model_pinned
violations contains v if {
	some i, m in models
	i in hosted_models
	not i in hosted_pinned_models
	not pinned(m)
	v := {
		"provision": "5.2.3-1",
		"rule": "hosted_model_pinned",
		"message": sprintf("model %v is called through the hosted API %v by %v, which can move to another model; set `revision:` to the dated or versioned snapshot id the provider serves (e.g. gpt-4o-2024-08-06, claude-3-5-sonnet-20241022) and call that id", [object.get(m, "name", i), m.uri, hosted_revision(m)]),
		"path": ["models", i, "revision"],
	}
}

hosted_revision(m) := sprintf("the alias `%v`", [m.revision]) if {
	is_string(m.revision)
} else := "no model id" if {
	not is_string(object.get(m, "revision", null))
}

# METADATA
# title: Hosted model pinned to a snapshot
# description: A model called through a hosted API names a dated or versioned snapshot id in `revision:`.
# custom:
#   provision: ["5.2.3-1"]
#   rule: hosted_model_pinned_met
met contains r if {
	some i, m in models
	i in hosted_pinned_models
	r := {
		"provision": "5.2.3-1",
		"rule": "hosted_model_pinned_met",
		"what": sprintf("model %v: hosted API %v called by the snapshot id %v", [object.get(m, "name", i), m.uri, m.revision]),
		"path": ["models", i, "revision"],
	}
}
