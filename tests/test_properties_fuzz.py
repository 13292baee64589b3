"""Hypothesis fuzzing of the table: the transitions Case and the explorer agree on every step,
refused events leave the case unchanged, and the properties hold on every generated case."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from properties import PROPERTIES, fuzz

Machine = fuzz.machine(props=PROPERTIES)


class TestFuzzCase(Machine.TestCase):  # type: ignore[name-defined,misc]
    settings = settings(
        max_examples=200,
        stateful_step_count=50,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def test_fuzzing_fires_most_rows_and_reports_the_rest(engine):  # type: ignore[no-untyped-def]
    """Runs after the machine (in file order): the hit counts name every row that never fired."""
    if not fuzz.STEPS:  # run on its own (e.g. with -k)
        TestFuzzCase("runTest").runTest()
    summary = fuzz.hit_summary(engine)
    print(summary)
    assert fuzz.STEPS["accepted"] > 500 and fuzz.STEPS["refused"] > 50
    assert len(fuzz.HITS) >= len(engine.rules) * 2 // 5, summary
    assert "never fired" in summary
