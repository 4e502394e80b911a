# Principle 12: monitor the system's behaviour (EN 304 223 clause 5.4.2).
package ai_security.p12_monitoring

import data.ai_security.lib
import rego.v1

logging := lib.section("logging")

analysis := lib.object_at(logging, "analysis")

performance := lib.object_at(logging, "performance_monitoring")

# METADATA
# title: Logging declared
# description: >-
#   The logging section names what is logged (events), where (destination) and for how long
#   (retention_days).
# custom:
#   provision: ["5.4.2-1"]
#   rule: logging_declared
violations contains v if {
	some key in ["events", "destination", "retention_days"]
	lib.blank(logging, key)
	v := {
		"provision": "5.4.2-1",
		"rule": "logging_declared",
		"message": sprintf("`logging.%v` is missing; say which system and user actions are logged (events), where the logs go (destination) and for how many days they are kept (retention_days)", [key]),
		"path": ["logging", key],
	}
}

# METADATA
# title: Log retention
# description: Logs are kept at least 30 days, long enough to investigate an incident.
# custom:
#   provision: ["5.4.2-1"]
#   rule: log_retention
violations contains v if {
	days := object.get(logging, "retention_days", null)
	is_number(days)
	days < 30
	v := {
		"provision": "5.4.2-1",
		"rule": "log_retention",
		"message": sprintf("logs are kept for %v days, too short to investigate an incident; keep them at least 30 days and update `logging.retention_days:`", [days]),
		"path": ["logging", "retention_days"],
	}
}

# METADATA
# title: Log analysis
# description: Alert rules analyse the logs for anomalies.
# custom:
#   provision: ["5.4.2-2"]
#   rule: log_analysis
violations contains v if {
	lib.blank(analysis, "alerts")
	v := {
		"provision": "5.4.2-2",
		"rule": "log_analysis",
		"message": "logs are not analysed for anomalies; add `logging.analysis.alerts:` with the alert rules and thresholds over the logs",
		"path": ["logging", "analysis", "alerts"],
	}
}

# METADATA
# title: Drift detection
# description: A job checks model outputs for drift.
# custom:
#   provision: ["5.4.2-2"]
#   rule: drift_detection
violations contains v if {
	not lib.enabled(analysis, "drift_detection")
	v := {
		"provision": "5.4.2-2",
		"rule": "drift_detection",
		"message": "nothing checks the model outputs for drift or poisoning; run a drift detection job and set `logging.analysis.drift_detection: true`",
		"path": ["logging", "analysis", "drift_detection"],
	}
}

# METADATA
# title: Internal state monitored
# description: Internal states useful for security analysis are recorded.
# custom:
#   provision: ["5.4.2-3"]
#   rule: internal_state_monitored
violations contains v if {
	lib.blank(logging, "internal_state")
	v := {
		"provision": "5.4.2-3",
		"rule": "internal_state_monitored",
		"message": "no internal state is recorded for security analysis; list the signals kept (e.g. tool_calls, retrieval_results, intermediate steps) in `logging.internal_state`",
		"path": ["logging", "internal_state"],
	}
}

# METADATA
# title: Performance tracked
# description: Performance is tracked on a schedule, with named metrics.
# custom:
#   provision: ["5.4.2-4"]
#   rule: performance_tracked
violations contains v if {
	some key in ["schedule", "metrics"]
	lib.blank(performance, key)
	v := {
		"provision": "5.4.2-4",
		"rule": "performance_tracked",
		"message": sprintf("`logging.performance_monitoring.%v` is missing; track model and system performance on a schedule, with the metrics that would show a behaviour change", [key]),
		"path": ["logging", "performance_monitoring", key],
	}
}
