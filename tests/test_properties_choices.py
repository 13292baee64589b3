"""Switching an open-question decision shows what changes: the Q6 alternative (parallel
procedures in every era) ignores the 2015 change, so the property that encodes it fails."""

from __future__ import annotations

import pytest
from verblijfsroutes.cli.main import main

ARGS = [
    "check",
    "--as-of",
    "2014-06-01",
    "--property",
    "geen_parallelle_procedures_voor_2015",
    "--workers",
    "1",
]


def test_default_decision_keeps_procedures_apart_before_2015(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(ARGS) == 0


def test_parallel_everywhere_alternative_is_caught(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ARGS, "--choice", "Q6=parallel_altijd"]) == 1
    out = capsys.readouterr().out
    assert "FAALT geen_parallelle_procedures_voor_2015" in out
    assert "S-AG-04" in out or "A-AV-06" in out or "A-AV-07" in out
