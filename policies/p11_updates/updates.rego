# Principle 11: maintain regular security updates, patches and mitigations
# (EN 304 223 clause 5.4.1).
package ai_security.p11_updates

import data.ai_security.lib
import rego.v1

updates := lib.section("updates")

# METADATA
# title: Update process
# description: Dependency updates are automated and security advisories are published.
# custom:
#   provision: ["5.4.1-1"]
#   rule: update_process
violations contains v if {
	some key in ["dependency_updates", "advisories"]
	lib.blank(updates, key)
	v := {
		"provision": "5.4.1-1",
		"rule": "update_process",
		"message": sprintf("`updates.%v` is missing; declare the automated dependency update configuration (e.g. .github/dependabot.yml) and where security advisories are published", [key]),
		"path": ["updates", key],
	}
}

# METADATA
# title: Contingency plan
# description: There is a contingency plan for what cannot be updated.
# custom:
#   provision: ["5.4.1-1.1"]
#   rule: contingency_plan
violations contains v if {
	lib.blank(updates, "contingency_plan")
	v := {
		"provision": "5.4.1-1.1",
		"rule": "contingency_plan",
		"message": "no contingency plan; add `updates.contingency_plan:` with the mitigations for components that cannot be updated or patched",
		"path": ["updates", "contingency_plan"],
	}
}

# METADATA
# title: Major update reevaluated
# description: A major update triggers a full new round of security testing and evaluation.
# custom:
#   provision: ["5.4.1-2"]
#   rule: major_update_reevaluated
violations contains v if {
	not lib.enabled(updates, "major_version_reevaluation")
	v := {
		"provision": "5.4.1-2",
		"rule": "major_update_reevaluated",
		"message": "major model updates are not re-evaluated; make a major update trigger a full round of security testing and evaluation, and set `updates.major_version_reevaluation: true`",
		"path": ["updates", "major_version_reevaluation"],
	}
}

# METADATA
# title: Preview channel
# description: Operators can try model changes before they ship.
# custom:
#   provision: ["5.4.1-3"]
#   rule: preview_channel
violations contains v if {
	lib.blank(updates, "preview_channel")
	v := {
		"provision": "5.4.1-3",
		"rule": "preview_channel",
		"message": "operators cannot assess model changes before they ship; add `updates.preview_channel:` with how they get preview access or versioned APIs",
		"path": ["updates", "preview_channel"],
	}
}

# METADATA
# title: Roll-out process
# description: >-
#   An operator rolls security updates out to the deployed system and its users: an update
#   policy says how, and dependency updates are automated (the operator's part).
# custom:
#   provision: ["5.4.1-1"]
#   rule: rollout_process
violations contains v if {
	some key in ["policy", "dependency_updates"]
	lib.blank(updates, key)
	v := {
		"provision": "5.4.1-1",
		"rule": "rollout_process",
		"message": sprintf("`updates.%v` is missing; an operator rolls security updates out to the deployed system and its users: declare the update policy saying how, and the automated dependency update configuration (e.g. .github/dependabot.yml)", [key]),
		"path": ["updates", key],
	}
}
