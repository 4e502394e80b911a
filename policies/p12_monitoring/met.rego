# Principle 12 (clause 5.4.2), positive findings: what the manifest and the repository show is
# in place. A provision passes only on one of these (an empty section earns nothing).
package ai_security.p12_monitoring

import data.ai_security.lib
import rego.v1

# METADATA
# title: Logging in place
# description: The logged events, their destination and a retention of at least 30 days are declared.
# custom:
#   provision: ["5.4.2-1"]
#   rule: logging_met
met contains m if {
	events := lib.filled(lib.list_at(logging, "events"))
	count(events) > 0
	not lib.blank(logging, "destination")
	days := logging.retention_days
	is_number(days)
	days >= 30
	m := {
		"provision": "5.4.2-1",
		"rule": "logging_met",
		"what": sprintf("%v event kinds logged to %v, kept %v days", [count(events), logging.destination, days]),
		"path": ["logging"],
	}
}

# METADATA
# title: Logs analysed
# description: The alert rules are in the repository and model outputs are checked for drift.
# custom:
#   provision: ["5.4.2-2"]
#   rule: log_analysis_met
met contains m if {
	lib.path_ok(analysis.alerts)
	lib.enabled(analysis, "drift_detection")
	m := {
		"provision": "5.4.2-2",
		"rule": "log_analysis_met",
		"what": sprintf("alert rules %v; drift detection on", [analysis.alerts]),
		"path": ["logging", "analysis"],
	}
}

# METADATA
# title: Internal state recorded
# description: The internal states recorded for security analysis are named.
# custom:
#   provision: ["5.4.2-3"]
#   rule: internal_state_met
met contains m if {
	states := lib.filled(lib.list_at(logging, "internal_state"))
	count(states) > 0
	m := {
		"provision": "5.4.2-3",
		"rule": "internal_state_met",
		"what": sprintf("internal state recorded: %v", [concat(", ", [sprintf("%v", [s]) | some s in states])]),
		"path": ["logging", "internal_state"],
	}
}

# METADATA
# title: Performance tracked
# description: Performance is tracked on a schedule with named metrics.
# custom:
#   provision: ["5.4.2-4"]
#   rule: performance_met
met contains m if {
	not lib.blank(performance, "schedule")
	metrics := lib.filled(lib.list_at(performance, "metrics"))
	count(metrics) > 0
	m := {
		"provision": "5.4.2-4",
		"rule": "performance_met",
		"what": sprintf("%v: %v", [performance.schedule, concat(", ", [sprintf("%v", [x]) | some x in metrics])]),
		"path": ["logging", "performance_monitoring"],
	}
}
