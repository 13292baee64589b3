"""Route listings: the routes of an era counted per class, listed on demand, and each class's canonical example.

`route_set` builds the route graph of an era (the phase graph, phasegraph.py, as routes see it)
and its RouteIndex (counting.py): every simple path from the start to a terminal outcome,
counted exactly per report class (classes.py) without listing them, and listed in order only as
far as asked. `canonical_route` picks each class's example for Figure 2 and the listings by a
documented criterion (CANONICAL_CRITERION: the shortest route that follows the report's
description of the class, PATTERNS), by a best-first search that does not need the listing.
The counts over the condensation of (phase graph x classifier), where routes that differ only
inside a cycle count once, are kept beside them (`condensed`).
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.classes import CLASS_IDS, INITIAL, OUTCOME, Route, State, classify, step
from verblijfsroutes.routes.counting import OUTCOME_RANK, RouteIndex, method_text
from verblijfsroutes.routes.phasegraph import PhaseGraph, explore

# ---- canonical routes: the example of each class that the figures and listings show first
# A milestone is a set of phase nodes ("<regeling phase>|<asiel phase>", "*" = any phase).
# A class's pattern is the phase sequence of its description in the report: the milestones
# must occur in this order (other phases may come between). `avoid` lists phases the example
# must not pass through.
Milestone = tuple[frozenset[str] | None, frozenset[str] | None]


def _m(reg: str, asiel: str) -> Milestone:
    """A milestone: regeling phase(s) and asiel phase(s), "a,b" for either, "*" for any."""
    return (
        None if reg == "*" else frozenset(reg.split(",")),
        None if asiel == "*" else frozenset(asiel.split(",")),
    )


@dataclass(frozen=True)
class Pattern:
    """The report's description of a class as milestones in order, in words with its §."""

    milestones: tuple[Milestone, ...]
    wording: str
    avoid: frozenset[str] = frozenset()  # regeling phases the example never enters
    wording_nl: str = ""

    def text(self, lang: str) -> str:
        return self.wording_nl if lang == "nl" and self.wording_nl else self.wording


PATTERNS: dict[str, Pattern] = {
    "route_1": Pattern(
        (_m("geen", "aanvraag"), _m("geen", "afgewezen,verleend"), _m("aangifte", "*"), _m("b8", "*")),
        "asylum application, decided before the regulation; then aangifte and B8 (§3, Figure 2)",
        wording_nl="asielaanvraag, beslist vóór de regeling; daarna aangifte en B8 (§3, Figuur 2)",
    ),
    "route_1_overlap": Pattern(
        (_m("geen", "aanvraag"), _m("aangifte", "aanvraag"), _m("b8", "aanvraag")),
        "asylum application; aangifte and B8 while it runs (§3.1: 8.8%)",
        wording_nl="asielaanvraag; aangifte en B8 terwijl die loopt (§3.1: 8,8%)",
    ),
    "route_2": Pattern(
        (
            _m("aangifte", "geen"),
            _m("b8", "geen"),
            _m("b8_beeindigd", "geen"),
            _m("b8_beeindigd", "aanvraag"),
        ),
        "aangifte, B8, B8 withdrawn after sepot, then asylum; no B9 application (§4.4, §4.6.2)",
        wording_nl="aangifte, B8, B8 ingetrokken na sepot, dan asiel; geen B9-aanvraag (§4.4, §4.6.2)",
        avoid=frozenset({"b9_aanvraag"}),
    ),
    "route_3": Pattern(
        (
            _m("b8", "geen"),
            _m("b9_aanvraag", "geen"),
            _m("b9_afgewezen", "geen"),
            _m("b9_afgewezen", "aanvraag"),
        ),
        "B8, B9 application, B9 refused, then asylum (§3, §4.5)",
        wording_nl="B8, B9-aanvraag, B9 afgewezen, dan asiel (§3, §4.5)",
    ),
    "parallel_b9_asiel": Pattern(
        (_m("b8", "geen"), _m("b9_aanvraag", "geen"), _m("b9_aanvraag", "aanvraag")),
        "B8, B9 application, asylum while it runs (§2.3, §4.6.2)",
        wording_nl="B8, B9-aanvraag, asiel terwijl die loopt (§2.3, §4.6.2)",
    ),
    "alleen_regeling": Pattern(
        (_m("aangifte", "geen"), _m("b8", "geen"), _m("b9_aanvraag", "geen"), _m("b9", "geen")),
        "aangifte, B8, B9 application, B9 (§2.1)",
        wording_nl="aangifte, B8, B9-aanvraag, B9 (§2.1)",
    ),
    "alleen_asiel": Pattern(
        (_m("geen", "aanvraag"),), "asylum application (§2.2.1)", wording_nl="asielaanvraag (§2.2.1)"
    ),
    "vertrek_bedenktijd": Pattern(
        (_m("bedenktijd", "geen"),),
        "bedenktijd, then leaving (§3)",
        wording_nl="bedenktijd, dan vertrek (§3)",
    ),
    "asiel_na_bedenktijd": Pattern(
        (_m("bedenktijd", "geen"), _m("*", "aanvraag")),
        "bedenktijd, then an asylum application (§2.3)",
        wording_nl="bedenktijd, dan een asielaanvraag (§2.3)",
    ),
}

