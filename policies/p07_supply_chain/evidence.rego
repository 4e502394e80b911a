# Principle 7 (clause 5.2.3), evidence rules: supply-chain records exist, remote artefacts
# are pinned to something immutable, the AI-BOM agrees with the manifest, and evaluations of
# external models are current. Facts: input.evidence (docs/evidence.md).
package ai_security.p07_supply_chain

import data.ai_security.lib
import rego.v1

# METADATA
# title: Remote artefact unpinned
# description: >-
#   A remote model or dataset is pinned to an immutable revision or digest. A model with no
#   revision at all is remote_model_pinned / base_model_pinned (supply_chain.rego); this rule adds
#   the cases only the collect stage can judge: a revision that is a moving name (main, latest,
#   ...) and a remote dataset without a digest.
# custom:
#   provision: ["5.2.3-1"]
#   rule: remote_artefact_unpinned
violations contains v if {
	some r in object.get(lib.evidence_facts, "remotes", [])
	r.pinned == false
	evidence_remote_in_scope(r)
	not hosted_remote(r)
	v := {
		"provision": "5.2.3-1",
		"rule": "remote_artefact_unpinned",
		"message": sprintf("%v %v; pin it to a commit id or content digest (`revision:` or `sha256:`) so every build gets the same artefact", [r.uri, object.get(r, "problem", "is not pinned")]),
		"path": r.path,
	}
}

evidence_remote_in_scope(r) if {
	is_string(r.revision)
} else if {
	r.path[0] == "datasets"
}

# a hosted model API is judged by its model id (hosted.rego), not by a commit id
hosted_remote(r) if {
	r.path == ["models", r.path[1], "uri"]
	r.path[1] in hosted_models
}

# 5.2.3-1: the AI-BOM agrees with the manifest on hashes, licences, versions and pedigree.
evidence_bom_ref := ref if {
	ref := object.get(lib.section("supply_chain"), "sbom", null)
	is_string(ref)
}

evidence_bom := b if {
	b := lib.evidence_facts.boms[evidence_bom_ref]
	is_array(b.components)
}

# (section, index, entry, component) for each manifest entry the BOM lists by name: the
# collect stage joined them by type and name (`matches`), so this is linear in the manifest.
# A list, not a set: a set compares whole entries and components on every insertion (a
# third of this package's evaluation at 1,000 models); the rules reading it report sets.
# `found` is bound before the loop: regorus resolves a rule reference indexed twice by
# variables (`evidence_bom.matches[section][i]`) at about 20 us a time, 10x a local lookup.
evidence_bom_pairs := [[section, i, entry, c] |
	some section in ["models", "datasets"]
	found := evidence_bom.matches[section]
	some i, entry in lib.entries(section)
	is_string(entry.name)
	some k in found[i]
	c := evidence_bom.components[k]
]

# METADATA
# title: The AI-BOM drift check could run
# description: >-
#   The drift check compares the AI-BOM with the manifest; when the SBOM is missing or not a valid
#   CycloneDX/SPDX document it says it could not run (never a silent pass).
# custom:
#   provision: ["5.2.3-1"]
#   rule: sbom_drift
violations contains v if {
	some [section, i, entry, c] in evidence_bom_pairs
	is_string(entry.sha256)
	declared := lower(entry.sha256)
	is_string(c.sha256)
	c.sha256 != declared
	v := {
		"provision": "5.2.3-1",
		"rule": "sbom_drift",
		"message": sprintf("the AI-BOM %v lists SHA-256 %v for %v, the manifest declares %v; regenerate the BOM from the artefacts (or correct the manifest)", [evidence_bom_ref, c.sha256, entry.name, declared]),
		"path": [section, i, "sha256"],
	}
}

