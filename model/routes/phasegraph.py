"""The phase graph: every situation reachable in one era, projected onto the report's Figure-1 phases.

`search` runs a breadth-first search over the combinations of track states, carrying for each the
SET of fact valuations that reach it (a bitset over all 2^n valuations): a rule fires on the
valuations where its guards hold and no earlier rule of its event does (first-match). Each
situation is projected onto its phase (phases.py) as it is found and only the phase graph is kept.
It counts every (track states, full fact valuation) pair, which is why its `situations` figure is
larger than the property check's, whose explorer leaves facts unknown until a rule reads them.
`explore` gives the phase graph of an era for the open facts, searched once per era and engine
(routes, diff, diagrams and flows in one process share it); a guard's valuations at a track
tuple do not depend on the era and are shared between the eras' searches.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import deque
from dataclasses import dataclass

import networkx as nx
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.core.patterns import matching, matching_mask, pattern_masks
from verblijfsroutes.core.workers import can_fork, run_forked
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.classes import OUTCOME


@dataclass
class PhaseGraph:
    """The phase graph of one era: phase nodes, outcome nodes, and per edge the rules."""

    day: dt.date
    graph: nx.DiGraph
    situations: int  # (track states, fact valuation) pairs reached: all fact combinations
    fired: frozenset[str]  # ids of the rules that fire somewhere
    track_tuples: int = 0  # distinct combinations of track states reached


class FactSets:
    """Sets of fact valuations as bitsets: valuation v (bit j = fact j) is bit v of an int."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.size = 1 << n
        self.all = (1 << self.size) - 1
        self.true: list[int] = []  # per fact, the valuations in which it holds
        for j in range(n):
            block = ((1 << (1 << j)) - 1) << (1 << j)
            m = 0
            for k in range(self.size >> (j + 1)):
                m |= block << (k << (j + 1))
            self.true.append(m)

    def where(self, fact: int, value: bool) -> int:
        return self.true[fact] if value else self.all & ~self.true[fact]

    def assign(self, vals: int, fact: int, value: bool) -> int:
        """The valuations after setting `fact` to `value` in each of `vals`."""
        shift = 1 << fact
        t = self.true[fact]
        if value:
            return (vals & t) | ((vals & ~t) << shift & t)
        return (vals & ~t & self.all) | ((vals & t) >> shift)


def _guard_reads(
    engine: Engine,
) -> tuple[dict[str, tuple[str, ...]], list[tuple[dict[str, tuple[str, ...]], set[str]]]]:
    """Per guard name, the facts it reads itself; and per derived row (its track pattern, the
    facts its guards read).

    A guard that is not a fact guard may read derived values (residence, outcome), and so
    whatever the guards of the derived rows that apply at those track states read: the search
    adds those facts per combination of track states (a derived row whose pattern does not
    match is never evaluated there, nested derived values included)."""
    names = {g for r in engine.rules for g in r.guards}
    names |= {g for d in engine.derived.get("uitkomsten", ()) for g in d.guards}
    reads = {name: tuple(sorted(engine.guard_spec(name).reads)) for name in names}
    derived = []
    for rows in engine.derived.values():
        for d in rows:
            facts: set[str] = set()
            for g in d.guards:
                facts |= set(engine.guard_spec(g).reads)
            if facts:
                derived.append((d.when, facts))
    return reads, derived


def initial_facts(engine: Engine) -> dict[str, bool | None]:
    """Facts that only events make true (three years on a B8) start false; every other fact
    is open: the exploration covers both values."""
    set_true = {k for r in engine.rules for k, v in r.effects.items() if v is True}
    return {f.id: (False if f.id in set_true else None) for f in engine.vocab.facts}


def explore(engine: Engine, day: dt.date, facts: dict[str, bool | None] | None = None) -> PhaseGraph:
    """The phase graph of the era of `day` (see `search`); for the open facts (`facts` None)
    it is searched once per era and engine, and kept on the engine for the process."""
    if facts is not None:
        return search(engine, day, facts)
    key = ("phase_graph", engine.era_of(day))
    found = engine.memo.get(key)
    if found is None:
        found = engine.memo[key] = search(engine, day, None)
    return found if found.day == day else dataclasses.replace(found, day=day)


