"""Mermaid text (for Markdown that GitHub or GitLab renders) of the machine per track and of a
route, from the same diagram model as the DOT: the machine's edges and labels
(machine_diagram.machine_edges, edge_label) and a route's steps on the Figure-1 grid
(print_figure.route_steps, figure_label).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import networkx as nx
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.render.machine_diagram import edge_label, machine_edges
from verblijfsroutes.render.print_figure import figure_label, route_steps, step_text
from verblijfsroutes.routes.classes import Route
from verblijfsroutes.spec.rules import Rule


def _id(name: str) -> str:
    """A Mermaid identifier: letters, digits and underscores only."""
    return re.sub(r"\W", "_", name)


def _text(text: str) -> str:
    """One line of label text that Mermaid reads literally (no quotes, colons or semicolons)."""
    return text.replace("\n", " ").replace('"', "'").replace(";", ",").replace(":", " -")


def _header(title: str) -> list[str]:
    return ["---", f"title: {_text(title)}", "---"]


def machine_mermaid(
    engine: Engine, rules: Sequence[Rule], lang: str, tracks: Sequence[str], title: str
) -> str:
    """A state diagram: one composite state per track, one transition per row and from-state,
    labelled "event [guards]" and the row id, as the DOT machine is."""
    edges = machine_edges(engine, sorted(rules, key=lambda r: r.order), tracks)
    lines = [*_header(title), "stateDiagram-v2", "    direction LR"]
    for tid in tracks:
        track = engine.vocab.track(tid)
        used = {e.source for e in edges if e.track == tid} | {e.target for e in edges if e.track == tid}
        inner = []
        for st in track.states:
            if st.id in used or st.id == track.initial:
                inner.append(f'state "{_text(st.text(lang))}" as {_id(tid + "." + st.id)}')
        if "*" in used:
            inner.append(f'state "{_text("*")}" as {_id(tid + ".any")}')
        inner.append(f"[*] --> {_id(tid + '.' + track.initial)}")
        for e in edges:
            if e.track != tid:
                continue
            a = _id(f"{tid}.{e.source if e.source != '*' else 'any'}")
            b = _id(f"{tid}.{e.target if e.target != '*' else 'any'}")
            side = "" if e.own else " (side effect)" if lang == "en" else " (gevolg)"
            inner.append(f"{a} --> {b} : {_text(edge_label(engine, e.rule, lang, True))}{side}")
        if len(tracks) == 1:
            lines += ["    " + x for x in inner]
        else:
            lines.append(f'    state "{_text(track.text(lang))}" as {_id(tid)} {{')
            lines += ["        " + x for x in inner]
            lines.append("    }")
    return "\n".join(lines) + "\n"


def route_mermaid(engine: Engine, g: nx.DiGraph, route: Route, lang: str, title: str) -> str:
    """A flowchart of one route on the Figure-1 grid: its figure nodes, its steps numbered and
    named by their events, as the route diagram draws them."""
    lines = [*_header(title), "flowchart LR"]
    seen: list[str] = []
    for k, ((a, b), rules) in enumerate(route_steps(g, route), 1):
        for n in (a, b):
            if n not in seen:
                seen.append(n)
                lines.append(f'    {_id(n)}["{_text(figure_label(engine, n, lang))}"]')
        lines.append(f'    {_id(a)} -->|"{_text(step_text(engine, k, rules, lang))}"| {_id(b)}')
    return "\n".join(lines) + "\n"
