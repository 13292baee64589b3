"""Dates of a decision other than its own: "met ingang van", "met terugwerkende kracht per" and
the day an application was received, as a case file writes them on an event (checked here).

- `met_ingang_van` on a grant: the permit takes effect from an earlier date; its terms count
  from it (ECLI:NL:RBDHA:2017:12768).
- `met_terugwerkende_kracht_per` on a withdrawal: the replay puts the withdrawal at that
  earlier date; its objection term counts from the decision (ECLI:NL:RBDHA:2022:5934).
- `aanvraag_op` on an aangifte: the IND received the B8 application on a later day; the terms
  of the application count from it (ECLI:NL:RBDHA:2024:8107).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from verblijfsroutes.case.reading import Check

# grants of a permit: the decisions that may take effect from an earlier date
GRANTS = (
    "b8_verlenen",
    "b8_schrijnend_verlenen",
    "b8_opnieuw_verlenen",
    "ambtshalve_b8_verlenen",
    "b9_verlenen",
    "onbepaalde_tijd_verlenen",
    "asiel_verlenen",
    "asiel_onbepaalde_tijd_verlenen",
)
# withdrawals that may take effect from an earlier date, with the grants they withdraw
WITHDRAWALS = {
    "b8_intrekken": ("b8_verlenen", "b8_schrijnend_verlenen", "b8_opnieuw_verlenen", "ambtshalve_b8_verlenen")
}
# an aangifte whose B8 application the IND counts from a later day (the police forwards it)
APPLICATIONS = ("aangifte_doen",)


class Listed(Protocol):
    """An event listed earlier in the case file."""

    @property
    def index(self) -> int: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def event(self) -> str: ...
    @property
    def met_ingang_van(self) -> dt.date | None: ...


def _field(
    entry: dict[str, Any], key: str, event: str, allowed: Iterable[str], what: str, check: Check, where: str
) -> tuple[str, dt.date] | None:
    """The field `key` of an event as (its place in the file, its date), or None when absent;
    refused on an event that is not one of `allowed` (`what` names them)."""
    raw = entry.get(key)
    if raw is None:
        return None
    field = f"{where}.{key}"
    day = check.date(raw, field)
    if event not in allowed:
        raise check.fail(field, f"{event} is not {what}", f"{key} is for {', '.join(allowed)}")
    return field, day


def effect_date(
    entry: dict[str, Any], event: str, day: dt.date, before: Sequence[Listed], check: Check, where: str
) -> dt.date | None:
    """`met_ingang_van`: a grant that takes effect from an earlier date, not before the event
    listed before it."""
    found = _field(entry, "met_ingang_van", event, GRANTS, "the grant of a permit", check, where)
    if found is None:
        return None
    field, effective = found
    if effective > day:
        raise check.fail(
            field,
            f"{effective} lies after the decision's date {day}",
            "write the date the decision takes effect, on or before its date",
        )
    if before and effective < before[-1].date:
        prev = before[-1]
        raise check.fail(
            field,
            f"{effective} lies before event #{prev.index} ({prev.event}, {prev.date})",
            "a decision can take effect no earlier than the last event listed before it",
        )
    return effective


def retroactive_date(
    entry: dict[str, Any], event: str, day: dt.date, before: Sequence[Listed], check: Check, where: str
) -> dt.date | None:
    """`met_terugwerkende_kracht_per`: a withdrawal that takes effect from an earlier date, no
    earlier than the grant of the permit it withdraws."""
    found = _field(entry, "met_terugwerkende_kracht_per", event, WITHDRAWALS, "a withdrawal", check, where)
    if found is None:
        return None
    field, per = found
    if per >= day:
        raise check.fail(
            field,
            f"{per} is not before the decision's date {day}",
            "write the earlier date the withdrawal takes effect from, or leave the field out",
        )
    grants = [e for e in before if e.event in WITHDRAWALS[event]]
    if grants and per < (grants[-1].met_ingang_van or grants[-1].date):
        g = grants[-1]
        raise check.fail(
            field,
            f"{per} lies before the grant it withdraws (event #{g.index}, {g.event}, {g.date})",
            "a permit cannot be withdrawn from before it was granted",
        )
    return per


def application_date(
    entry: dict[str, Any], event: str, day: dt.date, check: Check, where: str
) -> dt.date | None:
    """`aanvraag_op`: the day the IND counts the B8 application from, on or after the aangifte."""
    found = _field(entry, "aanvraag_op", event, APPLICATIONS, "an aangifte", check, where)
    if found is None:
        return None
    field, applied = found
    if applied < day:
        raise check.fail(
            field,
            f"{applied} lies before the aangifte ({day})",
            "write the day the IND received the application, on or after the aangifte",
        )
    return applied
