"""Routes: the Figure-1 phase graph built from the rule model, and the report's route classes.

`explore` runs a breadth-first search over every situation reachable from the initial one,
for every combination of the person's facts at once: a fact starts open and a situation is
split on it only when a rule that could fire, or the outcome, reads it. Each situation is
projected onto its phase (phases.py) as it is found and only the phase graph is kept, so
memory stays bounded by the situations of one era. `enumerate_routes` lists the simple
paths from the start to a terminal outcome and `classify` names them with the report's
definitions (§3, Figure 2). When the paths would be too many to list, they are counted by
dynamic programming over the condensation instead, and the result says so.
`canonical_route` picks each class's example for Figure 2 and the listings by a documented
criterion (CANONICAL_CRITERION: the shortest route that follows the report's description of
the class, PATTERNS), by a best-first search that does not need the listing.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.routes import phases as ph

OUTCOME = "uitkomst:"  # prefix of the terminal outcome nodes
MAX_ROUTES = 200_000  # above this many simple paths, count by DP instead of listing


@dataclass(frozen=True)
class RouteClass:
    """A route class of the report, with its definition and §."""

    id: str
    nl: str
    en: str
    definition: str
    section: str

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


CLASSES: tuple[RouteClass, ...] = (
    RouteClass(
        "route_1_overlap",
        "Route 1 met overlap",
        "Route 1 with overlap",
        "asylum first, then the regulation; aangifte/B8 while the asylum application runs",
        "§3, §3.1 (8.8%), Figuur 2",
    ),
    RouteClass(
        "route_1",
        "Route 1 zonder overlap",
        "Route 1 without overlap",
        "asylum first, then the regulation after the asylum procedure",
        "§3, §3.1, Figuur 2",
    ),
    RouteClass(
        "route_2",
        "Route 2",
        "Route 2",
        "regulation first; asylum after obtaining the B8, without a B9 application",
        "§3, §4.4, Figuur 2",
    ),
    RouteClass(
        "route_3",
        "Route 3",
        "Route 3",
        "regulation first; B9 applied for and refused, then asylum",
        "§3, §4.5, Figuur 2",
    ),
    RouteClass(
        "parallel_b9_asiel",
        "B9-aanvraag parallel met asiel",
        "B9 application parallel to asylum",
        "regulation first; asylum applied for while the B9 application runs",
        "§2.3, §4.6.2",
    ),
    RouteClass(
        "alleen_regeling",
        "alleen verblijfsregeling",
        "regulation only",
        "the regulation (bedenktijd, B8 and/or B9), never asylum",
        "§3.1 (67%)",
    ),
    RouteClass(
        "alleen_asiel",
        "alleen asiel",
        "asylum only",
        "the asylum procedure, never the regulation (the 'invisible' group)",
        "§3",
    ),
    RouteClass(
        "vertrek_bedenktijd",
        "vertrek tijdens bedenktijd",
        "leaving during bedenktijd",
        "she leaves the Netherlands during the bedenktijd",
        "§3",
    ),
    RouteClass(
        "asiel_na_bedenktijd",
        "asiel tijdens of na bedenktijd",
        "asylum during or after bedenktijd",
        "regulation first; asylum before she ever held a B8 (during/after bedenktijd, "
        "after aangifte or a B8 refusal)",
        "§2.3",
    ),
)
CLASS_IDS = tuple(c.id for c in CLASSES)

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


PATTERNS: dict[str, Pattern] = {
    "route_1": Pattern(
        (_m("geen", "aanvraag"), _m("geen", "afgewezen,verleend"), _m("aangifte", "*"), _m("b8", "*")),
        "asylum application, decided before the regulation; then aangifte and B8 (§3, Figuur 2)",
    ),
    "route_1_overlap": Pattern(
        (_m("geen", "aanvraag"), _m("aangifte", "aanvraag"), _m("b8", "aanvraag")),
        "asylum application; aangifte and B8 while it runs (§3.1: 8.8%)",
    ),
    "route_2": Pattern(
        (
            _m("aangifte", "geen"),
            _m("b8", "geen"),
            _m("b8_beeindigd", "geen"),
            _m("b8_beeindigd", "aanvraag"),
        ),
        "aangifte, B8, B8 withdrawn after sepot, then asylum; no B9 application (§4.4, §4.6.2)",
        frozenset({"b9_aanvraag"}),
    ),
    "route_3": Pattern(
        (
            _m("b8", "geen"),
            _m("b9_aanvraag", "geen"),
            _m("b9_afgewezen", "geen"),
            _m("b9_afgewezen", "aanvraag"),
        ),
        "B8, B9 application, B9 refused, then asylum (§3, §4.5)",
    ),
    "parallel_b9_asiel": Pattern(
        (_m("b8", "geen"), _m("b9_aanvraag", "geen"), _m("b9_aanvraag", "aanvraag")),
        "B8, B9 application, asylum while it runs (§2.3, §4.6.2)",
    ),
    "alleen_regeling": Pattern(
        (_m("aangifte", "geen"), _m("b8", "geen"), _m("b9_aanvraag", "geen"), _m("b9", "geen")),
        "aangifte, B8, B9 application, B9 (§2.1)",
    ),
    "alleen_asiel": Pattern((_m("geen", "aanvraag"),), "asylum application (§2.2.1)"),
    "vertrek_bedenktijd": Pattern((_m("bedenktijd", "geen"),), "bedenktijd, then leaving (§3)"),
    "asiel_na_bedenktijd": Pattern(
        (_m("bedenktijd", "geen"), _m("*", "aanvraag")), "bedenktijd, then an asylum application (§2.3)"
    ),
}

CANONICAL_CRITERION = (
    "the canonical route of a class follows the report's description of the class (its "
    "milestones in order) and is, among those, the one with a single asylum application if "
    "possible, then the fewest steps plus the outcome's rank (a permit first), then the "
    "fewest steps in which both procedures change at once, then the first in sorted order"
)


def route_class(cid: str) -> RouteClass:
    for c in CLASSES:
        if c.id == cid:
            return c
    raise KeyError(cid)


# ----------------------------------------------------------------------- exploration


@dataclass
class PhaseGraph:
    """The phase graph of one era: phase nodes, outcome nodes, and per edge the rules."""

    day: dt.date
    graph: nx.DiGraph
    situations: int  # (track states, fact valuation) pairs reached: all fact combinations
    fired: frozenset[str]  # ids of the rules that fire somewhere
    track_tuples: int = 0  # distinct combinations of track states reached

    def rules(self, u: str, v: str) -> dict[str, str]:
        """rule id -> event of the rules that lead from phase u to phase v."""
        return dict(self.graph.edges[u, v]["rules"])


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


def _guard_reads(engine: Engine) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """Per guard name, the facts it may read; and the facts the outcome rows may read.

    Guards over derived values (residence, outcome) may read whatever the derived rows'
    guards read, so those facts are added to every guard that is not a fact guard: an
    over-approximation, which only costs a few more guard evaluations."""
    fact_ids = {f.id for f in engine.vocab.facts}
    fact_guards = fact_ids | {f"niet_{f}" for f in fact_ids}
    derived: set[str] = set()
    for rows in engine.derived.values():
        for d in rows:
            for g in d.guards:
                derived |= set(engine.guard_spec(g).reads)
    names = {g for r in engine.rules for g in r.guards}
    names |= {g for d in engine.derived.get("uitkomsten", ()) for g in d.guards}
    reads = {}
    for name in names:
        facts = set(engine.guard_spec(name).reads)
        if name not in fact_guards:
            facts |= derived
        reads[name] = tuple(sorted(facts))
    return reads, tuple(sorted(derived))


def initial_facts(engine: Engine) -> dict[str, bool | None]:
    """Facts that only events make true (three years on a B8) start false; every other fact
    is open: the exploration covers both values."""
    set_true = {k for r in engine.rules for k, v in r.effects.items() if v is True}
    return {f.id: (False if f.id in set_true else None) for f in engine.vocab.facts}


def explore(engine: Engine, day: dt.date, facts: dict[str, bool | None] | None = None) -> PhaseGraph:
    """Every situation reachable on `day`, for every combination of the open facts at once,
    projected onto the phase graph.

    A node of the search is a tuple of track states with the SET of fact valuations that
    reach it (a bitset); each rule fires on the valuations where its guards hold and an
    earlier rule of the same event does not (first-match). Work is per track tuple, so the
    cost does not grow with the number of fact combinations (one era: seconds)."""
    vocab = engine.vocab
    rs = engine.ruleset(day)
    proj = ph.Projection(vocab)
    nt = len(vocab.tracks)
    fact_ids = [f.id for f in vocab.facts]
    fs = FactSets(len(fact_ids))
    fact_pos = {f: j for j, f in enumerate(fact_ids)}
    guard_reads, _ = _guard_reads(engine)

    start_facts = initial_facts(engine) if facts is None else facts
    init = fs.all
    for f, v in start_facts.items():
        if v is not None:
            init &= fs.where(fact_pos[f], v)

    mask_cache: dict[tuple[tuple[str, ...], str], int] = {}

    def guard_mask(tracks: tuple[str, ...], name: str) -> int:
        """The valuations in which guard `name` holds at these track states."""
        key = (tracks, name)
        found = mask_cache.get(key)
        if found is None:
            pred = engine.guard(name)
            reads = [fact_pos[f] for f in guard_reads[name]]
            found = 0
            for values in itertools.product((False, True), repeat=len(reads)):
                row = [False] * len(fact_ids)
                m = fs.all
                for j, v in zip(reads, values, strict=True):
                    row[j] = v
                    m &= fs.where(j, v)
                if pred(tracks + tuple(row)):
                    found |= m
            mask_cache[key] = found
        return found

    def matches(tracks: tuple[str, ...], checks: tuple[tuple[int, frozenset[str]], ...]) -> bool:
        return all(tracks[i] in allowed for i, allowed in checks)

    events = [
        [(c, [(fact_pos[k], v) for k, v in c.rule.effects.items() if k in fact_pos]) for c in rs.by_event[ev]]
        for ev in rs.events
    ]
    outcomes = [
        (d, tuple((engine.idx(t), frozenset(v)) for t, v in d.when.items()))
        for d in engine.derived.get("uitkomsten", ())
    ]

    g = nx.DiGraph()
    t0 = tuple(engine.initial({})[:nt])
    g.add_node(proj(t0))
    reached: dict[tuple[str, ...], int] = {t0: init}
    pending: dict[tuple[str, ...], int] = {t0: init}
    queue = deque([t0])
    fired: set[str] = set()
    while queue:
        tracks = queue.popleft()
        vals = pending.pop(tracks)
        node = proj(tracks)
        rest = vals
        for d, checks in outcomes:
            if rest and matches(tracks, checks):
                m = rest
                for name in d.guards:
                    m &= guard_mask(tracks, name)
                if m:
                    _add(g, node, OUTCOME + d.id, d.id, "")
                    rest &= ~m
        for rows in events:
            rest = vals
            for c, fact_updates in rows:
                if not rest or not matches(tracks, c.checks):
                    continue
                m = rest
                for name, _pred in c.guards:
                    m &= guard_mask(tracks, name)
                if not m:
                    continue
                rest &= ~m
                fired.add(c.rule.id)
                target_tracks = c.apply(tracks + (False,) * len(fact_ids))[:nt]
                for j, v in fact_updates:
                    m = fs.assign(m, j, v)
                target = proj(target_tracks)
                if target != node:
                    _add(g, node, target, c.rule.id, c.rule.event)
                new = m & ~reached.get(target_tracks, 0)
                if new:
                    reached[target_tracks] = reached.get(target_tracks, 0) | new
                    if target_tracks in pending:
                        pending[target_tracks] |= new
                    else:
                        pending[target_tracks] = new
                        queue.append(target_tracks)
    situations = sum(v.bit_count() for v in reached.values())
    return PhaseGraph(day, g, situations, frozenset(fired), len(reached))


def _add(g: nx.DiGraph, u: str, v: str, rid: str, event: str) -> None:
    if g.has_edge(u, v):
        g.edges[u, v]["rules"][rid] = event
    else:
        g.add_edge(u, v, rules={rid: event})


# ----------------------------------------------------------------------- routes


@dataclass(frozen=True)
class Route:
    """A simple path from the start phase to a terminal outcome, with its class."""

    cls: str
    nodes: tuple[str, ...]  # phase nodes, the last one an outcome node
    overlap: bool  # asylum ran while she had made aangifte or held a B8

    @property
    def outcome(self) -> str:
        return self.nodes[-1][len(OUTCOME) :]


# ---- the classifier: a small automaton over the phases of a route (§3, Figure 2)
# state = (class decided or "", first procedure "" | "reg" | "asiel", held a B8, B9 refused)
State = tuple[str, str, bool, bool]
INITIAL: State = ("", "", False, False)


def step(state: State, prev: str, node: str) -> State:
    """The classifier state after moving from phase `prev` to phase `node`.

    First use of each procedure decides the order (§3.1: "voorafgaand" / "na"). Route 1
    overlaps when she enters the regulation while her asylum application runs (§3.1). For
    regulation-first routes the regulation phase at the asylum application decides: B9
    application -> parallel B9 + asylum (§2.3, §4.6.2), after a B9 refusal -> Route 3, after
    holding a B8 -> Route 2, else asylum during/after bedenktijd (§2.3). Leaving during
    bedenktijd overrides every other class (§3)."""
    decided, first, held_b8, b9_refused = state
    if node.startswith(OUTCOME):
        if decided:
            return state
        cls = {"reg": "alleen_regeling", "asiel": "alleen_asiel"}.get(first, "geen")
        return (cls, first, held_b8, b9_refused)
    if node == ph.LEFT and ph.split(prev)[0] == "bedenktijd":
        return ("vertrek_bedenktijd", first, held_b8, b9_refused)
    if decided:
        return state
    reg, asiel = ph.split(node)
    uses_reg = reg not in ("", ph.NONE)
    uses_asiel = asiel not in ("", ph.NONE)
    if first == "" and uses_asiel:
        first = "asiel"
    if first == "asiel" and uses_reg:
        decided = "route_1_overlap" if asiel == "aanvraag" else "route_1"
    elif first in ("", "reg") and uses_reg and not uses_asiel:
        first = "reg"
        held_b8 = held_b8 or reg in ph.AFTER_B8_PHASES
        b9_refused = b9_refused or reg == "b9_afgewezen"
    elif first == "reg" and uses_asiel:
        if reg == "b9_aanvraag":
            decided = "parallel_b9_asiel"
        elif b9_refused or reg == "b9_afgewezen":
            decided = "route_3"
        elif held_b8 or reg in ph.AFTER_B8_PHASES:
            decided = "route_2"
        else:
            decided = "asiel_na_bedenktijd"
    return (decided, first, held_b8, b9_refused)


def classify(nodes: tuple[str, ...]) -> tuple[str, bool]:
    """The report's class of a route (phase nodes, outcome last), and whether she was in
    the asylum procedure while she had made aangifte or held a B8."""
    state = INITIAL
    for prev, node in itertools.pairwise(nodes):
        state = step(state, prev, node)
    overlap = any(a == "aanvraag" and r in ph.B8_PHASES for r, a in map(ph.split, nodes))
    return state[0], overlap


@dataclass
class RouteSet:
    """The routes of one era: listed when there are at most `limit`, else counted by DP."""

    pg: PhaseGraph
    graph: nx.DiGraph
    routes: list[Route] = field(default_factory=list)
    complete: bool = True  # False: more than `limit` simple paths; counts are by DP
    condensed: dict[str, int] = field(default_factory=dict)  # DP over the condensation
    representatives: dict[str, Route] = field(default_factory=dict)  # shortest per class
    canonicals: dict[str, Route] = field(default_factory=dict)  # canonical per class

    def counts(self) -> dict[str, int]:
        """Routes per class: simple paths when listed, else condensed routes (DP)."""
        if not self.complete:
            return {c: self.condensed.get(c, 0) for c in CLASS_IDS}
        out = {c: 0 for c in CLASS_IDS}
        for r in self.routes:
            out[r.cls] = out.get(r.cls, 0) + 1
        return out

    @property
    def method(self) -> str:
        if self.complete:
            return "enumerated (every simple path from the start to an outcome)"
        return (
            "counted by dynamic programming over the condensation of (phase graph x "
            "classifier): routes that differ only inside a cycle count once"
        )

    def sorted_routes(self, cls: str) -> list[Route]:
        """The listed routes of a class, the canonical one first (CANONICAL_CRITERION), then
        the rest by fewest steps plus the outcome's rank; only the canonical route (else the
        shortest) when counted by DP."""
        first = self.canonical(cls)
        if not self.complete:
            return [first] if first else []
        found = [r for r in self.routes if r.cls == cls and (first is None or r.nodes != first.nodes)]
        found.sort(key=lambda r: (len(r.nodes) + OUTCOME_RANK.get(r.outcome, 3), r.nodes))
        return ([first] if first else []) + found

    def representative(self, cls: str) -> Route | None:
        """The shortest route of a class (fewest steps plus the outcome's rank; ties: the
        first in sorted order), whatever its shape."""
        return self.representatives.get(cls)

    def canonical(self, cls: str) -> Route | None:
        """The class's example for figures and listings: the canonical route
        (CANONICAL_CRITERION), or the shortest route when none follows the pattern."""
        return self.canonicals.get(cls) or self.representatives.get(cls)


def _simple_paths(g: nx.DiGraph, start: str, limit: int) -> Iterator[tuple[str, ...]]:
    """Simple paths from start to an outcome node, depth first in sorted order; stops
    after `limit` + 1 paths."""
    succ = {n: sorted(g.successors(n)) for n in g}
    path = [start]
    on_path = {start}
    stack = [iter(succ[start])]
    found = 0
    while stack:
        nxt = next(stack[-1], None)
        if nxt is None:
            stack.pop()
            on_path.discard(path.pop())
            continue
        if nxt in on_path:
            continue
        if nxt.startswith(OUTCOME):
            found += 1
            yield tuple(path) + (nxt,)
            if found > limit:
                return
            continue
        path.append(nxt)
        on_path.add(nxt)
        stack.append(iter(succ[nxt]))


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


# Outcome preference when choosing a class's representative route: a permit, then the
# ends the report discusses (unlawful stay, leaving), the EU citizen's stay last (§3.2).
OUTCOME_RANK = {
    "b9": 0,
    "asielvergunning": 0,
    "onbepaalde_tijd": 1,
    "asiel_onbepaalde_tijd": 1,
    "onrechtmatig_verblijf": 1,
    "vertrokken": 1,
}


def _representatives(p: nx.DiGraph, root: tuple[str, State]) -> dict[str, Route]:
    """Per class, a short typical route: fewest steps plus the outcome's rank (a permit
    first, an EU citizen's stay last), ties broken by sorted order."""
    depth = nx.single_source_shortest_path_length(p, root)
    parent: dict[tuple[str, State], tuple[str, State]] = {}
    for node in sorted(depth, key=lambda n: (depth[n], n)):
        for nxt in sorted(p.successors(node)):
            if depth.get(nxt) == depth[node] + 1 and nxt not in parent:
                parent[nxt] = node
    best: dict[str, tuple[int, tuple[str, ...]]] = {}
    for node in depth:
        if not node[0].startswith(OUTCOME):
            continue
        path = [node[0]]
        walk = node
        while walk in parent:
            walk = parent[walk]
            path.append(walk[0])
        nodes = tuple(reversed(path))
        key = (depth[node] + OUTCOME_RANK.get(node[0][len(OUTCOME) :], 3), nodes)
        cls = node[1][0]
        if cls not in best or key < best[cls]:
            best[cls] = key
    return {c: Route(c, k[1], classify(k[1])[1]) for c, k in sorted(best.items())}


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


def enumerate_routes(pg: PhaseGraph, limit: int = MAX_ROUTES) -> RouteSet:
    """Every route of the era, classified, when there are at most `limit`; else the DP
    counts per class. Shortest representatives per class are found either way."""
    g = route_graph(pg)
    p = product_graph(g, ph.START)
    root = (ph.START, INITIAL)
    rs = RouteSet(pg, g, condensed=count_condensed(p, root), representatives=_representatives(p, root))
    for cls in CLASS_IDS:
        if (found := canonical_route(g, ph.START, cls)) is not None:
            rs.canonicals[cls] = found
    for nodes in _simple_paths(g, ph.START, limit):
        if len(rs.routes) == limit:
            rs.complete = False
            rs.routes.clear()
            break
        cls, overlap = classify(nodes)
        rs.routes.append(Route(cls, nodes, overlap))
    return rs


def routes_on(engine: Engine, day: dt.date, limit: int = MAX_ROUTES) -> RouteSet:
    """Explore the era of `day` and enumerate (or count) its routes."""
    return enumerate_routes(explore(engine, day), limit)
