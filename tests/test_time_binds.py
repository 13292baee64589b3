"""Time that binds in a replay: a term whose end is an event of the model expires on its last
day, before any later event and before --as-of; late remedies are refused with their term;
excused lateness is explicit; terms are counted from the event the law counts them from; and
statutory terms follow the Algemene termijnenwet (Atw)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from verblijfsroutes.case.casefile import load_case
from verblijfsroutes.case.replay import replay
from verblijfsroutes.spec import atw
from verblijfsroutes.spec.changes import Term


def run(tmp_path: Path, text: str, as_of: dt.date | None = None) -> dict[str, Any]:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return replay(load_case(path), as_of=as_of)


def listed(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in doc["steps"] if not s["automatic"]]


def automatic(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in doc["steps"] if s["automatic"]]


BEDENKTIJD = "events:\n  - {date: 2016-02-01, event: bedenktijd_aanbieden}\n"


def test_bedenktijd_ends_after_three_months_when_evaluated_later(tmp_path: Path) -> None:
    """§2.1.1 'maximaal drie maanden': four months on, no bedenktijd, no COSM, no lawful stay."""
    doc = run(tmp_path, BEDENKTIJD, as_of=dt.date(2016, 6, 1))
    (auto,) = automatic(doc)
    assert auto["event"] == "bedenktijd_verstreken" and auto["date"] == "2016-05-01"
    assert "termijn verstreken op 2016-05-01" in auto["note"] and "B8/3 ad 1 Vc" in auto["note"]
    final = doc["final"]
    assert final["situation"]["regeling"] != "bedenktijd"
    assert final["housing"]["state"] != "cosm" and not final["lawful_residence"]


def test_on_the_last_day_the_bedenktijd_still_runs(tmp_path: Path) -> None:
    doc = run(tmp_path, BEDENKTIJD, as_of=dt.date(2016, 5, 1))
    assert not automatic(doc) and doc["final"]["situation"]["regeling"] == "bedenktijd"
    assert doc["final"]["lawful_residence"]


def test_an_aangifte_after_the_bedenktijd_is_judged_after_its_end(tmp_path: Path) -> None:
    doc = run(tmp_path, BEDENKTIJD + "  - {date: 2016-06-01, event: aangifte_doen}\n")
    steps = doc["steps"]
    assert [s["event"] for s in steps] == ["bedenktijd_aanbieden", "bedenktijd_verstreken", "aangifte_doen"]
    assert steps[1]["automatic"] and steps[1]["date"] == "2016-05-01"


def test_a_listed_expiry_dated_after_its_term_happens_on_the_last_day(tmp_path: Path) -> None:
    doc = run(tmp_path, BEDENKTIJD + "  - {date: 2016-06-01, event: bedenktijd_verstreken}\n")
    step = listed(doc)[1]
    assert step["accepted"] and step["date"] == "2016-05-01" and step["listed_date"] == "2016-06-01"
    assert not automatic(doc)


REFUSED_B8 = (
    "facts: {dublinclaim: true}\nevents:\n"
    "  - {date: 2019-08-05, event: bedenktijd_aanbieden}\n"
    "  - {date: 2019-09-02, event: aangifte_doen}\n"
    "  - {date: 2019-10-14, event: b8_weigeren}\n"
)


def test_an_objection_within_four_weeks_is_accepted(tmp_path: Path) -> None:
    doc = run(tmp_path, REFUSED_B8 + "  - {date: 2019-11-11, event: bezwaar_maken}\n")
    assert listed(doc)[-1]["accepted"] and not automatic(doc)


def test_a_late_objection_is_refused_with_its_term(tmp_path: Path) -> None:
    """art. 69 lid 1 Vw: four weeks; 2019-11-11 is the last day, the 12th is late."""
    doc = run(tmp_path, REFUSED_B8 + "  - {date: 2019-11-12, event: bezwaar_maken}\n")
    (auto,) = automatic(doc)
    assert auto["event"] == "rechtsmiddeltermijn_verstreken" and auto["date"] == "2019-11-11"
    step = listed(doc)[-1]
    assert not step["accepted"]
    first = step["refusal"][0]
    assert first["rule"] == "termijn" and "2019-11-11" in first["requirement"]
    assert "art. 69 lid 1 Vw" in first["source"] and "art. 6:11 Awb" in first["requirement"]
    assert not step["lawful_residence"] or all(b["kind"] != "rechtsmiddel" for b in step["residence_basis"])


def test_excused_lateness_is_explicit(tmp_path: Path) -> None:
    text = (
        REFUSED_B8
        + '  - {date: 2019-11-20, event: bezwaar_maken, excused: "ziek, termijnoverschrijding verschoonbaar"}\n'
    )
    doc = run(tmp_path, text)
    step = listed(doc)[-1]
    assert step["accepted"] and step["excused"] == {
        "basis": "art. 6:11 Awb",
        "reason": "ziek, termijnoverschrijding verschoonbaar",
    }
    assert not automatic(doc)


def test_excused_is_only_for_filing_a_remedy(tmp_path: Path) -> None:
    from verblijfsroutes.spec.errors import UsageError

    with pytest.raises(UsageError, match="is not the filing of a remedy"):
        run(tmp_path, REFUSED_B8 + "  - {date: 2019-11-20, event: b8_verlenen, excused: x}\n")


B8 = (
    "facts: {paspoort: true}\nevents:\n"
    "  - {date: 2016-02-01, event: bedenktijd_aanbieden}\n"
    "  - {date: 2016-03-14, event: aangifte_doen}\n"
    "  - {date: 2016-03-15, event: b8_verlenen}\n"
)


def test_an_extension_applied_for_after_the_b8_expired_is_refused(tmp_path: Path) -> None:
    doc = run(tmp_path, B8 + "  - {date: 2017-06-01, event: b8_verlengen}\n")
    (auto,) = automatic(doc)
    assert auto["event"] == "b8_verloopt" and auto["date"] == "2017-03-15"
    assert not listed(doc)[-1]["accepted"]


def test_an_extension_in_time_is_accepted_and_counts_a_year_more(tmp_path: Path) -> None:
    doc = run(tmp_path, B8 + "  - {date: 2017-03-01, event: b8_verlengen}\n", as_of=dt.date(2017, 6, 1))
    assert not automatic(doc)
    ends = [d["date"] for d in doc["final"]["deadlines"] if d["id"] == "b8_einde"]
    assert ends == ["2018-03-15"]


def test_schrijnend_b8_keeps_its_validity_after_aangifte(tmp_path: Path) -> None:
    """§2.1.4 'dan behoudt zij de B8-vergunning': the year runs from the grant, not the aangifte."""
    text = (
        "facts: {schrijnend_grond: true}\nevents:\n"
        "  - {date: 2016-02-01, event: bedenktijd_aanbieden}\n"
        "  - {date: 2016-03-01, event: schrijnend_pad_aanvragen}\n"
        "  - {date: 2016-03-10, event: b8_schrijnend_verlenen}\n"
        "  - {date: 2016-09-01, event: aangifte_doen}\n"
    )
    doc = run(tmp_path, text)
    last = listed(doc)[-1]
    assert last["accepted"] and last["situation"]["regeling"] == "b8"
    assert [d["date"] for d in last["deadlines"] if d["id"] == "b8_einde"] == ["2017-03-10"]


# -- the Algemene termijnenwet -------------------------------------------------------------


def easter(year: int) -> dt.date:
    """Easter Sunday (anonymous Gregorian algorithm), independent of the holidays package."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def atw_days(year: int) -> set[dt.date]:
    """The days art. 3 lid 1 Atw names, computed from its words."""
    e = easter(year)
    if year >= 2014:
        king = dt.date(year, 4, 27)
        king = king - dt.timedelta(days=1) if king.weekday() == 6 else king
    else:
        king = dt.date(year, 4, 30)
        king = king - dt.timedelta(days=1) if king.weekday() == 6 else king
    return {
        dt.date(year, 1, 1),
        e + dt.timedelta(days=1),  # tweede Paasdag
        e + dt.timedelta(days=39),  # Hemelvaartsdag
        e + dt.timedelta(days=50),  # tweede Pinksterdag
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
        king,
        dt.date(year, 5, 5),
    }


