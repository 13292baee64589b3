"""Print figures: Figure 1 as the report draws it (the regulation as one line of phases, the
asylum procedure as branches into and out of it, outcomes at the end), Figure 2 (Routes 1, 2,
3 with the report's shares) and one route, all on one fixed grid at A4 landscape text width.

Everything is derived from the phase graph (phasegraph.py): each phase node is placed on the
grid by its regulation phase (PLACE; the asylum phases of a column share one "asylum
procedure" node below it), and a figure edge is drawn wherever the phase graph has a step
between two phases placed apart, so the figure changes when the rules change. The nodes sit at
fixed positions (neato with pinned `pos`), the same in every era.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import graphviz
import networkx as nx
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.render.dot import FONT, attrs, dot_id, html, wrap
from verblijfsroutes.render.palette import FONT_PT, PALETTE
from verblijfsroutes.render.print_words import WORDS
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.classes import OUTCOME, Route

# Regulation phase -> (column, row) of its node on the line (row 0) or below it (row 1). A
# phase that is missing here fails a test: a new phase must be placed. bedenktijd_verlopen
# shares the bedenktijd node (the report draws one bedenktijd box).
PLACE: dict[str, tuple[int, int]] = {
    ph.NONE: (0, 0),
    "bedenktijd": (1, 0),
    "bedenktijd_verlopen": (1, 0),
    "schrijnend": (1, 1),  # the start sits between the two rows: its steps pass clear of both
    "aangifte": (2, 0),
    "b8_geweigerd": (2, 1),
    "b8": (3, 0),
    "b8_beeindigd": (3, 1),
    "b9_aanvraag": (4, 0),
    "b9": (5, 0),
    "b9_afgewezen": (5, 1),
}
ASYLUM_ROW = 2
COLUMNS = 6
COL_W = 96.0  # points between column centres
ROW_H = 78.0  # points between rows
OUT_X = COLUMNS * COL_W + 34  # the outcome column
# A node below the line sits this far right of its column, and a branch from the line into the
# asylum procedure leaves and enters on the west side: it passes clear of the node below.
ROW1_SHIFT = 28.0
OUT_H = 31.0  # points between outcomes
LEFT_OUTCOME = OUTCOME + ph.LEFT  # leaving the Netherlands is drawn as an outcome only


def place(node: str) -> str:
    """The figure node of a phase node: "reg:<phase>" on the line or below it, "asiel:<column>"
    for a phase with an asylum application or decision, the outcome itself for an outcome."""
    if node == ph.LEFT:
        return LEFT_OUTCOME
    if node.startswith(OUTCOME):
        return node
    reg, asiel = ph.split(node)
    if asiel != ph.NONE:
        return f"asiel:{PLACE[reg][0]}"
    return "reg:" + ("bedenktijd" if reg == "bedenktijd_verlopen" else reg)


def _kind(u: str, v: str) -> str:
    """Which procedure a phase-graph step changes: regulation, asylum, both, or outcome."""
    if v.startswith(OUTCOME) or v == ph.LEFT:
        return "outcome"
    (ru, au), (rv, av) = ph.split(u), ph.split(v)
    if ru != rv and au != av:
        return "both"
    return "regulation" if ru != rv else "asylum"


@dataclass
class Schema:
    """The phase graph on the grid: figure nodes, edges (with the kinds and rules behind
    them) and the phase-graph steps each figure edge stands for."""

    nodes: set[str] = field(default_factory=set)
    edges: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # -> kinds
    rules: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)  # -> rule: event
    left_everywhere: bool = False


def schema(g: nx.DiGraph) -> Schema:
    """The figure's nodes and edges, derived from the phase graph. A step out of an outcome
    (or out of `vertrokken`) is not drawn; a step into an outcome is drawn only from the end
    of a line (a node with no step to a later column), the others are in figure1-all."""
    s = Schema()
    for u, v in g.edges:
        if u.startswith(OUTCOME) or u == ph.LEFT:
            continue
        a, b = place(u), place(v)
        s.nodes |= {a, b}
        if a != b:
            s.edges.setdefault((a, b), set()).add(_kind(u, v))
            s.rules.setdefault((a, b), {}).update(g.edges[u, v]["rules"])
    for n in g.nodes:
        if not n.startswith(OUTCOME) and n != ph.LEFT:
            s.nodes.add(place(n))
    s.nodes = {n for n in s.nodes if not n.startswith(OUTCOME)}
    ends = {max((n for n in s.nodes if _row(n) == row), key=_column) for row in {_row(n) for n in s.nodes}}
    s.edges = {(a, b): k for (a, b), k in s.edges.items() if not b.startswith(OUTCOME) or a in ends}
    s.nodes = {n for n in s.nodes if not n.startswith(OUTCOME)} | {b for (_, b) in s.edges}
    phases = [n for n in g.nodes if not n.startswith(OUTCOME) and n != ph.LEFT]
    s.left_everywhere = ph.LEFT in g and all(g.has_edge(n, ph.LEFT) for n in phases if n != ph.START)
    return s


def _row(fig_node: str) -> int:
    if fig_node.startswith("asiel:"):
        return ASYLUM_ROW
    return PLACE[fig_node[4:]][1]


def _column(fig_node: str) -> int:
    if fig_node.startswith("asiel:"):
        return int(fig_node.split(":")[1])
    if fig_node.startswith(OUTCOME):
        return COLUMNS
    return PLACE[fig_node[4:]][0]


OUTCOME_ORDER = (
    "b9",
    "onbepaalde_tijd",
    "asielvergunning",
    "asiel_onbepaalde_tijd",
    "eu_verblijf",
    "onrechtmatig_verblijf",
    ph.LEFT,
)


def position(fig_node: str) -> tuple[float, float]:
    """The fixed position (points) of a figure node: the same in every era."""
    if fig_node.startswith(OUTCOME):
        oid = fig_node[len(OUTCOME) :]
        k = OUTCOME_ORDER.index(oid) if oid in OUTCOME_ORDER else len(OUTCOME_ORDER)
        return OUT_X, ASYLUM_ROW * ROW_H + 6 - k * OUT_H
    if fig_node.startswith("asiel:"):
        # odd columns a little lower: a step that skips a column passes clear of its node
        col = int(fig_node.split(":")[1])
        return col * COL_W, -24.0 * (col % 2)
    col, row = PLACE[fig_node[4:]]
    if fig_node == "reg:" + ph.NONE:
        return 0.0, (ASYLUM_ROW - 0.5) * ROW_H
    return col * COL_W + ROW1_SHIFT * row, (ASYLUM_ROW - row) * ROW_H


def figure_label(engine: Engine, fig_node: str, lang: str) -> str:
    """The text of a figure node."""
    w = WORDS[lang]
    if fig_node.startswith(OUTCOME):
        oid = fig_node[len(OUTCOME) :]
        for d in engine.derived.get("uitkomsten", ()):
            if d.id == oid:
                return d.text(lang)
        return ph.LEFT_LABEL[lang]
    if fig_node.startswith("asiel:"):
        return w["asylum"]
    reg = fig_node[4:]
    if reg == ph.NONE:
        return w["start"]
    if reg == "bedenktijd":
        return w["bedenktijd"]
    return next(p.text(lang) for p in ph.REGELING_PHASES if p.id == reg)


def _fill(fig_node: str) -> str:
    if fig_node.startswith(OUTCOME):
        return "outcome"
    return "asylum" if fig_node.startswith("asiel:") else "regulation"


def _legend_sample(colour: str, kind: str) -> str:
    glyph = "&#9632;" if kind == "box" else "&#8212;"
    return f'<font color="{colour}">{glyph}</font>'


def _legend(
    g: graphviz.Digraph, rows: list[tuple[str, str, str]], notes: list[str], lang: str, y: float
) -> None:
    """The legend as one table node below the figure: (colour, box|line, text) rows, then notes."""
    pt = FONT_PT["legend"]
    cells = [
        f'<td align="left">{_legend_sample(c, k)}</td><td width="6"></td><td align="left">{html(t)}</td>'
        for c, k, t in rows
    ]
    # two columns of samples; one when a row is long (Figure 2's shares)
    half = -(-len(cells) // 2) if all(len(t) <= 48 for _, _, t in rows) else len(cells)
    lines = []
    for i in range(half):
        right = cells[i + half] if i + half < len(cells) else "<td></td><td></td><td></td>"
        lines.append(f'<tr>{cells[i]}<td width="10"></td>{right}</tr>')
    lines += [f'<tr><td align="left" colspan="7">{html(n)}</td></tr>' for n in notes]
    head = f'<tr><td align="left" colspan="7"><b>{WORDS[lang]["legend"]}</b></td></tr>'
    table = f'<table border="0" cellspacing="0" cellpadding="1">{head}{"".join(lines)}</table>'
    g.node(
        "legend",
        **attrs(
            shape="plain",
            style="solid",
            label=f"<{table}>",
            fontsize=pt,
            pos=f"{(COLUMNS * COL_W) / 2:.1f},{y:.1f}!",
        ),
    )


def print_dot(
    engine: Engine,
    g: nx.DiGraph,
    lang: str,
    title: str,
    name: str,
    routes: dict[str, Route] | None = None,
    route_notes: dict[str, str] | None = None,
    numbered: Route | None = None,
    notes: tuple[str, ...] = (),
) -> str:
    """Figure 1 (no routes), Figure 2 (`routes`: class -> route, `route_notes`: class -> legend
    text) or one route (`numbered`) on the fixed grid, as DOT for neato with pinned nodes."""
    w = WORDS[lang]
    s = schema(g)
    highlight: dict[tuple[str, str], list[str]] = {}
    for cls, route in (routes or {}).items():
        for e, _ in route_steps(g, route):
            highlight.setdefault(e, []).append(cls)
    steps: dict[tuple[str, str], list[int]] = {}
    step_lines: list[str] = []
    if numbered is not None:
        for e, rules in route_steps(g, numbered):
            steps.setdefault(e, []).append(len(step_lines) + 1)
            step_lines.append(step_text(engine, len(step_lines) + 1, rules, lang))
    on_route = {n for e in (*highlight, *steps) for n in e}
    faded = bool(routes or numbered)
    route_edges = set(highlight) | set(steps)
    nodes = set(s.nodes) | on_route
    edges = dict(s.edges)
    for e in route_edges:
        edges.setdefault(e, {"regulation"})

    out = graphviz.Digraph(name)
    out.attr(
        "graph",
        **attrs(
            layout="neato",
            inputscale=72,
            splines="true",
            fontname=FONT,
            fontsize=FONT_PT["title"],
            label=title,
            labelloc="t",
            labeljust="l",
            pad=0.1,
            outputorder="edgesfirst",
        ),
    )
    out.attr(
        "node",
        **attrs(
            fontname=FONT,
            fontsize=FONT_PT["node"],
            shape="box",
            style="rounded,filled",
            margin="0.05,0.03",
            width=0.1,
            height=0.1,
        ),
    )
    out.attr("edge", **attrs(fontname=FONT, fontsize=FONT_PT["edge"], arrowsize=0.6, penwidth=1.0))
    for n in sorted(nodes):
        x, y = position(n)
        kind = _fill(n)
        lit = not faded or n in on_route
        out.node(
            dot_id(n),
            **attrs(
                label=wrap(figure_label(engine, n, lang), 14 if kind != "outcome" else 18),
                pos=f"{x:.1f},{y:.1f}!",
                fillcolor=PALETTE[f"{kind}_fill"],
                color=PALETTE[kind if kind != "asylum" else "asylum"] if lit else PALETTE["faded"],
                penwidth=2.0 if faded and n in on_route else 1.0,
                id="fig-" + n.replace(":", "-"),
            ),
        )
    used = set()
    for (a, b), kinds in sorted(edges.items()):
        kind = next(iter(kinds)) if len(kinds) == 1 else "both"
        colour = PALETTE["outcome" if kind == "outcome" else ("asylum" if kind == "asylum" else kind)]
        ea: dict[str, object] = {"color": colour, "id": f"edge-{a}-{b}".replace(":", "-")}
        if _west_branch(a, b, nodes):
            ea["tailport"] = ea["headport"] = "w"
        if faded:
            ea["color"] = PALETTE["faded"]
        if (a, b) in highlight:
            ea["color"] = ":".join(PALETTE[c] for c in sorted(highlight[(a, b)]))
            ea["penwidth"] = 2.2
        if (a, b) in steps:
            ea["color"] = PALETTE["route"]
            ea["penwidth"] = 2.0
            ea["label"] = ", ".join(str(k) for k in steps[(a, b)])
        if not faded or (a, b) in route_edges:
            used.add(kind)
        out.edge(dot_id(a), dot_id(b), **attrs(**ea))

    rows: list[tuple[str, str, str]] = []
    if routes:
        rows += [(PALETTE[c], "line", route_notes.get(c, c) if route_notes else c) for c in sorted(routes)]
        rows.append((PALETTE["faded"], "line", w["faded"]))
    elif numbered is not None:
        rows += [(PALETTE["route"], "line", w["route"]), (PALETTE["faded"], "line", w["faded"])]
    else:
        names = {
            "regulation": "regulation",
            "asylum": "asylum_step",
            "both": "both",
            "outcome": "outcome_step",
        }
        rows += [
            (PALETTE[k], "line", w[names[k]])
            for k in ("regulation", "asylum", "both", "outcome")
            if k in used
        ]
    fills = {_fill(n) for n in nodes}
    rows += [
        (PALETTE[f"{k}_fill"], "box", w[f"{k}_fill"])
        for k in ("regulation", "asylum", "outcome")
        if k in fills
    ]
    extra = list(notes)
    if faded:
        extra.insert(0, w["bold"])
    if not faded:
        extra.append(w["ends"])
        if s.left_everywhere:
            extra.append(w["left_all"])
    extra += step_lines
    bottom = min(position(n)[1] for n in nodes)
    _legend(out, rows, extra, lang, bottom - 40 - 6 * (len(rows) // 2 + len(extra)))
    return out.source


def _west_branch(a: str, b: str, nodes: set[str]) -> bool:
    """A branch from the line (row 0) into the asylum node of its column, when a node below
    the line stands in between."""
    if not (a.startswith("reg:") and b.startswith("asiel:")) or a == "reg:" + ph.NONE:
        return False
    col, row = PLACE[a[4:]]
    below = any(n.startswith("reg:") and PLACE[n[4:]] == (col, 1) for n in nodes)
    return row == 0 and b == f"asiel:{col}" and below


def step_text(engine: Engine, k: int, rules: dict[str, str], lang: str) -> str:
    """A route step in words: its number and the events of its rows (at most two)."""
    events = dict.fromkeys(engine.vocab.event(ev).text(lang) for ev in rules.values() if ev)
    return f"{k}. " + "; ".join(list(events)[:2])


def route_steps(g: nx.DiGraph, route: Route) -> list[tuple[tuple[str, str], dict[str, str]]]:
    """The steps of a route that move between figure nodes, each with the rules (rule id ->
    event) of the phase-graph steps it stands for (steps inside one figure node included)."""
    out: list[tuple[tuple[str, str], dict[str, str]]] = []
    pending: dict[str, str] = {}
    for u, v in zip(route.nodes, route.nodes[1:], strict=False):
        pending.update(g.edges[u, v]["rules"] if g.has_edge(u, v) else {})
        a, b = place(u), place(v)
        if a != b:
            out.append(((a, b), pending))
            pending = {}
    return out
