"""Lawyer-readable scenarios (tests/scenarios/*.yaml) replayed on the transitions-driven Case.

Each file's `name:` is a full sentence of the expected outcome. A step is an event id (it
must be accepted), or a mapping {event, expect: accepted|refused, rule, date: DATE}, or
{check: {...}} asserting the situation at that point; `expect:` is checked at the end.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from verblijfsroutes.case.case import Case
from verblijfsroutes.spec.dates import parse_day

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def check(case: Case, expected: dict[str, Any], where: str) -> None:
    actual = case.describe()
    for key, want in expected.items():
        got = actual[key]
        if isinstance(want, list):
            assert sorted(got) == sorted(want), f"{where}: {key} is {got}, expected {want}"
        else:
            assert got == want, f"{where}: {key} is {got!r}, expected {want!r}"


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: Path) -> None:
    sc = load(path)
    assert sc["name"].endswith(".") and len(sc["name"].split()) >= 8, "name: a full sentence"
    case = Case(sc.get("facts") or {}, as_of=parse_day(sc["as_of"]), choices=sc.get("choices"))
    for n, step in enumerate(sc["steps"], 1):
        if isinstance(step, str):
            step = {"event": step}
        if "check" in step:
            check(case, step["check"], f"{path.name} step {n}")
            continue
        before = case.situation
        on = parse_day(step["date"]) if "date" in step else None
        outcome = case.fire(step["event"], on=on)
        expect = step.get("expect", "accepted")
        assert outcome.accepted == (expect == "accepted"), f"{path.name} step {n}: {outcome}"
        if outcome.accepted and "rule" in step:
            assert outcome.rule is not None and outcome.rule.id == step["rule"], (
                f"{path.name} step {n}: fired {outcome.rule and outcome.rule.id}, expected {step['rule']}"
            )
        if not outcome.accepted:
            assert case.situation == before
            assert outcome.reasons and all(r.source for r in outcome.reasons)
    check(case, sc.get("expect") or {}, f"{path.name} end")


def test_every_route_and_every_decision_has_a_scenario() -> None:
    docs = [load(p) for p in SCENARIOS]
    routes = {d.get("route") for d in docs}
    for route in (
        "route_1_met_overlap",
        "route_1_zonder_overlap",
        "route_2",
        "route_3",
        "alleen_regeling",
        "alleen_asiel",
        "vertrek_tijdens_bedenktijd",
    ):
        assert route in routes, f"no scenario for {route}"
    decisions = {d.get("decision") for d in docs}
    for q in range(1, 14):
        assert f"Q{q}" in decisions, f"no scenario for open question Q{q}"


def test_as_of_is_a_real_date() -> None:
    for path in SCENARIOS:
        assert isinstance(parse_day(load(path)["as_of"]), dt.date)
