"""Each dated rule change flips behaviour on exactly its date (and not a day earlier)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from verblijfsroutes.core.engine import Engine

# change id -> (facts, situation overrides, event, accepted before the date?)
FLIPS: dict[str, tuple[dict[str, bool], dict[str, Any], str, bool]] = {
    "beklag_2012": (
        {},
        {"regeling": "b8", "strafzaak": "beklag", "huisvesting": "overig"},
        "b8_intrekken",
        False,
    ),
    "b9_toets_2012": (
        {"overige_gronden": True, "paspoort": True, "leges": True},
        {"regeling": "b9_aanvraag", "strafzaak": "sepot", "huisvesting": "overig"},
        "b9_verlenen",
        True,
    ),
    "parallel_2015": (
        {},
        {"regeling": "b8", "strafzaak": "onderzoek", "huisvesting": "overig"},
        "asiel_aanvragen",
        False,
    ),
    "vervolging_2018": (
        {"paspoort": True, "leges": True},
        {"regeling": "b9_aanvraag", "strafzaak": "vervolging", "huisvesting": "overig"},
        "b9_verlenen",
        False,
    ),
    "minderjarig_2018": (
        {"minderjarig": True},
        {"regeling": "schrijnend_in_behandeling", "huisvesting": "overig"},
        "b8_schrijnend_verlenen",
        False,
    ),
    "dublin_2019": (
        {"dublinclaim": True},
        {"regeling": "b8_in_behandeling", "strafzaak": "onderzoek", "huisvesting": "overig"},
        "b8_verlenen",
        True,
    ),
}


def situation(engine: Engine, facts: dict[str, bool], tracks: dict[str, Any]) -> tuple[Any, ...]:
    s = list(engine.initial(facts))
    for k, v in tracks.items():
        s[engine.idx(k)] = v
    return tuple(s)


def _row_changes(engine: Engine) -> set[str]:
    return {c for r in engine.rules for c in (r.valid_from, r.valid_until) if c}


def test_every_change_has_a_flip_test(engine: Engine) -> None:
    """Every change that rows refer to flips a step on its date; every other change (a dated
    change of a term, deadlines.yaml `variants`) is used by a deadline: none is left unused."""
    assert set(FLIPS) == _row_changes(engine)
    by_terms = {change for d in engine.data.deadlines for change, _, _ in d.variants}
    assert set(engine.data.changes) == _row_changes(engine) | by_terms
    assert by_terms == {"bedenktijd_dublin_2023"}


@pytest.mark.parametrize("change_id", sorted(FLIPS))
def test_change_flips_on_its_date(engine: Engine, change_id: str) -> None:
    facts, tracks, event, before_ok = FLIPS[change_id]
    day = engine.data.changes[change_id].date.start
    s = situation(engine, facts, tracks)
    before = engine.ruleset(day - dt.timedelta(days=1)).step(s, event)
    on = engine.ruleset(day).step(s, event)
    assert (before is not None) == before_ok, f"{change_id}: day before"
    assert (on is not None) == (not before_ok), f"{change_id}: on the day"


def test_precision_is_recorded(engine: Engine) -> None:
    precision = {c.id: c.date.precision for c in engine.data.changes.values()}
    assert precision["parallel_2015"] == "year"
    assert precision["vervolging_2018"] == "month"
    assert precision["dublin_2019"] == "day"


def test_eras_cover_every_change(engine: Engine) -> None:
    """An era starts at every change of the rows (a change of a term only needs no new era:
    the rows in force stay the same)."""
    starts = {era.start for era in engine.eras}
    for cid in _row_changes(engine):
        assert engine.data.changes[cid].date.start in starts, cid


def test_terms_add_calendar_periods(engine: Engine) -> None:
    terms = engine.data.terms
    assert terms["bedenktijd"].add_to(dt.date(2017, 11, 30)) == dt.date(2018, 2, 28)
    assert terms["bezwaartermijn"].add_to(dt.date(2017, 3, 1)) == dt.date(2017, 3, 29)
    assert terms["b9_besluit"].add_to(dt.date(2017, 3, 1)) == dt.date(2017, 5, 30)
    assert terms["b8_geldigheid"].add_to(dt.date(2016, 2, 29)) == dt.date(2017, 2, 28)
    assert terms["b8_drie_jaar"].add_to(dt.date(2016, 5, 10)) == dt.date(2019, 5, 10)
