"""Diagrams: deterministic DOT, a legend, and committed files in diagrams/ that are not stale."""

from __future__ import annotations

import datetime as dt
import re
import struct
from pathlib import Path

import pytest
from conftest import needs_renderer
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.render.catalogue import REFERENCE_DAY, build, catalogue, is_print, write_all
from verblijfsroutes.render.dot import wrap
from verblijfsroutes.render.run_dot import render
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.spec.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]


def test_dot_is_deterministic_and_has_a_legend(engine: Engine) -> None:
    a = build(engine, "machine", "nl", REFERENCE_DAY)
    assert a == build(Engine(), "machine", "nl", REFERENCE_DAY)
    for kind in ("machine", "figure1-all"):
        assert "cluster_legend" in build(engine, kind, "nl", REFERENCE_DAY)
    for kind in ("figure1", "figure2"):  # print figures: one legend node
        assert '"legend"' in build(engine, kind, "nl", REFERENCE_DAY).replace("\tlegend ", '\t"legend" ')


def test_english_labels(engine: Engine) -> None:
    dot = build(engine, "figure1-all", "en", REFERENCE_DAY)
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
        if p.suffix == ".png":  # the resolution is recorded: 300 dpi for print, else 96
            want = 300 if is_print(p.stem) else 96
            assert round(struct.unpack(">I", p.read_bytes()[41:45])[0] * 0.0254) == want, p.name


def test_labels_wrap_at_spaces_only(engine: Engine) -> None:
    assert wrap("verblijfsvergunning onbepaalde tijd", 18) == "verblijfsvergunning\nonbepaalde tijd"
    assert wrap("B8-vergunning ingetrokken", 10) == "B8-vergunning\ningetrokken"
    for kind in ("figure1", "figure1-all", "figure2", "machine"):
        dot = build(engine, kind, "nl", REFERENCE_DAY)
        for label in re.findall(r'label="((?:[^"\\]|\\.)*)"', dot):
            words = label.replace("\\n", " ").split()
            for line in label.split("\\n"):
                assert all(w in words for w in line.split()), label


def _fill(dot: str, node: str) -> str:
    match = re.search(re.escape(f'"{node}" [') + r'[^\n]*fillcolor="([^"]+)"', dot)
    assert match, node
    return match.group(1)


def test_phase_colours_mean_running_procedures(engine: Engine) -> None:
    """Yellow = both procedures run (a pending asylum application and a running regulation
    phase); a refused or granted asylum is not a running asylum procedure."""
    from verblijfsroutes.render.phase_diagram import NODE_FILL

    dot = build(engine, "figure1-all", "nl", REFERENCE_DAY)
    expected = {
        "b8|aanvraag": "both",
        "aangifte|aanvraag": "both",
        "b9_aanvraag|aanvraag": "both",
        "b8|afgewezen": "reg",
        "bedenktijd|afgewezen": "reg",
        "b8|verleend": "reg",
        "b9_afgewezen|aanvraag": "asiel",
        "b8_beeindigd|aanvraag": "asiel",
        "geen|aanvraag": "asiel",
        "geen|afgewezen": "idle",
        "b9_afgewezen|afgewezen": "idle",
        "b8_beeindigd|geen": "idle",
    }
    for node, kind in expected.items():
        assert _fill(dot, node) == NODE_FILL[kind], node


def test_figure_columns_are_ordered_in_the_dot(engine: Engine) -> None:
    dot = build(engine, "figure1-all", "en", REFERENCE_DAY)
    row = re.search(r"\{\s*rank=same\s+(\"kolom/[^}]*)\}", dot)
    assert row, "no header row"
    assert re.findall(r'"kolom/(\w+)"', row.group(1)) == [a.id for a in ph.ASIEL_PHASES]


