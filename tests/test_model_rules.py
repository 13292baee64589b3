"""The table is complete: every row cites a source, a section and a basis; every state and
event of the vocabulary is used; assumptions carry a rationale; the csv table lists them."""

from __future__ import annotations

import csv
import io

from verblijfsroutes.cli.main import main
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.core.ruledata import default_rule_data
from verblijfsroutes.spec.changes import BASES


def test_every_row_has_source_section_and_basis() -> None:
    for rule in default_rule_data().rules:
        assert rule.source.strip() and rule.section.strip(), rule.id
        assert rule.basis in BASES, rule.id
        if rule.basis == "assumption":
            assert rule.rationale.strip(), rule.id


def test_every_event_has_a_rule_and_every_state_is_used() -> None:
    data = default_rule_data()
    events = {r.event for r in data.rules}
    assert events == {e.id for e in data.vocab.events}
    for track in data.vocab.tracks:
        used = set()
        for rule in data.rules:
            used.update(rule.from_.get(track.id, ()))
            if track.id in rule.updates:
                used.add(rule.updates[track.id])
        missing = set(track.state_ids()) - used - {track.initial}
        assert not missing, f"{track.id}: states in no rule: {missing}"


def test_every_basis_group_is_present_and_listable() -> None:
    data = default_rule_data()
    assert {r.basis for r in data.rules} == set(BASES)


def test_every_open_question_is_marked_in_the_data() -> None:
    data = default_rule_data()
    cited = " ".join(r.rationale + " " + r.choice_text for r in data.rules)
    cited += " ".join(
        d.rationale + " " + (d.choice[0] if d.choice else "") for ds in data.derived.values() for d in ds
    )
    cited += " ".join(t.rationale for t in data.terms.values())
    for q in data.choices:
        assert q in cited or q == "Q13", f"{q} is not marked on any row"
    assert any("Q13" in c.note for c in data.changes.values())


def test_csv_table_lists_every_row_with_source_section_basis(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["table", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["id"] for r in rows} == {r.id for r in default_rule_data().rules}
    for row in rows:
        assert row["source"] and row["section"] and row["basis"], row["id"]


def test_table_as_of_filters_rows_in_force(capsys) -> None:  # type: ignore[no-untyped-def]
    main(["table", "--format", "csv", "--as-of", "2019-07-31"])
    before = {r["id"] for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    main(["table", "--format", "csv", "--as-of", "2019-08-01"])
    after = {r["id"] for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert before - after == {"R-B8-02"}
    assert after - before == {"R-B8-03", "R-B8-05"}


def test_engine_active_rules_follow_the_choices() -> None:
    default = {r.id for r in Engine().rules}
    alt = {r.id for r in Engine(choices={"Q8": "bedenktijd_loopt_door"}).rules}
    assert "A-AV-02" in default and "A-AV-02" not in alt
    assert "A-AV-03" in alt and "A-AV-03" not in default
