"""Loading validates the rule data: each broken file gives one clear error that names the
file, the row id and the problem."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from verblijfsroutes.core.ruledata import load_rule_data
from verblijfsroutes.spec.errors import DataError
from verblijfsroutes.spec.loader import DATA_DIR


def broken(tmp_path: Path, file: str, edit: Callable[[str], str]) -> Path:
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d)
    p = d / file
    text = p.read_text(encoding="utf-8")
    new = edit(text)
    assert new != text, "the edit must change the file"
    p.write_text(new, encoding="utf-8")
    return d


CASES = [
    (
        "unknown state",
        "rules.yaml",
        lambda t: t.replace("to: {regeling: bedenktijd}", "to: {regeling: bedenktyd}", 1),
        "R-BT-01",
        "unknown state 'bedenktyd'",
    ),
    (
        "missing source",
        "rules.yaml",
        lambda t: t.replace(
            '    source: "B8/3 ad 1 Vc"\n    section: "§2.1.1"\n    basis: assumption\n    rationale: "The bedenktijd',
            '    section: "§2.1.1"\n    basis: assumption\n    rationale: "The bedenktijd',
            1,
        ),
        "R-BT-07",
        "missing source",
    ),
    (
        "duplicate id",
        "rules.yaml",
        lambda t: t.replace("id: R-BT-03", "id: R-BT-01", 1),
        "R-BT-01",
        "duplicate id",
    ),
    (
        "unknown guard",
        "rules.yaml",
        lambda t: t.replace("guards: [antecedenten]", "guards: [heeft_antecedenten]", 1),
        "R-B8-04",
        "guard 'heeft_antecedenten' does not exist",
    ),
    (
        "unknown change",
        "rules.yaml",
        lambda t: t.replace("valid_from: dublin_2019", "valid_from: 2019-08-01", 1),
        "R-B8-03",
        "is not a change id",
    ),
    (
        "bad date",
        "changes.yaml",
        lambda t: t.replace('date: "2019-08-01"', 'date: "2019-13-01"'),
        "dublin_2019",
        "impossible date",
    ),
    (
        "badly written date",
        "changes.yaml",
        lambda t: t.replace('date: "2015"', 'date: "begin 2015"'),
        "parallel_2015",
        "bad date",
    ),
    (
        "bad basis",
        "rules.yaml",
        lambda t: t.replace("basis: policy", "basis: beleid", 1),
        "R-BT-01",
        "basis 'beleid'",
    ),
    (
        "assumption without rationale",
        "rules.yaml",
        lambda t: t.replace(
            '    rationale: "Leaving ends the bedenktijd, which only suspends departure from the Netherlands."\n',
            "",
            1,
        ),
        "P-VT-01",
        "rationale",
    ),
    (
        "unknown event",
        "rules.yaml",
        lambda t: t.replace("event: seponeren", "event: sepot", 1),
        "S-SZ-01",
        "unknown event 'sepot'",
    ),
    (
        "effect on a fixed fact",
        "rules.yaml",
        lambda t: t.replace("effects: {dublinclaim: false}", "effects: {paspoort: false}", 1),
        "R-B8-02",
        "neither a track nor a mutable fact",
    ),
    (
        "unknown option",
        "rules.yaml",
        lambda t: t.replace("choice: Q10=eu_open", "choice: Q10=eu_dicht", 1),
        "R-BT-01",
        "no option 'eu_dicht'",
    ),
    (
        "unknown track in a pattern",
        "rules.yaml",
        lambda t: t.replace(
            "from: {regeling: bedenktijd}\n    to: {regeling: bedenktijd_verlopen}",
            "from: {regelingen: bedenktijd}\n    to: {regeling: bedenktijd_verlopen}",
            1,
        ),
        "R-BT-07",
        "unknown track 'regelingen'",
    ),
    (
        "unknown field",
        "rules.yaml",
        lambda t: t.replace("    basis: policy\n", "    basis: policy\n    bron: x\n", 1),
        "R-BT-01",
        "unknown field",
    ),
    (
        "duplicate event",
        "vocabulary.yaml",
        lambda t: t.replace("id: voorspraak_iszw,", "id: bedenktijd_aanbieden,", 1),
        "bedenktijd_aanbieden",
        "duplicate event id",
    ),
    (
        "bad term length",
        "terms.yaml",
        lambda t: t.replace("length: 3 months", "length: drie maanden", 1),
        "bedenktijd",
        "bad length",
    ),
    ("invalid yaml", "rules.yaml", lambda t: t.replace("rules:\n", "rules: [\n", 1), None, "not valid YAML"),
    (
        "deadline with an unknown term",
        "deadlines.yaml",
        lambda t: t.replace("terms: [bedenktijd]", "terms: [bedenktermijn]", 1),
        "bedenktijd_einde",
        "unknown term 'bedenktermijn'",
    ),
    (
        "deadline with a bad anchor",
        "deadlines.yaml",
        lambda t: t.replace('anchor: "since:regeling"', 'anchor: "sinds:regeling"', 1),
        "bedenktijd_einde",
        "anchor 'sinds:regeling'",
    ),
    (
        "deadline variant with an unknown change",
        "deadlines.yaml",
        lambda t: t.replace("valid_from: bedenktijd_dublin_2023", "valid_from: dublin_2023", 1),
        "bedenktijd_einde variant 1",
        "unknown change 'dublin_2023'",
    ),
    (
        "change dated before the model's range",
        "changes.yaml",
        lambda t: t.replace('date: "2012-08-01"', 'date: "1850-08-01"', 1),
        "beklag_2012",
        "outside the model's range",
    ),
    (
        "a key given twice, reported on one line",
        "rules.yaml",
        lambda t: t.replace("    basis: policy\n", "    basis: policy\n    basis: law\n", 1),
        None,
        "not valid YAML: line ",
    ),
    (
        "derived guard missing",
        "derived.yaml",
        lambda t: t.replace("guards: [eu_onderdaan,", "guards: [eu_burger,", 1),
        "eu_verblijf",
        "guard 'eu_burger' does not exist",
    ),
]


@pytest.mark.parametrize("what,file,edit,row,problem", CASES, ids=[c[0] for c in CASES])
def test_broken_data_gives_a_clear_error(
    tmp_path: Path, what: str, file: str, edit: Callable[[str], str], row: str | None, problem: str
) -> None:
    d = broken(tmp_path, file, edit)
    with pytest.raises(DataError) as info:
        load_rule_data(d)
    err = info.value
    assert err.file.endswith(file), str(err)
    if row:
        assert err.row == row, str(err)
    assert problem in str(err), str(err)
    assert "\n" not in str(err), str(err)  # one line, as every error the tool prints


def test_the_shipped_data_loads() -> None:
    data = load_rule_data()
    assert len(data.rules) > 50


def test_an_unquoted_comma_in_a_label_is_caught(tmp_path: Path) -> None:
    d = broken(
        tmp_path,
        "vocabulary.yaml",
        lambda t: t.replace('nl: "aangifte gedaan, onderzoek loopt"', "nl: aangifte gedaan, onderzoek loopt"),
    )
    with pytest.raises(DataError, match="unknown field.*onderzoek loopt.*quote labels"):
        load_rule_data(d)


def test_source_notes_read_in_the_chosen_language() -> None:
    """The model's own notes inside source citations ("outside the report", "geen
    (gerapporteerde praktijk)") are worded in the output's language; quotations of the report
    ('...') and names of law stay as written. A new note in one language only fails here."""
    import glob
    import re

    import yaml
    from verblijfsroutes.spec.i18n import source_text

    sources: set[str] = set()

    def walk(o: object) -> None:
        if isinstance(o, dict):
            for k, v in o.items():
                if k == "source" and isinstance(v, str):
                    sources.add(v)
                else:
                    walk(v)
        elif isinstance(o, list):
            for x in o:
                walk(x)

    for f in glob.glob(str(Path(__file__).parent.parent / "model" / "data" / "*.yaml")):
        walk(yaml.safe_load(Path(f).read_text(encoding="utf-8")))
    assert len(sources) > 50
    english = r"\b(the|no|given|outside|report|article|protection|as cited|lapses)\b"
    dutch = r"\b(geen|rapport|alleen|naar analogie|telkens|gerapporteerde|overleg)\b"
    for s in sorted(sources):
        nl = re.sub(r"'[^']*'", "", source_text(s, "nl"))
        en = re.sub(r"'[^']*'", "", source_text(s, "en"))
        assert not re.search(english, nl), (s, nl)
        assert not re.search(dutch, en), (s, en)


def test_every_explanation_is_also_in_dutch() -> None:
    """A Dutch reviewer reads every rationale and open question in Dutch: rows, derived rules,
    terms and choices each carry their Dutch text beside the English."""
    from verblijfsroutes.core.ruledata import default_rule_data

    d = default_rule_data()
    missing = [r.id for r in d.rules if r.rationale and not r.rationale_nl]
    missing += [x.id for ds in d.derived.values() for x in ds if x.rationale and not x.rationale_nl]
    missing += [t.id for t in d.terms.values() if t.rationale and not t.rationale_nl]
    for c in d.choices.values():
        if not (c.question_nl and c.rationale_nl and set(c.options_nl) == set(c.options)):
            missing.append(c.id)
    assert not missing
