package ai_security.lib_values_test

import data.ai_security.lib
import rego.v1

# has_value and blank are one rule with an `else` chain per type: every type, filled or not
test_filled_values_have_a_value if {
	every v in ["x", " y ", [1], [""], {"a": 1}, true, false, 0, 1.5] {
		lib.has_value(v)
	}
}

test_empty_values_have_none if {
	every v in ["", "  ", [], {}, null] {
		not lib.has_value(v)
	}
}

test_blank_keys if {
	every key in ["absent", "empty", "spaces", "none", "list", "object"] {
		lib.blank({"empty": "", "spaces": " ", "none": null, "list": [], "object": {}}, key)
	}
}

test_filled_keys_are_not_blank if {
	every key in ["text", "flag", "zero", "list", "object"] {
		not lib.blank({"text": "x", "flag": false, "zero": 0, "list": [1], "object": {"a": 1}}, key)
	}
}

test_anything_but_an_object_is_blank if {
	every obj in ["text", 3, null, [1], true, ["key"]] {
		lib.blank(obj, "key")
	}
}

# blank is valued true or false: `not` must hold on a filled key through each early branch
# (string, list) and through has_value (number, boolean, object), and fail on a blank one
test_blank_is_valued_false_only_when_filled if {
	filled := {"s": "x", "l": [""], "n": 0, "b": false, "o": {"a": null}}
	blank_ones := {"e": "", "w": " \t", "el": [], "eo": {}, "z": null}
	every key, _ in filled {
		lib.blank(filled, key) == false
		not lib.blank(filled, key)
	}
	every key in ["e", "w", "el", "eo", "z", "absent"] {
		lib.blank(blank_ones, key) == true
	}
}

# file_ok and path_ok test the file's facts without a helper call: every fact that makes a
# file unusable must still stop both (only a regular file is file_ok; a directory is path_ok)
usable_files := {
	"doc.md": {"exists": true, "inside_repository": true, "kind": "file"},
	"code": {"exists": true, "inside_repository": true, "kind": "directory"},
	"gone.md": {"exists": false, "inside_repository": true, "kind": "file"},
	"outside.md": {"exists": true, "inside_repository": false, "kind": "file"},
	"noflags.md": {"kind": "file"},
	"placeholder.md": {"exists": true, "inside_repository": true, "kind": "file", "problem": "is a placeholder"},
	"empty-problem.md": {"exists": true, "inside_repository": true, "kind": "file", "problem": ""},
	"sections.md": {"exists": true, "inside_repository": true, "kind": "file", "problems": [{"message": "lacks a section"}]},
	"no-problems.md": {"exists": true, "inside_repository": true, "kind": "file", "problems": []},
	"text": "not facts",
}

# (`with` on each call: regorus 0.13 does not apply it inside a comprehension)
test_file_ok_and_path_ok_read_every_fact if {
	every ref in ["doc.md", "empty-problem.md", "no-problems.md"] {
		lib.file_ok(ref) with input.evidence.files as usable_files
		lib.path_ok(ref) with input.evidence.files as usable_files
	}
	lib.path_ok("code") with input.evidence.files as usable_files
	not lib.file_ok("code") with input.evidence.files as usable_files
	every ref in ["gone.md", "outside.md", "noflags.md", "placeholder.md", "sections.md", "text"] {
		not lib.file_ok(ref) with input.evidence.files as usable_files
		not lib.path_ok(ref) with input.evidence.files as usable_files
	}
}

test_file_ok_and_path_ok_need_a_known_path if {
	every ref in [null, 3, ["doc.md"], {"doc.md": 1}, "missing.md", "https://example.com/doc.md"] {
		not lib.file_ok(ref) with input.evidence.files as usable_files
		not lib.path_ok(ref) with input.evidence.files as usable_files
	}
	not lib.file_ok("doc.md") with input.evidence as {}
}

# hex_id replaces a regular expression: it must agree with it on every kind of near miss
# (lengths, case, non-hex letters, whitespace and a trailing newline, the prefix alone,
# non-ASCII characters), on both engines.
hex_id_pattern := `^([0-9a-f]{40}|[0-9a-f]{64}|sha256:[0-9a-f]{64})$`

hex_id_cases := [
	concat("", [hex40]), concat("", [hex40, hex24]), concat("", ["sha256:", hex40, hex24]),
	concat("", [hex40, "0"]), substring(hex40, 0, 39), concat("", [hex40, hex24, "0"]),
	concat("", ["sha256:", hex40, hex24, "0"]), concat("", ["sha256:", hex40]), "sha256:",
	concat("", ["SHA256:", hex40, hex24]), concat("", ["sha256:", upper(hex40), hex24]), upper(hex40),
	concat("", [substring(hex40, 0, 39), "g"]), concat("", [substring(hex40, 0, 39), " "]),
	concat("", [hex40, "\n"]), concat("", ["\n", substring(hex40, 0, 39)]),
	concat("", [" ", substring(hex40, 0, 39)]), concat("", [substring(hex40, 0, 39), "é"]),
	concat("", [substring(hex40, 0, 38), "é"]), concat("", [substring(hex40, 0, 39), "ａ"]),
	concat("", ["sha256:", hex40, substring(hex24, 0, 23), "-"]), concat("", ["sha256 ", hex40, hex24]),
	concat("", ["sha256:sha256:", hex40, hex24]), concat("", ["sha256:", hex40, hex24, "sha256:"]),
	"", "main", "v1", "HEAD~0", "TODO-commit-id", "refs/heads/main", concat("", [hex24, hex24]),
]

hex40 := "0123456789abcdef0123456789abcdef01234567"

