"""Diagrams: deterministic DOT, a legend, and committed files in diagrams/ that are not stale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from model.commands.diagram import REFERENCE_DAY, build, catalogue, write_all
from model.engine import Engine
from model.errors import UsageError
from model.render import find_renderer, render

ROOT = Path(__file__).resolve().parents[1]


def _renderer() -> bool:
    try:
        find_renderer()
    except UsageError:
        return False
    return True


needs_renderer = pytest.mark.skipif(not _renderer(), reason="graphviz-pure is not installed")


def test_dot_is_deterministic_and_has_a_legend(engine: Engine) -> None:
    a = build(engine, "machine", "nl", REFERENCE_DAY)
    assert a == build(Engine(), "machine", "nl", REFERENCE_DAY)
    for kind in ("machine", "figure1", "figure2"):
        assert "cluster_legend" in build(engine, kind, "nl", REFERENCE_DAY)


def test_english_labels(engine: Engine) -> None:
    dot = build(engine, "figure1", "en", REFERENCE_DAY)
    assert "asylum application" in dot and 'asielaanvraag"' not in dot


def test_the_machine_has_an_edge_id_for_every_rule_in_force(engine: Engine) -> None:
    dot = build(engine, "machine", "nl", REFERENCE_DAY)
    for rule in engine.rules:
        if engine.in_force(rule, REFERENCE_DAY):
            assert f'id="{rule.id}"' in dot, rule.id


def test_the_comparison_marks_the_2019_dublin_change(engine: Engine) -> None:
    dot = build(engine, "compare", "nl", REFERENCE_DAY, dates=(dt.date(2019, 7, 31), dt.date(2019, 8, 1)))
    assert 'id="R-B8-03"' in dot and 'id="R-B8-02"' in dot


def test_a_missing_renderer_gives_an_actionable_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERBLIJFSROUTES_DOT", "/nonexistent/dot")
    with pytest.raises(UsageError, match="VERBLIJFSROUTES_DOT"):
        render("digraph{}", "svg")


@needs_renderer
def test_committed_diagrams_are_not_stale(engine: Engine, tmp_path: Path) -> None:
    """Regenerate every diagram and compare byte for byte with diagrams/ (fix: run
    `verblijfsroutes diagram --all` and commit)."""
    written = write_all(engine, tmp_path)
    assert len(written) == 2 * len(catalogue(engine))
    stale = [
        p.name
        for p in written
        if not (ROOT / "diagrams" / p.name).exists()
        or (ROOT / "diagrams" / p.name).read_bytes() != p.read_bytes()
    ]
    assert not stale, f"stale diagrams (run `verblijfsroutes diagram --all`): {stale}"
    for p in written:
        if p.suffix == ".png":
            assert p.stat().st_size < 600_000, p.name
