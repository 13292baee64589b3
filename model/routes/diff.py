"""What changes between two dates: rows of the table and routes (report §3) that appear,
disappear or change. A removed and an added row of the same event and from-pattern are
one changed row (e.g. R-B8-02 -> R-B8-03 on 2019-08-01)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.classes import CLASS_IDS
from verblijfsroutes.routes.counting import RouteIndex, method_text
from verblijfsroutes.routes.listing import route_graph
from verblijfsroutes.routes.phasegraph import explore_days
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
    """Routes and phase steps that appear or disappear between two dates. A route's class
    depends only on its phases (classes.classify), so a route of both dates keeps its class."""

    counts: dict[str, tuple[int, int]]
    steps_added: list[tuple[str, str, list[str]]] = field(default_factory=list)
    steps_removed: list[tuple[str, str, list[str]]] = field(default_factory=list)
    steps_changed: list[tuple[str, str, list[str], list[str]]] = field(default_factory=list)
    added: RouteIndex | None = None  # the routes of the later date that take a step the earlier lacks
    removed: RouteIndex | None = None  # and the other way round
    method: str = ""

    def appearing(self, limit: int = 0) -> dict[str, tuple[int, Iterator[tuple[str, ...]]]]:
        """Per class, the number of routes that appear and the first `limit` (0: all) in
        sorted order, produced as they are read (a full listing can be millions of lines)."""
        return _listed(self.added, limit)

    def disappearing(self, limit: int = 0) -> dict[str, tuple[int, Iterator[tuple[str, ...]]]]:
        """Per class, the number of routes that disappear and the first `limit` (0: all), as `appearing`."""
        return _listed(self.removed, limit)


def _listed(index: RouteIndex | None, limit: int) -> dict[str, tuple[int, Iterator[tuple[str, ...]]]]:
    if index is None:
        return {}
    out = {}
    for cls, n in sorted(index.counts().items()):
        routes = index.in_order(cls)
        out[cls] = (n, itertools.islice(routes, limit) if limit else routes)
    return out


def _marked(g: nx.DiGraph, other: nx.DiGraph) -> set[tuple[str, str]]:
    """The steps of `g` that `other` does not have: a route of `g` is a route of `other`
    exactly when it takes none of them."""
    return {(u, v) for u, v in g.edges if not other.has_edge(u, v)}


def route_diff(engine: Engine, a: dt.date, b: dt.date) -> RouteDiff:
    """Rows' phase steps and routes that differ between day a and day b; each era is explored
    once, and the routes that appear or disappear are counted without listing them."""
    pa, pb = explore_days(engine, [a, b])  # two eras: searched at once
    ga, gb = route_graph(pa), route_graph(pb)
    ia, ib = RouteIndex(ga, ph.START), RouteIndex(gb, ph.START)
    ca, cb = ia.counts(), ib.counts()
    out = RouteDiff({c: (ca.get(c, 0), cb.get(c, 0)) for c in CLASS_IDS})
    out.method = method_text("en")
    for u, v in sorted(set(gb.edges) - set(ga.edges)):
        out.steps_added.append((u, v, sorted(gb.edges[u, v]["rules"])))
    for u, v in sorted(set(ga.edges) - set(gb.edges)):
        out.steps_removed.append((u, v, sorted(ga.edges[u, v]["rules"])))
    for u, v in sorted(set(ga.edges) & set(gb.edges)):
        before, after = sorted(ga.edges[u, v]["rules"]), sorted(gb.edges[u, v]["rules"])
        if before != after:
            out.steps_changed.append((u, v, before, after))
    out.added = RouteIndex(gb, ph.START, _marked(gb, ga))
    out.removed = RouteIndex(ga, ph.START, _marked(ga, gb))
    return out