@pytest.mark.parametrize("year", range(2005, 2031))
def test_the_holidays_are_those_of_art_3_atw(year: int) -> None:
    assert atw.feestdagen(year) == atw_days(year)
    good_friday = easter(year) - dt.timedelta(days=2)
    assert good_friday not in atw.feestdagen(year), "Goede Vrijdag is no Atw holiday"


# Cases of MinBZK/regelrecht corpus-poc/napp/scenarios/termijnen.feature (the dates ported):
# a term ending on Saturday or Sunday runs to Monday; a six-week objection term (art. 6:7 Awb)
# from a notice of 2026-05-02 ends on Monday 2026-06-15; eight weeks from 2026-06-13 end on
# Monday 2026-08-10.
SIX_WEEKS = Term("t6", 6, "weeks", "", "", "art. 6:7 Awb", "", "law", atw=True)
EIGHT_WEEKS = Term("t8", 8, "weeks", "", "", "art. 4:14 lid 3 Awb", "", "law", atw=True)


@pytest.mark.parametrize(
    ("end", "extended"),
    [("2026-06-13", "2026-06-15"), ("2026-06-14", "2026-06-15"), ("2026-06-12", "2026-06-12")],
)
def test_regelrecht_end_dates(end: str, extended: str) -> None:
    assert atw.verleng(dt.date.fromisoformat(end)).isoformat() == extended


