"""What the decision stage says about an attestation: missing, out of date, or dated in the
future. One place for the text, read by decision.py when it decides and by docgen when it
writes a provision's page, so the page shows what a run prints without running a decision."""

from __future__ import annotations

import datetime as dt


def attestation_missing(provision_id: str) -> str:
    return (
        f"no attestation for {provision_id}; add one under `attestations:` with provision, "
        "statement, owner and date"
    )


def attestation_too_old(provision_id: str, age_days: int, date: dt.date, max_age_days: int) -> str:
    return (
        f"attestation for {provision_id} is {age_days} days old (dated {date}); the maximum "
        f"is {max_age_days}: review it and update its date"
    )


def attestation_in_future(provision_id: str, date: dt.date) -> str:
    return (
        f"attestation for {provision_id} is dated in the future ({date}); use the date it was made"
    )