hex24 := "89abcdef0123456789abcdef"

test_hex_id_agrees_with_the_pattern if {
	every s in hex_id_cases {
		regex.match(hex_id_pattern, s) == hex_id_result(s)
	}
}

hex_id_result(s) if {
	lib.hex_id(s)
} else := false

test_hex_id_cases_hold_both_answers if {
	some s in hex_id_cases
	lib.hex_id(s)
	some t in hex_id_cases
	not lib.hex_id(t)
}

# object_at and list_at read by reference: absent keys, values of another type and holders
# that are no object at all give the empty default, on both engines
test_object_at_and_list_at_defaults if {
	lib.object_at({"o": {"a": 1}}, "o") == {"a": 1}
	lib.list_at({"l": [1]}, "l") == [1]
	every holder in [{}, {"o": [1], "l": {"a": 1}}, {"o": "x", "l": "x"}, {"o": null, "l": null}, [1], "text", 3, null] {
		lib.object_at(holder, "o") == {}
		lib.list_at(holder, "l") == []
	}
}

# happened_among: each distinct date that is valid and not after today, once; future,
# malformed and non-dates are left out, and a repeated date counts once (an impossible day
# such as 2026-02-30 is a built-in error in both engines: the pipeline drops it first)
test_happened_among if {
	got := lib.happened_among(["2026-01-02", "2026-01-02", "2026-11-22", "2026-11-23", "2026-13-01", "soon", 3, null]) with input.config.today as "2026-11-22"
	got == {"2026-01-02", "2026-11-22"}
}

test_happened_among_without_today_is_empty if {
	count(lib.happened_among(["2026-01-02"])) == 0 with input.config as {}
}

# filled keeps the filled items in order, through the strings-only way and the mixed one
test_filled_strings_only if {
	lib.filled(["b", " ", "a", "", " c "]) == ["b", "a", " c "]
	lib.filled([]) == []
}

test_filled_mixed_items if {
	lib.filled(["b", null, [], [1], {}, {"k": 1}, false, 0, "  ", "a"]) == ["b", [1], {"k": 1}, false, 0, "a"]
}

# trained_here reads `source` by reference: a holder that is no object is not trained here
# (no built-in error in either engine)
test_trained_here_sources if {
	lib.trained_here({"source": "in_house"})
	lib.trained_here({"source": "fine_tuned"})
	every m in [{"source": "third_party"}, {}, {"source": null}, "fine_tuned", ["fine_tuned"], null, 3] {
		not lib.trained_here(m)
	}
}

# enabled and public_data read flags by reference: only a literal true counts, and a holder
# that is no object enables nothing (no built-in error in either engine)
test_enabled_only_on_true if {
	lib.enabled({"k": true}, "k")
	every holder in [{"k": false}, {"k": "true"}, {"k": 1}, {}, {"k": null}, "k", ["k"], null, 3] {
		not lib.enabled(holder, "k")
	}
}

test_public_data_by_flag_or_origin if {
	lib.public_data({"public_source": true})
	lib.public_data({"public_source": false, "origin": "HTTPS://example.com/data"})
	every d in [{"public_source": "true"}, {"origin": "s3://bucket/d"}, {"origin": 3}, {}, "https://example.com", null] {
		not lib.public_data(d)
	}
}

# the change rules' joins by name: a lookup when base names are distinct, a scan when a name
# repeats (both entries found), nothing outside pull-request mode
pr_input(base_models, head_models) := {
	"manifest": {"models": head_models},
	"evidence": {"git": {"changes_available": true, "base_manifest": {"models": base_models}}},
}

test_evidence_base_named_distinct_and_repeated if {
	distinct := [{"name": "a", "v": 1}, {"name": "b"}, "not an object", {"v": 3}]
	lib.evidence_base_named("models", "a") == [{"name": "a", "v": 1}] with input as pr_input(distinct, [])
	lib.evidence_base_named("models", "c") == [] with input as pr_input(distinct, [])
	lib.evidence_base_named("models", null) == [{"v": 3}] with input as pr_input(distinct, [])
	repeated := [{"name": "a", "v": 1}, {"name": "b"}, {"name": "a", "v": 2}]
	lib.evidence_base_named("models", "a") == [{"name": "a", "v": 1}, {"name": "a", "v": 2}] with input as pr_input(repeated, [])
	lib.evidence_base_named("models", "a") == [] with input as {"manifest": {}}
}

test_evidence_base_dropped_reads_the_head_once if {
	base := [{"name": "a"}, {"name": "b"}, {"v": 1}, "x"]
	lib.evidence_base_dropped("models", "name") == [{"name": "b"}, {"v": 1}] with input as pr_input(base, [{"name": "a"}])
	lib.evidence_base_dropped("models", "name") == [{"name": "b"}] with input as pr_input(base, [{"name": "a"}, {"v": 2}])
}

# key_groups/grouped: every item of a key, however often it repeats and whatever its type,
# none for an absent key; the same on both engines (which may order types differently)
test_key_groups if {
	pairs := [["b", 1], ["a", 2], ["b", 3], [null, 4], [1, 5], ["b", 0], [["b"], 6], [{"b": 1}, 7], ["1", 8]]
	g := lib.key_groups(pairs)
	lib.grouped(g, "b") == [0, 1, 3]
	lib.grouped(g, "a") == [2]
	lib.grouped(g, null) == [4]
	lib.grouped(g, 1) == [5]
	lib.grouped(g, "1") == [8]
	lib.grouped(g, ["b"]) == [6]
	lib.grouped(g, {"b": 1}) == [7]
	lib.grouped(g, "c") == []
	lib.grouped(lib.key_groups([]), "b") == []
}
