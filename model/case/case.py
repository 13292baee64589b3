"""A `Case`: one person (facts) whose situation advances by events through `transitions`.

Each track (regulation, criminal case, asylum, ...) is a `transitions.Machine` bound to the
case through its own `model_attribute`, so the tracks are orthogonal regions of one
situation. Every row of rules.yaml becomes a transition of the machine of the track that
owns its event: source and destination on that track, the rest of the row's pattern, its
date of force and its guards as conditions, and its updates to other tracks and facts as an
`after` callback. The machines are built once per set of decisions and shared by all cases
(building one costs ~0.5 ms); a case only adds itself as a model.

An event that is not allowed does not change the case: `fire` returns a refusal that names
every rule of that event and the first requirement it does not meet, with its source.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

from transitions import EventData, Machine
from verblijfsroutes.core.engine import Engine, Reason
from verblijfsroutes.spec.rules import Rule
from verblijfsroutes.spec.vocabulary import Situation

logging.getLogger("transitions").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Outcome:
    """The result of firing an event: accepted with the rule that fired, or refused."""

    event: str
    accepted: bool
    rule: Rule | None = None
    reasons: tuple[Reason, ...] = ()

    def __str__(self) -> str:
        if self.accepted and self.rule:
            return f"{self.event}: accepted by {self.rule.id} ({self.rule.source}; {self.rule.section})"
        lines = [f"{self.event}: refused"] + [f"  - {r}" for r in self.reasons]
        return "\n".join(lines)


@dataclass(frozen=True)
class Option:
    """An event that can happen next, with the rule that would fire and its source."""

    event: str
    rule: Rule


class Machines:
    """One `transitions.Machine` per track, built from the active rules of an Engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        vocab = engine.vocab
        self.by_track: dict[str, Machine] = {}
        for track in vocab.tracks:
            self.by_track[track.id] = Machine(
                model=None,
                states=list(track.state_ids()),
                initial=track.initial,
                auto_transitions=False,
                model_attribute=track.id,
                send_event=True,
                ignore_invalid_triggers=True,
            )
        self.owner = {e.id: e.track for e in vocab.events}
        for rule in engine.rules:
            self._add(rule)

    def _add(self, rule: Rule) -> None:
        engine = self.engine
        owner = self.owner[rule.event]
        machine = self.by_track[owner]
        sources: str | list[Any] = list(rule.from_.get(owner, ())) or "*"
        dest = rule.updates.get(owner)
        compiled = engine.compiled(rule)
        others = tuple((i, allowed) for i, allowed in compiled.checks if engine.vocab.fields[i] != owner)
        guards = tuple(pred for _, pred in compiled.guards)

        def in_force(ev: EventData) -> bool:
            return engine.in_force(rule, _case(ev).as_of)

        def pattern_holds(ev: EventData) -> bool:
            s = _case(ev).situation
            return all(s[i] in allowed for i, allowed in others)

        def guards_hold(ev: EventData) -> bool:
            s = _case(ev).situation
            return all(p(s) for p in guards)

        def record(ev: EventData) -> None:
            _case(ev)._fired = rule

        updates = {k: v for k, v in rule.updates.items() if k != owner}

        def apply_updates(ev: EventData) -> None:
            case = _case(ev)
            for key, value in updates.items():
                if key in self.by_track:
                    self.by_track[key].set_state(value, model=case)
                else:
                    case.facts[key] = value

        machine.add_transition(
            trigger=rule.event,
            source=sources,
            dest=dest if dest is not None else None,
            conditions=[in_force, pattern_holds, guards_hold],
            before=[record],
            after=[apply_updates],
        )


def _case(ev: EventData) -> Case:
    """The case an event is fired on (transitions types it as a plain object)."""
    return cast(Case, ev.model)


@lru_cache(maxsize=16)
def _machines(choice_key: tuple[tuple[str, str], ...]) -> Machines:
    return Machines(Engine(choices=dict(choice_key)))


@dataclass(eq=False)  # identity equality: transitions keeps its models in a list
class Case:
    """A person with facts, on an as-of date, in a situation that advances by events."""

    facts: dict[str, bool] = field(default_factory=dict)
    as_of: dt.date = dt.date(2019, 1, 1)
    choices: Mapping[str, str] | None = None
    engine: Engine = field(init=False)

    def __post_init__(self) -> None:
        self._machines = _machines(tuple(sorted((self.choices or {}).items())))
        self.engine = self._machines.engine
        vocab = self.engine.vocab
        known = {f.id for f in vocab.facts}
        unknown = set(self.facts) - known
        if unknown:
            raise KeyError(
                f"unknown fact(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
            )
        self.facts = {f.id: bool(self.facts.get(f.id, False)) for f in vocab.facts}
        self._fired: Rule | None = None
        for machine in self._machines.by_track.values():
            machine.add_model(self)

    # -- the situation as a plain tuple (the explorer's representation) -------------------
    @property
    def situation(self) -> Situation:
        vocab = self.engine.vocab
        return tuple(getattr(self, t.id) for t in vocab.tracks) + tuple(self.facts[f.id] for f in vocab.facts)

    def restore(self, situation: Situation) -> None:
        """Put the case in `situation` (a snapshot taken from `situation`)."""
        vocab = self.engine.vocab
        for track, value in zip(vocab.tracks, situation[: len(vocab.tracks)], strict=True):
            self._machines.by_track[track.id].set_state(value, model=self)
        for fact, value in zip(vocab.facts, situation[len(vocab.tracks) :], strict=True):
            self.facts[fact.id] = value

    # -- events ------------------------------------------------------------------------
    def fire(self, event: str, on: dt.date | None = None) -> Outcome:
        """Fire `event` (on `on`, default the case's as-of date). Refused events leave the
        case unchanged and say which rules refused and why."""
        if on is not None:
            self.as_of = on
        owner = self._machines.owner.get(event)
        if owner is None:
            raise KeyError(f"unknown event {event!r}")
        self._fired = None
        before = self.situation
        machine = self._machines.by_track[owner]
        accepted = machine.events[event].trigger(self) if event in machine.events else False
        if accepted and self._fired is not None:
            return Outcome(event, True, self._fired)
        assert self.situation == before, "a refused event must not change the case"
        reasons = self.engine.explain(before, event, self.as_of)
        return Outcome(event, False, None, tuple(reasons))

    def available_events(self) -> list[Option]:
        """What can happen next on the as-of date, with the rule that would fire."""
        rs = self.engine.ruleset(self.as_of)
        return [Option(event, c.rule) for event, c, _ in rs.successors(self.situation)]

    # -- derived -----------------------------------------------------------------------
    def describe(self) -> dict[str, Any]:
        s = self.situation
        e = self.engine
        out = e.vocab.describe(s)
        out["verblijfsgrond"] = [b.id for b in e.residence(s)]
        out["voorzieningen"] = e.provisions(s).value
        outcome = e.outcome(s)
        out["uitkomst"] = outcome.id if outcome else None
        return out
