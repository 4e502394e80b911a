package ai_security.p08_documentation_test

import data.ai_security.p08_documentation.met
import data.ai_security.p08_documentation.violations
import rego.v1

url_card := {"path": ["models", 0, "model_card"], "uri": "https://huggingface.co/o/m/blob/main/README.md", "pinned": false, "problem": "names no immutable revision"}

url_card_pinned := {"path": ["models", 0, "model_card"], "uri": "https://huggingface.co/o/m/blob/0123456789abcdef0123456789abcdef01234567/README.md", "pinned": true, "pin": "commit in uri"}

url_guide := {"path": ["end_users", "documentation"], "uri": "https://docs.example.org/guide", "pinned": false, "problem": "names no immutable revision"}

url_guide_pinned := {"path": ["end_users", "documentation"], "uri": "https://docs.example.org/guide?version=3", "pinned": true, "pin": "version in uri"}

url_input(urls) := {"manifest": {}, "evidence": {"files": {}, "document_urls": urls}, "config": {"today": "2026-11-22"}}

url_fired(rule, inp) if {
	some v in violations with input as inp
	v.rule == rule
}

url_met(rule, inp) if {
	some m in met with input as inp
	m.rule == rule
}

test_model_card_url_pinned_fires if {
	url_fired("model_card_url_pinned", url_input([url_card]))
	not url_met("model_card_url_pinned", url_input([url_card]))
}

test_model_card_url_pinned_passes if {
	not url_fired("model_card_url_pinned", url_input([url_card_pinned]))
	url_met("model_card_url_pinned", url_input([url_card_pinned]))
}

test_user_guide_url_pinned_fires if {
	url_fired("user_guide_url_pinned", url_input([url_guide]))
	not url_fired("model_card_url_pinned", url_input([url_guide]))
}

test_user_guide_url_pinned_passes if {
	not url_fired("user_guide_url_pinned", url_input([url_guide_pinned]))
	url_met("user_guide_url_pinned", url_input([url_guide_pinned]))
}
