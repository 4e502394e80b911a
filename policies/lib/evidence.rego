# Helpers for the evidence rules (policies/<package>/evidence.rego). They read only the facts
# the gate's collect stage put under input.evidence (docs/evidence.md has the contract);
# no rule ever reads a file. Portable subset only (../shared/reference/rego-engines.md).
package ai_security.lib

import rego.v1

# The evidence sections, {} when the input has none (policy unit tests without evidence).
evidence_facts := e if {
	e := input.evidence
	is_object(e)
} else := {}

evidence_files := f if {
	f := evidence_facts.files
	is_object(f)
} else := {}

# datasets[].path -> the personal-data columns its file's header shows
# (evidence/personal_columns.py), for the strict reading of sensitive_data.
evidence_personal_columns := c if {
	c := evidence_facts.personal_columns
	is_object(c)
} else := {}

# cited test path -> "" when it is a test of this repository's code, else what is missing
# (evidence/test_files.py)
evidence_test_files := t if {
	t := evidence_facts.test_files
	is_object(t)
} else := {}

evidence_git := g if {
	g := evidence_facts.git
	is_object(g)
} else := {}

# evidence_path_matches(path, pattern): a manifest JSON path such as ["datasets", 0, "path"]
# matches ["datasets", "*", "path"]; "*" stands for any one key or index.
evidence_path_matches(path, pattern) if {
	count(path) == count(pattern)
	misses := [i | some i, want in pattern; not evidence_segment_ok(path[i], want)]
	count(misses) == 0
}

evidence_segment_ok(got, want) if {
	want == "*"
} else if {
	got == want
}

# evidence_unusable(patterns): {"path", "message"} for each manifest path matching one of
# the patterns and each problem the collect stage recorded with the file it names: missing,
# empty, outside the repository, unreadable, and content problems (a placeholder document, a
# missing section, an invalid SBOM or lockfile, never committed, ...). A problem with `at`
# concerns only that citing path.
evidence_unusable(patterns) := {{"path": p, "message": m} |
	some ref, f in evidence_files
	some entry in evidence_problem_entries(f)
	some p in object.get(f, "referenced_at", [])
	some pattern in patterns
	evidence_path_matches(p, pattern)
	not evidence_problem_elsewhere(entry, p)
	m := sprintf("%v %v", [ref, entry.message])
}

# The file's problems: `problems` when the collect stage listed them, else its one `problem`.
evidence_problem_entries(f) := ps if {
	ps := object.get(f, "problems", [])
	is_array(ps)
	count(ps) > 0
} else := [{"kind": "unusable", "message": m}] if {
	problem := object.get(f, "problem", "")
	is_string(problem)
	problem != ""
	m := sprintf("%v; the manifest names it as evidence, so commit it at that path or correct the path", [problem])
} else := []

evidence_problem_elsewhere(entry, p) if {
	at := object.get(entry, "at", null)
	is_array(at)
	at != p
}

# evidence_changed(ref): the file the manifest names as `ref` changed in this pull request
# (for a directory: something under it changed).
evidence_changed(ref) if {
	is_string(ref)
	evidence_files[ref].changed == true
}

# evidence_changed_at_base(ref): the file the base branch's manifest names as `ref` changed in
# this pull request (symlinks followed). Change rules read the union of the base and head
# inventories: an entry the head dropped while changing its file still counts.
evidence_changed_at_base(ref) if {
	is_string(ref)
	some changed in object.get(evidence_git, "base_changed", [])
	changed == ref
}

# evidence_base_dropped(kind, key): the entries of the base manifest's `kind` list (models,
# datasets) whose `key` (name) no head entry has: the pull request dropped them.
# The head's values of `key` are gathered once, not scanned for each base entry: that was
# quadratic (1,000 models in pull-request mode: 3.5 s for p11 alone).
evidence_base_dropped(kind, key) := [e |
	base := evidence_base_manifest
	is_object(base)
	head := {object.get(h, key, null) | some h in entries(kind)}
	some e in list_at(base, kind)
	is_object(e)
	value := object.get(e, key, null)
	not value in head
]

