"""Routes: the phase projection, the symbolic exploration, the report's route classes."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import deque

import networkx as nx
import pytest
from verblijfsroutes.cli.main import main
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.routes import classes as rc
from verblijfsroutes.routes import listing as rt
from verblijfsroutes.routes import phasegraph as pgr
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.counting import RouteIndex

DAY = dt.date(2020, 1, 1)


@pytest.fixture(scope="module")
def routeset(engine: Engine) -> rt.RouteSet:
    return rt.routes_on(engine, DAY)


def test_every_state_of_the_two_tracks_is_in_exactly_one_phase(engine: Engine) -> None:
    for track, table in (("regeling", ph.REGELING_PHASES), ("asiel", ph.ASIEL_PHASES)):
        covered = [s for p in table for s in p.states]
        assert sorted(covered) == sorted(engine.vocab.track(track).state_ids()), track


def _concrete_phase_edges(engine: Engine, day: dt.date, facts: dict[str, bool]) -> set[tuple[str, str]]:
    rs = engine.ruleset(day)
    proj = ph.Projection(engine.vocab)
    s0 = engine.initial(facts)
    seen, queue, edges = {s0}, deque([s0]), set()
    while queue:
        s = queue.popleft()
        out = engine.outcome(s)
        if out is not None:
            edges.add((proj(s), rc.OUTCOME + out.id))
        for _, _, n in rs.successors(s):
            if proj(n) != proj(s):
                edges.add((proj(s), proj(n)))
            if n not in seen:
                seen.add(n)
                queue.append(n)
    return edges


@pytest.mark.parametrize("seed", range(4))
def test_the_symbolic_exploration_matches_a_plain_search_for_one_person(engine: Engine, seed: int) -> None:
    """For a fixed person (every fact given) the bitset exploration finds exactly the
    phase steps a plain breadth-first search over situations finds."""
    ids = [f.id for f in engine.vocab.facts]
    combos = list(itertools.product((False, True), repeat=len(ids)))
    facts = dict(zip(ids, combos[(seed * 389 + 77) % len(combos)], strict=True))
    facts["drie_jaar_b8"] = False
    day = [dt.date(2013, 1, 1), dt.date(2016, 1, 1), dt.date(2019, 1, 1), DAY][seed]
    symbolic = pgr.explore(engine, day, facts)
    assert set(symbolic.graph.edges) == _concrete_phase_edges(engine, day, facts)


def test_the_exploration_covers_every_fact_combination(engine: Engine, routeset: rt.RouteSet) -> None:
    assert routeset.pg.situations > 1000 * routeset.pg.track_tuples // 10
    one = pgr.explore(engine, DAY, {f: False for f in pgr.initial_facts(engine)})
    assert set(one.graph.edges) <= set(routeset.pg.graph.edges)


def test_every_report_route_class_has_a_route(routeset: rt.RouteSet) -> None:
    counts = routeset.counts()
    for cls in rc.CLASS_IDS:
        assert counts[cls] >= 1, cls
        assert routeset.representative(cls) is not None, cls


@pytest.mark.parametrize(
    ("nodes", "cls"),
    [
        (
            ("geen|geen", "geen|aanvraag", "aangifte|aanvraag", "b8|aanvraag", "uitkomst:b9"),
            "route_1_overlap",
        ),
        (("geen|geen", "geen|aanvraag", "geen|afgewezen", "b8|afgewezen", "uitkomst:b9"), "route_1"),
        (
            (
                "geen|geen",
                "bedenktijd|geen",
                "aangifte|geen",
                "b8|geen",
                "b8_beeindigd|geen",
                "b8_beeindigd|aanvraag",
                "uitkomst:asielvergunning",
            ),
            "route_2",
        ),
        (
            (
                "geen|geen",
                "aangifte|geen",
                "b8|geen",
                "b9_aanvraag|geen",
                "b9_afgewezen|geen",
                "b9_afgewezen|aanvraag",
                "uitkomst:asielvergunning",
            ),
            "route_3",
        ),
        (
            (
                "geen|geen",
                "aangifte|geen",
                "b8|geen",
                "b9_aanvraag|geen",
                "b9_aanvraag|aanvraag",
                "uitkomst:asielvergunning",
            ),
            "parallel_b9_asiel",
        ),
        (
            ("geen|geen", "aangifte|geen", "b8|geen", "b9_aanvraag|geen", "b9|geen", "uitkomst:b9"),
            "alleen_regeling",
        ),
        (("geen|geen", "geen|aanvraag", "geen|verleend", "uitkomst:asielvergunning"), "alleen_asiel"),
        (("geen|geen", "bedenktijd|geen", "vertrokken", "uitkomst:vertrokken"), "vertrek_bedenktijd"),
        (
            ("geen|geen", "bedenktijd|geen", "geen|aanvraag", "geen|verleend", "uitkomst:asielvergunning"),
            "asiel_na_bedenktijd",
        ),
    ],
)
def test_classification_follows_the_report_definitions(nodes: tuple[str, ...], cls: str) -> None:
    assert rc.classify(nodes)[0] == cls


def test_every_listed_route_is_a_simple_path_to_an_outcome(routeset: rt.RouteSet) -> None:
    g = routeset.graph
    for cls in rc.CLASS_IDS:
        for r in routeset.sorted_routes(cls, 300):
            assert r.nodes[0] == ph.START and r.nodes[-1].startswith(rc.OUTCOME)
            assert len(set(r.nodes)) == len(r.nodes)
            assert all(g.has_edge(u, v) for u, v in itertools.pairwise(r.nodes))
            assert rc.classify(r.nodes) == (r.cls, r.overlap) and r.cls == cls


def reference_routes(g: nx.DiGraph, start: str) -> dict[tuple[str, ...], str]:
    """Every simple path from `start` to an outcome, with its class: a plain depth-first
    enumeration, independent of the counting under test."""
    out: dict[tuple[str, ...], str] = {}
    path = [start]

    def walk(node: str) -> None:
        for nxt in g.successors(node):
            if nxt in path:
                continue
            path.append(nxt)
            if nxt.startswith(rc.OUTCOME):
                out[tuple(path)] = rc.classify(tuple(path))[0]
            else:
                walk(nxt)
            path.pop()

    walk(start)
    return out


@pytest.fixture(scope="module")
def reference(routeset: rt.RouteSet) -> dict[tuple[str, ...], str]:
    return reference_routes(routeset.graph, ph.START)


def test_counts_equal_a_plain_enumeration_of_every_route(
    routeset: rt.RouteSet, reference: dict[tuple[str, ...], str]
) -> None:
    """The DP counts (counting.py) are the number of simple paths per class, as a full
    listing finds them (417,510 in 2020: too many to list for a command, not to count)."""
    expected = {c: 0 for c in rc.CLASS_IDS}
    for cls in reference.values():
        expected[cls] += 1
    assert routeset.counts() == expected
    assert sum(expected.values()) > 100_000


def test_listings_follow_the_order_of_a_full_sort(
    routeset: rt.RouteSet, reference: dict[tuple[str, ...], str]
) -> None:
    """The first routes of a class by (steps + outcome rank, phases), and in sorted order,
    equal those of sorting the full enumeration; the sorted order in full for a small class."""
    index = routeset.index
    for cls in rc.CLASS_IDS:
        mine = sorted((n for n, c in reference.items() if c == cls))
        by_cost = sorted(mine, key=lambda n: (len(n) + rt.OUTCOME_RANK.get(n[-1][len(rc.OUTCOME) :], 3), n))
        assert list(itertools.islice(index.cheapest(cls), 25)) == by_cost[:25], cls
        assert list(itertools.islice(index.in_order(cls), 25)) == mine[:25], cls
    small = sorted(n for n, c in reference.items() if c == "route_3")
    assert list(index.in_order("route_3")) == small


def test_routes_that_appear_between_two_dates_are_the_set_difference(engine: Engine) -> None:
    """`diff`'s appearing and disappearing routes (marked steps, counting.py) equal the set
    difference of the two dates' full enumerations, per class, first routes included."""
    from verblijfsroutes.routes.diff import route_diff

    a, b = dt.date(2013, 1, 1), dt.date(2026, 1, 1)
    before = reference_routes(rt.routes_on(engine, a).graph, ph.START)
    after = reference_routes(rt.routes_on(engine, b).graph, ph.START)
    rd = route_diff(engine, a, b)
    for got, new, old in ((rd.appearing(4), after, before), (rd.disappearing(4), before, after)):
        want: dict[str, list[tuple[str, ...]]] = {}
        for nodes in sorted(set(new) - set(old)):
            want.setdefault(new[nodes], []).append(nodes)
        assert {c: (len(v), v[:4]) for c, v in want.items()} == {c: (n, list(r)) for c, (n, r) in got.items()}
    assert any(rd.appearing().values()) and any(rd.disappearing().values())
    assert all(before[n] == after[n] for n in set(before) & set(after))  # a route keeps its class


