"""Phase diagrams: the report's Figure 1 (every combination of the regulation and the asylum
procedure), Figure 2 (Routes 1, 2, 3) and a single route, drawn from the phase graph.
Output is deterministic so the committed files can be checked for staleness.
"""

from __future__ import annotations

import itertools

import graphviz
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.render.dot import ROUTE_COLOURS, T, add_legend, attrs, dot_id, new_graph, same_rank, wrap
from verblijfsroutes.render.palette import PALETTE
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.classes import OUTCOME, Route, route_class
from verblijfsroutes.routes.listing import RouteSet

# ----------------------------------------------------------------------- phase figures


def _phase_kind(node: str) -> str:
    """The fill of a phase: which procedures RUN in it (phases.RUNNING_*). A decided
    procedure (B8 ended, B9 refused or granted, asylum refused or granted) does not run."""
    if node.startswith(OUTCOME):
        return "outcome"
    if node == ph.LEFT:
        return "left"
    if node == ph.START:
        return "start"
    reg, asiel = ph.split(node)
    runs_reg = reg in ph.RUNNING_REGELING
    runs_asiel = asiel in ph.RUNNING_ASIEL
    if runs_reg and runs_asiel:
        return "both"
    if runs_reg:
        return "reg"
    if runs_asiel:
        return "asiel"
    return "idle"


NODE_FILL = {
    "start": "#ffffff",
    "reg": "#dbe9f6",
    "asiel": "#e3f3de",
    "both": "#fff2c6",
    "idle": "#ececec",
    "left": "#ececec",
    "outcome": "#f2f2f2",
}


def _step_kind(u: str, v: str) -> str:
    if v.startswith(OUTCOME):
        return "end"
    if v == ph.LEFT:
        return "left"
    ru, au = ph.split(u)
    rv, av = ph.split(v)
    if ru != rv and au != av:
        return "both"
    return "reg" if ru != rv else "asiel"


STEP_COLOURS = {  # the print palette's colours, with its meanings
    "reg": PALETTE["regulation"],
    "asiel": PALETTE["asylum"],
    "both": PALETTE["both"],
    "left": "#777777",
    "end": "#999999",
}


def _outcome_label(engine: Engine, node: str, lang: str) -> str:
    oid = node[len(OUTCOME) :]
    for d in engine.derived.get("uitkomsten", ()):
        if d.id == oid:
            return d.text(lang)
    return ph.LEFT_LABEL[lang] if oid == ph.LEFT else oid


def _phase_node(
    g: graphviz.Digraph,
    engine: Engine,
    node: str,
    lang: str,
    faded: bool,
    on_route: set[str],
    group: str | None = None,
) -> None:
    kind = _phase_kind(node)
    if kind == "outcome":
        label = _outcome_label(engine, node, lang)
    elif kind in ("left", "start"):
        label = ph.label(node, lang)
    else:
        reg = ph.split(node)[0]
        label = next(p.text(lang) for p in ph.REGELING_PHASES if p.id == reg)
        if reg == ph.NONE:
            label = T[lang]["no_reg"]
    lit = not faded or node in on_route
    g.node(
        dot_id(node),
        **attrs(
            label=wrap(label, 18),
            shape="doubleoctagon" if kind == "outcome" else "box",
            style="filled" if kind == "outcome" else "rounded,filled",
            fillcolor=NODE_FILL[kind],
            color="#333333" if lit else "#cccccc",
            fontcolor="#000000" if lit else "#999999",
            id="phase-" + node.replace("|", "-").replace(":", "-"),
            tooltip=node if kind == "outcome" else f"{ph.label(node, lang)} ({ph.section(node)})",
            penwidth=2.5 if faded and node in on_route else 1,
            group=group,
        ),
    )


# Rows of the Figure-1 grid: a refused B8 sits beside the B8, the B9 beside its refusal.
ROW = {
    "geen": 0,
    "bedenktijd": 1,
    "bedenktijd_verlopen": 2,
    "schrijnend": 3,
    "aangifte": 3,
    "b8": 4,
    "b8_geweigerd": 4,
    "b8_beeindigd": 5,
    "b9_aanvraag": 6,
    "b9_afgewezen": 7,
    "b9": 7,
}


