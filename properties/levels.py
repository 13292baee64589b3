"""The level-at-a-time search: a whole BFS level of packed situations expanded with numpy.

The same search as packed.py (and search.py, the reference), one level at a time: the
situations of a level are looked up in the expansion table together (one `np.unique` per
level, one dictionary look-up per distinct expansion), their successors and the splits of
unknown facts are produced as arrays, and the new situations are found by sorting. Within a
level the new situations keep the order in which the scalar search would discover them (by
first occurrence), so the queue, the parent of every situation and every shortest
counterexample are the scalar search's own; tests/test_packed_search.py checks the three
searches against each other, field by field.
"""

from __future__ import annotations

import bisect
import gc
import time
from collections.abc import Callable

import numpy as np
from verblijfsroutes.properties.explorer import EraModel
from verblijfsroutes.properties.packed import Expansion, Packed, _totals
from verblijfsroutes.properties.results import EraResult, Refinement, Trace, TraceStep, Violation
from verblijfsroutes.properties.search import MAX_EXAMPLES

I64 = np.int64


class _KeyTable:
    """Keys met so far and their numbers, sorted, for look-ups of a whole array at once."""

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=I64)
        self.ids = np.zeros(0, dtype=I64)

    def ids_of(self, keys: np.ndarray, new: Callable[[int], int]) -> np.ndarray:
        """The number of every key; `new(key)` numbers a key not met before (in ascending
        key order, as before)."""
        uniq, inverse = np.unique(keys, return_inverse=True)
        pos = np.searchsorted(self.keys, uniq)
        known = np.zeros(len(uniq), dtype=bool)
        inside = pos < len(self.keys)
        known[inside] = self.keys[pos[inside]] == uniq[inside]
        if not known.all():
            fresh = uniq[~known]
            numbers = np.array([new(k) for k in fresh.tolist()], dtype=I64)
            self.keys = np.insert(self.keys, pos[~known], fresh)
            self.ids = np.insert(self.ids, pos[~known], numbers)
            pos = np.searchsorted(self.keys, uniq)
        return self.ids[pos][inverse.reshape(-1)]


class _Tables:
    """The expansions and splits met so far, as flat arrays (compressed rows) for numpy."""

    COLUMNS = (
        "x_start",
        "x_len",
        "x_notable",
        "x_nondet",
        "x_trap",
        "keep",
        "set_bits",
        "tnode",
        "via",
        "sp_start",
        "sp_len",
        "add",
        "ref",
    )

    def __init__(self, p: Packed) -> None:
        self.p = p
        self.xs: list[Expansion] = []
        self.x_keys = _KeyTable()
        self.x_start: list[int] = []
        self.x_len: list[int] = []
        self.x_notable: list[int] = []
        self.x_nondet: list[int] = []
        self.x_trap: list[int] = []
        self.keep: list[int] = []
        self.set_bits: list[int] = []
        self.tnode: list[int] = []
        self.via: list[int] = []
        self.vias: list[tuple[str, str]] = []
        self.via_of: dict[tuple[str, str], int] = {}
        self.sp_keys = _KeyTable()
        self.sp_start: list[int] = []
        self.sp_len: list[int] = []
        self.add: list[int] = []
        self.ref: list[int] = []
        self.refs: list[Refinement] = []
        self.ref_of: dict[Refinement, int] = {}
        self.arrays: dict[str, np.ndarray] = {}
        self.stale = True

    def expansion_ids(self, xkeys: np.ndarray) -> np.ndarray:
        """The expansion number of each (node, facts read) key, computing the new ones."""
        low = (1 << self.p.shift) - 1
        return self.x_keys.ids_of(xkeys, lambda k: self._new_expansion(k >> self.p.shift, k & low))

    def _new_expansion(self, node: int, key: int) -> int:
        x = self.p.expansion(node, key)
        shift = self.p.shift
        self.x_start.append(len(self.keep))
        self.x_len.append(len(x.succ))
        self.x_notable.append(x.notable)
        self.x_nondet.append(bool(x.nondet))
        self.x_trap.append(x.trap)
        for keep, set_bits, target, via in x.succ:
            self.keep.append(keep)
            self.set_bits.append(set_bits)
            self.tnode.append(target.base >> shift)
            v = self.via_of.get(via)
            if v is None:
                v = self.via_of[via] = len(self.vias)
                self.vias.append(via)
            self.via.append(v)
        self.xs.append(x)
        self.stale = True
        return len(self.xs) - 1

    def split_ids(self, skeys: np.ndarray) -> np.ndarray:
        """The split number of each (target node, needed facts) key, computing the new ones."""
        return self.sp_keys.ids_of(skeys, self._new_split)

    def _new_split(self, skey: int) -> int:
        p = self.p
        target = p.targets[skey >> p.shift]
        key = skey & ((1 << p.shift) - 1)
        sp = target.splits.get(key) or p.splits(target, key)
        self.sp_start.append(len(self.add))
        self.sp_len.append(len(sp))
        for add, ref in sp:
            r = self.ref_of.get(ref)
            if r is None:
                r = self.ref_of[ref] = len(self.refs)
                self.refs.append(ref)
            self.add.append(add)
            self.ref.append(r)
        self.stale = True
        return len(self.sp_start) - 1

    def np(self) -> dict[str, np.ndarray]:
        """The tables as numpy arrays (extended by what was added since the last call)."""
        if self.stale:
            p = self.p
            a = self.arrays
            columns = {name: getattr(self, name) for name in self.COLUMNS}
            columns["proj"] = p.proj
            columns["need"] = p.need
            for name, values in columns.items():
                have = a.get(name)
                done = 0 if have is None else len(have)
                part = np.array(values[done:], dtype=I64)
                a[name] = part if have is None else np.concatenate([have, part])
            self.stale = False
        return self.arrays


