"""Published rulings replayed as dated case files (tests/real_cases/, see its INDEX.md): each
file names its ECLI, where it was read and the court's outcome; it either replays to the
court's end situation, or it fails and names the gap in the model it shows (`# GAP:`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from verblijfsroutes.case.scenarios import case_files, run_file

FOLDER = Path(__file__).parent / "real_cases"
FILES = case_files([FOLDER])


def test_the_corpus_holds_at_least_15_rulings() -> None:
    assert len(FILES) >= 15


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_ruling_replays_or_names_its_gap(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    header = text.split("\nname:", 1)[0]
    assert re.search(r"^# ECLI:NL:[A-Z]+:\d{4}:\d+ ", header, re.M), "the header gives the ECLI"
    assert "# Read at:" in header and "# Outcome:" in header
    result = run_file(path)
    assert result.verdict != "error", result.error
    if result.verdict == "fail":
        assert "# GAP:" in header, "a ruling the model cannot replay names its gap:\n" + "\n".join(
            result.failures
        )


def test_how_many_replay_to_the_courts_end() -> None:
    """The share reported in the README and INDEX.md (26 of 27)."""
    passed = sum(1 for p in FILES if run_file(p).verdict == "pass")
    assert (passed, len(FILES)) == (26, 27)
