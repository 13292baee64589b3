"""Routes: the phase projection, the symbolic exploration, the report's route classes."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import deque

import pytest
from verblijfsroutes.cli.main import main
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.routes import classes as rc
from verblijfsroutes.routes import listing as rt
from verblijfsroutes.routes import phasegraph as pgr
from verblijfsroutes.routes import phases as ph

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
    assert routeset.complete
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
    for r in routeset.routes[:5000]:
        assert r.nodes[0] == ph.START and r.nodes[-1].startswith(rc.OUTCOME)
        assert len(set(r.nodes)) == len(r.nodes)
        assert all(g.has_edge(u, v) for u, v in itertools.pairwise(r.nodes))
        assert rc.classify(r.nodes)[0] == r.cls


def test_too_many_paths_are_counted_by_dp_not_listed(routeset: rt.RouteSet) -> None:
    small = rt.enumerate_routes(routeset.pg, limit=100)
    assert not small.complete and not small.routes
    assert "dynamic programming" in small.method
    counts = small.counts()
    assert all(counts[c] >= 1 for c in rc.CLASS_IDS)
    assert counts == {c: routeset.condensed.get(c, 0) for c in rc.CLASS_IDS}


def test_dp_over_the_condensation_counts_paths_of_a_dag() -> None:
    import networkx as nx

    g = nx.DiGraph()
    layers = [["s"], ["a1", "a2", "a3"], ["b1", "b2", "b3"], ["c1", "c2"]]
    for x, y in itertools.pairwise(layers):
        g.add_edges_from((u, v) for u in x for v in y)
    g.add_edges_from((c, rc.OUTCOME + "end") for c in layers[-1])
    p = rt.product_graph(g, "s")
    total = sum(rt.count_condensed(p, ("s", rc.INITIAL)).values())
    assert total == 3 * 3 * 2 == len(list(rt._simple_paths(g, "s", 10**6)))


def test_routes_command_lists_steps_with_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["routes", "--as-of", "2020-01-01", "--class", "route_3", "--limit", "1", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["counts"]["route_3"] >= 1
    (route,) = doc["routes"]
    assert route["class"] == "route_3"
    rules = [row for step in route["steps"] for row in step["rules"]]
    assert any(row["rule"].startswith("R-B9") and row["source"] for row in rules)


def test_routes_command_rejects_an_unknown_class(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["routes", "--class", "route_9"]) == 2
    assert "route_9" in capsys.readouterr().err


def _asylum_applications(nodes: tuple[str, ...]) -> int:
    asiel = [ph.split(n)[1] for n in nodes]
    return sum(1 for a, b in itertools.pairwise(asiel) if b == "aanvraag" and a != "aanvraag")


def test_canonical_routes_follow_the_report(routeset: rt.RouteSet) -> None:
    """Figure 2's examples: Route 1 = asylum first (decided), then aangifte -> B8; with
    overlap, B8 while the application runs; Route 2 = B8, withdrawn, then asylum, no B9
    application; Route 3 = B8, B9 application, B9 refused, then asylum."""
    phases = {c: [ph.split(n) for n in r.nodes[:-1]] for c in rc.CLASS_IDS if (r := routeset.canonical(c))}
    for cls, route in routeset.canonicals.items():
        assert rc.classify(route.nodes)[0] == cls
        assert route in routeset.routes  # a real, listed route
        assert routeset.sorted_routes(cls)[0] == route
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


def test_canonical_routes_do_not_need_the_listing(routeset: rt.RouteSet) -> None:
    small = rt.enumerate_routes(routeset.pg, limit=100)
    assert not small.complete
    assert small.canonicals == routeset.canonicals
    assert small.sorted_routes("route_2") == [routeset.canonicals["route_2"]]


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
