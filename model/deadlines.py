"""Running deadlines of a case: which legal terms run in a situation, and until when.

The lengths and sources of the terms live in terms.yaml; this module only says, per
deadline, in which situation it runs and from which date it is counted (its anchor).
Terms are counted as in art. 6:8 Awb: a term running "from" a date starts the next day and
ends on the same calendar day that many days/weeks/months/years later (bezwaar: decision
date + 4 weeks). The bezwaar decision term of art. 76 lid 1 Vw runs 19 weeks from the day
after the objection term ends, so it ends 19 weeks after that end; art. 76 lid 2 Vw allows
at most 13 weeks more. Weekends and public holidays (Algemene termijnenwet) are not applied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .vocabulary import Situation

if TYPE_CHECKING:
    from .engine import Engine

PENDING_ASIEL = ("aanmelding", "verkort", "aa", "va", "pauze")
DECISIONS = ("b8_geweigerd", "b8_ingetrokken", "b9_afgewezen")
BASIS_ORDER = ("law", "policy", "practice", "assumption")


@dataclass(frozen=True)
class DeadlineSpec:
    """A deadline: it runs `when` the pattern and guards hold, ending `terms` after `anchor`.

    anchor: "since:<track>" (the day the track took its current state), "entered:<track>=<state>"
    (the last day it entered that state), "first:<track>=<state>" (the first day) or
    "event:<event>" (the day of the last such event). `renew`: each later event of this id
    adds the last term once more (a B8 is extended a year at a time)."""

    id: str
    nl: str
    en: str
    when: dict[str, tuple[str, ...]]
    anchor: str
    terms: tuple[str, ...]
    guards: tuple[str, ...] = ()
    renew: str | None = None


def _w(**tracks: str | tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {k: (v,) if isinstance(v, str) else v for k, v in tracks.items()}


SPECS: tuple[DeadlineSpec, ...] = (
    DeadlineSpec(
        "bedenktijd_einde",
        "einde bedenktijd",
        "end of the reflection period",
        _w(regeling="bedenktijd"),
        "since:regeling",
        ("bedenktijd",),
    ),
    DeadlineSpec(
        "b8_besluit",
        "streefdatum B8-besluit",
        "B8 decision target",
        _w(regeling=("b8_in_behandeling",)),
        "since:regeling",
        ("b8_besluit",),
    ),
    DeadlineSpec(
        "b8_einde",
        "B8 verloopt (verlenging aanvragen)",
        "B8 expires (renewal due)",
        _w(regeling="b8"),
        "since:regeling",
        ("b8_geldigheid",),
        renew="b8_verlengen",
    ),
    DeadlineSpec(
        "b8_schrijnend_einde",
        "B8 schrijnend pad verloopt (niet verlengbaar)",
        "schrijnend-pad B8 expires (not extendable)",
        _w(regeling="b8_schrijnend"),
        "since:regeling",
        ("b8_geldigheid",),
    ),
    DeadlineSpec(
        "b9_drie_jaar",
        "drie jaar op B8: aanspraak op B9 (grond b)",
        "three years on a B8: entitled to a B9 (ground b)",
        _w(regeling="b8", strafzaak=("onderzoek", "vervolging")),
        "first:regeling=b8",
        ("b8_drie_jaar",),
        guards=("niet_drie_jaar_b8",),
    ),
    DeadlineSpec(
        "b9_besluit",
        "beslistermijn B9-aanvraag",
        "B9 decision term",
        _w(regeling=("b9_aanvraag", "b9_aanvraag_zonder_b8")),
        "event:b9_aanvragen",
        ("b9_besluit",),
    ),
    DeadlineSpec(
        "b9_einde",
        "B9 verloopt (verlenging aanvragen)",
        "B9 expires (renewal due)",
        _w(regeling="b9"),
        "since:regeling",
        ("b9_geldigheid",),
        renew="b9_verlengen",
    ),
    DeadlineSpec(
        "onbepaalde_tijd_vanaf",
        "verblijfsvergunning onbepaalde tijd aan te vragen vanaf",
        "permanent permit can be requested from",
        _w(regeling="b9"),
        "entered:regeling=b9",
        ("onbepaalde_tijd_na",),
    ),
    DeadlineSpec(
        "bezwaartermijn",
        "bezwaartermijn",
        "objection term",
        _w(regeling=DECISIONS, rechtsmiddel="geen"),
        "since:regeling",
        ("bezwaartermijn",),
    ),
    DeadlineSpec(
        "beslistermijn_bezwaar",
        "beslistermijn bezwaar",
        "objection decision term",
        _w(regeling=DECISIONS, rechtsmiddel="bezwaar"),
        "since:regeling",
        ("bezwaartermijn", "beslistermijn_bezwaar"),
    ),
    DeadlineSpec(
        "beslistermijn_bezwaar_verlengd",
        "beslistermijn bezwaar, maximaal verlengd",
        "objection decision term, at most extended",
        _w(regeling=DECISIONS, rechtsmiddel="bezwaar"),
        "since:regeling",
        ("bezwaartermijn", "beslistermijn_bezwaar", "verlenging_bezwaar"),
    ),
    DeadlineSpec(
        "beroepstermijn",
        "beroepstermijn",
        "appeal term",
        _w(rechtsmiddel="bezwaar_ongegrond"),
        "since:rechtsmiddel",
        ("beroepstermijn",),
    ),
    DeadlineSpec(
        "hoger_beroepstermijn",
        "termijn hoger beroep",
        "further-appeal term",
        _w(rechtsmiddel="beroep_ongegrond"),
        "since:rechtsmiddel",
        ("hoger_beroepstermijn",),
    ),
    DeadlineSpec(
        "uitspraak_raad_van_state",
        "uiterste uitspraakdatum Raad van State",
        "Council of State ruling at the latest",
        _w(rechtsmiddel="hoger_beroep"),
        "since:rechtsmiddel",
        ("uitspraak_raad_van_state",),
    ),
    DeadlineSpec(
        "rust_voorbereiding",
        "einde rust- en voorbereidingstermijn (minimaal)",
        "end of the rest and preparation period (at least)",
        _w(asiel="aanmelding"),
        "entered:asiel=aanmelding",
        ("rust_voorbereiding",),
    ),
    DeadlineSpec(
        "aa_einde",
        "einde Algemene Asielprocedure (8 dagen)",
        "end of the general procedure (8 days)",
        _w(asiel="aa"),
        "since:asiel",
        ("aa",),
    ),
    DeadlineSpec(
        "asiel_beslistermijn",
        "wettelijke beslistermijn asiel (VA)",
        "statutory asylum decision term (extended procedure)",
        _w(asiel=PENDING_ASIEL),
        "entered:asiel=aanmelding",
        ("asiel_beslistermijn",),
    ),
    DeadlineSpec(
        "asielvergunning_einde",
        "asielvergunning verloopt",
        "asylum permit expires",
        _w(asiel="verleend"),
        "since:asiel",
        ("asielvergunning_geldigheid",),
    ),
)


# Events that mark the end of a term: the replay refuses them before the term has run out.
EXPIRY_EVENTS: dict[str, tuple[str, ...]] = {
    "bedenktijd_verstreken": ("bedenktijd_einde",),
    "b8_verloopt": ("b8_einde", "b8_schrijnend_einde"),
    "drie_jaar_b8_verstreken": ("b9_drie_jaar",),
    "rechtsmiddeltermijn_verstreken": ("bezwaartermijn", "beroepstermijn", "hoger_beroepstermijn"),
}


@dataclass
class Clock:
    """The dates a case needs to count its terms: when each track entered each state, and
    when each event happened. Updated by the replay after every accepted event."""

    since: dict[str, tuple[dt.date, int]] = field(default_factory=dict)
    entered: dict[tuple[str, str], tuple[dt.date, int]] = field(default_factory=dict)
    first: dict[tuple[str, str], tuple[dt.date, int]] = field(default_factory=dict)
    events: list[tuple[str, dt.date, int]] = field(default_factory=list)

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
        self.events.append((event, day, seq))

    def anchor(self, spec: DeadlineSpec) -> tuple[dt.date, int] | None:
        kind, _, arg = spec.anchor.partition(":")
        if kind == "since":
            return self.since.get(arg)
        if kind in ("entered", "first"):
            track, _, state = arg.partition("=")
            return (self.entered if kind == "entered" else self.first).get((track, state))
        if kind == "event":
            found = [(d, s) for e, d, s in self.events if e == arg]
            return found[-1] if found else None
        raise ValueError(f"bad anchor {spec.anchor!r}")

    def count_after(self, event: str, seq: int) -> int:
        return sum(1 for e, _, s in self.events if e == event and s > seq)


@dataclass(frozen=True)
class Deadline:
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

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


def running_deadlines(engine: Engine, s: Situation, clock: Clock) -> list[Deadline]:
    """Every deadline that runs in situation `s`, sorted by date."""
    vocab = engine.vocab
    terms = engine.data.terms
    out: list[Deadline] = []
    for spec in SPECS:
        if not all(s[vocab.index(t)] in allowed for t, allowed in spec.when.items()):
            continue
        if not all(engine.guard(g)(s) for g in spec.guards):
            continue
        anchor = clock.anchor(spec)
        if anchor is None:
            continue
        start, seq = anchor
        day = start
        for k, term_id in enumerate(spec.terms):
            times = 1
            if spec.renew and k == len(spec.terms) - 1:
                times += clock.count_after(spec.renew, seq)
            day = terms[term_id].add_to(day, times)
        used = [terms[t] for t in spec.terms]
        sources = "; ".join(dict.fromkeys(t.source for t in used))
        sections = "; ".join(dict.fromkeys(t.section for t in used))
        basis = max((t.basis for t in used), key=BASIS_ORDER.index)
        out.append(Deadline(spec.id, spec.nl, spec.en, day, start, spec.terms, sources, sections, basis))
    out.sort(key=lambda d: (d.date, d.id))
    return out
