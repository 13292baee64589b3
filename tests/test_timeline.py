"""The timeline SVG of a replay: lanes for every track, lawful residence and provisions; every
deadline that ran; labels, not ids; a legend; nothing cut off at its A4-ready width."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from verblijfsroutes.case.casefile import load_case
from verblijfsroutes.case.replay import replay
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.render.timeline import CHAR, WIDTH, render_svg

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[tuple[float, str, float]]:
    root = ET.fromstring(svg)
    out = []
    for el in root.iter(f"{SVG}text"):
        size = float(el.get("font-size") or 11)
        out.append((float(el.get("x") or 0), el.text or "", size))
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("example", ["route_3.yaml", "route_1_overlap.yaml", "weigering_dublin_2019.yaml"])
def test_timeline_shows_lanes_deadlines_and_labels(example: str, lang: str) -> None:
    engine = Engine()
    doc = replay(load_case(ROOT / "examples" / example), lang=lang)
    svg = render_svg(doc, engine.vocab, lang)
    words = " ".join(t for _, t, _ in texts(svg))
    assert ("Rechtmatig verblijf" if lang == "nl" else "Lawful residence") in words
    assert ("Voorzieningen" if lang == "nl" else "Provisions") in words
    for step in doc["steps"]:
        assert step["event_label"] in words, step["event_label"]
        for d in step["deadlines"]:
            assert d["name"] in words, d["name"]  # every deadline that ran, not only the last step's
    for x, text, size in texts(svg):  # nothing runs off the drawing
        assert x + len(text) * CHAR * size / 11 * 0.9 <= WIDTH + 2 or 'text-anchor="end"' in svg, text
    if lang == "en":
        ids = {e.id for e in engine.vocab.events} | {
            s.id for t in engine.vocab.tracks for s in t.states if "_" in s.id
        }
        for ident in ids:
            assert not re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", words), ident
