"""Exhaustive breadth-first exploration of every reachable situation, with lazy facts.

The person's static facts start unknown (None). A fact is branched into true and false only
when a row or derived rule that reads it (GuardSpec.reads) could decide something: a
situation is refined into its concretisations before it is expanded, and the refinement is
recorded in its trace ("feit: paspoort = ja"). A fact that no future row, derived rule or
property can read any more (liveness over the track graph) is forgotten again, so facts that
were needed once do not multiply the rest of the state space. The search itself is in
search.py.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import Any

from verblijfsroutes.core.engine import Engine, Era
from verblijfsroutes.core.patterns import matching, pattern_masks
from verblijfsroutes.properties.results import Refinement
from verblijfsroutes.properties.spec import Ctx, Property
from verblijfsroutes.spec.rules import Rule
from verblijfsroutes.spec.vocabulary import Situation


class _Row:
    """A row compiled for the explorer: pattern, guards with the facts they read, updates."""

    __slots__ = (
        "k",
        "rule",
        "event",
        "guards",
        "updates",
        "rmask",
        "steps",
        "free",
        "fguards",
        "track_updates",
        "fact_updates",
        "reads",
    )

    def __init__(self, k: int, rule: Rule, engine: Engine, fact_bit: dict[str, int]) -> None:
        compiled = engine.compiled(rule)
        self.k = k
        self.rule = rule
        self.event = rule.event
        guards = []
        for name, pred in compiled.guards:
            reads = engine.guard_spec(name).reads
            idx = tuple(engine.idx(f) for f in reads)
            mask = 0
            for f in reads:
                mask |= fact_bit[f]
            guards.append((mask, idx, pred))
        self.guards = tuple(guards)
        self.rmask = 0
        for mask, _, _ in self.guards:
            self.rmask |= mask
        self.updates = compiled.updates
        self.steps: tuple[Property, ...] = ()
        self.free = tuple(pred for mask, _, pred in self.guards if not mask)  # read no fact
        self.fguards = tuple(g for g in self.guards if g[0])
        nt = len(engine.vocab.tracks)
        self.track_updates = tuple((i, v) for i, v in self.updates if i < nt)
        self.fact_updates = tuple((i - nt, v) for i, v in self.updates if i >= nt)
        self.reads = self.rmask  # with the facts its step properties read (set by EraModel)

    def next_tracks(self, tracks: tuple[Any, ...]) -> tuple[Any, ...]:
        if not self.track_updates:
            return tracks
        out = list(tracks)
        for i, v in self.track_updates:
            out[i] = v
        return tuple(out)

    def apply(self, s: Situation) -> Situation:
        out = list(s)
        for i, v in self.updates:
            out[i] = v
        return tuple(out)


def _first_unknown(s: Situation, guards: Iterable[tuple[int, tuple[int, ...], Any]]) -> int:
    """The first undetermined fact this conjunction of guards needs in `s`, or -1 when the
    conjunction is decided by what is known (some known part is false, or nothing unknown)."""
    unknown = -1
    for mask, idx, pred in guards:
        if mask:
            for i in idx:
                if s[i] is None:
                    break
            else:
                i = -1
            if i >= 0:
                if unknown < 0:
                    unknown = i
                continue
        if not pred(s):
            return -1
    return unknown


def _all_hold(preds: Iterable[Any], s: Situation) -> bool:
    for pred in preds:
        if not pred(s):
            return False
    return True


def split_facts(
    s: Situation, needs: tuple[Guards, ...], facts: tuple[str, ...], nt: int
) -> list[tuple[Situation, Refinement]]:
    """The concretisations of `s` in which every fact the conjunctions `needs` need is known,
    each with the facts determined on the way (true first, then false)."""
    for guards in needs:
        i = _first_unknown(s, guards)
        if i >= 0:
            break
    else:
        return [(s, ())]
    name = facts[i - nt]
    out: list[tuple[Situation, Refinement]] = []
    for value in (True, False):
        t = s[:i] + (value,) + s[i + 1 :]
        out.extend((u, ((name, value),) + ref) for u, ref in split_facts(t, needs, facts, nt))
    return out


class _Node:
    """What the rows and derived rules make of one combination of track states."""

    __slots__ = (
        "rows",
        "moves",
        "multi",
        "needs",
        "outcomes",
        "dead",
        "invariants",
        "fixed_invariants",
        "fixed_failing",
        "fact_invariants",
        "reads",
        "succ",
    )

    def __init__(self) -> None:
        self.rows: tuple[tuple[_Row, Guards], ...] = ()  # pattern and fact-free guards hold
        # per row: its fact-reading guards, the new track states, the updates of facts
        self.moves: tuple[tuple[_Row, Guards, tuple[Any, ...], tuple[tuple[int, Any], ...]], ...] = ()
        self.multi = False  # some event has more than one row here (nondeterminism possible)
        self.fixed_invariants: tuple[Property, ...] = ()  # read no fact: judged once per node
        self.fixed_failing: tuple[Property, ...] | None = None
        self.fact_invariants: tuple[Property, ...] = ()
        self.needs: tuple[Guards, ...] = ()  # fact-reading conjunctions to decide here
        self.outcomes: tuple[tuple[Any, Guards], ...] = ()  # terminal outcomes that may apply
        self.dead: tuple[int, ...] = ()  # fact positions no path from here can read
        self.invariants: tuple[Property, ...] = ()
        self.reads = 0
        self.succ: list[tuple[Any, ...]] = []


Guards = tuple[tuple[int, tuple[int, ...], Any], ...]


class EraModel:
    """The rows in force in one era, compiled for exploration, and the properties to check.

    Everything that depends only on the track states (pattern matches, guards that read no
    fact, which facts are still live) is computed once per combination of track states
    (`node`); the explorer then only evaluates the fact-reading guards per situation."""

    def __init__(self, engine: Engine, era: Era, props: Iterable[Property] = ()) -> None:
        self.engine = engine
        self.era = era
        self.ctx = Ctx(engine, era)
        vocab = engine.vocab
        self.nt = len(vocab.tracks)
        self.facts = tuple(f.id for f in vocab.facts)
        self.fact_bit = {f: 1 << j for j, f in enumerate(self.facts)}
        rs = engine.ruleset(era.start)
        self.rows = tuple(_Row(k, c.rule, engine, self.fact_bit) for k, c in enumerate(rs.rules))
        self.row_of = {row.rule.id: row for row in self.rows}
        self.masks = pattern_masks(vocab, [row.rule.from_ for row in self.rows])
        # the derived rules that can need a fact or end the search: (kind, rule, the guards
        # that read no fact, the guards that do)
        self.derived: list[tuple[str, Any, tuple[Any, ...], Guards]] = []
        for name, rows in engine.derived.items():
            for d in rows:
                if not d.guards and name != "uitkomsten":
                    continue
                guards = []
                for g in d.guards:
                    reads = engine.guard_spec(g).reads
                    mask = sum(self.fact_bit[f] for f in reads)
                    guards.append((mask, tuple(engine.idx(f) for f in reads), engine.guard(g)))
                free = tuple(pred for mask, _, pred in guards if not mask)
                self.derived.append((name, d, free, tuple(g for g in guards if g[0])))
        props = [p for p in props if p.not_applicable(engine) is None]
        self.skipped = {p.name for p in props if not p.applies(engine, era)}
        active = [p for p in props if p.name not in self.skipped]
        self.invariants = [(p, self._fact_mask(p.reads)) for p in active if p.kind == "invariant"]
        self.derived_masks = pattern_masks(vocab, [d.when for _, d, _, _ in self.derived])
        self.invariant_masks = pattern_masks(vocab, [p.where for p, _ in self.invariants])
        step_props = [p for p in active if p.kind == "step"]
        for row in self.rows:
            row.steps = tuple(p for p in step_props if p.rules is not None and p.rules(row.rule))
            row.reads = row.rmask | self._fact_mask(f for p in row.steps for f in p.reads)
        self._nodes: dict[tuple[Any, ...], _Node] = {}
        self._resolved: dict[Situation, list[tuple[Situation, Refinement]]] = {}
        self._enabled_cache: dict[Situation, frozenset[str]] = {}
        enabled = gc.isenabled()
        gc.disable()  # builds many small tuples and dicts that never form cycles
        try:
            self._liveness()
        finally:
            if enabled:
                gc.enable()

    def _fact_mask(self, facts: Iterable[str]) -> int:
        m = 0
        for f in facts:
            m |= self.fact_bit[f]
        return m

    # -- per combination of track states ---------------------------------------------------
    def candidates(self, s: Situation) -> list[_Row]:
        """The rows whose track pattern matches `s` (guards not yet evaluated)."""
        rows = self.rows
        return [rows[k] for k in matching(self.masks, s)]

    def node(self, tracks: tuple[Any, ...]) -> _Node:
        """The compiled view of one combination of track states (built once)."""
        found = self._nodes.get(tracks)
        if found is not None:
            return found
        node = _Node()
        s = tracks + (None,) * len(self.facts)  # fact-free guards never look at facts
        rows = []
        needs = []
        moves = []
        for row in self.candidates(s):
            if not _all_hold(row.free, s):
                continue
            fguards = row.fguards
            rows.append((row, fguards))
            if fguards:
                needs.append(fguards)
            node.reads |= row.reads
            new_tracks = row.next_tracks(tracks)
            node.succ.append(new_tracks)
            moves.append((row, fguards, new_tracks, row.fact_updates))
        outcomes = []
        for k in matching(self.derived_masks, tracks):
            name, d, free, fguards = self.derived[k]
            if _all_hold(free, s):
                if fguards:
                    needs.append(fguards)
                    for mask, _, _ in fguards:
                        node.reads |= mask
                if name == "uitkomsten":
                    outcomes.append((d, fguards))
        invs = []
        for k in matching(self.invariant_masks, tracks):
            p, mask = self.invariants[k]
            invs.append(p)
            node.reads |= mask
        node.rows = tuple(rows)
        node.moves = tuple(moves)
        events = [row.event for row, _ in rows]
        node.multi = len(set(events)) < len(events)
        node.fixed_invariants = tuple(p for p in invs if not p.reads)
        node.fact_invariants = tuple(p for p in invs if p.reads)
        node.needs = tuple(needs)
        node.outcomes = tuple(outcomes)
        node.invariants = tuple(invs)
        node.dead = ()
        self._nodes[tracks] = node
        return node

    def _liveness(self) -> None:
        """A fact is live in a combination of track states when some path from there may
        read it (a fixpoint over the graph of track states, every fact-reading guard taken as
        possibly true); the others are `dead` there and forgotten by the explorer."""
        start = tuple(t.initial for t in self.engine.vocab.tracks)
        preds: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
        queue = [start]
        seen = {start}
        for n in queue:
            for m in self.node(n).succ:
                preds.setdefault(m, []).append(n)
                if m not in seen:
                    seen.add(m)
                    queue.append(m)
        live = {n: self._nodes[n].reads for n in queue}
        work = list(queue)
        while work:
            m = work.pop()
            lm = live[m]
            for n in preds.get(m, ()):
                ln = live[n]
                if lm & ~ln:
                    live[n] = ln | lm
                    work.append(n)
        nt = self.nt
        for n, mask in live.items():
            self._nodes[n].dead = tuple(nt + j for j in range(len(self.facts)) if not mask >> j & 1)

    def forget(self, s: Situation) -> Situation:
        """`s` with every fact that can no longer be read set back to unknown."""
        dead = self.node(s[: self.nt]).dead
        for i in dead:
            if s[i] is not None:
                out = list(s)
                for j in dead:
                    out[j] = None
                return tuple(out)
        return s

    # -- stepping --------------------------------------------------------------------------
    def step(self, s: Situation, event: str) -> tuple[Rule, Situation] | None:
        """The explorer's step function: the first row of `event` enabled in `s` and the
        situation after it (the facts those rows read must be known)."""
        for row, fguards in self.node(s[: self.nt]).rows:
            if row.event == event and all(pred(s) for _, _, pred in fguards):
                return row.rule, row.apply(s)
        return None

    def enabled_events(self, s: Situation) -> frozenset[str]:
        """The events that can happen in `s` (cached per situation)."""
        found = self._enabled_cache.get(s)
        if found is None:
            found = frozenset(
                row.event
                for row, fguards in self.node(s[: self.nt]).rows
                if all(pred(s) for _, _, pred in fguards)
            )
            self._enabled_cache[s] = found
        return found

    def outcome(self, s: Situation) -> Any:
        """The terminal outcome of `s` (a derived rule of uitkomsten) or None."""
        for d, fguards in self.node(s[: self.nt]).outcomes:
            if all(pred(s) for _, _, pred in fguards):
                return d
        return None

    # -- refinement of unknown facts -------------------------------------------------------
    def needed(self, s: Situation) -> int:
        """The position of an undetermined fact that some row or derived rule needs in `s`
        to decide (-1: everything that matters is known)."""
        for guards in self.node(s[: self.nt]).needs:
            u = _first_unknown(s, guards)
            if u >= 0:
                return u
        return -1

    def resolve(self, s: Situation) -> list[tuple[Situation, Refinement]]:
        """The concretisations of `s` in which every needed fact is known, each with the
        facts determined on the way (cached per situation)."""
        found = self._resolved.get(s)
        if found is None:
            found = self._resolved[s] = split_facts(s, self.node(s[: self.nt]).needs, self.facts, self.nt)
        return found

    def initial(self) -> Situation:
        """The initial situation with every static fact unknown (mutable facts keep their
        initial value when only an event makes them true, e.g. three years on a B8)."""
        accrued = {k for r in self.engine.rules for k, v in r.effects.items() if v is True}
        s = list(self.engine.initial({}))
        for j, fact in enumerate(self.engine.vocab.facts):
            if fact.id not in accrued:
                s[self.nt + j] = None
        return self.forget(tuple(s))
