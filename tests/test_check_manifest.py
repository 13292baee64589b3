"""The check's expected results (tests/expected/check-manifest.json): situations, steps, traps,
nondeterminism per era and the verdict of every property, for the default decisions and each
alternative that changes the rows. A change that moves any figure fails here; if it is meant,
record it again with `verblijfsroutes check --record tests/expected/check-manifest.json`."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from verblijfsroutes.cli.main import main
from verblijfsroutes.properties.manifest import drift, record

FILE = Path(__file__).parent / "expected" / "check-manifest.json"


@pytest.fixture(scope="module")
def current() -> dict:  # type: ignore[type-arg]
    return record(workers=2)


def test_the_check_matches_its_recorded_results(current: dict) -> None:  # type: ignore[type-arg]
    expected = json.loads(FILE.read_text(encoding="utf-8"))
    assert drift(expected, current) == []
    assert {s["verdicts"]["geen_valkuilen"] for s in expected["choice_sets"]} == {"holds"}


def test_drift_names_a_changed_count_and_verdict(current: dict) -> None:  # type: ignore[type-arg]
    """Check the checker: one count and one verdict changed by hand are both reported."""
    changed = copy.deepcopy(current)
    era = changed["choice_sets"][0]["eras"][0]
    era["situations"] += 1
    name = next(iter(changed["choice_sets"][1]["verdicts"]))
    changed["choice_sets"][1]["verdicts"][name] = "fails"
    found = drift(changed, current)
    assert len(found) == 2
    assert f"situations {era['situations']} -> {era['situations'] - 1}" in found[0]
    assert f"{name} fails -> holds" in found[1]


def test_compare_rejects_a_file_that_is_not_a_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("[1, 2", encoding="utf-8")
    assert main(["check", "--compare", str(bad)]) == 2
    assert "not the JSON `check --record` writes" in capsys.readouterr().err
