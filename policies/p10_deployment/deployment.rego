# Principle 10: communication and processes associated with end users and affected entities
# (EN 304 223 clause 5.3.1).
package ai_security.p10_deployment

import data.ai_security.lib
import rego.v1

end_users := lib.section("end_users")

# METADATA
# title: Data use notice
# description: Users are told where and how their data is used, accessed and stored.
# custom:
#   provision: ["5.3.1-1"]
#   rule: data_use_notice
violations contains v if {
	lib.blank(end_users, "data_use_notice")
	v := {
		"provision": "5.3.1-1",
		"rule": "data_use_notice",
		"message": "end users are not told how their data is used; add `end_users.data_use_notice:` with the notice saying where their data is used, accessed and stored (e.g. for retraining or human review)",
		"path": ["end_users", "data_use_notice"],
	}
}

# METADATA
# title: User guidance
# description: Users get guidance on using, configuring and integrating the system.
# custom:
#   provision: ["5.3.1-2"]
#   rule: user_guidance
violations contains v if {
	lib.blank(end_users, "documentation")
	v := {
		"provision": "5.3.1-2",
		"rule": "user_guidance",
		"message": "no guidance for end users; add `end_users.documentation:` with the guide to using, managing, integrating and configuring the system",
		"path": ["end_users", "documentation"],
	}
}

# METADATA
# title: Intended uses declared
# description: The appropriate uses of the system are stated.
# custom:
#   provision: ["5.3.1-2.1"]
#   rule: intended_uses_declared
violations contains v if {
	lib.blank(lib.section("system"), "intended_uses")
	v := {
		"provision": "5.3.1-2.1",
		"rule": "intended_uses_declared",
		"message": "the appropriate uses are not stated; list them in `system.intended_uses` and explain them in the user guidance",
		"path": ["system", "intended_uses"],
	}
}

# METADATA
# title: Limitations published
# description: Limitations and failure modes are published to users.
# custom:
#   provision: ["5.3.1-2.1"]
#   rule: limitations_published
violations contains v if {
	lib.blank(end_users, "limitations")
	v := {
		"provision": "5.3.1-2.1",
		"rule": "limitations_published",
		"message": "limitations and failure modes are not published; add `end_users.limitations:` with the page that explains them to users",
		"path": ["end_users", "limitations"],
	}
}

# METADATA
# title: Security update notices
# description: Security-relevant updates are announced to users.
# custom:
#   provision: ["5.3.1-2.2"]
#   rule: security_update_notices
violations contains v if {
	lib.blank(end_users, "security_updates")
	v := {
		"provision": "5.3.1-2.2",
		"rule": "security_update_notices",
		"message": "users have nowhere to learn about security-relevant updates; add `end_users.security_updates:` with the changelog or advisory page that explains them",
		"path": ["end_users", "security_updates"],
	}
}

# METADATA
# title: Incident support
# description: >-
#   Users and affected entities get help to contain an incident; that the support is agreed in
#   contracts is attested.
# custom:
#   provision: ["5.3.1-3"]
#   rule: incident_support
violations contains v if {
	lib.blank(end_users, "incident_support")
	v := {
		"provision": "5.3.1-3",
		"rule": "incident_support",
		"message": "no incident support process for users; add `end_users.incident_support:` with the process that helps users and affected entities contain and recover from an incident",
		"path": ["end_users", "incident_support"],
	}
}

operator_information := lib.section("operator_information")

# METADATA
# title: Data use information supplied to operators
# description: >-
#   A developer whose model or system another organisation operates supplies it with how the
#   model or system uses, accesses and stores data (the developer's part of the duty).
# custom:
#   provision: ["5.3.1-1"]
#   rule: data_use_supplied
violations contains v if {
	lib.blank(operator_information, "data_use")
	v := {
		"provision": "5.3.1-1",
		"rule": "data_use_supplied",
		"message": "the operators of what you develop are not told how it uses data; add `operator_information.data_use:` with the document saying how the model or system uses, accesses and stores the data it is given, for their data use notice",
		"path": ["operator_information", "data_use"],
	}
}

# METADATA
# title: Guidance supplied to operators
# description: >-
#   A developer whose model or system another organisation operates supplies it with what it
#   needs to use, integrate and configure it and to guide its users (the developer's part).
# custom:
#   provision: ["5.3.1-2"]
#   rule: guidance_supplied
violations contains v if {
	lib.blank(operator_information, "guidance")
	v := {
		"provision": "5.3.1-2",
		"rule": "guidance_supplied",
		"message": "the operators of what you develop get no guidance; add `operator_information.guidance:` with the document on using, managing, integrating and configuring the model or system",
		"path": ["operator_information", "guidance"],
	}
}
