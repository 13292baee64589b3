"""Refused events: reported with rule, guard and source; the replay goes on, or stops (--strict)."""

from __future__ import annotations

from pathlib import Path

import pytest
from verblijfsroutes.case.casefile import load_case
from verblijfsroutes.case.replay import replay
from verblijfsroutes.cli.main import main

ROOT = Path(__file__).resolve().parent.parent

NO_PASSPORT = """\
name: Without a passport the B9 cannot be granted; the refusal follows and she may object.
facts: {leges: true}
events:
  - {date: 2017-05-01, event: bedenktijd_aanbieden}
  - {date: 2017-05-15, event: aangifte_doen}
  - {date: 2017-05-16, event: b8_verlenen}
  - {date: 2017-09-04, event: b9_aanvragen}
  - {date: 2017-10-02, event: b9_verlenen}
  - {date: 2017-11-06, event: b9_afwijzen}
"""


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_refusal_names_rule_guard_and_source_and_replay_goes_on(tmp_path: Path) -> None:
    doc = replay(load_case(write(tmp_path, NO_PASSPORT)), lang="en")
    refused = doc["steps"][4]
    assert refused["event"] == "b9_verlenen" and not refused["accepted"]
    assert refused["rule"] is None
    reason = next(r for r in refused["refusal"] if r["rule"] == "R-B9-03")  # ground a, before 2018
    assert (
        reason["requirement"].startswith("requires: Fact: passport") and "(paspoort)" in reason["requirement"]
    )
    assert reason["source"] and reason["section"]
    assert (
        "in force only from 2018-10"
        in next(r for r in refused["refusal"] if r["rule"] == "R-B9-02")["requirement"]
    )
    assert refused["situation"] == doc["steps"][3]["situation"]  # unchanged
    nl = replay(load_case(write(tmp_path, NO_PASSPORT)))["steps"][4]["refusal"]
    said = next(r for r in nl if r["rule"] == "R-B9-03")["requirement"]
    assert (
        said == "vereist: Feit: paspoort, vrijstelling of dispensatie. (paspoort)"
    )  # worded positively, in Dutch
    assert doc["refused"] == [5]
    assert doc["steps"][5]["accepted"] and doc["steps"][5]["rule"]["id"] == "R-B9-08"
    term = next(d for d in doc["steps"][5]["deadlines"] if d["id"] == "bezwaartermijn")
    assert term["date"] == "2017-12-04"


def test_dated_rules_decide_the_refusal() -> None:
    """From 2019-08-01 a Dublin claimant gets a B8 only after the OM's statement (Box 1)."""
    doc = replay(load_case(ROOT / "examples" / "weigering_dublin_2019.yaml"))
    step = doc["steps"][2]
    assert step["event"] == "b8_verlenen" and not step["accepted"]
    reasons = {r["rule"]: r for r in step["refusal"]}
    assert "geldt alleen vóór 2019-08-01" in reasons["R-B8-02"]["requirement"]
    assert (
        reasons["R-B8-03"]["requirement"] == "vereist: Feit: OM acht aanwezigheid noodzakelijk. (om_noodzaak)"
    )
    assert reasons["R-B8-03"]["source"] == "B8/3.1 ad 2 en 3 Vc; TK 28 638 nr. 165"
    assert doc["steps"][3]["rule"]["id"] == "R-B8-05"
    assert doc["route"]["id"] == "alleen_regeling" and doc["expectations"]["ok"]


def test_same_case_before_2019_gets_the_b8(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "weigering_dublin_2019.yaml").read_text().replace("2019-", "2018-")
    text = text.replace(", expect: {accepted: false}", "").split("\nexpect:")[0]
    doc = replay(load_case(write(tmp_path, text)))
    step = doc["steps"][2]
    assert step["accepted"] and step["rule"]["id"] == "R-B8-02"
    assert step["facts"]["dublinclaim"] is False  # the Dublin claim lapses with the B8 (Box 1)


def test_strict_stops_at_the_first_refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, NO_PASSPORT)
    assert main(["replay", str(path), "--no-svg"]) == 0
    out = capsys.readouterr().out
    assert "GEWEIGERD" in out and "R-B9-03" in out and "art. 16 lid 1 sub b Vw" in out
    assert main(["replay", str(path), "--no-svg", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "gestopt bij stap 5" in out
    doc = replay(load_case(path), strict=True)
    assert doc["stopped_at"] == 5 and [s["step"] for s in doc["skipped"]] == [6]
    assert len(doc["steps"]) == 5


def test_unmet_expectation_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "examples" / "route_2.yaml").read_text().replace("date: 2016-09-26}", "date: 2016-09-27}")
    assert main(["replay", str(write(tmp_path, text)), "--no-svg"]) == 1
    assert "5.bezwaartermijn 2016-09-27: FAIL (got 2016-09-26)" in capsys.readouterr().out


def test_choice_option_changes_the_replay(tmp_path: Path) -> None:
    """Q8: with bedenktijd_loopt_door, asylum during bedenktijd keeps the bedenktijd and COSM."""
    text = """\
events:
  - {date: 2017-05-01, event: bedenktijd_aanbieden}
  - {date: 2017-05-22, event: asiel_aanvragen}
"""
    cf = load_case(write(tmp_path, text))
    default = replay(cf)["steps"][1]
    assert default["situation"]["regeling"] == "geen" and default["housing"]["state"] == "coa"
    other = replay(cf, choices={"Q8": "bedenktijd_loopt_door"})["steps"][1]
    assert other["situation"]["regeling"] == "bedenktijd" and other["housing"]["state"] == "cosm"
