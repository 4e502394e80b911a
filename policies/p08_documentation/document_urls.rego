# Principle 8 (clause 5.2.4) and principle 10 (clause 5.3.1): a model card or user guide kept
# outside the repository is cited by a URL pinned to an immutable revision, so what was
# reviewed is what users read. Facts: input.evidence.document_urls (docs/evidence.md).
package ai_security.p08_documentation

import rego.v1

document_urls := object.get(object.get(input, "evidence", {}), "document_urls", [])

# METADATA
# title: A model card kept on a model hub is pinned
# description: >-
#   A model card cited by URL names an immutable revision (a commit id or digest in the
#   URL); a URL that follows a branch can change after review.
# custom:
#   provision: ["5.2.4-1.1"]
#   rule: model_card_url_pinned
violations contains v if {
	some d in document_urls
	d.path[0] == "models"
	not d.pinned
	v := {
		"provision": "5.2.4-1.1",
		"rule": "model_card_url_pinned",
		"message": sprintf("the model card %v %v; cite it at a commit (e.g. https://huggingface.co/org/model/blob/<commit>/README.md) so it cannot change after review", [d.uri, d.problem]),
		"path": d.path,
	}
}

# METADATA
# title: A model card kept on a model hub is pinned (met)
# description: A model card cited by URL names an immutable revision.
# custom:
#   provision: ["5.2.4-1.1"]
#   rule: model_card_url_pinned
met contains m if {
	some d in document_urls
	d.path[0] == "models"
	d.pinned
	m := {
		"provision": "5.2.4-1.1",
		"rule": "model_card_url_pinned",
		"what": sprintf("the model card %v is pinned (%v)", [d.uri, d.pin]),
		"path": d.path,
	}
}

# METADATA
# title: A user guide published elsewhere is pinned
# description: >-
#   User guidance cited by URL names an immutable revision (a commit id, digest or version
#   in the URL), so the guidance users get is the guidance that was reviewed.
# custom:
#   provision: ["5.3.1-2"]
#   rule: user_guide_url_pinned
violations contains v if {
	some d in document_urls
	d.path == ["end_users", "documentation"]
	not d.pinned
	v := {
		"provision": "5.3.1-2",
		"rule": "user_guide_url_pinned",
		"message": sprintf("the user guidance %v %v; cite it at a commit or version so it cannot change after review", [d.uri, d.problem]),
		"path": d.path,
	}
}

# METADATA
# title: A user guide published elsewhere is pinned (met)
# description: User guidance cited by URL names an immutable revision.
# custom:
#   provision: ["5.3.1-2"]
#   rule: user_guide_url_pinned
met contains m if {
	some d in document_urls
	d.path == ["end_users", "documentation"]
	d.pinned
	m := {
		"provision": "5.3.1-2",
		"rule": "user_guide_url_pinned",
		"what": sprintf("the user guidance %v is pinned (%v)", [d.uri, d.pin]),
		"path": d.path,
	}
}
