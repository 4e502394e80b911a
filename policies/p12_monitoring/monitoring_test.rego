package ai_security.p12_monitoring_test

import data.ai_security.p12_monitoring.violations
import rego.v1

good := {"logging": {
	"events": ["user_prompt", "model_response", "tool_call"],
	"destination": "central SIEM",
	"retention_days": 365,
	"analysis": {"drift_detection": true, "alerts": "infra/monitoring/alerts.yaml"},
	"internal_state": ["tool_calls"],
	"performance_monitoring": {"schedule": "weekly", "metrics": ["answer accuracy"]},
}}

fired(rule, manifest) if {
	some v in violations with input as {"manifest": manifest, "config": {"today": "2026-11-22"}}
	v.rule == rule
}

fired_at(rule, manifest, path) if {
	some v in violations with input as {"manifest": manifest, "config": {"today": "2026-11-22"}}
	v.rule == rule
	v.path == path
}

test_good_manifest_has_no_violations if {
	count(violations) == 0 with input as {"manifest": good, "config": {"today": "2026-11-22"}}
}

test_logging_declared_fires if fired_at("logging_declared", json.remove(good, ["logging/destination"]), ["logging", "destination"])

test_logging_declared_passes if not fired("logging_declared", good)

test_log_retention_fires if {
	fired("log_retention", json.patch(good, [{"op": "replace", "path": "/logging/retention_days", "value": 7}]))
}

test_log_retention_passes if not fired("log_retention", good)

test_log_retention_passes_at_30_days if {
	not fired("log_retention", json.patch(good, [{"op": "replace", "path": "/logging/retention_days", "value": 30}]))
}

test_log_analysis_fires if fired("log_analysis", json.remove(good, ["logging/analysis/alerts"]))

test_log_analysis_passes if not fired("log_analysis", good)

test_drift_detection_fires if fired("drift_detection", json.remove(good, ["logging/analysis"]))

test_drift_detection_passes if not fired("drift_detection", good)

test_internal_state_monitored_fires if fired("internal_state_monitored", json.remove(good, ["logging/internal_state"]))

test_internal_state_monitored_passes if not fired("internal_state_monitored", good)

test_performance_tracked_fires if {
	fired_at("performance_tracked", json.remove(good, ["logging/performance_monitoring/metrics"]), ["logging", "performance_monitoring", "metrics"])
}

test_performance_tracked_passes if not fired("performance_tracked", good)
