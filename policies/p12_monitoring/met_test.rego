# Tests of the `met` rules: test_<rule>_fires shows the rule earns a pass on a complete,
# evidenced manifest; test_<rule>_passes shows it earns nothing on the gamed variant.
package ai_security.p12_monitoring_met_test

import data.ai_security.p12_monitoring.met
import rego.v1

good := {"logging": {
	"events": ["user_prompt"],
	"destination": "SIEM",
	"retention_days": 365,
	"analysis": {"drift_detection": true, "alerts": "infra/alerts.yaml"},
	"internal_state": ["tool_calls"],
	"performance_monitoring": {"schedule": "weekly", "metrics": ["accuracy"]},
}}

ok := {"infra/alerts.yaml": {"exists": true, "inside_repository": true, "kind": "file"}}

earned(rule, manifest, files) if {
	some m in met with input as {"manifest": manifest, "evidence": {"files": files}, "config": {"today": "2026-11-22"}}
	m.rule == rule
}

patched(ops) := json.patch(good, ops)

test_logging_met_fires if earned("logging_met", good, ok)

test_logging_met_passes if {
	not earned("logging_met", patched([{"op": "replace", "path": "/logging/retention_days", "value": 7}]), ok)
	not earned("logging_met", patched([{"op": "replace", "path": "/logging/events", "value": []}]), ok)
}

test_log_analysis_met_fires if earned("log_analysis_met", good, ok)

test_log_analysis_met_passes if not earned("log_analysis_met", good, {})

test_internal_state_met_fires if earned("internal_state_met", good, ok)

test_internal_state_met_passes if not earned("internal_state_met", patched([{"op": "replace", "path": "/logging/internal_state", "value": []}]), ok)

test_performance_met_fires if earned("performance_met", good, ok)

test_performance_met_passes if not earned("performance_met", patched([{"op": "replace", "path": "/logging/performance_monitoring/metrics", "value": []}]), ok)
