"""A document that must be dated names a date that means something.

The rules (docs/evidence.md, and the pages of the provisions the documents serve):

- The dates a document names are YYYY-MM-DD, YYYY-MM, "March 2026" and "5 March 2026".
  A day that does not exist (2026-02-30) is no date.
- A date after today has not happened: it cannot be when the document was written or the
  test run. A document may name one (a next review), but only a date that has passed counts.
- A date before FLOOR is a reference to history (a standard's year, a dataset's origin),
  never the date of the evidence.
- A document's own date is the newest date it names that counts. The gate cannot tell which
  date a sentence means, so the newest is the most generous reading; a report that names no
  recent date at all is then certainly out of date.
- For reports of something done at a point in time (security tests, evaluations: `names:
  recent_date`), that date must be no more than the document age limit before today
  (`--document-max-age`, 365 days by default, the same limit as the history check). A
  month-only date counts from the month's last day (or today, if earlier).
- A change log is a record, not an event: its newest entry may be old when nothing changed.
  It must name a date that has passed, and the history check judges its freshness.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

FLOOR = dt.date(1990, 1, 1)
MAX_DATES = 10_000  # a hostile file full of dates: the newest of the first ones is enough

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATES = re.compile(
    r"(?<!\w)(?:(?P<y>\d{4})-(?P<m>\d\d)(?:-(?P<d>\d\d))?"
    rf"|(?:(?P<d2>\d{{1,2}}) )?(?P<mon>{_MONTH})\.? (?P<y2>\d{{4}}))(?!(?!T\d)\w|-\d)",
    re.IGNORECASE,
)


def named_dates(text: str) -> Iterator[tuple[dt.date, dt.date]]:
    """(first day, last day) of each valid date the text names: a day is both."""
    for n, match in enumerate(_DATES.finditer(text)):
        if n >= MAX_DATES:
            return
        g = match.groupdict()
        try:
            year = int(g["y"] or g["y2"])
            month = int(g["m"]) if g["m"] else _MONTHS[g["mon"].lower()]
            day = g["d"] or g["d2"]
            if day:
                first = last = dt.date(year, month, int(day))
            else:
                first = dt.date(year, month, 1)
                last = dt.date(year, month, calendar.monthrange(year, month)[1])
        except (ValueError, KeyError):
            continue
        yield first, last


def date_problem(text: str, title: str, today: dt.date, max_age_days: int | None) -> str | None:
    """Why the document's date does not count, or None. `max_age_days` None: any date that
    has passed counts (a change log)."""
    happened: dt.date | None = None
    future: dt.date | None = None
    ancient: dt.date | None = None
    for first, last in named_dates(text):
        if first > today:
            future = first if future is None else min(future, first)
        elif last < FLOOR:
            ancient = last if ancient is None else max(ancient, last)
        else:
            own = min(last, today)
            happened = own if happened is None else max(happened, own)
    if happened is None:
        if future is None and ancient is None:
            return f"gives no date (YYYY-MM-DD, or month and year); a {title} is dated"
        seen = []
        if future is not None:
            seen.append(f"{future.isoformat()}, after today ({today.isoformat()})")
        if ancient is not None:
            seen.append(f"{ancient.isoformat()}, before {FLOOR.year}")
        return (
            f"gives no date that can be its own: it names only {' and '.join(seen)}; date the "
            f"{title} with the day it was done"
        )
    if max_age_days is not None:
        age = (today - happened).days
        if age > max_age_days:
            return (
                f"is out of date: the newest date it names is {happened.isoformat()}, {age} days "
                f"before today (more than {max_age_days}); a {title} that old is not current "
                "evidence: run it again and date the new one"
            )
    return None
