"""Mermaid output: the machine per track and a route, from the same model as the DOT (the same
edges, labels and steps), with identifiers Mermaid accepts."""

from __future__ import annotations

import re

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.render.catalogue import REFERENCE_DAY, build, build_mermaid
from verblijfsroutes.render.machine_diagram import edge_label, machine_edges
from verblijfsroutes.render.mermaid import _text


def test_the_machine_of_one_track_has_every_edge_of_the_dot(engine: Engine) -> None:
    text = build_mermaid(engine, "machine", "en", REFERENCE_DAY, track="regeling")
    assert text.splitlines()[3] == "stateDiagram-v2"
    rules = [r for r in engine.rules if engine.in_force(r, REFERENCE_DAY)]
    edges = machine_edges(engine, rules, ["regeling"])
    arrows = [line for line in text.splitlines() if " --> " in line and "[*]" not in line]
    assert len(arrows) == len(edges)
    dot = build(engine, "machine", "en", REFERENCE_DAY, track="regeling")
    for e in edges:
        assert _text(edge_label(engine, e.rule, "en", True)) in text, e.rule.id
        assert f'id="{e.rule.id}"' in dot
    for ident in re.findall(r" as (\S+)", text):
        assert re.fullmatch(r"\w+", ident), ident


def test_every_track_is_a_composite_state(engine: Engine) -> None:
    text = build_mermaid(engine, "machine", "nl", REFERENCE_DAY)
    for t in engine.vocab.tracks:
        assert f"as {t.id} {{" in text, t.id


def test_a_route_has_the_numbered_steps_of_its_diagram(engine: Engine) -> None:
    for lang in ("nl", "en"):
        text = build_mermaid(engine, "route", lang, REFERENCE_DAY, cls="route_3")
        dot = build(engine, "route", lang, REFERENCE_DAY, cls="route_3")
        steps = re.findall(r'-->\|"(\d+)\. ([^"]+)"\|', text)
        assert len(steps) >= 4
        for k, words in steps:
            assert f"{k}. {words}" in dot  # the route diagram's legend names the same step