# METADATA
# title: The AI-BOM drift check could run
# description: >-
#   The drift check compares the AI-BOM with the manifest; when the SBOM is missing or not a valid
#   CycloneDX/SPDX document it says it could not run (never a silent pass).
# custom:
#   provision: ["5.2.3-1"]
#   rule: sbom_drift
violations contains v if {
	some [section, i, entry, c] in evidence_bom_pairs
	declared := entry.licence
	is_string(declared)
	count(c.licenses) > 0
	not declared in c.licenses # usually listed as declared: then no set of lowered names
	not lower(declared) in {lower(l) | some l in c.licenses}
	v := {
		"provision": "5.2.3-1",
		"rule": "sbom_drift",
		"message": sprintf("the AI-BOM %v gives %v the licence %v, the manifest says %v; make them agree", [evidence_bom_ref, entry.name, concat(", ", c.licenses), declared]),
		"path": [section, i, "licence"],
	}
}

# METADATA
# title: The AI-BOM drift check could run
# description: >-
#   The drift check compares the AI-BOM with the manifest; when the SBOM is missing or not a valid
#   CycloneDX/SPDX document it says it could not run (never a silent pass).
# custom:
#   provision: ["5.2.3-1"]
#   rule: sbom_drift
violations contains v if {
	some [section, i, entry, c] in evidence_bom_pairs
	section == "models"
	is_string(entry.version)
	is_string(c.version)
	c.version != entry.version
	v := {
		"provision": "5.2.3-1",
		"rule": "sbom_drift",
		"message": sprintf("the AI-BOM %v lists %v version %v, the manifest declares %v; regenerate the BOM for the version in use", [evidence_bom_ref, entry.name, c.version, entry.version]),
		"path": [section, i, "version"],
	}
}

# METADATA
# title: The AI-BOM drift check could run
# description: >-
#   The drift check compares the AI-BOM with the manifest; when the SBOM is missing or not a valid
#   CycloneDX/SPDX document it says it could not run (never a silent pass).
# custom:
#   provision: ["5.2.3-1"]
#   rule: sbom_drift
violations contains v if {
	some [section, i, entry, c] in evidence_bom_pairs
	section == "models"
	base := object.get(lib.object_at(entry, "base_model"), "name", null)
	is_string(base)
	not evidence_ancestor_named(c, base)
	v := {
		"provision": "5.2.3-1",
		"rule": "sbom_drift",
		"message": sprintf("the AI-BOM %v does not record base model %v in the pedigree (ancestors) of %v; add it so the model's provenance is traceable", [evidence_bom_ref, base, entry.name]),
		"path": [section, i, "base_model", "name"],
	}
}

evidence_ancestor_named(c, base) if {
	some a in c.ancestors
	lower(a) == lower(base)
} else if {
	some a in c.ancestors
	endswith(lower(a), concat("", ["/", lower(base)]))
}

# METADATA
# title: Document stale
# description: The last commit of each external model's evaluation report is not older than --document-max-age days.
# custom:
#   provision: ["5.2.3-3"]
#   rule: document_stale
violations contains v if {
	lib.evidence_any_stale # usually false: then no entry is visited
	some i, m in lib.entries("models")
	evaluation := lib.object_at(m, "evaluation")
	doc := object.get(evaluation, "report", null)
	stale := lib.evidence_stale(doc)
	v := {
		"provision": "5.2.3-3",
		"rule": "document_stale",
		"message": lib.evidence_stale_message(sprintf("the evaluation report of %v", [object.get(m, "name", i)]), doc, stale, object.get(evaluation, "date", null)),
		"path": ["models", i, "evaluation", "report"],
	}
}

# METADATA
# title: The AI-BOM drift check could run
# description: >-
#   The drift check compares the AI-BOM with the manifest; when the SBOM is missing or not a
#   valid CycloneDX/SPDX document it says it could not run (never a silent pass).
# custom:
#   provision: ["5.2.3-1"]
#   rule: sbom_drift
violations contains v if {
	some problem in lib.evidence_bom_problems
	v := {
		"provision": "5.2.3-1",
		"rule": "sbom_drift",
		"message": sprintf("the AI-BOM drift check could not run: the AI-BOM %v", [problem]),
		"path": ["supply_chain", "sbom"],
	}
}
