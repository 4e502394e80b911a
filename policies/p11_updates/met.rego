# Principle 11 (clause 5.4.1), positive findings: what the manifest and the repository show is
# in place. A provision passes only on one of these.
package ai_security.p11_updates

import data.ai_security.lib
import rego.v1

# METADATA
# title: Update process in place
# description: The dependency update configuration and the advisories page are in the repository.
# custom:
#   provision: ["5.4.1-1"]
#   rule: update_process_met
met contains m if {
	lib.file_ok(updates.dependency_updates)
	lib.file_ok(updates.advisories)
	m := {
		"provision": "5.4.1-1",
		"rule": "update_process_met",
		"what": sprintf("dependency updates by %v; advisories in %v", [updates.dependency_updates, updates.advisories]),
		"path": ["updates"],
	}
}

# METADATA
# title: Contingency plan
# description: The contingency plan for what cannot be updated is in the repository.
# custom:
#   provision: ["5.4.1-1.1"]
#   rule: contingency_plan_met
met contains m if {
	lib.file_ok(updates.contingency_plan)
	m := {
		"provision": "5.4.1-1.1",
		"rule": "contingency_plan_met",
		"what": sprintf("contingency plan %v", [updates.contingency_plan]),
		"path": ["updates", "contingency_plan"],
	}
}

# METADATA
# title: Major updates re-evaluated
# description: Major updates trigger re-evaluation under an update policy in the repository.
# custom:
#   provision: ["5.4.1-2"]
#   rule: reevaluation_met
met contains m if {
	lib.enabled(updates, "major_version_reevaluation")
	lib.file_ok(updates.policy)
	m := {
		"provision": "5.4.1-2",
		"rule": "reevaluation_met",
		"what": sprintf("major updates are re-evaluated under %v", [updates.policy]),
		"path": ["updates", "major_version_reevaluation"],
	}
}

# METADATA
# title: Preview channel
# description: The preview channel for operators is described in a document in the repository.
# custom:
#   provision: ["5.4.1-3"]
#   rule: preview_channel_met
met contains m if {
	lib.file_ok(updates.preview_channel)
	m := {
		"provision": "5.4.1-3",
		"rule": "preview_channel_met",
		"what": sprintf("preview channel described in %v", [updates.preview_channel]),
		"path": ["updates", "preview_channel"],
	}
}

# METADATA
# title: Updates rolled out
# description: The update policy that says how updates reach the deployed system and the dependency update configuration are in the repository.
# custom:
#   provision: ["5.4.1-1"]
#   rule: rollout_met
met contains m if {
	lib.file_ok(updates.policy)
	lib.file_ok(updates.dependency_updates)
	m := {
		"provision": "5.4.1-1",
		"rule": "rollout_met",
		"what": sprintf("updates rolled out under %v; dependency updates by %v", [updates.policy, updates.dependency_updates]),
		"path": ["updates", "policy"],
	}
}
