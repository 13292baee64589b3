"""Bad case files: one clear message naming file, entry and fix; exit 2; the loader never crashes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verblijfsroutes.case.casefile import parse_case, read_case_text
from verblijfsroutes.cli.main import main
from verblijfsroutes.spec.errors import UsageError

BAD = {
    "unknown_event": (
        "events:\n  - {date: 2016-05-02, event: bedenktijd_aanbiden}\n",
        ["event #1 (bedenktijd_aanbiden)", "did you mean bedenktijd_aanbieden"],
    ),
    "impossible_date": (
        "events:\n  - {date: 2016-02-30, event: bedenktijd_aanbieden}\n",
        ["line 2", "impossible date 2016-02-30", "YYYY-MM-DD"],
    ),
    "impossible_quoted": (
        'events:\n  - {date: "2016-02-30", event: bedenktijd_aanbieden}\n',
        ["event #1 (bedenktijd_aanbieden)", "impossible date"],
    ),
    "missing_date": (
        "events:\n  - {event: bedenktijd_aanbieden}\n",
        ["event #1 (bedenktijd_aanbieden)", "missing date", "add 'date: YYYY-MM-DD'"],
    ),
    "partial_date": (
        "events:\n  - {date: 2016-05, event: bedenktijd_aanbieden}\n",
        ["event #1", "bad date '2016-05'"],
    ),
    "date_with_time": (
        "events:\n  - {date: 2016-05-02 10:00:00, event: bedenktijd_aanbieden}\n",
        ["event #1", "has a time"],
    ),
    "out_of_order": (
        "events:\n  - {date: 2016-05-02, event: bedenktijd_aanbieden}\n"
        "  - {date: 2016-04-02, event: aangifte_doen}\n",
        ["event #2 (aangifte_doen)", "before event #1", "date order"],
    ),
    "fact_type": ("facts: {paspoort: ja}\nevents: []\n", ["facts.paspoort", "'ja' is text", "true or false"]),
    "unknown_fact": (
        "facts: {pasport: true}\nevents: []\n",
        ["unknown fact 'pasport'", "did you mean paspoort"],
    ),
    "malformed": ("facts: {\nevents: [\n", ["not valid YAML", "fix the YAML syntax"]),
    "not_a_mapping": ("- a\n- b\n", ["the file holds a list", "see examples/"]),
    "no_events": ("facts: {}\n", ["events: missing list of events"]),
    "events_not_list": ("events: {a: 1}\n", ["events is a mapping"]),
    "entry_not_mapping": ("events:\n  - bedenktijd_aanbieden\n", ["event #1", "entry is text"]),
    "unknown_key": ("evnts: []\n", ["unknown key 'evnts'", "did you mean events"]),
    "unknown_entry_key": (
        "events:\n  - {date: 2016-05-02, event: vertrekken, wanneer: x}\n",
        ["event #1 (vertrekken)", "unknown key 'wanneer'"],
    ),
    "event_type": ("events:\n  - {date: 2016-05-02, event: 3}\n", ["event #1", "event 3 is a number"]),
    "bad_choice": ("choices: {Q8: nee}\nevents: []\n", ["choices.Q8", "options: bedenktijd_eindigt"]),
    "bad_route": ("events: []\nexpect: {route: route_9}\n", ["expect.route", "unknown route class"]),
    "bad_expect_step": (
        "events: []\nexpect: {deadlines: [{step: 3, deadline: x, date: 2016-01-01}]}\n",
        ["expect.deadlines #1", "not an event number"],
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_gives_one_clear_line_and_exit_2(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, needles = BAD[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["replay", str(path), "--no-svg"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("verblijfsroutes replay: error: ")
    assert str(path) in err
    for needle in needles:
        assert needle in err


def test_bad_json_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "case.json"
    path.write_text('{"events": [', encoding="utf-8")
    assert main(["replay", str(path), "--no-svg"]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert main(["replay", str(tmp_path / "none.yaml"), "--no-svg"]) == 2
    assert "cannot read" in capsys.readouterr().err
    path.write_bytes(b"\xff\xfe\x00")
    assert main(["replay", str(path), "--no-svg"]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_no_traceback_from_the_installed_command(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD["out_of_order"][0], encoding="utf-8")
    exe = Path(sys.executable).parent / "verblijfsroutes"
    done = subprocess.run([str(exe), "replay", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def _load(text: str, file: str) -> None:
    try:
        parse_case(read_case_text(text, file), file)
    except UsageError as exc:
        message = str(exc)
        assert message.startswith(file) and "\n" not in message


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.text(max_size=300), st.sampled_from(["c.yaml", "c.json"]))
def test_fuzz_any_text_only_gives_usage_errors(text: str, file: str) -> None:
    _load(text, file)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=12),
    st.dates().map(str),
    st.sampled_from(["2016-02-30", "2016-05-02", "aangifte_doen"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3),
    max_leaves=12,
)
ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "date": st.one_of(st.dates(), SCALARS),
        "event": st.sampled_from(["aangifte_doen", "seponeren", "x"]) | SCALARS,
        "note": SCALARS,
        "extra": SCALARS,
    },
)
DOC = st.fixed_dictionaries(
    {},
    optional={
        "name": VALUES,
        "facts": st.dictionaries(st.sampled_from(["paspoort", "leges", "pasport"]), SCALARS) | VALUES,
        "choices": st.dictionaries(st.sampled_from(["Q1", "Q8", "Q99"]), SCALARS) | VALUES,
        "events": st.lists(ENTRY, max_size=5) | VALUES,
        "expect": VALUES,
    },
)


@FUZZ
@given(DOC)
def test_fuzz_structured_documents_only_give_usage_errors(doc: dict[str, object]) -> None:
    try:
        parse_case(doc, "c.yaml")
    except UsageError:
        pass


def test_billion_laughs_does_not_hang() -> None:
    """Nested aliases expand to 9**9 leaves if walked: the loader must not walk them."""
    lol = (
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "events: *i\nfacts: *i\nname: *i\n"
    )
    with pytest.raises(UsageError):
        parse_case(read_case_text(lol, "lol.yaml"), "lol.yaml")


EXAMPLE = (Path(__file__).resolve().parent.parent / "examples" / "route_3.yaml").read_text(encoding="utf-8")


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(EXAMPLE)), st.integers(0, 8), st.text(max_size=6)), max_size=4))
def test_fuzz_edited_example_only_gives_usage_errors(edits: list[tuple[int, int, str]]) -> None:
    """Real files with typos: cut and insert characters anywhere in an example."""
    text = EXAMPLE
    for pos, cut, insert in edits:
        text = text[:pos] + insert + text[pos + cut :]
    _load(text, "edited.yaml")
