"""Print figures (Figure 1, Figure 2, every route, nl and en): at A4 text width no text is
smaller than 8 pt and no two labels overlap (measured from the SVG); the PNG records 300 dpi;
one meaning per colour; node positions are the same in every era; Figure 1 is derived from
the rules (it changes when a rule is removed); the schrijnend pad is a phase of its own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import struct
from pathlib import Path

import pytest
from conftest import needs_renderer
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.core.ruledata import default_rule_data
from verblijfsroutes.render.catalogue import REFERENCE_DAY, build, catalogue, is_print
from verblijfsroutes.render.palette import A4_LANDSCAPE_PT, MIN_PT, PALETTE, PRINT_DPI
from verblijfsroutes.render.print_figure import PLACE, schema
from verblijfsroutes.render.run_dot import render
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.phasegraph import explore

ROOT = Path(__file__).resolve().parents[1]
CHAR_W = 0.5  # an Arial character's mean width, in em: the label boxes' estimated width


def _texts(svg: str) -> list[tuple[float, float, float, float, str]]:
    """Every text of an SVG as a box (x0, y0, x1, y1) in points, with its string."""
    out = []
    for m in re.finditer(r"<text([^>]*)>([^<]*)</text>", svg):
        a, s = m.group(1), m.group(2)
        x = float(re.search(r' x="([-\d.]+)"', a).group(1))  # type: ignore[union-attr]
        y = float(re.search(r' y="([-\d.]+)"', a).group(1))  # type: ignore[union-attr]
        size = float(re.search(r'font-size="([\d.]+)"', a).group(1))  # type: ignore[union-attr]
        n = len(re.sub(r"&#?\w+;", "x", s))
        w = n * CHAR_W * size
        anchor = re.search(r'text-anchor="(\w+)"', a)
        x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor.group(1) if anchor else "start"]
        out.append((x0, y - 0.75 * size, x0 + w, y + 0.2 * size, s))
    return out


def _width_pt(svg: str) -> float:
    return float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1))  # type: ignore[union-attr]


def test_the_print_catalogue(engine: Engine) -> None:
    stems = [s for s, _ in catalogue(engine) if is_print(s)]
    assert {"figure1-nl", "figure1-en", "figure2-nl", "figure2-en"} <= set(stems)
    assert len([s for s in stems if s.startswith("route-")]) == 2 * 9  # every route, nl and en


@needs_renderer
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_print_figures_are_legible_at_a4_width(engine: Engine, lang: str) -> None:
    for stem, make in catalogue(engine):
        if not is_print(stem) or not stem.endswith(lang):
            continue
        svg = render(make(), "svg").decode()
        scale = min(1.0, A4_LANDSCAPE_PT / _width_pt(svg))
        boxes = _texts(svg)
        assert boxes, stem
        sizes = [float(x) for x in re.findall(r'font-size="([\d.]+)"', svg)]
        assert min(sizes) * scale >= MIN_PT, (stem, min(sizes) * scale)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, (stem, a[4], b[4])


def test_the_overlap_measure_catches_overlapping_labels() -> None:
    """The deliberately broken case: two labels drawn at one spot are caught."""
    svg = '<text text-anchor="middle" x="10" y="10" font-size="9.00">aangifte</text>' * 2
    a, b = _texts(svg)
    assert not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def test_committed_print_pngs_record_300_dpi(engine: Engine) -> None:
    for stem, _ in catalogue(engine):
        if is_print(stem):
            data = (ROOT / "diagrams" / f"{stem}.png").read_bytes()
            at = data.index(b"pHYs")
            x, y, unit = struct.unpack(">IIB", data[at + 4 : at + 13])
            assert unit == 1 and round(x * 0.0254) == round(y * 0.0254) == PRINT_DPI, stem


def test_one_meaning_per_colour() -> None:
    """Across the set: the print palette, the basis colours of the machine and the status
    colours of a comparison never give one colour two meanings."""
    from verblijfsroutes.render.dot import BASIS_COLOURS, STATUS_COLOURS

    colours = [*PALETTE.values(), *BASIS_COLOURS.values(), *STATUS_COLOURS.values()]
    assert len(colours) == len(set(c.lower() for c in colours))


def test_every_regulation_phase_has_a_place() -> None:
    assert {p.id for p in ph.REGELING_PHASES} == set(PLACE)


@needs_renderer
def test_node_positions_are_the_same_in_two_eras(engine: Engine) -> None:
    """2014 (before the parallel procedures) and 2020: every node both show sits in one place."""
    early, late = dt.date(2014, 6, 1), REFERENCE_DAY
    assert engine.era_of(early) != engine.era_of(late)

    def positions(day: dt.date) -> dict[str, str]:
        svg = render(build(engine, "figure1", "nl", day), "svg").decode()
        found = re.findall(r'<title>([^<]+)</title>\s*<(?:path|polygon)[^>]*? (?:d|points)="([^"]+)"', svg)
        return {t: p for t, p in found if "&#45;&gt;" not in t}

    a, b = positions(early), positions(late)
    common = set(a) & set(b)
    assert len(common) >= 10
    assert {n: a[n] for n in common} == {n: b[n] for n in common}


def test_figure1_changes_when_the_rules_change(engine: Engine) -> None:
    """Remove the rows behind the branch 'asylum during the B9 application': the branch goes."""
    g = explore(engine, REFERENCE_DAY).graph
    branch = ("reg:b9_aanvraag", "asiel:4")
    s = schema(g)
    assert branch in s.edges
    gone = set(s.rules[branch])
    data = default_rule_data()
    smaller = Engine(dataclasses.replace(data, rules=tuple(r for r in data.rules if r.id not in gone)))
    t = schema(explore(smaller, REFERENCE_DAY).graph)
    assert branch not in t.edges
    assert build(smaller, "figure1", "en", REFERENCE_DAY) != build(engine, "figure1", "en", REFERENCE_DAY)


def test_the_schrijnend_pad_is_a_phase_of_its_own(engine: Engine) -> None:
    """§2.1.4: a B8 application without aangifte; in the phase graph, Figure 1 and the routes."""
    proj = ph.Projection(engine.vocab)
    assert proj.reg["schrijnend_in_behandeling"] == "schrijnend"
    assert proj.reg["b8_in_behandeling"] == "aangifte"
    s = schema(explore(engine, REFERENCE_DAY).graph)
    assert ("reg:schrijnend", "reg:b8") in s.edges
    assert ("reg:aangifte", "reg:b8") in s.edges
    assert re.search(
        r'"reg/schrijnend" \[[^\n]*label="schrijnend\\npad', build(engine, "figure1", "nl", REFERENCE_DAY)
    )