_JOB: dict[str, Engine] = {}  # the engine, inherited by forked workers


def _search_job(day: dt.date) -> PhaseGraph:
    return search(_JOB["engine"], day)


def explore_days(engine: Engine, days: list[dt.date]) -> list[PhaseGraph]:
    """The phase graphs of the eras of `days` (as `explore`); eras not yet searched are
    searched in forked workers at once, one per era, when there are two or more and the
    machine has the cores (diff's two dates)."""
    todo: dict[int, dt.date] = {}
    for day in days:
        era = engine.era_of(day)
        if ("phase_graph", era) not in engine.memo:
            todo.setdefault(era, day)
    if can_fork(len(todo)):
        _JOB["engine"] = engine  # inherited by the forked workers
        try:
            graphs = run_forked(_search_job, list(todo.values()))
        finally:
            _JOB.clear()
        for era, pg in zip(todo, graphs, strict=True):
            engine.memo[("phase_graph", era)] = pg
    return [explore(engine, day) for day in days]


def search(engine: Engine, day: dt.date, facts: dict[str, bool | None] | None = None) -> PhaseGraph:
    """Every situation reachable on `day`, for every combination of the open facts at once,
    projected onto the phase graph.

    A node of the search is a tuple of track states with the SET of fact valuations that
    reach it (a bitset); each rule fires on the valuations where its guards hold and an
    earlier rule of the same event does not (first-match). Work is per track tuple, so the
    cost does not grow with the number of fact combinations (a large era: about 0.2 s)."""
    vocab = engine.vocab
    rs = engine.ruleset(day)
    proj = ph.Projection(vocab)
    nt = len(vocab.tracks)
    fact_ids = [f.id for f in vocab.facts]
    fs = FactSets(len(fact_ids))
    fact_pos = {f: j for j, f in enumerate(fact_ids)}
    guard_reads, derived_reads = _guard_reads(engine)

    start_facts = initial_facts(engine) if facts is None else facts
    init = fs.all
    for f, v in start_facts.items():
        if v is not None:
            init &= fs.where(fact_pos[f], v)

    fact_masks = {f: fs.where(j, True) for f, j in fact_pos.items()}  # fact guards read no track
    fact_masks |= {f"niet_{f}": fs.where(j, False) for f, j in fact_pos.items()}
    combos: dict[tuple[int, ...], list[tuple[tuple[bool, ...], int]]] = {}
    reads_of: dict[tuple[str, frozenset[str]], list[tuple[tuple[bool, ...], int]]] = {}
    # a guard's valuations at a track tuple are the same in every era: kept on the engine
    shared: dict[tuple[tuple[str, ...], str], int] = engine.memo.setdefault("phase_guard_masks", {})
    preds = {name: engine.guard(name) for name in guard_reads}

    def valuations(reads: tuple[int, ...]) -> list[tuple[tuple[bool, ...], int]]:
        """Every assignment of the facts `reads` (the rest false) with the valuations it covers."""
        found = combos.get(reads)
        if found is None:
            found = []
            for values in itertools.product((False, True), repeat=len(reads)):
                row = [False] * len(fact_ids)
                m = fs.all
                for j, v in zip(reads, values, strict=True):
                    row[j] = v
                    m &= fs.where(j, v)
                found.append((tuple(row), m))
            combos[reads] = found
        return found

    def guard_mask(tracks: tuple[str, ...], name: str, derived: frozenset[str]) -> int:
        """The valuations in which guard `name` holds at these track states; `derived`: the
        facts that the derived rows applying at these track states read."""
        found = fact_masks.get(name)
        if found is None:
            found = shared.get((tracks, name))
        if found is None:
            reads = reads_of.get((name, derived))
            if reads is None:
                reads = reads_of[(name, derived)] = valuations(
                    tuple(sorted(fact_pos[f] for f in set(guard_reads[name]) | derived))
                )
            pred = preds[name]
            found = 0
            for row, m in reads:
                if pred(tracks + row):
                    found |= m
            shared[(tracks, name)] = found
        return found

    derived_masks = pattern_masks(vocab, [when for when, _ in derived_reads])
    derived_sets: dict[int, frozenset[str]] = {}  # per set of matching derived rows

    def derived_facts(tracks: tuple[str, ...]) -> frozenset[str]:
        """The facts read by the guards of the derived rows whose pattern matches."""
        key = matching_mask(derived_masks, tracks)
        found = derived_sets.get(key)
        if found is None:
            out: set[str] = set()
            for k in matching(derived_masks, tracks):
                out |= derived_reads[k][1]
            found = derived_sets[key] = frozenset(out)
        return found

    projected: dict[tuple[str, ...], str] = {}

    def phase(tracks: tuple[str, ...]) -> str:
        found = projected.get(tracks)
        if found is None:
            found = projected[tracks] = proj(tracks)
        return found

    # each row by its bit (file order, so first-match within an event is ascending bit order)
    rows_by_bit = [
        (
            c,
            c.rule.event,
            [(fact_pos[k], v) for k, v in c.rule.effects.items() if k in fact_pos],
            tuple((i, v) for i, v in c.updates if i < nt),  # its updates of tracks
        )
        for c in rs.rows
    ]
    outcomes = list(engine.derived.get("uitkomsten", ()))
    outcome_masks = pattern_masks(vocab, [d.when for d in outcomes])
    t0 = tuple(engine.initial({})[:nt])
    edges: dict[tuple[str, str], dict[str, str]] = {}
    reached: dict[tuple[str, ...], int] = {t0: init}
    pending: dict[tuple[str, ...], int] = {t0: init}
    queue = deque([t0])
    fired: set[str] = set()
    while queue:
        tracks = queue.popleft()
        vals = pending.pop(tracks)
        node = phase(tracks)
        derived = derived_facts(tracks)
        rest = vals
        for k in matching(outcome_masks, tracks):
            d = outcomes[k]
            if rest:
                m = rest
                for name in d.guards:
                    m &= guard_mask(tracks, name, derived)
                if m:
                    edges.setdefault((node, OUTCOME + d.id), {})[d.id] = ""
                    rest &= ~m
        pattern = matching_mask(rs.track_masks, tracks)  # the rows whose track pattern matches
        rests: dict[str, int] = {}  # per event, the valuations no earlier row of it took
        while pattern:
            low = pattern & -pattern
            pattern ^= low
            c, event, fact_updates, track_updates = rows_by_bit[low.bit_length() - 1]
            rest = rests.get(event, vals)
            if not rest:
                continue
            m = rest
            for name, _pred in c.guards:
                m &= guard_mask(tracks, name, derived)
                if not m:
                    break
            if not m:
                continue
            rests[event] = rest & ~m
            fired.add(c.rule.id)
            if track_updates:
                changed = list(tracks)
                for i, v in track_updates:
                    changed[i] = v
                target_tracks = tuple(changed)
            else:
                target_tracks = tracks
            for j, v in fact_updates:
                m = fs.assign(m, j, v)
            target = phase(target_tracks)
            if target != node:
                edges.setdefault((node, target), {})[c.rule.id] = c.rule.event
            new = m & ~reached.get(target_tracks, 0)
            if new:
                reached[target_tracks] = reached.get(target_tracks, 0) | new
                if target_tracks in pending:
                    pending[target_tracks] |= new
                else:
                    pending[target_tracks] = new
                    queue.append(target_tracks)
    g = nx.DiGraph()
    g.add_node(proj(t0))
    g.add_edges_from((u, v, {"rules": rules}) for (u, v), rules in edges.items())
    situations = sum(v.bit_count() for v in reached.values())
    return PhaseGraph(day, g, situations, frozenset(fired), len(reached))
