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
