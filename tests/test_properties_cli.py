"""`verblijfsroutes check`: exit codes, the narrative of a failing property, JSON output."""

from __future__ import annotations

import json
import re

from verblijfsroutes.cli.main import main

ONE = ["--as-of", "2013-01-01"]


def test_unknown_property_lists_the_valid_ones(capsys):  # type: ignore[no-untyped-def]
    assert main(["check", "--property", "nope"]) == 2
    err = capsys.readouterr().err
    assert "unknown property 'nope'" in err and "geen_coa_opname_met_b8" in err


def test_bad_input_exits_2(capsys):  # type: ignore[no-untyped-def]
    assert main(["check", *ONE, "--all-eras"]) == 2
    assert main(["check", "--choice", "Q99=x"]) == 2
    try:
        code = main(["check", "--as-of", "2013-13-01"])
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 2


def test_holding_property_exits_0(capsys):  # type: ignore[no-untyped-def]
    assert main(["check", *ONE, "--property", "cosm_alleen_tijdens_bedenktijd", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"geldt\s+cosm_alleen_tijdens_bedenktijd", out)
    assert "1 gelden, 0 falen" in out


def test_violated_property_prints_a_shortest_narrative(capsys):  # type: ignore[no-untyped-def]
    """Q6=parallel_altijd ignores the 2015 change, so before 2015 the procedures overlap."""
    code = main(
        [
            "check",
            *ONE,
            "--choice",
            "Q6=parallel_altijd",
            "--workers",
            "1",
            "--property",
            "geen_parallelle_procedures_voor_2015",
        ]
    )
    assert code == 1
    out = capsys.readouterr().out
    assert "FAALT geen_parallelle_procedures_voor_2015" in out
    assert "kortste tegenvoorbeeld" in out
    assert "0. begin" in out and "-> Verblijfsregeling mensenhandel: niet in de regeling" in out
    assert "mogelijk door beslissing Q6=parallel_altijd" in out  # the decided option named first
    assert ">>Asielprocedure" in out and "(hier geschonden)" in out  # the violating part marked
    assert "art. 28 Vw" in out  # the asylum application row cites its article
    assert "A-AV-06" in out or "S-AG-04" in out  # the Q6 alternative rows


def test_json_report(capsys):  # type: ignore[no-untyped-def]
    code = main(
        [
            "check",
            *ONE,
            "--json",
            "--workers",
            "1",
            "--property",
            "geen_valkuilen",
            "--property",
            "elke_toestand_bereikbaar",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["ok"] is True
    verdicts = {p["name"]: p["verdict"] for p in data["properties"]}
    assert verdicts == {"elke_toestand_bereikbaar": "n/a", "geen_valkuilen": "holds"}
    assert data["eras"][0]["situations"] > 1000
    assert "rows_never_used" in data["coverage"]


def test_list(capsys):  # type: ignore[no-untyped-def]
    assert main(["check", "--list"]) == 0
    out = capsys.readouterr().out
    assert out.index("elke_regel_heeft_bron_en_grondslag") < out.index("geen_coa_opname_met_b8")


def test_counterexample_in_english_has_no_dutch_ids(capsys):  # type: ignore[no-untyped-def]
    from verblijfsroutes.core.engine import Engine

    code = main(
        [
            "check",
            *ONE,
            "--choice",
            "Q6=parallel_altijd",
            "--workers",
            "1",
            "--lang",
            "en",
            "--property",
            "geen_parallelle_procedures_voor_2015",
        ]
    )
    assert code == 1
    out = capsys.readouterr().out
    story = out[out.index("shortest counterexample") :].split("also fails in")[0]
    v = Engine().vocab
    ids = {e.id for e in v.events} | {s.id for t in v.tracks for s in t.states if "_" in s.id}
    for ident in ids:
        assert f" {ident} " not in story and f"={ident}" not in story, ident
    assert "0. start" in story and " feit:" not in story and "enabled by decision Q6=parallel_altijd" in story


ENGLISH_WORDS = (
    "the",
    "and",
    "is",
    "of",
    "only",
    "never",
    "holds",
    "fails",
    "violating",
    "source",
    "this era",
)


def test_failing_check_in_dutch_has_no_english_words(capsys):  # type: ignore[no-untyped-def]
    """The Dutch report of a failing property (statement, source notes, findings, narrative)
    is Dutch throughout; only law names, ids and the property's name are not translated."""
    import re

    code = main(
        [
            "check",
            *ONE,
            "--choice",
            "Q6=parallel_altijd",
            "--workers",
            "1",
            "--property",
            "geen_parallelle_procedures_voor_2015",
            "--property",
            "elke_toestand_bereikbaar",
        ]
    )
    assert code == 1
    out = capsys.readouterr().out
    story = out[out.index("FAALT geen_parallelle") :]
    assert "Voor 2015 lopen een asielaanvraag" in story and "in strijd hiermee in dit tijdvak" in story
    assert "draai met --all-eras" in out  # the n/a note of a claim over all eras
    for word in ENGLISH_WORDS:
        assert not re.search(rf"\b{word}\b", story), word
