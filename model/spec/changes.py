"""Dated data: rule changes (wijzigingen) and terms (termijnen), each with its source."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from verblijfsroutes.spec.dates import DatedValue, parse_dated, supported
from verblijfsroutes.spec.errors import DataError, reject_unknown_fields

BASES = ("law", "policy", "practice", "assumption")


@dataclass(frozen=True)
class Change:
    """A dated rule change; rules refer to it by id in valid_from / valid_until."""

    id: str
    date: DatedValue
    nl: str
    en: str
    source: str
    section: str
    note: str = ""


@dataclass(frozen=True)
class Term:
    """A legal term (e.g. bezwaar 4 weeks) with its source."""

    id: str
    amount: int
    unit: str
    nl: str
    en: str
    source: str
    section: str
    basis: str
    rationale: str = ""
    atw: bool = False  # a statutory term: its end moves to the next working day (Algemene termijnenwet)
    rationale_nl: str = ""  # the rationale in Dutch

    def add_to(self, day: dt.date, times: int = 1) -> dt.date:
        """The date this term ends when it starts running on `day`."""
        n = self.amount * times
        if self.unit == "days":
            return day + dt.timedelta(days=n)
        if self.unit == "weeks":
            return day + dt.timedelta(weeks=n)
        months = n * (12 if self.unit == "years" else 1)
        year, month = divmod(day.month - 1 + months, 12)
        year += day.year
        month += 1
        for d in (day.day, 30, 29, 28):
            try:
                return dt.date(year, month, d)
            except ValueError:
                continue
        raise AssertionError("unreachable")


def parse_changes(doc: Any, file: str) -> dict[str, Change]:
    if not isinstance(doc, list):
        raise DataError(file, None, "expected a list of changes")
    out: dict[str, Change] = {}
    for raw in doc:
        rid = str(raw.get("id", "?"))
        for key in ("id", "date", "source", "section", "nl", "en"):
            if not raw.get(key):
                raise DataError(file, rid, f"missing {key}")
        if rid in out:
            raise DataError(file, rid, "duplicate id")
        reject_unknown_fields(
            raw, {"id", "date", "nl", "en", "source", "section", "note"}, file, rid, "change"
        )
        try:
            date = parse_dated(raw["date"])
            supported(date.start)  # the model's range of dates, as everywhere
        except ValueError as exc:
            raise DataError(file, rid, str(exc)) from None
        out[rid] = Change(rid, date, raw["nl"], raw["en"], raw["source"], raw["section"], raw.get("note", ""))
    return out


_LENGTH = re.compile(r"^(\d+)\s+(days|weeks|months|years)$")


def parse_terms(doc: Any, file: str) -> dict[str, Term]:
    if not isinstance(doc, list):
        raise DataError(file, None, "expected a list of terms")
    out: dict[str, Term] = {}
    for raw in doc:
        rid = str(raw.get("id", "?"))
        for key in ("id", "length", "source", "section", "basis", "nl", "en"):
            if not raw.get(key):
                raise DataError(file, rid, f"missing {key}")
        if rid in out:
            raise DataError(file, rid, "duplicate id")
        reject_unknown_fields(
            raw,
            {"id", "length", "nl", "en", "source", "section", "basis", "rationale", "rationale_nl", "atw"},
            file,
            rid,
            "term",
        )
        if not isinstance(raw.get("atw"), bool):
            raise DataError(file, rid, "atw must be true or false: does the Algemene termijnenwet apply?")
        match = _LENGTH.match(str(raw["length"]))
        if not match:
            raise DataError(file, rid, f"bad length {raw['length']!r}: write '<n> days|weeks|months|years'")
        if raw["basis"] not in BASES:
            raise DataError(file, rid, f"basis {raw['basis']!r} is not one of {', '.join(BASES)}")
        if raw["basis"] == "assumption" and not raw.get("rationale"):
            raise DataError(file, rid, "an assumption needs a one-line rationale")
        out[rid] = Term(
            rid,
            int(match.group(1)),
            match.group(2),
            raw["nl"],
            raw["en"],
            raw["source"],
            raw["section"],
            raw["basis"],
            raw.get("rationale", ""),
            raw["atw"],
            raw.get("rationale_nl", ""),
        )
    return out
