"""A case in time: the `transitions` Case with its clocks, where terms bind on real dates.

`TimedCase.fire(event, day)` first lets every term that ended before `day` expire, each on its
own last day and as a step of its own (only terms whose end is an event of the model:
bedenktijd, B8 validity, three years on a B8, remedy terms); then judges the event in the
situation that results. An expiry event listed after its term ended happens on the term's last
day; one listed before it is refused. A remedy filed after its term is refused with the term
and its source, unless the file excuses the lateness (art. 6:11 Awb), which is then recorded.
The replay (replay.py) builds its document from these steps; the timed properties check them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from verblijfsroutes.case.case import Case, Outcome
from verblijfsroutes.case.clocks import Clock, Deadline, expiry_deadlines, running_deadlines
from verblijfsroutes.core.engine import Reason
from verblijfsroutes.spec.vocabulary import Situation

EXCUSE_BASIS = "art. 6:11 Awb"
REMEDY_EXPIRY = "rechtsmiddeltermijn_verstreken"
MAX_AUTOMATIC = 50  # expiries in a row before one event; each changes state, so a few suffice


@dataclass(frozen=True)
class TimedStep:
    """One step of a timed case: an event on a day, what it did, and why it happened."""

    event: str
    day: dt.date
    outcome: Outcome
    before: Situation
    after: Situation
    automatic: bool = False  # an expiry the case's clocks made happen
    ended: Deadline | None = None  # automatic: the term that ended
    listed_date: dt.date | None = None  # a listed expiry moved to its term's last day
    excused: str = ""  # a late remedy whose lateness is excused (the file's reason)
    met_ingang_van: dt.date | None = None  # the decision took effect from this earlier date
    # a withdrawal with retroactive effect happens on `day`, its effective date; it was decided
    # on this later day, from which its objection term counts
    besluit_op: dt.date | None = None
    aanvraag_op: dt.date | None = None  # an aangifte whose application the IND counts from this day


@dataclass
class TimedCase:
    """A `Case` whose terms run on real dates."""

    case: Case
    clock: Clock = field(default_factory=Clock)
    steps: list[TimedStep] = field(default_factory=list)
    observer: Callable[[TimedStep], None] | None = None  # told of each step as it happens

    @classmethod
    def start(
        cls, facts: Mapping[str, bool], day: dt.date, choices: Mapping[str, str] | None = None
    ) -> TimedCase:
        return cls(Case(facts=dict(facts), as_of=day, choices=dict(choices) if choices else None))

    @property
    def situation(self) -> Situation:
        return self.case.situation

    def deadlines(self) -> list[Deadline]:
        return running_deadlines(self.case.engine, self.case.situation, self.clock)

    def due(self, day: dt.date, skip: frozenset[str] = frozenset()) -> Deadline | None:
        """The earliest running term whose end is an event of the model and whose last day
        lies before `day`: on `day` it has ended, so its expiry has happened first."""
        found = [
            d for d in self.deadlines() if d.expiry_event and d.date < day and d.expiry_event not in skip
        ]
        order = self._file_order
        return min(found, key=lambda d: (d.date, order[d.id])) if found else None  # ties: file order

    @cached_property
    def _file_order(self) -> dict[str, int]:
        """Deadline id -> its place in deadlines.yaml (terms ending on one day expire in it)."""
        return {spec.id: k for k, spec in enumerate(self.case.engine.data.deadlines)}

    def _fire(self, event: str, day: dt.date, reasons: tuple[Reason, ...] = (), **extra: object) -> TimedStep:
        before = self.case.situation
        outcome = Outcome(event, False, None, reasons) if reasons else self.case.fire(event, on=day)
        after = self.case.situation
        if outcome.accepted:
            fields = tuple(t.id for t in self.case.engine.vocab.tracks)
            # terms of a decision with effect from an earlier date count from that date; those of
            # a retroactive withdrawal from the day it was decided; an application's from its receipt
            effective = extra.get("met_ingang_van") or extra.get("besluit_op") or extra.get("aanvraag_op")
            self.clock.record(
                fields, before, after, event, effective if isinstance(effective, dt.date) else day
            )
        step = TimedStep(event, day, outcome, before, after, **extra)  # type: ignore[arg-type]
        self.steps.append(step)
        if self.observer is not None:
            self.observer(step)
        return step

    def advance(
        self, day: dt.date, listed: str | None = None, skip: frozenset[str] = frozenset()
    ) -> list[TimedStep]:
        """Let every term that ended before `day` expire on its own last day; stop at the
        listed event's own expiry (it then happens on that day)."""
        out: list[TimedStep] = []
        for _ in range(MAX_AUTOMATIC):
            d = self.due(day, skip)
            if d is None or d.expiry_event is None or d.expiry_event == listed:
                break
            if not self.case.engine.ruleset(d.date).step(self.case.situation, d.expiry_event):
                break  # no row lets this term end here (the model keeps her situation)
            out.append(self._fire(d.expiry_event, d.date, automatic=True, ended=d))
        return out

    def too_early(self, event: str, day: dt.date) -> Reason | None:
        """An event that marks the end of a term cannot happen before that term has run out."""
        ids = expiry_deadlines(self.case.engine, event)
        for d in self.deadlines() if ids else ():
            if d.id in ids and day < d.date:
                return Reason(
                    "termijn",
                    f"the term '{d.en}' runs until {d.date.isoformat()}; {event} cannot happen on {day.isoformat()}",
                    d.source,
                    d.section,
                    f"de termijn '{d.nl}' loopt tot {d.date.isoformat()}; {event} kan niet op {day.isoformat()}",
                )
        return None

    def fire(
        self,
        event: str,
        day: dt.date,
        excused: str = "",
        met_ingang_van: dt.date | None = None,
        besluit_op: dt.date | None = None,
        aanvraag_op: dt.date | None = None,
    ) -> list[TimedStep]:
        """The automatic expiries before `day`, then `event` judged on `day`."""
        skip = frozenset({REMEDY_EXPIRY}) if excused else frozenset()
        ended = self.advance(day, event, skip)
        when, listed_date = day, None
        own = self.due(day, skip)
        if own is not None and own.expiry_event == event:
            when, listed_date = own.date, day  # the listed expiry happened on the term's last day
        early = self.too_early(event, when)
        reasons: tuple[Reason, ...] = (early,) if early else ()
        if not early and ended and not self.case.engine.ruleset(when).step(self.case.situation, event):
            late = ended[-1].ended
            assert late is not None
            remedy = late.expiry_event == REMEDY_EXPIRY
            excusable = " unless the lateness is excused (art. 6:11 Awb)" if remedy else ""
            verschoonbaar = (
                " tenzij de termijnoverschrijding verschoonbaar is (art. 6:11 Awb)" if remedy else ""
            )
            reasons = (
                Reason(
                    "termijn",
                    f"on {day.isoformat()} the term '{late.en}' had ended ({late.date.isoformat()}): "
                    f"{event} comes too late{excusable}",
                    late.source,
                    late.section,
                    f"op {day.isoformat()} was de termijn '{late.nl}' verstreken ({late.date.isoformat()}): "
                    f"{event} komt te laat{verschoonbaar}",
                ),
                *self.case.engine.explain(self.case.situation, event, when),
            )
        step = self._fire(
            event,
            when,
            reasons,
            listed_date=listed_date,
            excused=excused,
            met_ingang_van=met_ingang_van,
            besluit_op=besluit_op,
            aanvraag_op=aanvraag_op,
        )
        return [*ended, step]
