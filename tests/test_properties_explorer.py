"""The explorer: lazy facts, declared fact reads, shortest traces, coverage, the check report."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from verblijfsroutes.case.case import Case
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.core.guards import GUARDS, fact_guards
from verblijfsroutes.properties import PROPERTIES, by_name
from verblijfsroutes.properties.check import coverage, judge, run_check
from verblijfsroutes.properties.explorer import EraModel
from verblijfsroutes.properties.report import render_json, render_text
from verblijfsroutes.properties.results import Exploration
from verblijfsroutes.properties.search import explore_era, trace_of


@pytest.fixture(scope="module")
def first_era(engine: Engine):  # type: ignore[no-untyped-def]
    model = EraModel(engine, engine.eras[0], PROPERTIES)
    return model, explore_era(model)


class Unknown:
    """A fact value that may not be read: any truth test or comparison raises."""

    def __bool__(self) -> bool:
        raise LookupError("read an undeclared fact")

    def __eq__(self, other: object) -> bool:
        raise LookupError("read an undeclared fact")

    __hash__ = object.__hash__


def test_every_guard_declares_the_facts_it_reads(engine: Engine, first_era):  # type: ignore[no-untyped-def]
    """Evaluate every guard, in every reachable combination of track states, with every fact it
    does not declare set to a value that raises when read."""
    model, _ = first_era
    vocab = engine.vocab
    nt = len(vocab.tracks)
    facts = [f.id for f in vocab.facts]
    probe = Engine()  # fresh caches: residence() must not have seen these situations
    specs = {**GUARDS, **fact_guards(vocab)}
    tracks = list(model._nodes)
    assert len(tracks) > 1000
    for name, spec in specs.items():
        pred = probe.guard(name)
        for values in itertools.product((True, False), repeat=len(spec.reads)):
            known = dict(zip(spec.reads, values, strict=True))
            for t in tracks[::7]:
                s = t + tuple(known.get(f, Unknown()) for f in facts)
                try:
                    pred(s)
                except LookupError:
                    pytest.fail(f"guard {name} reads a fact it does not declare (reads={spec.reads})")
    assert nt == len(tracks[0])


def test_derived_rules_read_only_declared_facts(engine: Engine, first_era):  # type: ignore[no-untyped-def]
    model, _ = first_era
    probe = Engine()
    facts = [f.id for f in engine.vocab.facts]
    for t in list(model._nodes)[::5]:
        s = t + tuple(Unknown() for _ in facts)
        probe.residence(s)  # no derived residence row reads a fact
        probe.provisions(s)


def test_start_leaves_static_facts_unknown(engine: Engine, first_era):  # type: ignore[no-untyped-def]
    model, _ = first_era
    s = model.initial()
    nt = len(engine.vocab.tracks)
    values = dict(zip([f.id for f in engine.vocab.facts], s[nt:], strict=True))
    assert values.pop("drie_jaar_b8") is False  # made true only by an event (R-B8-14)
    assert set(values.values()) == {None}


def test_facts_are_branched_when_a_guard_reads_them(engine: Engine, first_era):  # type: ignore[no-untyped-def]
    model, result = first_era
    # in b8_in_behandeling the IND's decision reads antecedenten: both values are explored
    i = engine.idx("antecedenten")
    states = [s for s in model._resolved if s[0] == "b8_in_behandeling" and s[5] == "in_nl"]
    assert {s[i] for s in states} >= {True, False}
    assert result.situations > 1000 and result.steps > result.situations


def test_trace_is_shortest_and_replays_in_the_case(engine: Engine):  # type: ignore[no-untyped-def]
    """The trace to the first B9 permit found is replayed step by step by the transitions Case."""
    model = EraModel(engine, engine.eras[-1])
    found = {}

    parent: dict = {}
    queue = []
    for s, ref in model.resolve(model.initial()):
        parent[s] = (None, None, None, ref)
        queue.append(s)
    for s in queue:
        if s[0] == "b9" and s[5] == "in_nl":
            found["s"] = s
            break
        for row, fguards in model.node(s[: model.nt]).rows:
            if all(p(s) for _, _, p in fguards):
                for s3, ref in model.resolve(model.forget(row.apply(s))):
                    if s3 not in parent:
                        parent[s3] = (s, row.event, row.rule.id, ref)
                        queue.append(s3)
    trace = trace_of(parent, found["s"])
    events = [t.event for t in trace if t.event]
    # a shortest route to a B9: into the regulation, a B8, the B9 application, the grant
    assert len(events) == 4 and events[2:] == ["b9_aanvragen", "b9_verlenen"]
    facts = {f: v for t in trace for f, v in t.refinement}
    case = Case(facts, as_of=engine.eras[-1].start)
    for t in trace[1:]:
        out = case.fire(t.event)
        assert out.accepted and out.rule.id == t.rule
        assert case.situation[: model.nt] == t.situation[: model.nt]


def test_default_model_first_era_report(engine: Engine, first_era):  # type: ignore[no-untyped-def]
    _, result = first_era
    x = Exploration(engine, [result], False)
    verdicts = {p.name: judge(p, x) for p in PROPERTIES}
    assert verdicts["geen_valkuilen"].verdict == "holds"
    assert verdicts["geen_nondeterminisme"].verdict == "holds"
    assert verdicts["cosm_alleen_tijdens_bedenktijd"].verdict == "holds"
    assert verdicts["geen_coa_opname_met_b8"].verdict == "holds"
    assert verdicts["b9_alleen_met_paspoort_en_leges"].verdict == "holds"
    assert verdicts["dublinclaim_vervalt_bij_b8"].verdict == "holds"
    assert verdicts["verblijf_loopt_door_tijdens_beklag_voor_2012"].verdict == "holds"
    # dated claims do not apply before their change; all-era claims need every era
    assert verdicts["geen_b8_voor_dublinclaimant_zonder_om"].verdict == "n/a"
    assert verdicts["elke_toestand_bereikbaar"].verdict == "n/a"
    unused, unreached, uncited = coverage(x)
    # R-B8-09 is in force from 2012 only: not counted as unused in the first era
    assert "R-B8-09" not in unused
    assert all(rid in {r.id for r in engine.rules} for rid in unused)
    assert all("." in s for s in unreached) and isinstance(uncited, list)


def test_report_text_and_json(engine: Engine):  # type: ignore[no-untyped-def]
    report = run_check(engine, [0], ["cosm_alleen_tijdens_bedenktijd", "geen_valkuilen"])
    text = render_text(report, "en")
    assert re.search(r"explored \d+ situations and \d+ steps", text)
    assert "holds  cosm_alleen_tijdens_bedenktijd" in text
    dutch = render_text(report)
    assert re.search(r"\d+ situaties en \d+ stappen doorzocht", dutch) and re.search(
        r"geldt\s+cosm_alleen", dutch
    )
    for word in ("explored", "holds", "never used", "situations"):
        assert word not in dutch, word
    data = render_json(report)
    assert data["ok"] is True
    assert [p["name"] for p in data["properties"]] == ["geen_valkuilen", "cosm_alleen_tijdens_bedenktijd"]
    assert data["situations"] > 0 and data["eras"][0]["traps"] == 0


def test_properties_read_like_a_spec():  # type: ignore[no-untyped-def]
    kinds = [p.kind for p in PROPERTIES]
    first_legal = min(i for i, k in enumerate(kinds) if k in ("invariant", "step"))
    assert all(k in ("table", "graph") for k in kinds[:first_legal])
    assert all(k in ("invariant", "step") for k in kinds[first_legal:])
    assert len({p.name for p in PROPERTIES}) == len(PROPERTIES)
    for p in PROPERTIES:
        assert p.statement.endswith(".") and p.source and p.section, p.name
        # a Dutch statement of its own (the check report is Dutch by default)
        nl = p.text("nl")
        assert nl.endswith(".") and nl != p.statement and "NL:" not in p.statement, p.name
    assert by_name("geen_coa_opname_met_b8").kind == "step"


def test_dated_properties_name_changes_not_dates(engine: Engine):  # type: ignore[no-untyped-def]
    for p in PROPERTIES:
        for change in (p.since, p.until):
            if change:
                assert change in engine.data.changes, p.name
    for path in Path(__file__).parent.parent.joinpath("properties").glob("*.py"):
        code = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", code), f"date literal in {path.name}"
        if path.name != "timed.py":  # the timed claims do their own calendar arithmetic
            assert "dt.date(" not in code, f"date constructed in {path.name}"


def test_properties_declare_the_facts_they_read(engine: Engine):  # type: ignore[no-untyped-def]
    """An invariant or step property that reads a fact must declare it (`reads`): the
    explorer keeps declared facts and judges the others once per combination of track states."""
    probe = Engine()
    for era in (probe.eras[0], probe.eras[-1]):
        model = EraModel(probe, era, PROPERTIES)
        facts = [f.id for f in probe.vocab.facts]
        for tracks, node in list(model._nodes.items())[::3]:
            for prop in node.invariants:
                s = tracks + tuple(True if f in prop.reads else Unknown() for f in facts)
                try:
                    prop.check(model.ctx, s)
                except LookupError:
                    pytest.fail(f"invariant {prop.name} reads a fact it does not declare")
            for row, _, _, _ in node.moves:
                for prop in row.steps:
                    s = tracks + tuple(True if f in prop.reads else Unknown() for f in facts)
                    try:
                        prop.check(model.ctx, s, row.event, row.rule, row.apply(s))
                    except LookupError:
                        pytest.fail(f"step property {prop.name} reads a fact it does not declare")
