"""Check the checker: every deliberately broken variant is caught by the property named for it."""

from __future__ import annotations

import pytest
from verblijfsroutes.properties import by_name
from verblijfsroutes.properties.check import check_mutant
from verblijfsroutes.properties.mutants import MUTANTS
from verblijfsroutes.properties.report import narrative


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_broken_variant_is_caught_by_its_property(mutant):  # type: ignore[no-untyped-def]
    verdict = check_mutant(mutant)
    assert verdict.prop.name == mutant.caught_by
    assert verdict.verdict == "fails", f"{mutant.name} ({mutant.description}) was not caught"
    finding = verdict.findings[0]
    if (
        by_name(mutant.caught_by).kind in ("invariant", "step", "graph")
        and mutant.caught_by != "elke_regel_heeft_bron_en_grondslag"
    ):
        assert finding.trace, "a counterexample trace is expected"
        lines = narrative(mutant.engine(), finding.trace, finding.step)
        assert lines[0].strip().startswith("0. begin")
    if mutant.row:
        assert mutant.row in finding.message or (finding.step and finding.step[1] == mutant.row)


def test_every_mutant_names_a_known_property():  # type: ignore[no-untyped-def]
    names = {m.name for m in MUTANTS}
    assert len(names) == len(MUTANTS)
    for m in MUTANTS:
        by_name(m.caught_by)
