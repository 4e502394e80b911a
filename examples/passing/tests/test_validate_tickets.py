"""The data custodian's control on the support tickets: no personal data reaches fine-tuning.

pipelines/validate_tickets.py must reject a ticket that still holds an e-mail address, a phone
number or a card number, or that never went through PII scrubbing, and accept a scrubbed one.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pipelines"))

from validate_tickets import check_record

SCRUBBED = {
    "ticket_id": "ZD-2025-000184",
    "created": "2025-01-07",
    "channel": "web_chat",
    "language": "en",
    "subject": "Order not arrived",
    "customer_message": "My order [ORDER_ID] has not moved for three days. Mail me at [EMAIL].",
    "agent_reply": "Sorry for the wait. The carrier reports a depot delay.",
    "tags": ["delivery"],
    "pii_scrubbed": True,
}


def test_a_scrubbed_ticket_is_accepted():
    assert check_record(SCRUBBED) == []


def test_leftover_personal_data_is_rejected():
    for text in (
        "mail me at jane.doe@example.com",
        "call +44 20 7946 0958",
        "card 4111 1111 1111 1111",
    ):
        problems = check_record({**SCRUBBED, "customer_message": text})
        assert any("customer_message contains" in p for p in problems), text


def test_an_unscrubbed_ticket_is_rejected():
    assert "record has not been through PII scrubbing" in check_record(
        {**SCRUBBED, "pii_scrubbed": False}
    )
