"""The Promela export and the cross-check with SPIN (properties/promela.py, crosscheck.py).

The SPIN tests need `spin` and `gcc` (CI installs them, .ci/run); without them they are
skipped with the reason, never passed. Tests marked `slow` run every era or every mutant
(they run in CI too; deselect locally with -m 'not slow').
"""

from __future__ import annotations

import re

import pytest
from verblijfsroutes.cli.main import main
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.properties import by_name
from verblijfsroutes.properties.check import check_mutant
from verblijfsroutes.properties.crosscheck import compare_era, run_spin, spin_missing, spin_witness
from verblijfsroutes.properties.mutants import MUTANTS
from verblijfsroutes.properties.promela import export, rows_in_force
from verblijfsroutes.properties.promela_props import NOT_EXPORTED

needs_spin = pytest.mark.skipif(spin_missing() is not None, reason=f"SPIN cannot run: {spin_missing()}")


def test_export_names_every_row_in_force_with_its_source() -> None:
    engine = Engine()
    day = engine.eras[-1].start
    model = export(engine.data, engine.choices, day)
    rows = rows_in_force(engine.data, engine.choices, day)
    assert list(model.rows) == [r.id for r in rows]
    assert set(model.rows) == {c.rule.id for c in engine.ruleset(day).rules}  # the engine's reading too
    positions = [model.text.index(f"/* {r.id} ({r.event}): {r.source}") for r in rows]
    assert positions == sorted(positions)  # file order
    from verblijfsroutes.properties import PROPERTIES

    kinds = {p.name for p in PROPERTIES if p.kind in ("invariant", "step")}
    dated = {"geen_parallelle_procedures_voor_2015", "verblijf_loopt_door_tijdens_beklag_voor_2012"}
    assert set(model.invariants) | set(model.steps) == (kinds - dated) | {
        "geen_valkuilen",
        "geen_nondeterminisme",
    }
    named = [n for n in model.invariants + model.steps if n != "geen_valkuilen"]  # a trap: SPIN's end state
    assert all(f"hidden byte P_{n} = 0;" in model.text for n in named)


def test_export_refuses_an_existing_file(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "m.pml"
    assert main(["export", "promela", "--as-of", "2016-01-01", "-o", str(target)]) == 0
    before = target.read_text()
    assert "#define EN_R_BT_01" in before
    assert main(["export", "promela", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "exists" in err and "--force" in err and "Traceback" not in err
    assert target.read_text() == before
    assert main(["export", "promela", "--as-of", "2020-01-01", "-o", str(target), "--force"]) == 0
    assert target.read_text() != before
    assert main(["export", "promela", "--choice", "Q99=x", "-o", str(tmp_path / "n.pml")]) == 2
    assert not (tmp_path / "n.pml").exists()


@needs_spin
def test_crosscheck_agrees_in_the_first_era() -> None:
    c = compare_era(Engine(), 0)
    assert c.ok, c.differences
    # the projection: equal combinations of track states, while SPIN's concrete situations
    # (every fact chosen) outnumber the explorer's (facts unknown until read, then forgotten)
    assert c.spin.tracks == set(c.explorer.tracks)
    assert len(c.spin.tracks) > 4000
    assert c.spin.situations > c.explorer.situations
    assert set(c.spin_verdicts.values()) == {"holds"}
    assert c.spin_verdicts == {k: v for k, v in c.explorer_verdicts.items() if k in c.spin_verdicts}


@needs_spin
def test_crosscheck_reports_a_row_changed_by_hand_with_a_witness() -> None:
    engine = Engine()
    text = export(engine.data, engine.choices, engine.eras[0].start, record=True).text
    row = re.search(r"/\* S-AG-01 .*?CHECK_STATE \}", text, re.S)
    assert row is not None and "huisvesting = huisvesting__overig" in row.group(0)
    edited = text.replace(row.group(0), row.group(0).replace("huisvesting__overig", "huisvesting__cosm"))
    c = compare_era(engine, 0, edited)
    assert not c.ok
    what = [w for w, _ in c.differences]
    assert "cosm_alleen_tijdens_bedenktijd: SPIN fails, explorer holds" in what
    witness = dict(c.differences)["cosm_alleen_tijdens_bedenktijd: SPIN fails, explorer holds"]
    # SPIN's shortest trail: the facts chosen, the bedenktijd offered, the aangifte by the edited row
    assert witness[0].startswith("FACTS ") and witness[1:] == ["ROW R-BT-01", "ROW S-AG-01"]
    reach = [(w, lines) for w, lines in c.differences if w.startswith("only SPIN reaches")]
    assert reach, what
    assert any(line == "ROW S-AG-01" for line in reach[0][1]), reach[0]


def _era_of(engine: Engine, mutant) -> int:  # type: ignore[no-untyped-def]
    day = engine.change_date(mutant.era_change) if mutant.era_change else engine.eras[0].start
    return engine.era_of(day)


SPIN_MUTANTS = [m for m in MUTANTS if m.caught_by not in NOT_EXPORTED]


def test_every_mutant_but_the_rule_data_claims_is_exported() -> None:
    left = {m.name for m in MUTANTS} - {m.name for m in SPIN_MUTANTS}
    assert left == {"source_removed"}  # a claim about the table, not about a situation
    assert by_name("elke_regel_heeft_bron_en_grondslag").kind == "table"


@needs_spin
@pytest.mark.slow
@pytest.mark.parametrize("mutant", SPIN_MUTANTS, ids=lambda m: m.name)
def test_mutant_fails_in_both_checkers_on_the_same_property(mutant) -> None:  # type: ignore[no-untyped-def]
    engine = mutant.engine()
    spin = run_spin(engine, _era_of(engine, mutant))
    assert mutant.caught_by in spin.failing, spin.failing
    assert check_mutant(mutant).verdict == "fails"
    witness = spin_witness(engine, _era_of(engine, mutant), only=mutant.caught_by)
    assert witness[0].startswith("FACTS ") and len(witness) > 1
    if mutant.row:  # a step property: the trail ends with the broken row firing
        assert witness[-1] == f"ROW {mutant.row}", witness


@needs_spin
@pytest.mark.slow
def test_crosscheck_agrees_in_every_era() -> None:
    engine = Engine()
    for i in range(len(engine.eras)):
        c = compare_era(engine, i)
        assert c.ok, (engine.eras[i].label, c.differences)
        assert len(c.spin.tracks) == len(c.explorer.tracks)


@needs_spin
def test_crosscheck_command_names_a_property_failing_in_both(capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["crosscheck", "--as-of", "2013-01-01", "--choice", "Q6=parallel_altijd", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0, out  # both checkers agree, also on the failing property
    spin = re.search(r"([\d,]+) combinations of tracks", out)
    explorer = re.search(r"([\d,]+) combinations \(", out)
    assert spin and explorer and spin.group(1) == explorer.group(1), out
    assert int(spin.group(1).replace(",", "")) > 9000
    assert "fails in both: geen_parallelle_procedures_voor_2015" in out


def test_crosscheck_command_refuses_bad_options(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["crosscheck", "--all-eras", "--as-of", "2013-01-01"]) == 2
    err = capsys.readouterr().err
    assert "--as-of DATE or --all-eras" in err and "Traceback" not in err
    assert main(["crosscheck", "--choice", "Q6=nope"]) == 2
    assert "Traceback" not in capsys.readouterr().err
