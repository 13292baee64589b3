"""An event that marks the end of a term cannot be replayed before the term has run out."""

from __future__ import annotations

from pathlib import Path

from verblijfsroutes.case.casefile import load_case
from verblijfsroutes.case.replay import replay


def test_expiry_event_before_the_term_ends_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "vroeg.yaml"
    path.write_text(
        "name: A bedenktijd said to expire after one month is refused, after three months accepted.\n"
        "facts: {}\n"
        "events:\n"
        "  - {date: 2016-02-01, event: bedenktijd_aanbieden}\n"
        "  - {date: 2016-03-01, event: bedenktijd_verstreken}\n"
        "  - {date: 2016-05-01, event: bedenktijd_verstreken}\n",
        encoding="utf-8",
    )
    doc = replay(load_case(path))
    early, on_time = doc["steps"][1], doc["steps"][2]
    assert not early["accepted"]
    assert early["refusal"][0]["rule"] == "termijn"
    assert "2016-05-01" in early["refusal"][0]["requirement"]
    assert early["refusal"][0]["source"] == "B8/3 ad 1 Vc"
    assert on_time["accepted"] and on_time["rule"]["id"] == "R-BT-07"


def test_a_dublin_claimant_has_no_rest_and_preparation_period(tmp_path: Path) -> None:
    """§2.2.1: in the short procedure "is er dan geen sprake van een rust- en
    voorbereidingstermijn"; without a Dublin claim the period runs."""
    ids = {}
    for claim in (True, False):
        path = tmp_path / f"dublin-{claim}.yaml"
        path.write_text(
            "name: An asylum application, with or without a Dublin claim.\n"
            f"facts: {{dublinclaim: {str(claim).lower()}}}\n"
            "events:\n"
            "  - {date: 2018-03-01, event: asiel_aanvragen_schiphol}\n",
            encoding="utf-8",
        )
        ids[claim] = {d["id"] for d in replay(load_case(path))["steps"][0]["deadlines"]}
    assert "rust_voorbereiding" not in ids[True] and "asiel_beslistermijn" in ids[True]
    assert "rust_voorbereiding" in ids[False]
