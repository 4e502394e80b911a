# Principle 10 (clause 5.3.1), positive findings: what end users are told, in documents the
# repository holds. A provision passes only on one of these.
package ai_security.p10_deployment

import data.ai_security.lib
import rego.v1

# The end-user documents, by provision: what each one tells users.
user_documents := {
	"5.3.1-1": {"key": "data_use_notice", "what": "data use notice"},
	"5.3.1-2": {"key": "documentation", "what": "user guidance"},
	"5.3.1-2.2": {"key": "security_updates", "what": "security update notices"},
	"5.3.1-3": {"key": "incident_support", "what": "incident support for users"},
}

# METADATA
# title: End users informed
# description: The document that tells end users about data use, guidance, security updates or incident support is in the repository.
# custom:
#   provision: ["5.3.1-1", "5.3.1-2", "5.3.1-2.2", "5.3.1-3"]
#   rule: user_document_met
met contains m if {
	some provision, doc in user_documents
	ref := object.get(end_users, doc.key, null)
	lib.file_ok(ref)
	m := {
		"provision": provision,
		"rule": "user_document_met",
		"what": sprintf("%v: %v", [doc.what, ref]),
		"path": ["end_users", doc.key],
	}
}

# METADATA
# title: Uses and limitations published
# description: The intended uses are stated and the limitations page is in the repository.
# custom:
#   provision: ["5.3.1-2.1"]
#   rule: limitations_met
met contains m if {
	uses := lib.filled(lib.list_at(lib.section("system"), "intended_uses"))
	count(uses) > 0
	lib.file_ok(end_users.limitations)
	m := {
		"provision": "5.3.1-2.1",
		"rule": "limitations_met",
		"what": sprintf("%v intended uses stated; limitations published in %v", [count(uses), end_users.limitations]),
		"path": ["end_users", "limitations"],
	}
}

# What a developer supplies to operators that are other organisations, by provision.
operator_documents := {
	"5.3.1-1": {"key": "data_use", "what": "data use information for operators"},
	"5.3.1-2": {"key": "guidance", "what": "guidance for operators"},
}

# METADATA
# title: Operators supplied
# description: The document a developer gives the operators of its model or system (data use, guidance) is in the repository.
# custom:
#   provision: ["5.3.1-1", "5.3.1-2"]
#   rule: operator_information_met
met contains m if {
	some provision, doc in operator_documents
	ref := object.get(operator_information, doc.key, null)
	lib.file_ok(ref)
	m := {
		"provision": provision,
		"rule": "operator_information_met",
		"what": sprintf("%v: %v", [doc.what, ref]),
		"path": ["operator_information", doc.key],
	}
}
