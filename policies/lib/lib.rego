# Helpers shared by the principle packages. Portable subset only (see
# ../shared/reference/rego-engines.md): every engine must agree on every result.
package ai_security.lib

import rego.v1

# has_value holds for a value a person would call "filled in". One rule with an `else` chain,
# not five bodies: the chain stops at the type that matches (the bodies exclude each other),
# and regorus evaluates every body of a function on each call: with one per type, this and
# `blank` cost about twice as much, on every field of every model (issue 15).
has_value(v) if {
	is_string(v)
	trim_space(v) != ""
} else if {
	is_array(v)
	count(v) > 0
} else if {
	is_object(v)
	count(v) > 0
} else if {
	is_boolean(v)
} else if {
	is_number(v)
}

# blank(obj, key): the key is absent, null, an empty string or an empty list; or obj is no
# object at all (object.get on one is a built-in error in regorus, undefined in OPA). key is
# a field name (a string). Valued true or false (`not lib.blank(...)` holds on false as on
# undefined) so that the usual cases end early: a filled string, then a filled list, read
# by reference (undefined, not an error, on a holder that is no object); an absent or null
# key before has_value's five type tests. In regorus 0.13 a call costs 4.4 instead of 7 us
# for a filled string, 5.5 instead of 10 for a list, 7 instead of 12 for an absent key
# (issue 15: 114 call sites, many run for every model or dataset).
blank(obj, key) := false if {
	v := obj[key]
	is_string(v)
	trim_space(v) != ""
} else := false if {
	v := obj[key]
	is_array(v)
	count(v) > 0
} else := true if {
	not is_object(obj)
} else := true if {
	object.get(obj, key, null) == null
} else := true if {
	not has_value(obj[key])
} else := false

# hex_id(s): s is a 40- or 64-digit lowercase hex id (a commit id, a SHA-256) or "sha256:"
# and 64 hex digits: what `^([0-9a-f]{40}|[0-9a-f]{64}|sha256:[0-9a-f]{64})$` matches, at
# half its cost in regorus (which compiles a pattern on every call). trim leaves "" only
# when every character is a hex digit, and then count (characters) is the length.
hex_id(s) if {
	count(s) in {40, 64}
	trim(s, "0123456789abcdef") == ""
} else if {
	startswith(s, "sha256:")
	count(s) == 71
	trim(trim_prefix(s, "sha256:"), "0123456789abcdef") == ""
}

# section(name): a top-level manifest section, {} when absent, so rules can read its keys.
section(name) := s if {
	s := object.get(input.manifest, name, {})
	is_object(s)
} else := {}

# entries(name): a top-level list section, [] when absent.
entries(name) := s if {
	s := object.get(input.manifest, name, [])
	is_array(s)
} else := []