def _gather(starts: np.ndarray, lens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For items with table rows [start, start+len): the item of every row, and the row."""
    total = int(lens.sum())
    src = np.repeat(np.arange(len(lens), dtype=I64), lens)
    first = np.cumsum(lens) - lens
    rows = np.repeat(starts - first, lens) + np.arange(total, dtype=I64)
    return src, rows


def explore_levels(
    model: EraModel, progress: Callable[[int], None] | None = None, packed: Packed | None = None
) -> EraResult:
    """Explore every situation reachable in the model's era, checking its properties, a whole
    BFS level at a time; the same result as search.explore_era. `packed`: the model's packed
    form to fill (the benchmark reads the expansions it computed)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _explore(packed if packed is not None else Packed(model), progress)
    finally:
        if enabled:
            gc.enable()


class _Queue:
    """The BFS queue as one array per level, with each situation's parent and step."""

    def __init__(self) -> None:
        self.offsets: list[int] = []
        self.sids: list[np.ndarray] = []
        self.par: list[np.ndarray] = []
        self.via: list[np.ndarray] = []
        self.ref: list[np.ndarray] = []
        self.size = 0

    def push(self, sids: np.ndarray, par: np.ndarray, via: np.ndarray, ref: np.ndarray) -> None:
        self.offsets.append(self.size)
        self.sids.append(sids)
        self.par.append(par)
        self.via.append(via)
        self.ref.append(ref)
        self.size += len(sids)

    def at(self, pos: int) -> tuple[int, int, int, int]:
        lv = bisect.bisect_right(self.offsets, pos) - 1
        k = pos - self.offsets[lv]
        return int(self.sids[lv][k]), int(self.par[lv][k]), int(self.via[lv][k]), int(self.ref[lv][k])


def _trace(p: Packed, t: _Tables, q: _Queue, pos: int) -> Trace:
    out = []
    while pos >= 0:
        sid, par, via, ref = q.at(pos)
        event, rule = t.vias[via] if via >= 0 else (None, None)
        out.append(TraceStep(event, rule, t.refs[ref], p.unpack(sid)))
        pos = par
    return tuple(reversed(out))


def _explore(p: Packed, progress: Callable[[int], None] | None) -> EraResult:
    t0 = time.perf_counter()
    model = p.model
    result = EraResult(model.era, skipped=set(model.skipped))
    t = _Tables(p)
    q = _Queue()
    start: list[int] = []
    start_refs: list[int] = []
    for s, ref in model.resolve(model.initial()):
        sid = p.pack(s)
        if sid not in start:
            start.append(sid)
            r = t.ref_of.get(ref)
            if r is None:
                r = t.ref_of[ref] = len(t.refs)
                t.refs.append(ref)
            start_refs.append(r)
    frontier = np.array(start, dtype=I64)
    q.push(
        frontier,
        np.full(len(start), -1, dtype=I64),
        np.full(len(start), -1, dtype=I64),
        np.array(start_refs, dtype=I64),
    )
    seen = np.sort(frontier)
    shift = p.shift
    low = (1 << shift) - 1
    uses = np.zeros(0, dtype=I64)
    told = 0
    while len(frontier):
        offset = q.offsets[-1]
        node = frontier >> shift
        code = frontier & low
        a = t.np()
        xid = t.expansion_ids(node << shift | (code & a["proj"][node]))
        a = t.np()
        if len(uses) < len(t.xs):
            uses = np.concatenate([uses, np.zeros(len(t.xs) - len(uses), dtype=I64)])
        uses += np.bincount(xid, minlength=len(uses))
        _notable(p, t, q, xid, offset, result)
        # successors: one row per step, then one per concretisation of its unknown facts
        src, rows = _gather(a["x_start"][xid], a["x_len"][xid])
        code2 = code[src] & a["keep"][rows] | a["set_bits"][rows]
        tnode = a["tnode"][rows]
        base = tnode << shift | code2
        spid = t.split_ids(tnode << shift | (code2 & t.np()["need"][tnode]))
        a = t.np()
        src2, rows2 = _gather(a["sp_start"][spid], a["sp_len"][spid])
        cand = base[src2] | a["add"][rows2]
        uniq, first = np.unique(cand, return_index=True)
        pos = np.searchsorted(seen, uniq)
        known = np.zeros(len(uniq), dtype=bool)
        inside = pos < len(seen)
        known[inside] = seen[pos[inside]] == uniq[inside]
        fresh = ~known
        seen = np.insert(seen, pos[fresh], uniq[fresh])
        order = np.sort(first[fresh])
        step = src2[order]
        frontier = cand[order]
        q.push(frontier, offset + src[step], a["via"][rows[step]], a["ref"][rows2[order]])
        if progress is not None and q.size >> 15 > told:
            told = q.size >> 15
            progress(q.size)
    for x, u in zip(t.xs, uses.tolist(), strict=True):
        x.uses = u
    _totals(result, t.xs)
    track_ids = [tr.id for tr in model.engine.vocab.tracks]
    nodes = np.unique(np.concatenate(q.sids) >> shift)
    for n in nodes.tolist():
        result.reached.update(zip(track_ids, p.tracks[n], strict=True))
    result.situations = q.size
    result.seconds = time.perf_counter() - t0
    return result


def _notable(p: Packed, t: _Tables, q: _Queue, xid: np.ndarray, offset: int, result: EraResult) -> None:
    """Record the first examples this level holds (violations, nondeterminism, traps), in the
    order the scalar search would meet them."""
    a = t.np()
    hit = a["x_notable"][xid] != 0
    if not hit.any():
        return
    where = np.flatnonzero(hit)
    ids, first = np.unique(xid[where], return_index=True)
    violations = result.violations
    for k in np.argsort(first, kind="stable").tolist():
        x = t.xs[int(ids[k])]
        pos = offset + int(where[first[k]])
        names = [pr.name for pr in x.failing] + [pr.name for _, _, fails in x.moves for pr in fails]
        if all(n in violations for n in names):
            continue
        trace = _trace(p, t, q, pos)
        for prop in x.failing:
            if prop.name not in violations:
                violations[prop.name] = Violation(prop.name, prop.statement, trace)
        for rule_id, event, fails in x.moves:
            for prop in fails:
                if prop.name not in violations:
                    violations[prop.name] = Violation(prop.name, prop.statement, trace, (event, rule_id))
    for attr, kept in (("nondet", result.nondeterminism), ("trap", result.traps)):
        if len(kept) >= MAX_EXAMPLES:
            continue
        for i in np.flatnonzero(a["x_" + attr][xid]).tolist():
            if len(kept) >= MAX_EXAMPLES:
                break
            x = t.xs[int(xid[i])]
            trace = _trace(p, t, q, offset + i)
            if attr == "trap":
                result.traps.append(trace)
            else:
                for event, pair in x.nondet:
                    if len(kept) < MAX_EXAMPLES:
                        result.nondeterminism.append((trace, event, pair))
