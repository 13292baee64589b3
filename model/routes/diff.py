"""What changes between two dates: rows of the table and routes (report §3) that appear,
disappear or change. A removed and an added row of the same event and from-pattern are
one changed row (e.g. R-B8-02 -> R-B8-03 on 2019-08-01)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.spec.rules import Rule


def _in_force(engine: Engine, day: dt.date) -> dict[str, Rule]:
    return {r.id: r for r in engine.rules if engine.in_force(r, day)}


def rule_changes(engine: Engine, a: dt.date, b: dt.date) -> dict[str, list[Any]]:
    """added / removed rule ids and changed (old id, new id) pairs between day a and day b."""
    before, after = _in_force(engine, a), _in_force(engine, b)
    added = [r for rid, r in after.items() if rid not in before]
    removed = [r for rid, r in before.items() if rid not in after]
    changed = []
    for new in list(added):
        old = next((o for o in removed if o.event == new.event and o.from_ == new.from_), None)
        if old is not None:
            changed.append((old.id, new.id))
            added.remove(new)
            removed.remove(old)
    return {"added": [r.id for r in added], "removed": [r.id for r in removed], "changed": changed}


def rule_diff(engine: Engine, a: dt.date, b: dt.date) -> dict[str, list[str]]:
    """Rule id lists by diagram status: added, removed (also the old row of a changed pair)
    and changed (the new row of a pair)."""
    ch = rule_changes(engine, a, b)
    return {
        "added": ch["added"],
        "removed": ch["removed"] + [o for o, _ in ch["changed"]],
        "changed": [n for _, n in ch["changed"]],
    }


def describe_change(engine: Engine, old_id: str, new_id: str) -> str:
    rules = {r.id: r for r in engine.rules}
    old, new = rules[old_id], rules[new_id]
    parts = []
    plus = [g for g in new.guards if g not in old.guards]
    minus = [g for g in old.guards if g not in new.guards]
    if plus or minus:
        parts.append("guards " + " ".join([f"+{g}" for g in plus] + [f"-{g}" for g in minus]))
    if old.updates != new.updates:
        parts.append(f"result {old.updates} -> {new.updates}")
    if old.source != new.source:
        parts.append(f"source {old.source!r} -> {new.source!r}")
    return "; ".join(parts) or "same content, new row"


@dataclass
class RouteDiff:
    """Routes and phase steps that appear or disappear between two dates."""

    counts: dict[str, tuple[int, int]]
    steps_added: list[tuple[str, str, list[str]]] = field(default_factory=list)
    steps_removed: list[tuple[str, str, list[str]]] = field(default_factory=list)
    steps_changed: list[tuple[str, str, list[str], list[str]]] = field(default_factory=list)
    routes_added: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    routes_removed: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    reclassified: list[tuple[tuple[str, ...], str, str]] = field(default_factory=list)
    method: str = ""


def route_diff(engine: Engine, a: dt.date, b: dt.date) -> RouteDiff:
    from verblijfsroutes.routes.classes import CLASS_IDS
    from verblijfsroutes.routes.listing import routes_on

    ra, rb = routes_on(engine, a), routes_on(engine, b)
    ca, cb = ra.counts(), rb.counts()
    out = RouteDiff({c: (ca[c], cb[c]) for c in CLASS_IDS})
    out.method = ra.method if ra.method == rb.method else f"{ra.method} / {rb.method}"
    ga, gb = ra.graph, rb.graph
    for u, v in sorted(set(gb.edges) - set(ga.edges)):
        out.steps_added.append((u, v, sorted(gb.edges[u, v]["rules"])))
    for u, v in sorted(set(ga.edges) - set(gb.edges)):
        out.steps_removed.append((u, v, sorted(ga.edges[u, v]["rules"])))
    for u, v in sorted(set(ga.edges) & set(gb.edges)):
        before, after = sorted(ga.edges[u, v]["rules"]), sorted(gb.edges[u, v]["rules"])
        if before != after:
            out.steps_changed.append((u, v, before, after))
    pa = {r.nodes: r.cls for r in ra.routes}
    pb = {r.nodes: r.cls for r in rb.routes}
    for nodes in sorted(set(pb) - set(pa)):
        out.routes_added.setdefault(pb[nodes], []).append(nodes)
    for nodes in sorted(set(pa) - set(pb)):
        out.routes_removed.setdefault(pa[nodes], []).append(nodes)
    for nodes in sorted(set(pa) & set(pb)):
        if pa[nodes] != pb[nodes]:
            out.reclassified.append((nodes, pa[nodes], pb[nodes]))
    return out
