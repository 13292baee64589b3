"""Hypothesis fuzzing: a RuleBasedStateMachine generated from the transition table.

`CaseMachine` is one static class: a rule that fires an event the explorer's step function
allows, a rule that fires an event that cannot happen (the case must stay unchanged), and an
invariant that checks every invariant property; step properties are checked on every step.
Every step is also a differential test: the `transitions`-driven `Case` and the explorer's
step function (`EraModel.step`) must agree on whether the event fires, on the row and on the
resulting situation. Each machine class made by `machine()` counts its own run (`FuzzRun`:
rows fired, steps accepted and refused), so a row that never fires in fuzzing is visible and
no count depends on which test ran before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from hypothesis import event as hypothesis_event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from verblijfsroutes.case.case import Case
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.properties import PROPERTIES
from verblijfsroutes.properties.explorer import EraModel
from verblijfsroutes.properties.spec import Ctx, Property

# People whose reachable situations a fuzzed case may start in (facts that open the B9
# grounds, the Dublin and schrijnend-pad rows, the EU and public-order branches).
PROFILES: tuple[dict[str, bool], ...] = (
    {},
    {"paspoort": True, "leges": True, "mh_gronden": True},
    {"paspoort": True, "leges": True, "overige_gronden": True},
    {"dublinclaim": True, "om_noodzaak": True},
    {"schrijnend_grond": True, "minderjarig": True, "paspoort": True, "leges": True},
    {"eu_onderdaan": True},
    {"antecedenten": True, "dublinclaim": True},
    {"dublinclaim": True, "minderjarig": True, "paspoort": True},
)


def seeds_by_row(engine: Engine, era: int) -> dict[str, list[Any]]:
    """Per row id, the situations reachable by the PROFILES in `era` where that row fires
    ("*": every reachable situation where something can happen)."""
    rs = engine.ruleset(engine.eras[era].start)
    by_row: dict[str, list[Any]] = {"*": []}
    for profile in PROFILES:
        start = engine.initial(profile)
        found, seen = [start], {start}
        for s in found:
            moves = list(rs.successors(s))
            if moves:
                by_row["*"].append(s)
            for _, c, s2 in moves:
                by_row.setdefault(c.rule.id, []).append(s)
                if s2 not in seen:
                    seen.add(s2)
                    found.append(s2)
    return by_row


@dataclass
class FuzzRun:
    """What one fuzzing run did: rows fired and steps taken (per machine class)."""

    hits: Counter[str] = field(default_factory=Counter)  # row id -> times fired
    steps: Counter[str] = field(default_factory=Counter)  # start / jump / accepted / refused

    def summary(self, engine: Engine) -> str:
        """Rows that fired, with counts, and the rows that never fired."""
        never = [r.id for r in engine.rules if self.hits[r.id] == 0]
        fired = ", ".join(f"{rid}={n}" for rid, n in sorted(self.hits.items()))
        return (
            f"fuzzing: {self.steps['accepted']} accepted and {self.steps['refused']} refused steps; "
            f"{len(self.hits)} of {len(engine.rules)} rows fired\n  fired: {fired}\n"
            f"  never fired ({len(never)}): {', '.join(never) or '-'}"
        )


class FuzzSetup:
    """The engine for one set of decisions, with what the machine needs from it (built once
    per machine class: era models, seed situations, events, facts)."""

    def __init__(self, choices: Mapping[str, str] | None, props: tuple[Property, ...]) -> None:
        self.engine = Case(choices=choices).engine
        self.choices = dict(self.engine.choices)
        accrued = {k for r in self.engine.rules for k, v in r.effects.items() if v is True}
        self.facts = [f.id for f in self.engine.vocab.facts if f.id not in accrued]
        self.props = tuple(p for p in props if p.not_applicable(self.engine) is None)
        self.invariants = tuple(p for p in self.props if p.kind == "invariant")
        self.where = {
            p.name: tuple((self.engine.idx(t), frozenset(v)) for t, v in p.where.items()) for p in self.props
        }
        self.events = [
            e.id for e in self.engine.vocab.events if any(r.event == e.id for r in self.engine.rules)
        ]
        self._models: dict[int, EraModel] = {}
        self._seeds: dict[int, dict[str, list[Any]]] = {}

    def model(self, era: int) -> EraModel:
        if era not in self._models:
            self._models[era] = EraModel(self.engine, self.engine.eras[era], self.props)
        return self._models[era]

    def seeds(self, era: int) -> dict[str, list[Any]]:
        if era not in self._seeds:
            self._seeds[era] = seeds_by_row(self.engine, era)
        return self._seeds[era]

    @cached_property
    def eras_of_row(self) -> dict[str, list[int]]:
        """Per row id, the eras in which some profile reaches a situation where it fires."""
        out: dict[str, list[int]] = {}
        for i in range(len(self.engine.eras)):
            for rid in self.seeds(i):
                out.setdefault(rid, []).append(i)
        return out


class CaseMachine(RuleBasedStateMachine):
    """A case fuzzed through event sequences; the properties are its invariants. Use
    `machine()` for a subclass bound to a set of decisions, with its own `FuzzRun`."""

    setup: ClassVar[FuzzSetup]
    run: ClassVar[FuzzRun]

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        """Start a case before anything happened, or (a `jump`) in a reachable situation where
        a chosen row can fire - in an era where it can - so that deep rows (B9, appeals) get
        fuzzed too."""
        setup, engine, run = self.setup, self.setup.engine, self.run
        facts = data.draw(st.fixed_dictionaries({f: st.booleans() for f in setup.facts}), label="facts")
        era = data.draw(st.integers(0, len(engine.eras) - 1), label="era")
        jump = data.draw(
            st.one_of(st.none(), st.tuples(st.integers(0, len(engine.rules) - 1), st.integers(0, 10**6))),
            label="jump",
        )
        run.steps["start"] += 1
        row = None
        if jump is not None:
            row = engine.rules[jump[0]].id
            eras = setup.eras_of_row.get(row, [])
            if eras:
                era = eras[jump[1] % len(eras)]
            else:
                row = None
        self.model = setup.model(era)
        self.ctx = Ctx(engine, engine.eras[era])
        if jump is None:
            self.case = Case(dict(facts), as_of=engine.eras[era].start, choices=setup.choices)
        else:
            seeds = setup.seeds(era)
            row_seeds = seeds.get(row or "") or seeds["*"]
            self.case = Case(as_of=engine.eras[era].start, choices=setup.choices)
            self.case.restore(row_seeds[jump[1] % len(row_seeds)])
            run.steps["jump"] += 1
            hypothesis_event("start: in a reached situation")
        self.s = self.case.situation
        self.refusals = 0
        self.accepted = 0
        hypothesis_event(f"era {engine.eras[era].label}")
        if row is not None:
            self.fire(next(r.event for r in engine.rules if r.id == row))  # the chosen row's event first

    def fire(self, event_id: str) -> None:
        """Fire `event_id` in the Case and in the explorer's step function: both must agree."""
        before = self.case.situation
        expected = self.model.step(before, event_id)
        outcome = self.case.fire(event_id)
        self.s = self.case.situation
        if expected is None:
            self.run.steps["refused"] += 1
            assert not outcome.accepted, f"{event_id}: Case accepted what the explorer refuses"
            assert self.case.situation == before, f"{event_id}: a refused event changed the case"
            assert outcome.reasons, f"{event_id}: a refusal without reasons"
            return
        self.run.steps["accepted"] += 1
        self.accepted += 1
        rule_, after = expected
        assert outcome.accepted and outcome.rule is not None, f"{event_id}: refused by Case: {outcome}"
        assert outcome.rule.id == rule_.id, f"{event_id}: Case fired {outcome.rule.id}, explorer {rule_.id}"
        assert self.case.situation == after, f"{event_id} ({rule_.id}): situations differ"
        self.run.hits[rule_.id] += 1
        hypothesis_event(f"row {rule_.id}")
        for prop in self.model.row_of[rule_.id].steps:
            assert prop.check(self.ctx, before, event_id, rule_, after), (
                f"{prop.name}: {prop.statement} (step {event_id}, {rule_.id})"
            )

    @precondition(lambda self: bool(self.model.enabled_events(self.s)))
    @rule(data=st.data())
    def fire_allowed(self, data: st.DataObject) -> None:
        """Fire one of the events the table allows now."""
        self.fire(data.draw(st.sampled_from(sorted(self.model.enabled_events(self.s))), label="event"))

    @precondition(lambda self: self.refusals * 4 <= self.accepted or not self.model.enabled_events(self.s))
    @rule(data=st.data())
    def fire_refused(self, data: st.DataObject) -> None:
        """Fire an event the table does not allow now: the case must stay unchanged (kept
        to about one step in five, so that the fuzzer goes deep)."""
        self.refusals += 1
        enabled = self.model.enabled_events(self.s)
        refused = [e for e in self.setup.events if e not in enabled]
        if refused:
            self.fire(data.draw(st.sampled_from(refused), label="refused event"))

    @invariant()
    def properties_hold(self) -> None:
        """Every invariant property that applies in this era holds in the current situation."""
        s = self.s
        for prop in self.setup.invariants:
            if prop.name in self.model.skipped:
                continue
            if all(s[i] in allowed for i, allowed in self.setup.where[prop.name]):
                assert prop.check(self.ctx, s), f"{prop.name}: {prop.statement}\n{self.case.describe()}"


def machine(
    choices: Mapping[str, str] | None = None, props: tuple[Property, ...] = PROPERTIES
) -> type[CaseMachine]:
    """A CaseMachine bound to these open-question decisions (default when None) and these
    properties, with a fresh FuzzRun of its own."""
    attrs = {"setup": FuzzSetup(choices, props), "run": FuzzRun()}
    return type("CaseMachine", (CaseMachine,), attrs)
