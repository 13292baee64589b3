"""Lawyer-readable scenarios (tests/scenarios/*.yaml) and the examples, run by the tool itself:
`verblijfsroutes test` replays each dated case file and checks its `expect:` blocks (the row
each event fires, refusals, the situation after an event and at the end, the route class).

Each scenario's `name:` is a full sentence of the expected outcome; together the scenarios
cover every route class of the report and every open question.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from verblijfsroutes.case.scenarios import case_files, run_file
from verblijfsroutes.cli.main import main
from verblijfsroutes.routes.classes import CLASS_IDS

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = case_files([ROOT / "tests" / "scenarios"])
EXAMPLES = case_files([ROOT / "examples"])


@pytest.mark.parametrize(
    "path", SCENARIOS + EXAMPLES, ids=[f"{p.parent.name}/{p.stem}" for p in SCENARIOS + EXAMPLES]
)
def test_case_file_passes(path: Path) -> None:
    result = run_file(path)
    assert result.verdict == "pass", result.error or "\n".join(result.failures)


def test_the_command_runs_the_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "-q", str(ROOT / "tests" / "scenarios")]) == 0
    assert f"{len(SCENARIOS)} passed, 0 failed, 0 errors" in capsys.readouterr().out


def test_every_route_class_and_every_open_question_has_a_scenario() -> None:
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in SCENARIOS]
    routes = {(d.get("expect") or {}).get("route") for d in docs}
    wanted = set(CLASS_IDS) - {"asiel_na_bedenktijd"}  # the report's classes (§3, Figure 2)
    assert wanted <= routes, f"no scenario for {sorted(wanted - routes)}"
    questions = {q for d in docs for q in d.get("questions", [])}
    assert questions == {f"Q{n}" for n in range(1, 14)}
    for d in docs:
        assert d["name"].endswith((".", ".)")) and len(d["name"].split()) >= 8, "name: a full sentence"


def _variant(tmp_path: Path, source: str, old: str, new: str) -> Path:
    text = (ROOT / "tests" / "scenarios" / source).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / source
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("source", "old", "new", "says"),
    [
        ("route3.yaml", "route: route_3", "route: route_2", "route class is route_3, expected route_2"),
        ("route3.yaml", "rule: R-B9-08", "rule: R-B9-07", "rule is 'R-B9-08', expected 'R-B9-07'"),
        ("route3.yaml", "huisvesting: coa", "huisvesting: cosm", "at the end: huisvesting is 'coa'"),
        ("q07_beklag_voor_2012.yaml", "accepted: false, ", "", "b8_intrekken (2012-07-01) refused"),
        (
            "q07_beklag_voor_2012.yaml",
            "verblijfsgrond: [VG-b8]",
            "verblijfsgrond: []",
            "verblijfsgrond is ['VG-b8']",
        ),
    ],
)
def test_a_wrong_expectation_fails(tmp_path: Path, source: str, old: str, new: str, says: str) -> None:
    """Check the checker: a scenario with one expectation changed fails and says what."""
    result = run_file(_variant(tmp_path, source, old, new))
    assert result.verdict == "fail"
    assert any(says in f for f in result.failures), result.failures


def test_a_bad_expectation_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _variant(tmp_path, "route3.yaml", "route: route_3", "route: route_33")
    assert main(["test", str(path)]) == 2  # bad input, as every command: not a failed expectation
    out = capsys.readouterr().out
    assert "ERROR" in out and "unknown route class 'route_33'" in out
    path = _variant(tmp_path, "route3.yaml", "huisvesting: coa", "huisvestin: coa")
    assert "did you mean huisvesting" in run_file(path).error
