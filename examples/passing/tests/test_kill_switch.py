"""Human oversight for T1: an operator can stop all tool use at once."""

import pytest
from helpdesk.oversight import KillSwitch, ToolUseStoppedError


def lookup(order_id):
    return {"order": order_id, "status": "dispatched"}


def test_tools_run_while_the_switch_is_released():
    switch = KillSwitch()
    assert switch.call("order-lookup", lookup, "A-1")["status"] == "dispatched"


def test_engaged_switch_stops_every_tool_call():
    switch = KillSwitch()
    switch.set(True, by="oncall-ops", reason="suspected prompt injection campaign")
    with pytest.raises(ToolUseStoppedError):
        switch.call("order-lookup", lookup, "A-1")


def test_every_change_is_recorded_for_the_audit_log():
    switch = KillSwitch()
    switch.set(True, by="oncall-ops", reason="incident INC-2291")
    switch.set(False, by="oncall-ops", reason="mitigation deployed")
    assert [(on, who) for _, on, who, _ in switch.history] == [
        (True, "oncall-ops"),
        (False, "oncall-ops"),
    ]
    assert not switch.engaged
