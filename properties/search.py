"""The breadth-first search over the situations of one era (the explorer's EraModel), checking
every property on the way; breadth-first order makes every counterexample a shortest one, and
traces come from the BFS parent map.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Callable

from verblijfsroutes.properties.explorer import EraModel, _Row
from verblijfsroutes.properties.results import EraResult, Parent, Refinement, Trace, TraceStep, Violation
from verblijfsroutes.spec.vocabulary import Situation


def trace_of(parent: dict[Situation, Parent], s: Situation) -> Trace:
    """The path from the start to `s`, read from the BFS parent map."""
    out = []
    cur: Situation | None = s
    while cur is not None:
        prev, event, rule, ref = parent[cur]
        out.append(TraceStep(event, rule, ref, cur))
        cur = prev
    return tuple(reversed(out))


MAX_EXAMPLES = 5  # traps / nondeterminism examples kept per era (all are counted)


def explore_era(
    model: EraModel, progress: Callable[[int], None] | None = None, stop_at_first: bool = False
) -> EraResult:
    """Explore every situation reachable in the model's era, checking its properties
    (`stop_at_first`: stop at the first violation, trap or nondeterminism found)."""
    enabled = gc.isenabled()
    gc.disable()  # the search builds large containers of tuples that never form cycles
    try:
        return _explore(model, progress, stop_at_first)
    finally:
        if enabled:
            gc.enable()


def _explore(model: EraModel, progress: Callable[[int], None] | None, stop_at_first: bool) -> EraResult:
    t0 = time.perf_counter()
    engine = model.engine
    ctx = model.ctx
    result = EraResult(model.era, skipped=set(model.skipped))
    parent: dict[Situation, Parent] = {}
    queue: list[Situation] = []
    for s, ref in model.resolve(model.initial()):
        if s not in parent:
            parent[s] = (None, None, None, ref)
            queue.append(s)
    hits = result.rule_hits
    violations = result.violations
    counts = result.violation_counts
    resolve = model.resolve
    forget = model.forget
    node_of = model.node
    nodes = model._nodes
    nt = model.nt
    outcomes = result.outcomes
    after: dict[Situation, list[tuple[Situation, Refinement]]] = {}
    steps = 0
    n = 0
    while n < len(queue):
        if stop_at_first and (violations or result.traps or result.nondeterminism):
            break
        s = queue[n]
        n += 1
        if progress is not None and not n & 0x7FFF:
            progress(n)
        tracks = s[:nt]
        node = nodes.get(tracks) or node_of(tracks)
        failing = node.fixed_failing
        if failing is None:
            failing = node.fixed_failing = tuple(p for p in node.fixed_invariants if not p.check(ctx, s))
        for prop in failing:
            counts[prop.name] += 1
            if prop.name not in violations:
                violations[prop.name] = Violation(prop.name, prop.statement, trace_of(parent, s))
        for prop in node.fact_invariants:
            if not prop.check(ctx, s):
                counts[prop.name] += 1
                if prop.name not in violations:
                    violations[prop.name] = Violation(prop.name, prop.statement, trace_of(parent, s))
        facts = s[nt:]
        fired: dict[str, tuple[_Row, Situation]] | None = {} if node.multi else None
        any_fired = False
        for row, fguards, new_tracks, fact_updates in node.moves:
            for _, _, pred in fguards:
                if not pred(s):
                    break
            else:
                if fact_updates:
                    changed = list(facts)
                    for i, v in fact_updates:
                        changed[i] = v
                    s2 = new_tracks + tuple(changed)
                else:
                    s2 = new_tracks + facts
                event = row.event
                if fired is not None:
                    first = fired.get(event)
                    if first is not None:
                        if first[1] != s2:
                            result.nondeterminism_count += 1
                            if len(result.nondeterminism) < MAX_EXAMPLES:
                                result.nondeterminism.append(
                                    (trace_of(parent, s), event, (first[0].rule.id, row.rule.id))
                                )
                        continue
                    fired[event] = (row, s2)
                any_fired = True
                steps += 1
                rule = row.rule
                hits[rule.id] += 1
                for prop in row.steps:
                    if not prop.check(ctx, s, event, rule, s2):
                        counts[prop.name] += 1
                        result.violating_rows.setdefault(prop.name, Counter())[rule.id] += 1
                        if prop.name not in violations:
                            violations[prop.name] = Violation(
                                prop.name, prop.statement, trace_of(parent, s), (event, rule.id)
                            )
                if s2 in after:
                    continue  # reached before: every refinement of it is already queued
                next_ = after[s2] = resolve(forget(s2))
                for s3, ref in next_:
                    if s3 not in parent:
                        parent[s3] = (s, event, rule.id, ref)
                        queue.append(s3)
        if node.outcomes:
            o = model.outcome(s)
            if o is not None:
                outcomes.add(o.id)
                continue
        if not any_fired:
            result.trap_count += 1
            if len(result.traps) < MAX_EXAMPLES:
                result.traps.append(trace_of(parent, s))
    vocab = engine.vocab
    track_ids = [t.id for t in vocab.tracks]
    seen_tracks = {s[: model.nt] for s in queue}
    for ts in seen_tracks:
        result.reached.update(zip(track_ids, ts, strict=True))
    result.situations = len(queue)
    result.steps = steps
    result.seconds = time.perf_counter() - t0
    return result
