"""Clocks of a case: when each track entered each state and when each event happened, and from
those the deadlines that run in a situation (deadlines.yaml, terms.yaml).

Terms are counted as in art. 6:8 Awb: a term running "from" a date starts the next day and
ends on the same calendar day that many days/weeks/months/years later (bezwaar: decision
date + 4 weeks). The bezwaar decision term of art. 76 lid 1 Vw runs 19 weeks from the day
after the objection term ends ("na afloop van de termijn"), so it ends 19 weeks after that
end, the end as the Atw extends it; art. 76 lid 2 Vw allows at most 13 weeks more. A statutory term (terms.yaml `atw: true`) that ends on a Saturday, a Sunday or a holiday of
art. 3 Atw runs to the next working day (spec/atw.py); a deadline says so with `unextended`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.spec import atw
from verblijfsroutes.spec.deadlines import DeadlineSpec
from verblijfsroutes.spec.i18n import Labelled
from verblijfsroutes.spec.vocabulary import Situation

BASIS_ORDER = ("law", "policy", "practice", "assumption")


@dataclass
class Clock:
    """The dates a case needs to count its terms: when each track entered each state, and
    when each event happened. Updated by the replay after every accepted event."""

    since: dict[str, tuple[dt.date, int]] = field(default_factory=dict)
    entered: dict[tuple[str, str], tuple[dt.date, int]] = field(default_factory=dict)
    first: dict[tuple[str, str], tuple[dt.date, int]] = field(default_factory=dict)
    events: list[tuple[str, dt.date, int]] = field(default_factory=list)
    history: list[tuple[str, str, dt.date, int]] = field(default_factory=list)  # every entry, in order

    def record(
        self, tracks: tuple[str, ...], before: Situation, after: Situation, event: str, day: dt.date
    ) -> None:
        seq = len(self.events)
        for i, track in enumerate(tracks):
            if before[i] != after[i]:
                key = (track, after[i])
                self.since[track] = (day, seq)
                self.entered[key] = (day, seq)
                self.first.setdefault(key, (day, seq))
                self.history.append((track, after[i], day, seq))
        self.events.append((event, day, seq))

    def anchor(self, spec: DeadlineSpec) -> tuple[dt.date, int] | None:
        kind, _, arg = spec.anchor.partition(":")
        if kind == "since":
            return self.since.get(arg)
        if kind in ("entered", "first"):
            track, _, state = arg.partition("=")
            if kind == "first" and spec.restart:  # the first entry since the clock last broke
                broke = self._broke(spec.restart)
                after = [(d, s) for t, st, d, s in self.history if (t, st) == (track, state) and s >= broke]
                return after[0] if after else None
            return (self.entered if kind == "entered" else self.first).get((track, state))
        if kind == "event":  # the last of these events ("a|b": either)
            names = set(arg.split("|"))
            found = [(d, s) for e, d, s in self.events if e in names]
            return found[-1] if found else None
        raise ValueError(f"bad anchor {spec.anchor!r}")

    def _broke(self, restart: str) -> int:
        """The step from which a restarted clock counts: the last entry into a restart state
        (counting from the next step) or the last restart event (counting from that step)."""
        broke = -1
        for part in restart.split("|"):
            if part.startswith("event:"):
                name = part[len("event:") :]
                broke = max([broke] + [s for e, _, s in self.events if e == name])
            else:
                r_track, _, r_state = part.partition("=")
                broke = max(
                    [broke] + [s + 1 for t, st, _, s in self.history if (t, st) == (r_track, r_state)]
                )
        return broke

    def count_after(self, event: str, seq: int) -> int:
        return sum(1 for e, _, s in self.events if e == event and s > seq)


@dataclass(frozen=True)
class Deadline(Labelled):
    """A running deadline: its date, counted from `start`, with the terms' sources."""

    id: str
    nl: str
    en: str
    date: dt.date
    start: dt.date
    terms: tuple[str, ...]
    source: str
    section: str
    basis: str
    expiry_event: str | None = None  # the event that marks its end (the replay fires it when it passes)
    unextended: dt.date | None = None  # the end before the Algemene termijnenwet moved it


def expiry_deadlines(engine: Engine, event: str) -> tuple[str, ...]:
    """The deadlines whose end `event` marks (e.g. bedenktijd_verstreken: bedenktijd_einde) or
    opens (e.g. onbepaalde_tijd_verlenen: onbepaalde_tijd_vanaf): not before their date."""
    return tuple(d.id for d in engine.data.deadlines if event in (d.expiry_event, d.opens))


def running_deadlines(engine: Engine, s: Situation, clock: Clock) -> list[Deadline]:
    """Every deadline that runs in situation `s`, sorted by date."""
    vocab = engine.vocab
    terms = engine.data.terms
    out: list[Deadline] = []
    for spec in engine.data.deadlines:
        if not all(s[vocab.index(t)] in allowed for t, allowed in spec.when.items()):
            continue
        if not all(engine.guard(g)(s) for g in spec.guards):
            continue
        anchor = clock.anchor(spec)
        if anchor is None:
            continue
        start, seq = anchor
        term_ids = spec.terms
        for change, guards, variant in spec.variants:  # a later change of the terms
            if start >= engine.change_date(change) and all(engine.guard(g)(s) for g in guards):
                term_ids = variant
        day = start
        moved = False  # a term before the last ended later under the Atw
        for k, term_id in enumerate(term_ids):
            times = 1
            if spec.renew and k == len(term_ids) - 1:
                times += clock.count_after(spec.renew, seq)
            if k and terms[term_ids[k - 1]].atw and atw.verleng(day) != day:
                day, moved = atw.verleng(day), True  # the term before ends as the Atw extends it
            day = terms[term_id].add_to(day, times)
        used = [terms[t] for t in term_ids]
        sources = "; ".join(dict.fromkeys(t.source for t in used))
        sections = "; ".join(dict.fromkeys(t.section for t in used))
        basis = max((t.basis for t in used), key=BASIS_ORDER.index)
        unextended = None
        if used[-1].atw and atw.verleng(day) != day:
            unextended, day = day, atw.verleng(day)
        if unextended is not None or moved:
            sources += f"; {atw.SOURCE}"
        out.append(
            Deadline(
                spec.id,
                spec.nl,
                spec.en,
                day,
                start,
                term_ids,
                sources,
                sections,
                basis,
                spec.expiry_event,
                unextended,
            )
        )
    out.sort(key=lambda d: (d.date, d.id))
    return out
