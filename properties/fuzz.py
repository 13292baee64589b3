"""Hypothesis fuzzing: a RuleBasedStateMachine generated from the transition table.

One Hypothesis rule per event (enabled when the explorer's step function says the event can
happen), one rule that fires an event that cannot happen (the case must stay unchanged), and
one Hypothesis invariant per invariant property; step properties are checked on every step.
Every step is also a differential test: the `transitions`-driven `Case` and the explorer's
step function (`EraModel.step`) must agree on whether the event fires, on the row and on the
resulting situation. `HITS` counts how often each row fired, so a row that never fires in
fuzzing is visible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from hypothesis import event as hypothesis_event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from verblijfsroutes.case.case import Case
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.properties import PROPERTIES
from verblijfsroutes.properties.explorer import EraModel
from verblijfsroutes.properties.spec import Ctx, Property

HITS: Counter[str] = Counter()  # row id -> times fired, over every machine built here
STEPS: Counter[str] = Counter()  # "accepted" / "refused" -> steps taken


def _event_rule(event_id: str) -> Any:
    def fire(self: Any) -> None:
        self.fire(event_id)

    fire.__name__ = fire.__qualname__ = f"fire_{event_id}"
    fire.__doc__ = f"Fire {event_id} when the table allows it."
    return precondition(lambda self: event_id in self.model.enabled_events(self.s))(rule()(fire))


def _invariant(prop: Property) -> Any:
    def holds(self: Any) -> None:
        s = self.s
        if prop.name in self.skipped or not all(s[i] in allowed for i, allowed in self.where[prop.name]):
            return
        assert prop.check(self.ctx, s), f"{prop.name}: {prop.statement}\n{self.case.describe()}"

    holds.__name__ = holds.__qualname__ = f"inv_{prop.name}"
    holds.__doc__ = prop.statement
    return invariant()(holds)


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
_SEEDS: dict[tuple[int, int], dict[str, list[Any]]] = {}


def seeds_by_row(engine: Engine, era: int) -> dict[str, list[Any]]:
    """Per row id, the situations reachable by the PROFILES in `era` where that row fires
    ("*": every reachable situation where something can happen); computed once."""
    key = (id(engine), era)
    if key not in _SEEDS:
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
        _SEEDS[key] = by_row
    return _SEEDS[key]


def machine(choices: Mapping[str, str] | None = None, props: tuple[Property, ...] = PROPERTIES) -> type:
    """Build the state machine class for these open-question decisions (default when None);
    the Case and the explorer share the engine `Case` builds for them."""
    engine = Case(choices=choices).engine
    choices = dict(engine.choices)
    facts = [
        f.id
        for f in engine.vocab.facts
        if f.id not in {k for r in engine.rules for k, v in r.effects.items() if v is True}
    ]
    props = tuple(p for p in props if p.not_applicable(engine) is None)
    models: dict[int, EraModel] = {}

    def model_for(i: int) -> EraModel:
        if i not in models:
            models[i] = EraModel(engine, engine.eras[i], props)
        return models[i]

    events = [e.id for e in engine.vocab.events if any(r.event == e.id for r in engine.rules)]

    class CaseMachine(RuleBasedStateMachine):
        """A case fuzzed through event sequences; the properties are its invariants."""

        case: Case
        model: EraModel

        @initialize(
            facts=st.fixed_dictionaries({f: st.booleans() for f in facts}),
            era=st.integers(0, len(engine.eras) - 1),
            jump=st.one_of(
                st.none(), st.tuples(st.integers(0, len(engine.rules) - 1), st.integers(0, 10**6))
            ),
        )
        def start(self, facts: Mapping[str, bool], era: int, jump: tuple[int, int] | None) -> None:
            """Start a case before anything happened, or (`jump`) in a reachable situation
            where a chosen row can fire - in an era where it can - so that deep rows (B9,
            appeals) get fuzzed too."""
            STEPS["start"] += 1
            row = None
            if jump is not None:
                row = engine.rules[jump[0]].id
                eras = [i for i in range(len(engine.eras)) if row in seeds_by_row(engine, i)]
                if eras:
                    era = eras[jump[1] % len(eras)]
                else:
                    row = None
            self.model = model_for(era)
            self.ctx = Ctx(engine, engine.eras[era])
            if jump is None:
                self.case = Case(dict(facts), as_of=engine.eras[era].start, choices=choices)
            else:
                seeds = seeds_by_row(engine, era)
                row_seeds = seeds.get(row or "") or seeds["*"]
                self.case = Case(as_of=engine.eras[era].start, choices=choices)
                self.case.restore(row_seeds[jump[1] % len(row_seeds)])
                STEPS["jump"] += 1
                hypothesis_event("start: in a reached situation")
            self.s = self.case.situation
            self.refusals = 0
            self.accepted = 0
            self.skipped = self.model.skipped
            self.where = {
                p.name: tuple((engine.idx(t), frozenset(v)) for t, v in p.where.items()) for p in props
            }
            hypothesis_event(f"era {engine.eras[era].label}")
            if row is not None:
                self.fire(next(r.event for r in engine.rules if r.id == row))  # the chosen row's event first

        def fire(self, event_id: str) -> None:
            before = self.case.situation
            expected = self.model.step(before, event_id)
            outcome = self.case.fire(event_id)
            self.s = self.case.situation
            if expected is None:
                STEPS["refused"] += 1
                assert not outcome.accepted, f"{event_id}: Case accepted what the explorer refuses"
                assert self.case.situation == before, f"{event_id}: a refused event changed the case"
                assert outcome.reasons, f"{event_id}: a refusal without reasons"
                return
            STEPS["accepted"] += 1
            self.accepted += 1
            rule_, after = expected
            assert outcome.accepted and outcome.rule is not None, f"{event_id}: refused by Case: {outcome}"
            assert outcome.rule.id == rule_.id, (
                f"{event_id}: Case fired {outcome.rule.id}, explorer {rule_.id}"
            )
            assert self.case.situation == after, f"{event_id} ({rule_.id}): situations differ"
            HITS[rule_.id] += 1
            hypothesis_event(f"row {rule_.id}")
            for prop in self.model.row_of[rule_.id].steps:
                assert prop.check(self.ctx, before, event_id, rule_, after), (
                    f"{prop.name}: {prop.statement} (step {event_id}, {rule_.id})"
                )

        @precondition(
            lambda self: self.refusals * 4 <= self.accepted or not self.model.enabled_events(self.s)
        )
        @rule(data=st.data())
        def fire_refused(self, data: st.DataObject) -> None:
            """Fire an event the table does not allow now: the case must stay unchanged (kept
            to about one step in five, so that the fuzzer goes deep)."""
            self.refusals += 1
            enabled = self.model.enabled_events(self.s)
            refused = [e for e in events if e not in enabled]
            if refused:
                self.fire(data.draw(st.sampled_from(refused), label="refused event"))

    for event_id in events:
        setattr(CaseMachine, f"fire_{event_id}", _event_rule(event_id))
    for prop in props:
        if prop.kind == "invariant":
            setattr(CaseMachine, f"inv_{prop.name}", _invariant(prop))
    return CaseMachine


def hit_summary(engine: Engine) -> str:
    """Rows that fired during fuzzing, with counts, and the rows that never fired."""
    never = [r.id for r in engine.rules if HITS[r.id] == 0]
    fired = ", ".join(f"{rid}={n}" for rid, n in sorted(HITS.items()))
    return (
        f"fuzzing: {STEPS['accepted']} accepted and {STEPS['refused']} refused steps; "
        f"{len(HITS)} of {len(engine.rules)} rows fired\n  fired: {fired}\n"
        f"  never fired ({len(never)}): {', '.join(never) or '-'}"
    )