def test_dp_over_the_condensation_counts_paths_of_a_dag() -> None:
    g = nx.DiGraph()
    layers = [["s"], ["a1", "a2", "a3"], ["b1", "b2", "b3"], ["c1", "c2"]]
    for x, y in itertools.pairwise(layers):
        g.add_edges_from((u, v) for u in x for v in y)
    g.add_edges_from((c, rc.OUTCOME + "end") for c in layers[-1])
    p = rt.product_graph(g, "s")
    total = sum(rt.count_condensed(p, ("s", rc.INITIAL)).values())
    assert total == 3 * 3 * 2 == len(reference_routes(g, "s"))
    assert sum(RouteIndex(g, "s").counts().values()) == total


def test_counting_keeps_apart_paths_that_differ_inside_a_cycle() -> None:
    """A cycle a <-> b: s-a-b-out and s-b-a-out and s-a-out and s-b-out are four routes;
    the condensation counts them as fewer, the exact count does not."""
    g = nx.DiGraph([("s", "a"), ("s", "b"), ("a", "b"), ("b", "a"), ("a", "o"), ("b", "o")])
    g = nx.relabel_nodes(g, {"o": rc.OUTCOME + "end"})
    assert sum(RouteIndex(g, "s").counts().values()) == len(reference_routes(g, "s")) == 4


