# Helpers shared by the principle packages. Portable subset only (see
# ../shared/reference/rego-engines.md): every engine must agree on every result.
package ai_security.lib

import rego.v1

# has_value holds for a value a person would call "filled in".
has_value(v) if {
	is_string(v)
	trim_space(v) != ""
}

has_value(v) if {
	is_array(v)
	count(v) > 0
}

has_value(v) if is_boolean(v)

has_value(v) if is_number(v)

has_value(v) if {
	is_object(v)
	count(v) > 0
}

# blank(obj, key): the key is absent, null, an empty string or an empty list.
blank(obj, key) if not has_value(object.get(obj, key, null))

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
	days := floor((date_ns(input.config.today) - date_ns(d)) / day_ns)
}

# true when the value is true (absent or false is not enabled)
enabled(obj, key) if object.get(obj, key, false) == true
