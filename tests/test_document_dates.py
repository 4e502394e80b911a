"""A document that must be dated names a date that means something: not one in the future,
not one from before 1990, and for a test or evaluation report not one older than the
document age limit (docs/evidence.md, evidence/document_dates.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from ai_security_gate.evidence.document_dates import date_problem, named_dates
from ai_security_gate.pipeline import CheckOptions, run_check
from conftest import TODAY

DAY = dt.date.fromisoformat(TODAY)


@pytest.mark.parametrize(
    ("text", "max_age", "expected"),
    [
        ("Tested on 2026-09-12.", 365, None),
        ("Tested in September 2026.", 365, None),
        ("Tested 7 Sept. 2026.", 365, None),
        ("Run 2026-09-12T10:00:00Z.", 365, None),
        # a next review in the future is fine beside the day it was done
        ("Tested 2026-09-12; next review 2027-09-01.", 365, None),
        ("Tested on 2027-01-05.", 365, "after today"),
        ("Tested on 1970-01-01.", 365, "before 1990"),
        ("Tested on 2025-09-12.", 365, "436 days before today"),
        ("Tested on 2026-09-12.", 30, "71 days before today (more than 30)"),
        # a month counts from its last day: November 2025 is 357 days old, not 386
        ("Tested in November 2025.", 365, None),
        ("Tested on 2026-02-30.", 365, "gives no date"),
        ("Not dated.", 365, "gives no date"),
        # a change log: any date that has passed
        ("## 2019-03-01\n\nFirst release.", None, None),
        ("## 2031-03-01\n\nPlanned.", None, "after today"),
    ],
)
def test_date_rules(text, max_age, expected):
    problem = date_problem(text, "test report", DAY, max_age)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None and expected in problem, problem


def test_the_newest_date_that_has_passed_is_the_documents_own():
    # an old date beside a recent one: the recent one is the document's own
    assert date_problem("Baseline 2023-01-01, retested 2026-10-01.", "r", DAY, 365) is None
    # stale: the future date does not rescue it
    problem = date_problem("Done 2024-01-01; next 2027-01-01.", "r", DAY, 365)
    assert problem is not None and "2024-01-01" in problem


def test_a_file_full_of_dates_is_read_in_bounded_time():
    assert sum(1 for _ in named_dates("2026-01-01 " * 50_000)) == 10_000


def _shift_dates(path: Path, year: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\b2026-(\d\d)", rf"{year}-\1", text)
    path.write_text(text.replace("September 2026", f"September {year}"), encoding="utf-8")


def _findings(repo: Path, **options) -> dict[str, list[str]]:
    decision = run_check(CheckOptions(repo=repo, today=DAY, history=False, **options))
    return {r.provision.id: [f.message for f in r.findings] for r in decision.results}


RED_TEAM = "docs/evaluation/red-team-2026-09.md"


def _dated(messages: list[str]) -> list[str]:
    return [m for m in messages if RED_TEAM in m and "date" in m]


def test_a_recent_report_counts(passing_copy):
    assert _dated(_findings(passing_copy)["5.2.5-1"]) == []


def test_a_report_dated_in_the_future_fails(passing_copy):
    _shift_dates(passing_copy / RED_TEAM, "2027")
    got = _dated(_findings(passing_copy)["5.2.5-1"])
    assert got and all("after today" in m for m in got), got


def test_a_stale_report_fails(passing_copy):
    _shift_dates(passing_copy / RED_TEAM, "2024")
    got = _dated(_findings(passing_copy)["5.2.5-1"])
    assert got and all("out of date" in m for m in got), got


def test_the_document_age_limit_is_the_one_given(passing_copy):
    got = _dated(_findings(passing_copy, document_max_age_days=30)["5.2.5-1"])
    assert got and all("more than 30" in m for m in got), got
