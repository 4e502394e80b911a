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
	every obj in ["text", 3, null, [1], true] {
		lib.blank(obj, "key")
	}
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
