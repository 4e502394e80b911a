"""Validate and sanitise-check the support-ticket export before fine-tuning or evaluation.

Run by the training pipeline on every (re)training and in CI when data/ changes:

    python pipelines/validate_tickets.py data/support-tickets-2025.jsonl

Exits 1 and lists every problem when a record is malformed, still holds personal data that
the scrubbing step should have replaced, or looks like an attempt to plant instructions.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REQUIRED = {
    "ticket_id": str,
    "created": str,
    "channel": str,
    "language": str,
    "subject": str,
    "customer_message": str,
    "agent_reply": str,
    "tags": list,
    "pii_scrubbed": bool,
}
CHANNELS = {"web_chat", "email"}
MAX_TEXT = 4000
TICKET_ID = re.compile(r"^ZD-\d{4}-\d{6}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Personal data the scrubber replaces with [EMAIL], [PHONE], [CARD_LAST4], ... placeholders.
PII = {
    "an email address": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    "a phone number": re.compile(r"\+?\d[\d ()-]{8,}\d"),
    "a card number": re.compile(r"\b(?:\d[ -]?){13,19}\b"),
}
# Text that addresses the model rather than the agent: a sign of poisoning attempts.
INJECTION = re.compile(
    r"ignore (all |any )?(previous|prior) instructions|system prompt|you are now|<\s*script",
    re.IGNORECASE,
)


def check_record(record: object) -> list[str]:
    if not isinstance(record, dict):
        return ["not a JSON object"]
    problems = [
        f"'{key}' missing or not {kind.__name__}"
        for key, kind in REQUIRED.items()
        if not isinstance(record.get(key), kind)
    ]
    if problems:
        return problems
    if not TICKET_ID.match(record["ticket_id"]):
        problems.append(f"bad ticket_id {record['ticket_id']!r}")
    if not DATE.match(record["created"]):
        problems.append(f"bad created date {record['created']!r}")
    if record["channel"] not in CHANNELS:
        problems.append(f"unknown channel {record['channel']!r}")
    if not record["pii_scrubbed"]:
        problems.append("record has not been through PII scrubbing")
    for field in ("subject", "customer_message", "agent_reply"):
        text = record[field]
        if not text.strip() or len(text) > MAX_TEXT:
            problems.append(f"{field} is empty or longer than {MAX_TEXT} characters")
        problems += [f"{field} contains {what}" for what, rx in PII.items() if rx.search(text)]
        if INJECTION.search(text):
            problems.append(f"{field} contains instruction-like text (possible poisoning)")
    return problems


def validate(path: Path) -> list[str]:
    errors: list[str] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{path}:{number}: not valid JSON: {exc.msg}")
                continue
            errors += [f"{path}:{number}: {p}" for p in check_record(record)]
            ticket = record.get("ticket_id") if isinstance(record, dict) else None
            if ticket in seen:
                errors.append(f"{path}:{number}: duplicate ticket {ticket}")
            seen.add(ticket)
    return errors


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else "data/support-tickets-2025.jsonl")
    errors = validate(path)
    for error in errors:
        print(error, file=sys.stderr)
    print(f"{path}: {'FAILED' if errors else 'ok'} ({len(errors)} problems)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