@pytest.mark.parametrize(
    ("term", "start", "extended"),
    [
        (SIX_WEEKS, "2026-05-02", "2026-06-15"),
        (SIX_WEEKS, "2026-06-09", "2026-07-21"),
        (EIGHT_WEEKS, "2026-06-09", "2026-08-04"),
        (EIGHT_WEEKS, "2026-06-13", "2026-08-10"),
    ],
)
def test_regelrecht_terms(term: Term, start: str, extended: str) -> None:
    assert atw.verleng(term.add_to(dt.date.fromisoformat(start))).isoformat() == extended


@pytest.mark.parametrize(
    ("end", "extended"),
    [
        ("2019-12-25", "2019-12-27"),  # Christmas on Wednesday, Boxing Day, then Friday
        ("2020-12-26", "2020-12-28"),  # Boxing Day on Saturday
        ("2019-05-05", "2019-05-06"),  # 5 May on Sunday; 2019 is no lustrum year: still an Atw day
        ("2021-05-05", "2021-05-06"),  # 5 May on Wednesday
        ("2020-04-10", "2020-04-10"),  # Good Friday: a working day under the Atw
        ("2014-04-26", "2014-04-28"),  # King's day on Saturday (27 April a Sunday)
        ("2013-04-30", "2013-05-01"),  # Queen's day
        ("2018-05-10", "2018-05-11"),  # Ascension day
        ("2018-05-21", "2018-05-22"),  # Whit Monday
    ],
)
def test_atw_extension(end: str, extended: str) -> None:
    assert atw.verleng(dt.date.fromisoformat(end)).isoformat() == extended


def test_an_objection_on_the_extended_last_day_is_in_time(tmp_path: Path) -> None:
    """A B8 refused on 2019-11-16: four weeks end on Saturday 2019-12-14, so Monday the 16th
    is still in time (art. 1 Atw); Tuesday the 17th is late."""
    base = (
        "facts: {dublinclaim: true}\nevents:\n"
        "  - {date: 2019-08-05, event: bedenktijd_aanbieden}\n"
        "  - {date: 2019-09-02, event: aangifte_doen}\n"
        "  - {date: 2019-11-16, event: b8_weigeren}\n"
    )
    doc = run(tmp_path, base)
    (term,) = [d for d in listed(doc)[-1]["deadlines"] if d["id"] == "bezwaartermijn"]
    assert term["date"] == "2019-12-16" and term["unextended"] == "2019-12-14"
    assert "Algemene termijnenwet" in term["source"]
    assert listed(run(tmp_path, base + "  - {date: 2019-12-16, event: bezwaar_maken}\n"))[-1]["accepted"]
    assert not listed(run(tmp_path, base + "  - {date: 2019-12-17, event: bezwaar_maken}\n"))[-1]["accepted"]