def _grid(
    out: graphviz.Digraph, engine: Engine, g: object, lang: str, faded: bool, on_route: set[str]
) -> None:
    """The phase nodes as a grid, as in Figure 1: one column per asylum phase, left to right
    no application, application, permit, refused; one row per regulation phase (ROW).

    Graphviz ignores the left-to-right order of rank=same edges between clusters (the
    columns came out as refused, none, application, permit), so the columns are not
    clusters: each has a header node and an invisible spine (header -> one node per row,
    an invisible placeholder in an empty cell), and invisible left-to-right edges along
    each row keep the order."""
    t = T[lang]
    nodes = sorted(g.nodes)  # type: ignore[attr-defined]
    grid = {ph.split(n): n for n in nodes if _phase_kind(n) not in ("outcome", "left")}
    cols = [a for a in ph.ASIEL_PHASES if any(k[1] == a.id for k in grid)]
    rows = sorted({ROW[r] for r, _ in grid})
    cells: dict[tuple[int, str], list[str]] = {}
    pads: set[str] = set()
    for a in cols:
        cells[(-1, a.id)] = [f"kolom:{a.id}"]
        for row in rows:
            cell = [
                grid[(r.id, a.id)] for r in ph.REGELING_PHASES if ROW[r.id] == row and (r.id, a.id) in grid
            ]
            if not cell:
                cell = [f"leeg:{row}:{a.id}"]
                pads.add(cell[0])
            cells[(row, a.id)] = cell
    for a in cols:
        head = a.text(lang) if a.id != ph.NONE else t["no_asiel"]
        out.node(
            dot_id("kolom:" + a.id),
            **attrs(
                label=head,
                shape="plaintext",
                fontsize=14,
                fontcolor="#444444",
                group=a.id,
                id="column-" + a.id,
            ),
        )
        for row in rows:
            for node in cells[(row, a.id)]:
                if node in pads:
                    out.node(
                        dot_id(node), **attrs(style="invis", label="", width=1.1, height=0.3, group=a.id)
                    )
                else:
                    _phase_node(out, engine, node, lang, faded, on_route, group=a.id)
    for row in [-1, *rows]:
        line = [n for a in cols for n in cells[(row, a.id)]]
        same_rank(out, line)
        for x, y in itertools.pairwise(line):
            out.edge(dot_id(x), dot_id(y), style="invis", weight="10")
    for a in cols:
        for r1, r2 in itertools.pairwise([-1, *rows]):
            out.edge(dot_id(cells[(r1, a.id)][0]), dot_id(cells[(r2, a.id)][0]), style="invis", weight="20")