def test_routes_command_lists_steps_with_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["routes", "--as-of", "2020-01-01", "--class", "route_3", "--limit", "1", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["counts"]["route_3"] >= 1
    (route,) = doc["routes"]
    assert route["class"] == "route_3"
    rules = [row for step in route["steps"] for row in step["rules"]]
    assert any(row["rule"].startswith("R-B9") and row["source"] for row in rules)


def test_routes_json_streams_one_route_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    """`routes --json --limit 0` writes every route of the class, each on its own line."""
    assert (
        main(["routes", "--as-of", "2020-01-01", "--class", "alleen_regeling", "--limit", "0", "--json"]) == 0
    )
    text = capsys.readouterr().out
    doc = json.loads(text)
    assert len(doc["routes"]) == doc["counts"]["alleen_regeling"] > 100
    lines = [line.strip().rstrip(",") for line in text.splitlines() if line.startswith('    {"class"')]
    assert [json.loads(line) for line in lines] == doc["routes"]


def test_listing_one_at_a_time_equals_the_list(routeset: rt.RouteSet) -> None:
    for cls in rc.CLASS_IDS:
        for limit in (1, 2, 7, 0 if routeset.counts()[cls] < 3000 else 50):
            assert list(routeset.iter_routes(cls, limit)) == routeset.sorted_routes(cls, limit), (cls, limit)
    every = routeset.sorted_routes("alleen_regeling")
    assert len(every) == routeset.counts()["alleen_regeling"] == len({r.nodes for r in every})


def test_routes_command_rejects_an_unknown_class(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["routes", "--class", "route_9"]) == 2
    assert "route_9" in capsys.readouterr().err


def _asylum_applications(nodes: tuple[str, ...]) -> int:
    asiel = [ph.split(n)[1] for n in nodes]
    return sum(1 for a, b in itertools.pairwise(asiel) if b == "aanvraag" and a != "aanvraag")


def test_canonical_routes_follow_the_report(
    routeset: rt.RouteSet, reference: dict[tuple[str, ...], str]
) -> None:
    """Figure 2's examples: Route 1 = asylum first (decided), then aangifte -> B8; with
    overlap, B8 while the application runs; Route 2 = B8, withdrawn, then asylum, no B9
    application; Route 3 = B8, B9 application, B9 refused, then asylum."""
    phases = {c: [ph.split(n) for n in r.nodes[:-1]] for c in rc.CLASS_IDS if (r := routeset.canonical(c))}
    for cls, route in routeset.canonicals.items():
        assert rc.classify(route.nodes)[0] == cls
        assert reference.get(route.nodes) == cls  # a real route
        assert routeset.sorted_routes(cls, 1) == [route]
        if cls != "vertrek_bedenktijd":
            assert _asylum_applications(route.nodes) == 1 or cls == "alleen_regeling", cls
    assert set(routeset.canonicals) == set(rc.CLASS_IDS)
    r1 = [p for p in phases["route_1"] if p != ("geen", "geen")]
    assert r1[0] == ("geen", "aanvraag") and r1[1] == ("geen", "afgewezen")
    assert ("aangifte", "afgewezen") in r1 and ("b8", "afgewezen") in r1
    assert ("b8", "aanvraag") in phases["route_1_overlap"]
    r2 = phases["route_2"]
    first_asiel = next(i for i, p in enumerate(r2) if p[1] == "aanvraag")
    assert r2[first_asiel][0] == "b8_beeindigd" and ("b8", "geen") in r2[:first_asiel]
    assert all(p[0] != "b9_aanvraag" for p in r2)
    r3 = phases["route_3"]
    first_asiel = next(i for i, p in enumerate(r3) if p[1] == "aanvraag")
    assert r3[first_asiel][0] == "b9_afgewezen"
    assert [p[0] for p in r3[:first_asiel]][-3:] == ["b8", "b9_aanvraag", "b9_afgewezen"]


def test_routes_text_is_in_one_language(capsys) -> None:  # type: ignore[no-untyped-def]
    """--lang en: no Dutch words of the tool and no state or event ids; the Dutch text has
    none of the English words; both call the counts model paths, not people."""
    import re

    from verblijfsroutes.cli.main import main
    from verblijfsroutes.core.engine import Engine

    main(["routes", "--as-of", "2016-01-01", "--lang", "en"])
    en = capsys.readouterr().out
    main(["routes", "--as-of", "2016-01-01"])
    nl = capsys.readouterr().out
    assert "model paths" in en and "not numbers of people" in en
    assert "modelpaden" in nl and "geen aantallen mensen" in nl
    for word in ("modelpaden", "Telling", "getoond", "klasse", "Figuur", "definitie", "situaties"):
        assert not re.search(rf"\b{word}\b", en), word
    for word in ("model paths", "Counting", "showing", "definition", "situations over"):
        assert word not in nl, word
    v = Engine().vocab
    ids = {e.id for e in v.events} | {s.id for t in v.tracks for s in t.states if "_" in s.id}
    for ident in ids:
        assert not re.search(rf"(?<![\w\[-]){re.escape(ident)}(?![\w\]-])", en), ident


def test_diff_json_lists_every_route_it_counts(capsys: pytest.CaptureFixture[str]) -> None:
    """`diff --json --limit 0` streams every appearing and disappearing route; the document
    parses and each class lists as many routes as it counts."""
    assert main(["diff", "--from", "2013-01-01", "--to", "2026-01-01", "--json", "--limit", "0"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for side in ("added", "removed"):
        assert doc["routes"][side], side
        for cls, entry in doc["routes"][side].items():
            assert len(entry["routes"]) == entry["count"] > 0, (side, cls)
            assert all(r[0] == ph.START and r[-1].startswith(rc.OUTCOME) for r in entry["routes"])
    assert doc["route_counts"]["route_1"]["to"] - doc["route_counts"]["route_1"]["from"] == (
        doc["routes"]["added"]["route_1"]["count"] - doc["routes"]["removed"]["route_1"]["count"]
    )


def _graph_facts(pg: pgr.PhaseGraph) -> tuple[object, ...]:
    edges = sorted((u, v, tuple(sorted(d["rules"].items()))) for u, v, d in pg.graph.edges(data=True))
    return (pg.situations, pg.track_tuples, pg.fired, edges, list(pg.graph.nodes))


def test_what_the_engine_keeps_between_searches_changes_no_phase_graph() -> None:
    """Guard valuations are kept on the engine and shared between the eras' searches: an era
    searched after every other era on one engine gives the graph of a fresh engine, and the
    phase graph kept per era is the one a new search finds."""
    used = Engine()
    for era in used.eras:
        pgr.explore(used, era.start)
    for era in used.eras:
        fresh = pgr.search(Engine(), era.start)
        assert _graph_facts(pgr.search(used, era.start)) == _graph_facts(fresh), era.label
        assert _graph_facts(pgr.explore(used, era.start)) == _graph_facts(fresh), era.label
    assert "phase_guard_masks" in used.memo