# The base manifest's models and datasets grouped by name, for the change rules' joins: one
# lookup for each head entry, not a scan of the base (quadratic, as above), also when the
# base repeats a name (key_groups).
evidence_base_groups := {kind: key_groups(pairs) |
	some kind in ["models", "datasets"]
	pairs := [[object.get(e, "name", null), e] | some e in list_at(evidence_base_manifest, kind); is_object(e)]
}

# evidence_base_named(kind, name): the base manifest's entries of `kind` (objects) whose name
# is `name`; [] outside pull-request mode.
evidence_base_named(kind, name) := grouped(evidence_base_groups[kind], name)

# Pull-request mode: --base-ref was given and the changes since the merge base are known ...
evidence_pull_request if evidence_git.changes_available == true

# ... or --base-ref was given and they could not be computed: rules that need them report
# it under their provision instead of passing silently (fail closed).
evidence_pull_request_unknown if {
	is_string(evidence_git.base_ref)
	object.get(evidence_git, "changes_available", false) != true
}

evidence_pull_request_problem := p if {
	p := evidence_git.changes_problem
	is_string(p)
} else := "unknown reason"

# The manifest as it was at the merge base; null when it did not exist there (then the
# whole system is new in this pull request), undefined outside pull-request mode.
evidence_base_manifest := m if {
	evidence_pull_request
	m := object.get(evidence_git, "base_manifest", null)
}

# How many days a reviewed document's last commit may be old (input.config, default 365).
evidence_max_age_days := n if {
	n := input.config.document_max_age_days
	is_number(n)
} else := 365

# evidence_stale(doc): {"last": "YYYY-MM-DD", "days": n} when the document the manifest names
# as `doc` was last committed more than evidence_max_age_days before input.config.today.
# Undefined when the history is unknown (not git, shallow, never committed) or the document
# has uncommitted changes (newer than any commit).
evidence_stale(doc) := {"last": last, "days": evidence_stale_dates[last]} if {
	is_string(doc)
	last := evidence_git.last_commit[doc]
}

# The distinct last-commit dates older than the limit, each with its age in days: a date is
# parsed once per query, not once per citing entry (every model's evaluation report, every
# test's report: commits share a few dates, and a parse costs about 10 us in regorus).
evidence_stale_dates := {last: days |
	some last in {l | some l in evidence_git.last_commit}
	days := days_since(last)
	days > evidence_max_age_days
}

# evidence_any_stale: some document's last commit is past the limit. A rule looking for a
# stale document among every model or test asks this first: usually nothing is stale, and
# the loop over the entries is then skipped (0.1 s a rule at 10,000 models in regorus).
evidence_any_stale if count(evidence_stale_dates) > 0

# evidence_review_note(date): ", although the manifest says it was reviewed on <date>" when
# a valid date is declared, else "".
evidence_review_note(date) := sprintf(" although the manifest dates its last review %v,", [date]) if {
	date_ns(date)
} else := ""

# evidence_stale_message(what, doc, stale, date)
evidence_stale_message(what, doc, stale, date) := sprintf(
	"%v %v was last changed in git on %v, %v days ago (more than %v);%v nothing in it changed since: review it, record the review in the document (e.g. a dated review note) and commit it",
	[what, doc, stale.last, stale.days, evidence_max_age_days, evidence_review_note(date)],
)

# evidence_bom_problems: why the cited SBOM (supply_chain.sbom) cannot be read, each as
# "<path> <problem>"; empty when it is fine or when the input carries no evidence for it.
evidence_bom_problems contains m if {
	ref := object.get(object.get(input.manifest, "supply_chain", {}), "sbom", null)
	is_string(ref)
	some entry in evidence_problem_entries(evidence_files[ref])
	m := sprintf("%v %v", [ref, entry.message])
}

evidence_bom_problems contains m if {
	ref := object.get(object.get(input.manifest, "supply_chain", {}), "sbom", null)
	is_string(ref)
	not evidence_files[ref]
	problem := evidence_facts.boms[ref].problem
	is_string(problem)
	m := sprintf("%v %v", [ref, problem])
}