def phase_dot(
    engine: Engine,
    rs: RouteSet,
    lang: str,
    title: str,
    highlight: dict[str, Route] | None = None,
    name: str = "figure",
    numbered: Route | None = None,
) -> str:
    """The phase graph (Figure 1); with `highlight` (class -> route) the routes are drawn in
    colour over a grey graph (Figure 2); with `numbered` one route is drawn with its steps."""
    t = T[lang]
    g = rs.graph
    rules = {r.id: r for r in engine.rules}
    hl_edges: dict[tuple[str, str], list[str]] = {}
    for cls, route in sorted((highlight or {}).items()):
        for u, v in zip(route.nodes, route.nodes[1:], strict=False):
            hl_edges.setdefault((u, v), []).append(cls)
    step_no: dict[tuple[str, str], int] = {}
    if numbered is not None:
        for i, (u, v) in enumerate(zip(numbered.nodes, numbered.nodes[1:], strict=False), 1):
            step_no[(u, v)] = i
    on_route = {n for r in (highlight or {}).values() for n in r.nodes} | set(
        numbered.nodes if numbered else ()
    )
    faded = bool(highlight or numbered)
    out = new_graph(name, title, "TB")
    out.attr("graph", **attrs(ranksep=0.55, nodesep=0.25))
    _grid(out, engine, g, lang, faded, on_route)
    for node in sorted(g.nodes):
        if _phase_kind(node) in ("outcome", "left"):
            _phase_node(out, engine, node, lang, faded, on_route)
    outcomes = sorted(n for n in g.nodes if n.startswith(OUTCOME))
    if outcomes:
        # the outcomes form the last row of the figure; the legend sits below them
        same_rank(out, outcomes)
        out.edge(dot_id(outcomes[len(outcomes) // 2]), "legend", style="invis")
    route_steps = set(hl_edges) | set(step_no)
    for u, v in sorted(g.edges):
        kind = _step_kind(u, v)
        if kind == "left" and ph.split(u)[0] != "bedenktijd" and (u, v) not in route_steps:
            continue  # leaving is possible from every phase (P-VT-02): drawn from bedenktijd only
        rids = sorted(g.edges[u, v]["rules"])
        tip = f"{ph.label(u, lang) if not u.startswith(OUTCOME) else u} -> {v}: " + ", ".join(
            f"{r} ({rules[r].source})" if r in rules else r for r in rids
        )
        ea: dict[str, object] = {
            "id": f"step-{u}-{v}".replace("|", "-").replace(":", "-"),
            "tooltip": tip,
            "color": STEP_COLOURS[kind],
            "penwidth": 1.0,
            "style": "dotted" if kind == "end" else ("dashed" if kind == "left" else "solid"),
        }
        if kind == "asiel":
            ea["constraint"] = "false"
        if faded:
            ea["color"] = "#d9d9d9"
        if (u, v) in hl_edges:
            classes = hl_edges[(u, v)]
            ea["color"] = ":".join(dict.fromkeys(ROUTE_COLOURS[c] for c in classes))
            ea["penwidth"] = 3.0
            ea["style"] = "dashed" if classes == ["route_1_overlap"] else "solid"
        if (u, v) in step_no:
            ea["color"] = "#000000"
            ea["penwidth"] = 3.0
            shown = [r for r in rids if r in rules][:3]
            more = len([r for r in rids if r in rules]) - len(shown)
            ea["xlabel"] = f"{step_no[(u, v)]}. " + ", ".join(shown) + (f" +{more}" if more > 0 else "")
            ea["fontsize"] = 10
        out.edge(dot_id(u), dot_id(v), **attrs(**ea))
    if highlight:
        seen_cls = set()
        rows = []
        for cls in sorted(highlight):
            key = "route_1" if cls == "route_1_overlap" else cls
            if key in seen_cls:
                continue
            seen_cls.add(key)
            label = ("Route 1" if key == "route_1" else route_class(key).text(lang)) + (
                " " + t["overlap"] if key == "route_1" and "route_1_overlap" in highlight else ""
            )
            rows.append((ROUTE_COLOURS[cls], "bold", label))
        rows.append(("#d9d9d9", "solid", t["other"]))
        rows.append(("#000000", "note", t["example"]))
    elif numbered is not None:
        rows = [
            ("#000000", "bold", f"{route_class(numbered.cls).text(lang)}"),
            ("#d9d9d9", "solid", t["other"]),
            ("#000000", "note", t["example"]),
        ]
    else:
        rows = [
            (STEP_COLOURS[k], "dashed" if k == "left" else ("dotted" if k == "end" else "solid"), t[k])
            for k in ("reg", "asiel", "both", "left", "end")
        ]
    rows += [
        (NODE_FILL[k] if k != "outcome" else "#999999", "box", t[n])
        for k, n in (
            ("reg", "phase_reg"),
            ("asiel", "phase_asiel"),
            ("both", "phase_both"),
            ("idle", "phase_idle"),
            ("outcome", "outcome"),
        )
    ]
    rows.append(("#777777", "dashed", t["return"]))
    add_legend(out, rows, t["legend"], columns=2)
    return out.source
