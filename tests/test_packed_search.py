"""The level-at-a-time search on packed situations (levels.py) against the reference search
(search.py): the same situations, steps, coverage, verdicts, counts and the same shortest
counterexamples, field by field; and every broken variant caught with the reference's trace."""

from __future__ import annotations

from dataclasses import fields

import pytest
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.properties import PROPERTIES, by_name
from verblijfsroutes.properties.explorer import EraModel
from verblijfsroutes.properties.levels import explore_levels
from verblijfsroutes.properties.mutants import MUTANTS
from verblijfsroutes.properties.packed import Packed
from verblijfsroutes.properties.results import EraResult
from verblijfsroutes.properties.search import explore_era

COMPARED = [f.name for f in fields(EraResult) if f.name != "seconds"]


def assert_same(reference: EraResult, fast: EraResult) -> None:
    for name in COMPARED:
        assert getattr(fast, name) == getattr(reference, name), f"{name} differs"


@pytest.mark.parametrize(
    ("choices", "era"),
    [({}, 0), ({}, -1), ({"Q6": "parallel_altijd"}, 0)],
    ids=["default-first-era", "default-last-era", "Q6-parallel-first-era (a property fails)"],
)
def test_level_search_equals_the_reference(choices: dict[str, str], era: int) -> None:
    engine = Engine(choices=choices)
    reference = explore_era(EraModel(engine, engine.eras[era], PROPERTIES))
    fast = explore_levels(EraModel(engine, engine.eras[era], PROPERTIES))
    assert_same(reference, fast)
    assert fast.situations > 50_000 and fast.steps > fast.situations


def test_the_comparison_sees_a_difference() -> None:
    """The field-by-field comparison is not vacuous: one changed count is reported."""
    engine = Engine()
    model = EraModel(engine, engine.eras[0], PROPERTIES)
    fast = explore_levels(model)
    other = explore_levels(EraModel(engine, engine.eras[0], PROPERTIES))
    other.rule_hits[next(iter(other.rule_hits))] += 1
    with pytest.raises(AssertionError, match="rule_hits differs"):
        assert_same(fast, other)


MUTANTS_EXPLORED = [m for m in MUTANTS if by_name(m.caught_by).kind in ("invariant", "step")]


@pytest.mark.parametrize("mutant", MUTANTS_EXPLORED, ids=[m.name for m in MUTANTS_EXPLORED])
def test_broken_variant_gets_the_reference_counterexample(mutant) -> None:  # type: ignore[no-untyped-def]
    engine = mutant.engine()
    day = engine.change_date(mutant.era_change) if mutant.era_change else engine.eras[0].start
    era = engine.eras[engine.era_of(day)]
    prop = by_name(mutant.caught_by)
    reference = explore_era(EraModel(engine, era, [prop]), stop_at_first=True)
    fast = explore_levels(EraModel(engine, era, [prop]))
    assert prop.name in fast.violations, f"{mutant.name} not caught"
    assert fast.violations[prop.name] == reference.violations[prop.name]


def test_packing_round_trips() -> None:
    engine = Engine()
    model = EraModel(engine, engine.eras[-1], PROPERTIES)
    p = Packed(model)
    s = model.initial()
    for value in (None, True, False):
        t = s[: model.nt] + (value,) * len(model.facts)
        assert p.unpack(p.pack(t)) == t
