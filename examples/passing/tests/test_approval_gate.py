"""Human oversight for T1 and T6: drafted replies and account actions need an agent's approval."""

import pytest
from helpdesk.oversight import ApprovalGate, ApprovalRequiredError, Draft


def test_unapproved_draft_is_not_released():
    gate = ApprovalGate()
    with pytest.raises(ApprovalRequiredError):
        gate.release(Draft("d-1", "Your parcel arrives tomorrow."))


def test_approved_draft_is_released_with_the_approving_agent():
    gate = ApprovalGate()
    draft = Draft("d-2", "Your parcel arrives tomorrow.")
    gate.approve(draft, agent="agent-17")
    assert gate.release(draft) == "agent-17"


def test_approval_does_not_survive_an_edit_after_approval():
    gate = ApprovalGate()
    gate.approve(Draft("d-3", "We will send a replacement."), agent="agent-17")
    edited = Draft("d-3", "We will send a replacement and refund the order.", ("refunds:create",))
    with pytest.raises(ApprovalRequiredError):
        gate.release(edited)


@pytest.mark.parametrize("tool", ["orders:cancel", "refunds:create", "address:update"])
def test_account_changing_tools_need_approval(tool):
    assert ApprovalGate.needs_approval(tool)


def test_read_only_lookup_does_not_need_approval():
    assert not ApprovalGate.needs_approval("orders:read")