# date_ns(d): a YYYY-MM-DD string in nanoseconds since the epoch; undefined otherwise.
# The pipeline drops dates the schema rejects, so the parse cannot fail on real input.
date_ns(d) := ns if {
	is_string(d)
	regex.match(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`, d)
	ns := time.parse_rfc3339_ns(concat("", [d, "T00:00:00Z"]))
}

day_ns := 86400000000000

# days_since(d): whole days from d to input.config.today; undefined when either is no date.
days_since(d) := days if {
	days := floor((today_ns - date_ns(d)) / day_ns)
}

# input.config.today parsed once per evaluation, not once per date compared with it
today_ns := date_ns(input.config.today)

# true when the value is true (absent or false is not enabled). Read by reference: a third
# of object.get's cost in regorus, and undefined (not a built-in error) on a non-object.
enabled(obj, key) if obj[key] == true

# object_at(obj, key): the object under key; {} when absent or not an object, so a rule can
# read its keys without a built-in error on a manifest the schema has already rejected.
# Read by reference, not object.get: the same answer (also when obj is no object) at
# two thirds of the cost in regorus; this and list_at run for many fields of every model.
object_at(obj, key) := v if {
	v := obj[key]
	is_object(v)
} else := {}

# list_at(obj, key): the list under key; [] when absent or not a list.
list_at(obj, key) := v if {
	v := obj[key]
	is_array(v)
} else := []

# records(list): index -> item for the items that are objects; `some i, x in records(l)`
# keeps each item's index for the violation path.
records(list) := {i: x | some i, x in list; is_object(x)}

# The roles the repository plays here (input.config.roles); every role when none is given,
# the same safe default as the decision stage.
configured_roles := r if {
	r := input.config.roles
	is_array(r)
} else := ["developer", "system_operator", "data_custodian", "end_user"]

plays(role) if role in configured_roles

# How old a review date (threat model, access control, exercises, supplier due diligence)
# may be before a rule reports it as out of date (input.config, option --review-max-age).
review_max_age_days := n if {
	n := input.config.review_max_age_days
	is_number(n)
} else := 365

# stale(d): a date more than review_max_age_days before input.config.today.
stale(d) if days_since(d) > review_max_age_days

# sensitive_data(d): a dataset that may hold personal or confidential data, read strictly as
# the applicability conditions read it (claims.py): it is not sensitive only when declared
# `personal_data: false` AND classified public or internal, and its cited file's header shows
# no personal-data column. Leaving a fact out never switches a control off. The only
# definition: every policy calls this one.
# One rule with an else chain: regorus evaluates every body of a function on every call.
sensitive_data(d) if {
	not is_object(d)
} else if {
	not object.get(d, "personal_data", null) == false
} else if {
	not object.get(d, "classification", null) in {"public", "internal"}
} else if {
	path := object.get(d, "path", null)
	is_string(path)
	count(object.get(evidence_personal_columns, path, [])) > 0
}

# sensitive_reason(d): why sensitive_data(d) holds, for messages (a strict reading must say
# that it is one, or the user cannot tell what to fix). d must be an object: callers iterate
# dataset records.
sensitive_reason(d) := sprintf("its file %v shows personal-data columns: %v", [d.path, concat(", ", columns)]) if {
	is_object(d)
	is_string(object.get(d, "path", null))
	columns := [c | some c in object.get(evidence_personal_columns, d.path, []); is_string(c)]
	count(columns) > 0
} else := "declared personal" if {
	object.get(d, "personal_data", null) == true
} else := sprintf("classified %v", [d.classification]) if {
	object.get(d, "classification", null) in {"confidential", "restricted"}
} else := "it leaves out `personal_data:`, so it may hold personal data" if {
	not object.get(d, "personal_data", null) == false
} else := "it leaves out `classification:`, so it may be confidential"

# trained_here(m): a model trained (in_house) or fine-tuned here, so it consumes training data.
# Read by reference: a third of object.get's cost in regorus, and undefined (not a built-in
# error) when m is no object.
trained_here(m) if m.source in {"in_house", "fine_tuned"}

# public_data(d): a dataset from a public source: declared `public_source: true`, or derived
# from an http(s) origin (a flag left out cannot hide where the data came from). Fields read
# by reference: cheaper than object.get in regorus, and undefined (not a built-in error) when
# d is no object.
public_data(d) if {
	d.public_source == true # lib.enabled written out: this runs for every dataset
} else if {
	origin := d.origin
	is_string(origin)
	some scheme in ["http://", "https://"]
	startswith(lower(origin), scheme)
}

# training_use(u): an approved use that allows training or fine-tuning a model on the data.
training_use(u) if {
	is_string(u)
	normal := replace(replace(lower(trim_space(u)), "_", "-"), " ", "-")
	normal in {"training", "train", "fine-tuning", "finetuning", "fine-tune", "pre-training", "pretraining", "retraining"}
}

# Grouping by key without a quadratic scan, for joins by name where a name may repeat.
# key_groups(pairs): [key, item] pairs grouped by key: sorted (O(n log n)), with each key's
# first and last position. Rego has no group-by; an object comprehension keyed by a value
# that repeats with another value is an evaluation error, and scanning every pair for each
# key looked up is quadratic. Build it once in a rule (a function is recomputed on every
# call), then look keys up with grouped(g, key). Equal keys are adjacent in any total order,
# so the engines need not sort values of different types alike. The sorted array is read in
# place, never passed to a helper per pair: that cost about 0.15 s for 1,000 base models in
# regorus 0.13 (measured), against a few ms here.
key_groups(pairs) := {"sorted": sorted, "first": first, "last": last} if {
	sorted := sort(pairs)
	end := count(sorted) - 1
	first := object.union(
		{p[0]: 0 | p := sorted[0]},
		{p[0]: k | some k, p in sorted; k > 0; before := sorted[k - 1]; before[0] != p[0]},
	)
	last := object.union(
		{p[0]: end | p := sorted[end]},
		{p[0]: k | some k, p in sorted; k < end; after := sorted[k + 1]; after[0] != p[0]},
	)
}

# grouped(g, key): the items whose key is key, in sorted order; [] when none
grouped(g, key) := [g.sorted[k][1] | some k in numbers.range(g.first[key], g.last[key])]