CANONICAL_CRITERION = (
    "the canonical route of a class follows the report's description of the class (its "
    "milestones in order) and is, among those, the one with a single asylum application if "
    "possible, then the fewest steps plus the outcome's rank (a permit first), then the "
    "fewest steps in which both procedures change at once, then the first in sorted order"
)
CANONICAL_CRITERION_NL = (
    "de canonieke route van een klasse volgt de beschrijving van die klasse in het rapport (haar "
    "mijlpalen in volgorde) en is daarvan, zo mogelijk, die met één asielaanvraag, dan die met de "
    "minste stappen plus de rang van de uitkomst (een vergunning eerst), dan die met de minste "
    "stappen waarin beide procedures tegelijk veranderen, dan de eerste in gesorteerde volgorde"
)


@dataclass
class RouteSet:
    """The routes of one era: counted exactly per class and listed on demand (counting.py),
    with each class's canonical example."""

    pg: PhaseGraph
    graph: nx.DiGraph
    index: RouteIndex
    condensed: dict[str, int] = field(default_factory=dict)  # DP over the condensation
    canonicals: dict[str, Route] = field(default_factory=dict)  # canonical per class

    def counts(self) -> dict[str, int]:
        """Routes per class: every simple path from the start to an outcome."""
        found = self.index.counts()
        return {c: found.get(c, 0) for c in CLASS_IDS}

    @property
    def method(self) -> str:
        return self.method_text("en")

    def method_text(self, lang: str) -> str:
        """How the routes were counted, in `lang`."""
        return method_text(lang)

    def sorted_routes(self, cls: str, limit: int = 0) -> list[Route]:
        """The routes of a class, the canonical one first (CANONICAL_CRITERION), then the rest
        by fewest steps plus the outcome's rank, then sorted order; at most `limit` (0: all)."""
        return list(self.iter_routes(cls, limit))

    def listed_count(self, cls: str, limit: int = 0) -> int:
        """How many routes `iter_routes(cls, limit)` gives."""
        return min(self.counts()[cls], limit) if limit else self.counts()[cls]

    def iter_routes(self, cls: str, limit: int = 0) -> Iterator[Route]:
        """`sorted_routes` one at a time (for streaming a long listing)."""
        if limit < 0:
            raise ValueError("limit must be 0 (all) or more")
        first = self.canonical(cls)
        n = 0
        if first is not None:
            yield first
            n = 1
        for nodes in self.index.cheapest(cls):
            if limit and n >= limit:
                return
            if first is None or nodes != first.nodes:
                yield _route(cls, nodes)
                n += 1

    def representative(self, cls: str) -> Route | None:
        """The shortest route of a class (fewest steps plus the outcome's rank; ties: the
        first in sorted order), whatever its shape."""
        nodes = next(self.index.cheapest(cls), None)
        return None if nodes is None else _route(cls, nodes)

    def canonical(self, cls: str) -> Route | None:
        """The class's example for figures and listings: the canonical route
        (CANONICAL_CRITERION), or the shortest route when none follows the pattern."""
        return self.canonicals.get(cls) or self.representative(cls)


def _route(cls: str, nodes: tuple[str, ...]) -> Route:
    return Route(cls, nodes, classify(nodes)[1])


def product_graph(g: nx.DiGraph, start: str) -> nx.DiGraph:
    """The route graph times the classifier automaton, reachable part."""
    p = nx.DiGraph()
    root = (start, INITIAL)
    p.add_node(root)
    todo = [root]
    while todo:
        node, state = todo.pop()
        for nxt in sorted(g.successors(node)):
            target = (nxt, step(state, node, nxt))
            if target not in p:
                todo.append(target)
            p.add_edge((node, state), target)
    return p


