"""Algemene termijnenwet (Atw): a statutory term whose last day is a Saturday, a Sunday or a
generally recognised holiday runs on to the next day that is none of these (art. 1 lid 1 Atw).

The holidays are those art. 3 lid 1 Atw names: Nieuwjaarsdag, the Christian second Easter and
Whit days, both Christmas days, Hemelvaartsdag, the day the King's (before 2014: the Queen's)
birthday is celebrated, and 5 May, every year. They are taken from the maintained calendar of
the `holidays` package, keeping only the days the Atw names (the calendar also lists Good
Friday, which the Atw does not) and adding 5 May in the years the calendar leaves it out.
Art. 2 Atw (a term of three days or more holds at least two working days) does not change
the terms of this model, which are all four weeks or longer where the Atw applies.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays

# The calendar's names of the days art. 3 lid 1 Atw names.
ATW_NAMES = frozenset(
    {
        "New Year's Day",
        "Easter Monday",
        "Ascension Day",
        "Pentecost Monday",
        "Christmas Day",
        "Second Day of Christmas",
        "King's Day",
        "Queen's Day",
    }
)
SOURCE = "art. 1 en 3 Algemene termijnenwet"


@cache
def feestdagen(year: int) -> frozenset[dt.date]:
    """The generally recognised holidays of art. 3 lid 1 Atw in `year`."""
    calendar = holidays.country_holidays("NL", years=year, language="en_US")
    days = {day for day, name in calendar.items() if any(n in ATW_NAMES for n in name.split("; "))}
    days.add(dt.date(year, 5, 5))  # "de vijfde mei": every year under the Atw
    return frozenset(days)


def is_werkdag(day: dt.date) -> bool:
    """Not a Saturday, a Sunday or a holiday of art. 3 Atw."""
    return day.weekday() < 5 and day not in feestdagen(day.year)


def verleng(day: dt.date) -> dt.date:
    """The last day of a statutory term that would end on `day` (art. 1 lid 1 Atw)."""
    while not is_werkdag(day):
        day += dt.timedelta(days=1)
    return day
