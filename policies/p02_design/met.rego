# Principle 2 (clause 5.1.2), positive findings: what the manifest and the repository show is
# in place. A provision passes only on one of these (an empty section earns nothing).
package ai_security.p02_design

import data.ai_security.lib
import rego.v1

# METADATA
# title: Design assessment in place
# description: The business need is described and a dated, approved design assessment exists in the repository.
# custom:
#   provision: ["5.1.2-1"]
#   rule: design_assessment_met
met contains m if {
	not lib.blank(system, "description")
	doc := assessment.document
	lib.file_ok(doc)
	lib.happened(assessment.date)
	not lib.blank(assessment, "approver")
	m := {
		"provision": "5.1.2-1",
		"rule": "design_assessment_met",
		"what": sprintf("design assessment %v dated %v, approved by %v", [doc, assessment.date, assessment.approver]),
		"path": ["system", "design_assessment", "document"],
	}
}

# METADATA
# title: Data custodian took part in the design
# description: The data custodian is among the participants of a design assessment that exists in the repository.
# custom:
#   provision: ["5.1.2-1.1"]
#   rule: custodian_in_design_met
met contains m if {
	"data_custodian" in lib.list_at(assessment, "participants")
	lib.file_ok(assessment.document)
	m := {
		"provision": "5.1.2-1.1",
		"rule": "custodian_in_design_met",
		"what": sprintf("the data custodian took part in the design assessment %v", [assessment.document]),
		"path": ["system", "design_assessment", "participants"],
	}
}

# METADATA
# title: Failure behaviour designed and adversarial robustness tested
# description: The failure behaviour is stated and an adversarial security test with a report in the repository has taken place.
# custom:
#   provision: ["5.1.2-2"]
#   rule: robustness_met
met contains m if {
	not lib.blank(system, "failure_behaviour")
	some i, t in lib.records(lib.list_at(lib.section("testing"), "security_tests"))
	t.kind == "adversarial"
	lib.file_ok(t.report)
	lib.happened(t.date)
	m := {
		"provision": "5.1.2-2",
		"rule": "robustness_met",
		"what": sprintf("failure behaviour stated; adversarial test %v on %v", [t.report, t.date]),
		"path": ["testing", "security_tests", i],
	}
}

# METADATA
# title: Model origin recorded
# description: A declared model says where it comes from, and a model trained or fine-tuned here names its training datasets.
# custom:
#   provision: ["5.1.2-3"]
#   rule: model_origin_met
met contains m if {
	some i, model in models
	model.source == "third_party" # declared, and not trained here (lib.trained_here)
	m := {
		"provision": "5.1.2-3",
		"rule": "model_origin_met",
		"what": sprintf("model %v is declared %v", [object.get(model, "name", i), model.source]),
		"path": ["models", i, "source"],
	}
}

# METADATA
# title: Model origin recorded
# description: >-
#   A declared model says where it comes from, and a model trained or fine-tuned here names its
#   training datasets.
# custom:
#   provision: ["5.1.2-3"]
#   rule: model_origin_met
met contains m if {
	some i, model in models
	lib.trained_here(model)
	names := lib.filled(lib.list_at(model, "datasets"))
	count(names) > 0
	m := {
		"provision": "5.1.2-3",
		"rule": "model_origin_met",
		"what": sprintf("model %v is %v on %v", [object.get(model, "name", i), model.source, concat(", ", [sprintf("%v", [n]) | some n in names])]),
		"path": ["models", i, "datasets"],
	}
}

# METADATA
# title: Supplier risk assessed
# description: A registered supplier has a due diligence document in the repository.
# custom:
#   provision: ["5.1.2-4"]
#   rule: supplier_assessed_met
met contains m if {
	some i, s in suppliers
	not lib.blank(s, "name")
	lib.file_ok(s.due_diligence)
	m := {
		"provision": "5.1.2-4",
		"rule": "supplier_assessed_met",
		"what": sprintf("supplier %v: risk assessment %v", [s.name, s.due_diligence]),
		"path": ["supply_chain", "suppliers", i, "due_diligence"],
	}
}

# METADATA
# title: Dataset custodian and approved uses
# description: A declared dataset names its custodian and the uses the custodian approved.
# custom:
#   provision: ["5.1.2-5"]
#   rule: dataset_custody_met
met contains m if {
	some i, d in datasets
	not lib.blank(d, "custodian")
	uses := lib.filled(lib.list_at(d, "approved_uses"))
	count(uses) > 0
	m := {
		"provision": "5.1.2-5",
		"rule": "dataset_custody_met",
		"what": sprintf("dataset %v: custodian %v approved %v", [object.get(d, "name", i), d.custodian, concat(", ", [sprintf("%v", [u]) | some u in uses])]),
		"path": ["datasets", i, "custodian"],
	}
}

# METADATA
# title: Concerns channel published
# description: The channel for raising AI security concerns is a document in the repository.
# custom:
#   provision: ["5.1.2-5.1"]
#   rule: concerns_channel_met
met contains m if {
	lib.file_ok(system.concerns_channel)
	m := {
		"provision": "5.1.2-5.1",
		"rule": "concerns_channel_met",
		"what": sprintf("concerns channel %v", [system.concerns_channel]),
		"path": ["system", "concerns_channel"],
	}
}

# METADATA
# title: Integration permissions limited and assessed
# description: An integration declares narrow permissions and a risk note in the repository.
# custom:
#   provision: ["5.1.2-6"]
#   rule: integration_assessed_met
met contains m if {
	some i, g in integrations
	perms := lib.filled(lib.list_at(g, "permissions"))
	count(perms) > 0
	broad := [p | some p in perms; is_string(p); regex.match(`(\*|(^|[^a-z])(admin|all|root|full)([^a-z]|$))`, lower(p))]
	count(broad) == 0
	lib.file_ok(g.risk_note)
	m := {
		"provision": "5.1.2-6",
		"rule": "integration_assessed_met",
		"what": sprintf("integration %v: permissions %v, risk note %v", [object.get(g, "name", i), concat(", ", [sprintf("%v", [p]) | some p in perms]), g.risk_note]),
		"path": ["system", "integrations", i],
	}
}

# METADATA
# title: Supplier reviewed recently
# description: A supplier's due diligence is in the repository, dated within the review limit, with its EN 304 223 conformance recorded.
# custom:
#   provision: ["5.1.2-7"]
#   rule: supplier_reviewed_met
met contains m if {
	some i, s in suppliers
	lib.recent(s.reviewed)
	not lib.blank(s, "en_304_223")
	lib.file_ok(s.due_diligence)
	m := {
		"provision": "5.1.2-7",
		"rule": "supplier_reviewed_met",
		"what": sprintf("supplier %v reviewed on %v (EN 304 223: %v)", [object.get(s, "name", i), s.reviewed, s.en_304_223]),
		"path": ["supply_chain", "suppliers", i, "reviewed"],
	}
}
