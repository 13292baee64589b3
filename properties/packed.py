"""Situations packed into one int, and every expansion of a packed situation computed once.

A situation is packed as ``node << shift | facts`` (shift: two bits per fact): `node` numbers a combination of track
states, `facts` holds two bits per fact (0 unknown, 1 true, 2 false). What happens in a
situation (invariants failing, rows firing, step properties, nondeterminism, outcome) depends
only on its track states and on the facts read there (the node's `reads`, from which the
explorer's liveness is computed, and the facts rows change); it is computed once per such
projection (an `Expansion`) with the explorer's own compiled rows and predicates, and reused by
every situation that shares it. Per situation the search is then a few integer operations and
dictionary look-ups (levels.py does them for a whole BFS level at once), and the counts are
added up per expansion at the end. The readable tuple form is produced only for traces.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from verblijfsroutes.properties.explorer import EraModel, split_facts
from verblijfsroutes.properties.results import EraResult, Refinement
from verblijfsroutes.properties.spec import Property
from verblijfsroutes.spec.vocabulary import Situation

ENCODE = {None: 0, True: 1, False: 2}
DECODE = (None, True, False, None)


class Expansion:
    """What happens in every situation with one node and one projection of its facts."""

    __slots__ = ("uses", "failing", "moves", "succ", "nondet", "outcome", "trap", "notable")

    def __init__(self) -> None:
        self.uses = 0  # situations visited with this expansion
        self.failing: tuple[Property, ...] = ()  # invariants that fail
        # fired rows, first per event: (rule id, event, step properties that fail)
        self.moves: tuple[tuple[str, str, tuple[Property, ...]], ...] = ()
        # per fired row: (facts kept, facts set, target, (event, rule id))
        self.succ: tuple[tuple[int, int, Target, tuple[str, str]], ...] = ()
        self.nondet: tuple[tuple[str, tuple[str, str]], ...] = ()
        self.outcome: str | None = None
        self.trap = False
        self.notable = False  # something to record at a visit (a violation, trap, nondeterminism)


class Target:
    """A node as the target of a step: which facts stay live and how the needed ones split."""

    __slots__ = ("base", "live", "need", "splits")

    def __init__(self, base: int, live: int, need: int) -> None:
        self.base = base  # the node's number, shifted into place
        self.live = live  # bit mask of the facts still live here (the others are forgotten)
        self.need = need  # bit mask of the facts the rows and derived rules here may need
        self.splits: dict[int, tuple[tuple[int, Refinement], ...]] = {}


class Packed:
    """An era model's situations as ints, with its expansions and targets computed on demand."""

    def __init__(self, model: EraModel) -> None:
        self.model = model
        self.nt = model.nt
        self.nf = len(model.facts)
        self.shift = 2 * self.nf
        self.node_no: dict[tuple[Any, ...], int] = {}
        self.tracks: list[tuple[Any, ...]] = []
        self.proj: list[int] = []
        self.expansions: list[dict[int, Expansion]] = []
        self.targets: list[Target] = []
        self.need: list[int] = []  # per node, its target's `need` (a column for levels.py)
        self.node_moves: dict[int, tuple[tuple[Any, ...], ...]] = {}
        self.decoded: dict[int, tuple[Any, ...]] = {}  # facts code -> facts (few distinct codes)
        self.encoded: dict[tuple[Any, ...], int] = {}  # and back
        self.field_masks: dict[int, int] = {}

    # -- packing ---------------------------------------------------------------------------
    def _field_mask(self, bits: int) -> int:
        """Two-bit fields of the facts in a one-bit-per-fact mask."""
        m = self.field_masks.get(bits)
        if m is None:
            m = 0
            for j in range(self.nf):
                if bits >> j & 1:
                    m |= 3 << 2 * j
            self.field_masks[bits] = m
        return m

    def number(self, tracks: tuple[Any, ...]) -> int:
        """The node's number (assigned on first sight)."""
        n = self.node_no.get(tracks)
        if n is None:
            n = self.node_no[tracks] = len(self.tracks)
            node = self.model.node(tracks)
            self.tracks.append(tracks)
            updated = 0
            for _, _, _, fact_updates in node.moves:
                for i, _ in fact_updates:
                    updated |= 1 << i
            self.proj.append(self._field_mask(node.reads | updated))
            self.expansions.append({})
            dead = {i - self.nt for i in node.dead}
            live = self._field_mask(sum(1 << j for j in range(self.nf) if j not in dead))
            need = 0
            for guards in node.needs:
                for mask, _, _ in guards:
                    need |= mask
            self.targets.append(Target(n << self.shift, live, self._field_mask(need)))
            self.need.append(self.targets[-1].need)
        return n

    def facts_code(self, facts: tuple[Any, ...]) -> int:
        code = self.encoded.get(facts)
        if code is None:
            code = 0
            for j, v in enumerate(facts):
                code |= ENCODE[v] << 2 * j
            self.encoded[facts] = code
        return code

    def pack(self, s: Situation) -> int:
        return self.number(s[: self.nt]) << self.shift | self.facts_code(s[self.nt :])

    def unpack(self, sid: int) -> Situation:
        code = sid & ((1 << self.shift) - 1)
        facts = self.decoded.get(code)
        if facts is None:
            facts = self.decoded[code] = tuple(DECODE[code >> 2 * j & 3] for j in range(self.nf))
        return self.tracks[sid >> self.shift] + facts

    # -- splitting unknown facts -----------------------------------------------------------
    def splits(self, target: Target, key: int) -> tuple[tuple[int, Refinement], ...]:
        """How a situation at `target` with these needed facts splits into concretisations:
        the bits each adds, with the facts determined (split_facts, as EraModel.resolve, uncached)."""
        s = self.unpack(target.base | key)
        model = self.model
        needs = model.node(s[: self.nt]).needs
        found = tuple(
            (self.facts_code(u[self.nt :]) ^ key, ref)
            for u, ref in split_facts(s, needs, model.facts, self.nt)
        )
        target.splits[key] = found
        return found

    # -- expanding -------------------------------------------------------------------------
    def moves(self, n: int) -> tuple[tuple[Any, ...], ...]:
        """Node `n`'s candidate rows with what a step by each does to a packed situation:
        (row, fact-reading guards, facts kept, facts set, target, (event, rule id), whether
        the step's situation must be built: for step properties or to compare two rows of one
        event)."""
        found = self.node_moves.get(n)
        if found is None:
            node = self.model.node(self.tracks[n])
            out = []
            for row, fguards, new_tracks, fact_updates in node.moves:
                target = self.targets[self.number(new_tracks)]
                cleared = 0
                set_bits = 0
                for i, v in fact_updates:
                    cleared |= 3 << 2 * i
                    set_bits |= ENCODE[v] << 2 * i
                via = (row.event, row.rule.id)
                build = bool(row.steps) or node.multi
                out.append((row, fguards, ~cleared & target.live, set_bits & target.live, target, via, build))
            found = self.node_moves[n] = tuple(out)
        return found

    def expansion(self, n: int, key: int) -> Expansion:
        """What happens in node `n` with the facts `key` (computed once)."""
        model = self.model
        ctx = model.ctx
        s = self.unpack(n << self.shift | key)
        node = model.node(self.tracks[n])
        x = Expansion()
        fixed = node.fixed_failing
        if fixed is None:
            fixed = node.fixed_failing = tuple(p for p in node.fixed_invariants if not p.check(ctx, s))
        x.failing = fixed + tuple(p for p in node.fact_invariants if not p.check(ctx, s))
        fired: dict[str, tuple[str, Situation | None]] = {}
        moves = []
        succ = []
        nondet = []
        for row, fguards, keep, set_bits, target, via, build in self.moves(n):
            holds = True
            for _, _, pred in fguards:
                if not pred(s):
                    holds = False
                    break
            if not holds:
                continue
            event, rule_id = via
            s2 = row.apply(s) if build else None
            first = fired.get(event)
            if first is not None:
                if first[1] != s2:
                    nondet.append((event, (first[0], rule_id)))
                continue
            fired[event] = (rule_id, s2)
            fails = (
                tuple(p for p in row.steps if not p.check(ctx, s, event, row.rule, s2)) if row.steps else ()
            )
            moves.append((rule_id, event, fails))
            succ.append((keep, set_bits, target, via))
        x.moves = tuple(moves)
        x.succ = tuple(succ)
        x.nondet = tuple(nondet)
        if node.outcomes:
            o = model.outcome(s)
            x.outcome = o.id if o is not None else None
        x.trap = not moves and x.outcome is None
        x.notable = bool(x.failing or x.nondet or x.trap or any(m[2] for m in moves))
        self.expansions[n][key] = x
        return x


def _totals(result: EraResult, used: list[Expansion]) -> None:
    """Counts per situation and per step, added up per expansion."""
    hits = result.rule_hits
    counts = result.violation_counts
    steps = 0
    for x in used:
        u = x.uses
        if not u:
            continue
        steps += u * len(x.moves)
        for rule_id, _, fails in x.moves:
            hits[rule_id] += u
            for prop in fails:
                counts[prop.name] += u
                result.violating_rows.setdefault(prop.name, Counter())[rule_id] += u
        for prop in x.failing:
            counts[prop.name] += u
        result.nondeterminism_count += u * len(x.nondet)
        if x.outcome is not None:
            result.outcomes.add(x.outcome)
        elif x.trap:
            result.trap_count += u
    result.steps = steps
