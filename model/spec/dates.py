"""Dates with the precision their source gives (year, month or day), and date parsing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_FORMS = (
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
)


@dataclass(frozen=True)
class DatedValue:
    """A date as written in the source: `text` with its `precision`; `start` is the first day."""

    text: str
    precision: str
    start: dt.date


def parse_dated(text: object) -> DatedValue:
    """Parse "2015", "2018-10" or "2019-08-01"; a partial date starts on its first day (Q13)."""
    raw = str(text).strip()
    for pattern, precision in _FORMS:
        match = pattern.match(raw)
        if match:
            parts = [int(p) for p in match.groups()] + [1, 1]
            try:
                start = dt.date(parts[0], parts[1], parts[2])
            except ValueError as exc:
                raise ValueError(f"impossible date {raw!r}: {exc}") from None
            return DatedValue(raw, precision, start)
    raise ValueError(f"bad date {raw!r}: write YYYY, YYYY-MM or YYYY-MM-DD")


# The dates the model accepts, in every command and case file: every term it counts (at most
# some years) stays a valid calendar date, and a typo such as 0216-04-04 or 9016-04-04 is
# caught rather than evaluated. The report describes the rules up to 2019-08-01.
FIRST_DAY = dt.date(1900, 1, 1)
REPORT_HORIZON = dt.date(2019, 8, 1)  # the last change the report describes (Box 1, §5.2.2)
LAST_DAY = dt.date(2999, 12, 31)


def supported(day: dt.date) -> dt.date:
    """`day`, or a ValueError when it lies outside the model's date range."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            f"date {day.isoformat()} is outside the model's range "
            f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}: check the year"
        )
    return day


def parse_day(text: object) -> dt.date:
    """Parse a full calendar date YYYY-MM-DD (as-of dates, case events) in the model's range."""
    if isinstance(text, dt.datetime):
        raise ValueError(f"date {text.isoformat()} has a time: write a date YYYY-MM-DD")
    if isinstance(text, dt.date):
        return supported(text)
    try:
        value = parse_dated(text)
    except ValueError as exc:
        if str(exc).startswith("bad date"):
            raise ValueError(f"bad date {str(text).strip()!r}: write a full date YYYY-MM-DD") from None
        raise
    if value.precision != "day":
        raise ValueError(f"bad date {text!r}: write a full date YYYY-MM-DD")
    return supported(value.start)
