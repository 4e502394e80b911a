# Tests of the `met` rules: test_<rule>_fires shows the rule earns a pass on a complete,
# evidenced manifest; test_<rule>_passes shows it earns nothing on the gamed variant.
package ai_security.p01_awareness_met_test

import data.ai_security.p01_awareness.met
import rego.v1

good := {"attestations": [
	{"provision": "5.1.1-1", "evidence": "docs/training.md"},
	{"provision": "5.1.1-2.2", "evidence": "https://intranet.example.com/records"},
]}

ok := {"docs/training.md": {"exists": true, "inside_repository": true, "kind": "file"}}

met_for(provision, files) if {
	some m in met with input as {"manifest": good, "evidence": {"files": files}, "config": {"today": "2026-11-22"}}
	m.rule == "training_record_met"
	m.provision == provision
}

test_training_record_met_fires if met_for("5.1.1-1", ok)

# A URL is not checked: the provision stays `attested`, never `pass`.
test_training_record_met_passes if {
	not met_for("5.1.1-2.2", ok)
	not met_for("5.1.1-1", {})
}