def count_condensed(p: nx.DiGraph, root: tuple[str, State]) -> dict[str, int]:
    """Per class, the paths from the root to an outcome in the condensation of the product
    graph (strongly connected components collapsed), by DP in reverse topological order."""
    cond = nx.condensation(p)
    paths: dict[int, dict[str, int]] = {}
    for c in reversed(list(nx.topological_sort(cond))):
        acc: dict[str, int] = {}
        for node, state in cond.nodes[c]["members"]:
            if node.startswith(OUTCOME):
                acc[state[0]] = acc.get(state[0], 0) + 1
        for d in cond.successors(c):
            for k, v in paths[d].items():
                acc[k] = acc.get(k, 0) + v
        paths[c] = acc
    return paths[cond.graph["mapping"][root]]


def _matches(milestone: Milestone, node: str) -> bool:
    reg, asiel = ph.split(node)
    return (milestone[0] is None or reg in milestone[0]) and (milestone[1] is None or asiel in milestone[1])


def _both_change(u: str, v: str) -> bool:
    (ru, au), (rv, av) = ph.split(u), ph.split(v)
    return bool(ru and rv) and ru != rv and au != av


def canonical_route(g: nx.DiGraph, start: str, cls: str) -> Route | None:
    """The canonical route of a class (see CANONICAL_CRITERION), by a best-first search over
    simple paths in the order (asylum applications after the first, steps + outcome rank,
    steps changing both procedures, the path itself); None when no route of the class
    follows the pattern. Each (phase, classifier state, milestones met, applications) is
    expanded once, so the search stays small whatever the number of routes."""
    pattern = PATTERNS[cls]
    ms = pattern.milestones
    Cost = tuple[int, int, int]
    heap: list[tuple[Cost, tuple[str, ...], State, int, int]] = [((0, 0, 0), (start,), INITIAL, 0, 0)]
    done: set[tuple[str, State, int, int]] = set()
    while heap:
        cost, path, state, met, apps = heapq.heappop(heap)
        node = path[-1]
        if node.startswith(OUTCOME):
            return Route(cls, path, classify(path)[1])
        key = (node, state, met, min(apps, 2))
        if key in done:
            continue
        done.add(key)
        for nxt in sorted(g.successors(node)):
            if nxt in path:
                continue
            nstate = step(state, node, nxt)
            if nstate[0] and nstate[0] != cls and cls != "vertrek_bedenktijd":
                continue  # decided otherwise (only leaving during bedenktijd overrides)
            if nxt.startswith(OUTCOME):
                if nstate[0] != cls or met < len(ms):
                    continue
                weight = 1 + OUTCOME_RANK.get(nxt[len(OUTCOME) :], 3)
            else:
                if ph.split(nxt)[0] in pattern.avoid:
                    continue
                weight = 1
            nmet = met
            while nmet < len(ms) and _matches(ms[nmet], nxt):
                nmet += 1
            napps = apps + (ph.split(nxt)[1] == "aanvraag" and ph.split(node)[1] != "aanvraag")
            ncost = (max(napps - 1, 0), cost[1] + weight, cost[2] + _both_change(node, nxt))
            heapq.heappush(heap, (ncost, path + (nxt,), nstate, nmet, napps))
    return None


def route_graph(pg: PhaseGraph) -> nx.DiGraph:
    """The phase graph as routes see it: a route ends when she leaves the Netherlands (the
    return after a successful beklag, P-TK-01, starts a new route), and the start phase is
    never re-entered (an expired bedenktijd without aangifte returns to it)."""
    g = pg.graph.copy()
    if ph.LEFT in g:
        g.remove_edges_from(list(g.out_edges(ph.LEFT)))
        g.add_edge(ph.LEFT, OUTCOME + ph.LEFT, rules={})
    g.remove_edges_from(list(g.in_edges(ph.START)))
    return g


def route_set(pg: PhaseGraph) -> RouteSet:
    """The routes of an era: counted per class, listed on demand, canonical examples found."""
    g = route_graph(pg)
    rs = RouteSet(
        pg,
        g,
        RouteIndex(g, ph.START),
        condensed=count_condensed(product_graph(g, ph.START), (ph.START, INITIAL)),
    )
    for cls in CLASS_IDS:
        if (found := canonical_route(g, ph.START, cls)) is not None:
            rs.canonicals[cls] = found
    return rs


def routes_on(engine: Engine, day: dt.date) -> RouteSet:
    """The routes of the era of `day` (built once per era and engine, kept on the engine)."""
    key = ("route_set", engine.era_of(day))
    found = engine.memo.get(key)
    if found is None:
        found = engine.memo[key] = route_set(explore(engine, day))
    return found  # type: ignore[no-any-return]
