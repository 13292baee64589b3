"""Replay of the example case files: route classes, deadlines on concrete dates, output schema."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from verblijfsroutes.case.casefile import load_case
from verblijfsroutes.case.replay import replay
from verblijfsroutes.case.schema import SCHEMA_FILE, case_schema
from verblijfsroutes.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
OUTPUT_SCHEMA = json.loads((ROOT / "model" / "data" / "replay-output.schema.json").read_text())


@cache
def replayed(name: str, as_of: dt.date | None = None) -> dict[str, Any]:
    return replay(load_case(ROOT / "examples" / name), as_of=as_of)


def deadline(doc: dict[str, Any], step: int, did: str) -> str:
    found = [d["date"] for d in doc["steps"][step - 1]["deadlines"] if d["id"] == did]
    assert found, f"step {step} has no deadline {did}: {doc['steps'][step - 1]['deadlines']}"
    return found[0]


def plus(day: str, **delta: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(**delta)).isoformat()


def test_there_is_an_example_per_route_class() -> None:
    routes = {load_case(p).expect_route for p in EXAMPLES}
    assert {
        "route_1_overlap",
        "route_1",
        "route_2",
        "route_3",
        "alleen_regeling",
        "alleen_asiel",
        "vertrek_bedenktijd",
        "parallel_b9_asiel",
    } <= routes


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_replays_to_its_route_class_and_deadlines(path: Path) -> None:
    cf = load_case(path)
    doc = replayed(path.name)
    assert cf.expect_route and doc["route"]["id"] == cf.expect_route
    assert cf.expect_deadlines, "every example names concrete deadlines"
    failed = [c for c in doc["expectations"]["deadlines"] if not c["ok"]]
    assert not failed
    assert doc["expectations"]["ok"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_output_matches_the_output_schema(path: Path) -> None:
    jsonschema.validate(replayed(path.name), OUTPUT_SCHEMA, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_matches_the_case_schema(path: Path) -> None:
    doc = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    jsonschema.validate(doc, case_schema(), format_checker=jsonschema.FormatChecker())


def test_shipped_case_schema_is_current() -> None:
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert shipped == case_schema(), (
        "model/data/case.schema.json is stale: run "
        "`.venv/bin/python -c 'from verblijfsroutes.case.schema import write_schema; write_schema()'`"
    )


def test_route_3_deadlines_on_concrete_dates() -> None:
    doc = replayed("route_3.yaml")
    assert deadline(doc, 1, "bedenktijd_einde") == "2016-05-01"  # 3 months
    assert deadline(doc, 3, "b8_einde") == "2017-03-15"  # B8 one year
    assert deadline(doc, 4, "b8_einde") == "2018-03-15"  # extended by a year
    assert deadline(doc, 3, "b9_drie_jaar") == "2019-03-15"  # three years on the B8
    assert deadline(doc, 6, "b9_besluit") == plus("2017-09-11", days=90) == "2017-12-10"
    decision = doc["steps"][6]["date"]
    assert doc["steps"][6]["event"] == "b9_afwijzen"
    assert deadline(doc, 7, "bezwaartermijn") == plus(decision, weeks=4) == "2017-12-18"
    # 19 weeks from the day after the objection term ends, at most 13 more
    assert deadline(doc, 8, "beslistermijn_bezwaar") == plus("2017-12-18", weeks=19) == "2018-04-30"
    assert deadline(doc, 8, "beslistermijn_bezwaar_verlengd") == plus("2018-04-30", weeks=13)
    assert deadline(doc, 9, "beroepstermijn") == plus("2018-04-16", weeks=4) == "2018-05-14"
    assert deadline(doc, 11, "hoger_beroepstermijn") == plus("2018-09-03", weeks=4)
    assert deadline(doc, 12, "uitspraak_raad_van_state") == plus("2018-09-24", weeks=23) == "2019-03-04"
    # 6 months end on Sunday 2019-08-04: the Algemene termijnenwet moves it to Monday
    assert deadline(doc, 14, "asiel_beslistermijn") == "2019-08-05"


def test_asylum_terms_on_concrete_dates() -> None:
    doc = replayed("alleen_asiel.yaml")
    assert deadline(doc, 1, "rust_voorbereiding") == plus("2018-03-05", days=6)
    assert deadline(doc, 2, "aa_einde") == plus("2018-03-12", days=8) == "2018-03-20"
    assert deadline(doc, 3, "asiel_beslistermijn") == "2018-09-05"
    assert deadline(doc, 4, "asielvergunning_einde") == "2023-07-02"


def test_route_1_overlap_b8_and_asylum_pending_at_once() -> None:
    doc = replayed("route_1_overlap.yaml")
    step = doc["steps"][4]
    assert step["event"] == "b8_verlenen" and step["accepted"]
    assert step["situation"]["asiel"] == "va" and step["situation"]["regeling"] == "b8"
    kinds = {b["kind"] for b in step["residence_basis"]}
    assert kinds == {"b8", "asielaanvraag"}
    assert step["housing"]["state"] == "coa"  # she stays in the AZC (§4.6.2)
    assert doc["route"]["overlap"]


def test_parallel_b9_asylum_no_coa_admission_for_b8_holder() -> None:
    doc = replayed("parallel_b9_asiel.yaml")
    step = doc["steps"][5]
    assert step["event"] == "asiel_aanvragen" and step["rule"]["id"] == "A-AV-04"
    assert step["housing"]["state"] == "overig"


def test_each_step_has_rule_source_and_next_events_with_sources() -> None:
    doc = replayed("route_2.yaml")
    for step in doc["steps"]:
        assert step["accepted"] and step["rule"]["source"] and step["rule"]["section"]
        for nxt in step["next_events"]:
            assert nxt["rule"] and nxt["source"]
        for d in step["deadlines"]:
            assert d["source"] and d["date"]


def test_as_of_ignores_later_events_and_counts_days_to_it() -> None:
    doc = replayed("route_3.yaml", dt.date(2017, 12, 1))
    assert [s["step"] for s in doc["steps"]] == [1, 2, 3, 4, 5, 6, 7]
    assert [s["event"] for s in doc["skipped"]][0] == "bezwaar_maken"
    final = doc["final"]
    assert final["date"] == "2017-12-01"
    term = next(d for d in final["deadlines"] if d["id"] == "bezwaartermijn")
    assert term["date"] == "2017-12-18" and term["days_left"] == 17
    assert "bezwaar_maken" in {n["event"] for n in final["next_events"]}
    assert doc["expectations"]["route"] is None  # the route is not checked on a partial replay
    assert doc["route"]["id"] == "alleen_regeling"  # so far


def test_cli_json_and_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg = tmp_path / "t.svg"
    code = main(["replay", str(ROOT / "examples" / "route_2.yaml"), "--json", "--svg", str(svg)])
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["route"]["id"] == "route_2" and doc["svg"] == str(svg)
    text = svg.read_text()
    assert text.startswith("<svg") and "Route: Route 2" in text
    main(["replay", str(ROOT / "examples" / "route_2.yaml"), "--json", "--svg", str(tmp_path / "u.svg")])
    assert (tmp_path / "u.svg").read_text() == text  # deterministic


def test_cli_text_english(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["replay", str(ROOT / "examples" / "vertrek_bedenktijd.yaml"), "--no-svg", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0
    assert "2018-08-07  end of the reflection period" in out
    assert "Route: leaving during bedenktijd (" in out


def test_json_case_file_replays_like_yaml(tmp_path: Path) -> None:
    doc = json.loads(
        json.dumps(yaml.safe_load((ROOT / "examples" / "route_2.yaml").read_text()), default=str)
    )
    path = tmp_path / "route_2.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = replay(load_case(path))
    assert out["route"]["id"] == "route_2" and out["expectations"]["ok"]
    assert out["steps"] == replayed("route_2.yaml")["steps"]


def test_no_events_and_as_of_before_the_first_event(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("facts: {paspoort: true}\nevents: []\n", encoding="utf-8")
    doc = replay(load_case(path), as_of=dt.date(2018, 1, 1))
    assert doc["steps"] == [] and doc["route"]["id"] == "geen"
    assert not doc["final"]["lawful_residence"]
    assert "bedenktijd_aanbieden" in {n["event"] for n in doc["final"]["next_events"]}
    early = replay(load_case(ROOT / "examples" / "route_2.yaml"), as_of=dt.date(2016, 1, 1))
    assert early["steps"] == [] and len(early["skipped"]) == 9
    jsonschema.validate(early, OUTPUT_SCHEMA)


def _vocabulary_ids() -> set[str]:
    from verblijfsroutes.core.engine import Engine

    v = Engine().vocab
    ids = {e.id for e in v.events} | {s.id for t in v.tracks for s in t.states}
    return {i for i in ids if "_" in i}


DUTCH = (
    "huisvesting",
    "termijnen",
    "rechtmatig verblijf",
    "mogelijk hierna",
    "gebeurtenis",
    "Overzicht",
    "situatie:",
    "dagen",
)
ENGLISH = (
    "housing",
    "deadlines",
    "lawful residence",
    "possible next",
    "Overview",
    "situation:",
    "days left",
    "REFUSED",
)


@pytest.mark.parametrize("example", sorted(p.name for p in (ROOT / "examples").glob("*.yaml")))
def test_replay_text_is_in_one_language(example: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--lang en shows no Dutch words of the tool and no state or event ids outside the
    expect check; the Dutch text shows none of the English words. Sources stay as written."""
    path = str(ROOT / "examples" / example)
    main(["replay", path, "--no-svg", "--lang", "en"])
    en = capsys.readouterr().out
    main(["replay", path, "--no-svg"])
    nl = capsys.readouterr().out
    body = [line for line in en.splitlines()[1:] if not line.startswith("Check:")]
    text = "\n".join(body)
    for word in DUTCH:
        assert not re.search(rf"\b{re.escape(word)}\b", text), word
    for ident in _vocabulary_ids():
        assert not re.search(rf"(?<![\w/]){re.escape(ident)}(?![\w.])", text), ident
    for word in ENGLISH:
        assert not re.search(rf"\b{re.escape(word)}\b", "\n".join(nl.splitlines()[1:])), word
    assert not re.search(r"\bnog 1 dagen\b", nl) and not re.search(r"\b1 days\b", en)
    assert "Figuur" not in text