def test_policy_terms_and_permit_validity_do_not_move() -> None:
    from verblijfsroutes.core.ruledata import default_rule_data

    terms = default_rule_data().terms
    assert not terms["bedenktijd"].atw and not terms["b8_geldigheid"].atw and not terms["b9_besluit"].atw
    assert terms["bezwaartermijn"].atw and terms["beroepstermijn"].atw


def test_a_date_past_the_reports_horizon_gets_one_note(capsys: pytest.CaptureFixture[str]) -> None:
    from verblijfsroutes.cli.main import main

    assert main(["table", "--as-of", "2024-01-01"]) == 0
    err = capsys.readouterr().err
    assert err.count("rules as last described in the report") == 1 and "2019-08-01" in err
    assert main(["table", "--as-of", "2019-07-31"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["diff", "--from", "2019-01-01", "--to", "2021-01-01"]) == 0
    err = capsys.readouterr().err
    assert err.count("rules as last described in the report") == 1
    assert "no later change in force by then" in err  # the 2023 change is in the model, later
    assert main(["diagram", "compare", "--from", "2019-07-31", "--to", "2019-08-01", "--format", "dot"]) == 0
    assert capsys.readouterr().err == ""  # the dates it was given, not the figures' default day
    assert main(["table"]) == 0  # every row, no date evaluated
    assert capsys.readouterr().err == ""


def deadline(block: dict[str, Any], did: str) -> str | None:
    return next((d["date"] for d in block["deadlines"] if d["id"] == did), None)


def test_a_grant_with_effect_from_an_earlier_date_counts_from_it(tmp_path: Path) -> None:
    """ECLI:NL:RBDHA:2017:12768: a B8 granted on 31-10-2011 'met ingang van 28 oktober 2011'
    runs to 28-10-2012, and its three years to 28-10-2014; without the date, from the grant."""
    text = (
        "events:\n  - {date: 2011-10-28, event: aangifte_doen}\n"
        "  - {date: 2011-10-31, event: b8_verlenen, met_ingang_van: 2011-10-28}\n"
    )
    doc = run(tmp_path, text)
    grant = listed(doc)[-1]
    assert grant["met_ingang_van"] == "2011-10-28"
    assert deadline(grant, "b8_einde") == "2012-10-28"  # a validity, not a statutory term: no Atw
    assert deadline(grant, "b9_drie_jaar") == "2014-10-28"
    plain = run(tmp_path, text.replace(", met_ingang_van: 2011-10-28", ""))
    assert deadline(listed(plain)[-1], "b9_drie_jaar") == "2014-10-31"


def test_three_years_count_again_after_a_lapse(tmp_path: Path) -> None:
    """B9 ground b needs three years without interruption: a B8 that lapsed and was granted
    anew (R-B8-19) starts the count again from the new permit."""
    text = (
        "events:\n  - {date: 2011-10-28, event: aangifte_doen}\n"
        "  - {date: 2011-10-28, event: b8_verlenen}\n"
        "  - {date: 2014-10-09, event: b8_verlenen, met_ingang_van: 2013-12-03}\n"
    )
    doc = run(tmp_path, text)
    lapse = [s for s in automatic(doc) if s["event"] == "b8_verloopt"]
    assert lapse and lapse[0]["date"] == "2012-10-28"  # the first B8 lapses after its year
    grant = listed(doc)[-1]
    assert grant["accepted"] and grant["rule"]["id"] == "R-B8-19"
    assert deadline(grant, "b9_drie_jaar") == "2016-12-03"  # from the new permit, not from 2011


RETRO = (
    "events:\n  - {date: 2018-04-06, event: aangifte_doen}\n"
    "  - {date: 2018-04-07, event: b8_verlenen}\n"
    "  - {date: 2018-09-28, event: seponeren}\n"
    "  - {date: 2018-11-01, event: b9_aanvragen}\n"
    "  - {date: 2019-02-23, event: b8_intrekken, met_terugwerkende_kracht_per: 2018-09-28}\n"
)


def test_a_retroactive_withdrawal_takes_its_place_at_its_date(tmp_path: Path) -> None:
    """ECLI:NL:RBDHA:2022:5934: a B8 withdrawn on 23-2-2021 'per 28 september 2020'. The
    withdrawal is read at the earlier date, so the B9 applied for after it is one without a
    running B8 (under the default Q1 the withdrawal is then allowed); its objection term counts
    from the decision, and the step says which assumption reads the period in between."""
    doc = run(tmp_path, RETRO)
    events = [s["event"] for s in listed(doc)]
    assert events == ["aangifte_doen", "b8_verlenen", "seponeren", "b8_intrekken", "b9_aanvragen"]
    withdrawal = listed(doc)[3]
    assert withdrawal["accepted"] and withdrawal["date"] == "2018-09-28" and withdrawal["step"] == 5
    assert withdrawal["met_terugwerkende_kracht"]["besluit"] == "2019-02-23"
    assert "aanname" in withdrawal["met_terugwerkende_kracht"]["assumption"]
    # four weeks from the decision: Saturday 23-3-2019, so Monday 25-3 (Algemene termijnenwet)
    assert deadline(withdrawal, "bezwaartermijn") == "2019-03-25"
    application = listed(doc)[4]
    assert application["accepted"] and application["situation"]["regeling"] == "b9_aanvraag_zonder_b8"
    # without the earlier date the withdrawal comes after the application and the default Q1
    # keeps the B8 until the objection decision: it is refused
    plain = run(tmp_path, RETRO.replace(", met_terugwerkende_kracht_per: 2018-09-28", ""))
    assert not listed(plain)[-1]["accepted"]


def test_an_application_received_after_the_aangifte_counts_from_its_receipt(tmp_path: Path) -> None:
    """ECLI:NL:RBDHA:2024:8107: aangifte 20-7-2023, application date 3-8-2023: the B8
    decision target counts from the application date."""
    text = "events:\n  - {date: 2023-07-20, event: aangifte_doen, aanvraag_op: 2023-08-03}\n"
    doc = run(tmp_path, text)
    step = listed(doc)[0]
    assert step["aanvraag_op"] == "2023-08-03"
    assert deadline(step, "b8_besluit") == "2023-08-04"
    plain = run(tmp_path, text.replace(", aanvraag_op: 2023-08-03", ""))
    assert deadline(listed(plain)[0], "b8_besluit") == "2023-07-21"


@pytest.mark.parametrize(
    "start,dublin,end",
    [
        ("2023-06-01", "true", "2023-07-01"),  # after 18 May 2023: thirty days (WBV 2023/11)
        ("2023-05-18", "true", "2023-08-18"),  # granted on 18 May 2023 itself: three months
        ("2024-01-10", "false", "2024-04-10"),  # not a Dublin claimant: three months
    ],
)
def test_a_dublin_claimant_has_thirty_days_of_bedenktijd_from_19_may_2023(
    tmp_path: Path, start: str, dublin: str, end: str
) -> None:
    """B8/3.1 Vc as changed by WBV 2023/11 (Stcrt. 2023, 13577), after the report: a Dublin
    claimant granted bedenktijd after 18 May 2023 has thirty days; the term expires then."""
    text = f"facts: {{dublinclaim: {dublin}}}\nevents:\n  - {{date: {start}, event: bedenktijd_aanbieden}}\n"
    doc = run(tmp_path, text, as_of=dt.date(2024, 12, 31))
    assert deadline(listed(doc)[0], "bedenktijd_einde") == end
    expiry = [s for s in automatic(doc) if s["event"] == "bedenktijd_verstreken"]
    assert expiry and expiry[0]["date"] == end
