# Helpers for the `met` rules (policies/<package>/met.rego): a provision passes only on a
# positive finding, so these say when something the manifest cites is really there. Portable
# subset only (../shared/reference/rego-engines.md).
package ai_security.lib

import rego.v1

# path_ok(ref): the collect stage found the file or directory the manifest names as `ref`
# inside the repository and recorded no problem with it (missing, empty, placeholder, stale
# content...). A URL, or a run without evidence facts, is never path_ok: nothing was checked.
# For code, tests and configuration, which may be a directory.
# Fields read as references, not object.get (a third of the cost in regorus): a missing
# `exists` fails as `false` would, a missing `problem` passes as "" would. No is_string or
# is_object test: only a string finds an entry among the files, and only an object has an
# `exists` field.
path_ok(ref) if {
	f := evidence_files[ref]
	f.exists == true
	f.inside_repository == true
	object.get(f, "problem", "") == ""
	count(object.get(f, "problems", [])) == 0
}

# file_ok(ref): path_ok, and a regular file: a document, report or plan is never satisfied
# by pointing at a directory (`threat_model.document: docs`). The facts are looked up once
# and the kind, the cheapest test, comes first: this runs for many fields of every model.
# path_ok's tests are written out again, not called: the call was a third of the cost
# (5.7 instead of 9 us in regorus 0.13).
file_ok(ref) if {
	f := evidence_files[ref]
	f.kind == "file"
	f.exists == true
	f.inside_repository == true
	object.get(f, "problem", "") == ""
	count(object.get(f, "problems", [])) == 0
}

# happened(d): a valid date that is not after input.config.today. A date in the future
# records nothing that has happened, so it never earns a pass.
happened(d) if days_since(d) >= 0

# happened_among(dates): the distinct values among dates that happened(d): a rule asking
# about the date of every entry asks once per date (tests of one campaign, datasets
# collected together share one), where a parse costs about 10 us in regorus.
happened_among(dates) := {d | some d in {x | some x in dates}; happened(d)}

# recent(d): happened, and no more than review_max_age_days before today (the date parsed
# once: about 10 us in regorus, for many dates of every model).
recent(d) if {
	days := days_since(d)
	days >= 0
	days <= review_max_age_days
}

# filled(list): the items of a list a person would call filled in (no blank strings, no
# empty objects), in order. A list of strings only (names, uses, mitigations: the usual
# case) is filtered without a call per item: a quarter less in regorus.
filled(list) := [x | some x in list; trim_space(x) != ""] if {
	every x in list {
		is_string(x)
	}
} else := [x | some x in list; has_value(x)]

# test_ok(ref): a cited test (oversight mechanism, custodian control) that is in the
# repository and is a test of its code: it checks something and imports the code it tests
# (evidence/test_files.py). An existing file alone is not a test.
test_ok(ref) if {
	path_ok(ref)
	object.get(evidence_test_files, ref, "not checked") == ""
}