@needs_renderer
def test_figure_columns_are_drawn_left_to_right(engine: Engine) -> None:
    """no application, application, permit, refused: the rendered column headers' x."""
    svg = render(build(engine, "figure1-all", "nl", REFERENCE_DAY), "svg").decode()
    xs = [
        float(m.group(1))
        for a in ph.ASIEL_PHASES
        if (m := re.search(rf"<title>kolom/{a.id}</title>\s*<text[^>]* x=\"([\d.-]+)\"", svg))
    ]
    assert len(xs) == len(ph.ASIEL_PHASES) and xs == sorted(xs)


def test_figure2_highlights_the_canonical_routes(engine: Engine) -> None:
    from verblijfsroutes.render.palette import PALETTE

    dot = build(engine, "figure2", "en", REFERENCE_DAY)

    def colour(u: str, v: str) -> str:
        match = re.search(re.escape(f'"{u}" -> "{v}" [') + r'[^\n]*color="([^"]+)"', dot)
        assert match, (u, v)
        return match.group(1)

    # Route 2: asylum after the B8 was withdrawn (sepot), not while holding it
    assert colour("reg/b8", "reg/b8_beeindigd") == PALETTE["route_2"]
    assert colour("reg/b8_beeindigd", "asiel/3") == PALETTE["route_2"]
    assert colour("reg/b8", "asiel/3") == PALETTE["faded"]
    # Route 3: B9 refused, then asylum
    assert colour("reg/b9_afgewezen", "asiel/5") == PALETTE["route_3"]
    # Route 1: asylum first
    assert colour("reg/geen", "asiel/0") == PALETTE["route_1"]
    # each route is drawn once: one legend row per route, with the report's share cited
    assert dot.count("Route 1:") == 1 and "8.8%" in dot and "2.1%" in dot and "67%" in dot


def test_the_comparison_names_the_change_and_says_what_changed(engine: Engine) -> None:
    """Title: the change and its date; the changed row: the guard added, in words; cropped to
    the states the changed rows touch (no asylum states in a regulation change)."""
    dates = (dt.date(2019, 7, 31), dt.date(2019, 8, 1))
    en = build(engine, "compare", "en", REFERENCE_DAY, dates=dates)
    nl = build(engine, "compare", "nl", REFERENCE_DAY, dates=dates)
    assert "(2019-08-01)" in en and "Dublin" in en
    assert "guard added: om_noodzaak" in en and "voorwaarde erbij: om_noodzaak" in nl
    assert "removed, replaced by R-B8-03" in en
    assert "regeling.b9_aanvraag" not in en and "regeling.b8_in_behandeling" in en


def test_machine_edges_say_event_and_guards(engine: Engine) -> None:
    """Parallel rows of one event are told apart by their guards (the grounds of a B9)."""
    dot = build(engine, "machine", "en", REFERENCE_DAY, track="regeling")
    b9 = [r for r in engine.rules if r.event == "b9_verlenen" and engine.in_force(r, REFERENCE_DAY)]
    assert len(b9) > 1
    labels = set()
    for r in b9:
        m = re.search(rf'id="{r.id}"[^\n]*label="([^"]+)"|label="([^"]+)"[^\n]*id="{r.id}"', dot)
        assert m, r.id
        label = (m.group(1) or m.group(2)).replace("\\n", " ")
        assert all(g in label for g in r.guards), (r.id, label)
        labels.add(label)
    assert len(labels) == len(b9)


def test_self_loop_labels_sit_in_their_state_box(engine: Engine) -> None:
    """A loop's label is written in its state's box (never crossed by the loop): the loop edge
    carries no label, the box names the event, its guards and the row."""
    dot = build(engine, "machine", "en", REFERENCE_DAY, track="regeling")
    loops = re.findall(r'"(regeling\.\w+)" -> "\1" \[([^\n]*)\]', dot)
    assert loops
    for node, edge in loops:
        rid = re.search(r'id="([^"~]+)', edge).group(1)  # type: ignore[union-attr]
        assert 'label=""' in edge, rid
        box = re.search(rf'\t"{re.escape(node)}" \[[^\n]*label="([^"]*)"', dot)
        assert box and "loop: " in box.group(1) and rid in box.group(1), (node, rid)
