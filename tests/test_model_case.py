"""The transitions-driven Case: accepted events change the case, refused ones never do and
say which rule refused and why; the Case agrees with the engine's step function."""

from __future__ import annotations

import datetime as dt

import pytest
from verblijfsroutes.case.case import Case
from verblijfsroutes.core.engine import Engine


def test_refused_event_leaves_the_case_unchanged_and_names_rule_and_source() -> None:
    case = Case({}, as_of=dt.date(2016, 1, 1))
    before = case.situation
    outcome = case.fire("b8_verlenen")
    assert not outcome.accepted
    assert case.situation == before
    ids = {r.rule for r in outcome.reasons}
    assert {"R-B8-01", "R-B8-02"} <= ids
    assert all(r.source and r.section for r in outcome.reasons)
    assert "requires Residence regulation for trafficking victims: reported, B8 being decided" in str(outcome)


def test_refusal_names_the_unmet_guard() -> None:
    case = Case({"paspoort": True}, as_of=dt.date(2017, 1, 1))
    for event in ("bedenktijd_aanbieden", "aangifte_doen", "b8_verlenen", "b9_aanvragen"):
        assert case.fire(event).accepted
    outcome = case.fire("b9_verlenen")  # no fee paid, no ground
    assert not outcome.accepted
    assert any("requires: Fact: can pay the fee. (leges)" in r.requirement for r in outcome.reasons)
    assert any("vereist: Feit: kan leges betalen. (leges)" in r.text("nl") for r in outcome.reasons)


def test_available_events_list_what_can_happen_with_sources() -> None:
    case = Case({}, as_of=dt.date(2016, 1, 1))
    options = {o.event: o.rule for o in case.available_events()}
    assert "bedenktijd_aanbieden" in options and "asiel_aanvragen" in options
    assert "b8_verlenen" not in options
    assert all(rule.source for rule in options.values())


def test_unknown_event_and_fact_are_clear_errors() -> None:
    with pytest.raises(KeyError, match="unknown event"):
        Case({}).fire("paspoort_kopen")
    with pytest.raises(KeyError, match="unknown fact"):
        Case({"paspoortt": True})


def test_cases_share_their_machines() -> None:
    a, b = Case({}), Case({"paspoort": True})
    assert a._machines is b._machines
    assert a.fire("bedenktijd_aanbieden").accepted
    assert b.regeling == "geen"  # type: ignore[attr-defined]


def test_case_agrees_with_the_step_function_on_a_walk() -> None:
    engine = Engine()
    day = dt.date(2017, 3, 1)
    rs = engine.ruleset(day)
    case = Case({"paspoort": True, "leges": True, "mh_gronden": True}, as_of=day)
    for event in (
        "bedenktijd_aanbieden",
        "aangifte_doen",
        "b8_verlenen",
        "seponeren",
        "b9_aanvragen",
        "b9_verlenen",
        "asiel_aanvragen",
        "b9_verlengen",
        "onbepaalde_tijd_verlenen",
    ):
        s = case.situation
        expected = rs.step(s, event)
        outcome = case.fire(event)
        assert outcome.accepted == (expected is not None), event
        if expected:
            assert outcome.rule is expected[0].rule
            assert case.situation == expected[1]


def test_restore_puts_back_a_snapshot() -> None:
    case = Case({}, as_of=dt.date(2017, 3, 1))
    snap = case.situation
    case.fire("bedenktijd_aanbieden")
    case.restore(snap)
    assert case.situation == snap


def test_an_unknown_decision_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="Q1 has no option .nooit."):
        Case(choices={"Q1": "nooit"})
