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


def parse_day(text: object) -> dt.date:
    """Parse a full calendar date YYYY-MM-DD (as-of dates, case events)."""
    if isinstance(text, dt.date):
        return text
    value = parse_dated(text)
    if value.precision != "day":
        raise ValueError(f"bad date {text!r}: write a full date YYYY-MM-DD")
    return value.start
