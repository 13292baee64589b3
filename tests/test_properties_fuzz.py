"""Hypothesis fuzzing of the table: the transitions Case and the explorer agree on every step,
refused events leave the case unchanged, and the properties hold on every generated case."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from verblijfsroutes.properties import PROPERTIES, fuzz

SETTINGS = settings(
    max_examples=200,
    stateful_step_count=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def test_fuzzing_holds_and_fires_most_rows(engine):  # type: ignore[no-untyped-def]
    """The machine runs (differential Case/step-function check, every property); its own run
    counts name every row that never fired."""
    machine = fuzz.machine(props=PROPERTIES)
    run_state_machine_as_test(machine, settings=SETTINGS)
    summary = machine.run.summary(engine)
    print(summary)
    assert machine.run.steps["accepted"] > 500 and machine.run.steps["refused"] > 50, summary
    assert len(machine.run.hits) >= len(engine.rules) * 2 // 5, summary
    assert "never fired" in summary


def test_each_machine_counts_its_own_run() -> None:
    """Two machine classes do not share counters: a run of one leaves the other at zero."""
    one, two = fuzz.machine(), fuzz.machine()
    run_state_machine_as_test(one, settings=settings(SETTINGS, max_examples=3, stateful_step_count=5))
    assert one.run.steps["start"] >= 1
    assert sum(two.run.steps.values()) == 0 and not two.run.hits


def test_every_row_fires_alike_in_the_case_and_the_step_function(engine):  # type: ignore[no-untyped-def]
    """Differential sweep: for every row, in every era where one of the fuzz profiles reaches
    a situation in which it fires, the transitions Case fires the same row to the same
    situation as the step function. Together the eras cover every active row."""
    from verblijfsroutes.case.case import Case

    covered = set()
    for i, era in enumerate(engine.eras):
        rs = engine.ruleset(era.start)
        for row_id, situations in fuzz.seeds_by_row(engine, i).items():
            if row_id == "*":
                continue
            event = next(r.event for r in engine.rules if r.id == row_id)
            for s in situations[:2]:
                case = Case(as_of=era.start)
                case.restore(s)
                expected = rs.step(s, event)
                outcome = case.fire(event)
                assert expected is not None and outcome.accepted, (row_id, era.label)
                assert outcome.rule is expected[0].rule and case.situation == expected[1], (row_id, era.label)
                covered.add(expected[0].rule.id)
    assert covered == {r.id for r in engine.rules}
