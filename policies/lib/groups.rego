# Grouping by key without a quadratic scan, for joins by name where a name may repeat.
# Portable subset only (../shared/reference/rego-engines.md).
package ai_security.lib

import rego.v1

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
