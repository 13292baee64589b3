"""Diagrams as DOT text, generated from the model: the machine, Figures 1 and 2, a route, a
comparison of two dates. Output is deterministic (sorted nodes and edges, no dates of
generation) so the committed files in diagrams/ can be checked for staleness.
"""

from __future__ import annotations

import datetime as dt
import itertools
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.listing import OUTCOME, Route, RouteSet, route_class
from verblijfsroutes.spec.rules import Rule

FONT = "Arial"
BASIS_COLOURS = {"law": "#1f4e79", "policy": "#2e7d32", "practice": "#d35400", "assumption": "#8e24aa"}
STATUS_COLOURS = {"added": "#1b9e3e", "removed": "#d62728", "changed": "#ff8c00"}
ROUTE_COLOURS = {
    "route_1": "#d62728",
    "route_1_overlap": "#d62728",
    "route_2": "#1f77b4",
    "route_3": "#2ca02c",
}
GREY = "#b0b0b0"
T = {  # the few words the diagrams add, in both languages
    "nl": {
        "any": "(elke)",
        "law": "wet",
        "policy": "beleid",
        "practice": "praktijk",
        "assumption": "aanname",
        "own": "overgang op het eigen spoor",
        "side": "gevolg op een ander spoor",
        "legend": "Legenda",
        "added": "nieuw",
        "removed": "vervallen",
        "changed": "gewijzigd",
        "same": "ongewijzigd",
        "rules": "regels geldend op",
        "machine": "Toestandsmachine",
        "fig1": "Figuur 1 (reconstructie): fasen van de verblijfsregeling en de asielprocedure",
        "fig2": "Figuur 2 (reconstructie): Routes 1, 2 en 3",
        "route": "Route",
        "compare": "Vergelijking",
        "reg": "stap in de regeling",
        "asiel": "stap in de asielprocedure",
        "both": "stap in beide",
        "left": "vertrek",
        "end": "einde route (uitkomst)",
        "phase_reg": "alleen de regeling loopt (bedenktijd, aangifte, B8, B9-aanvraag)",
        "phase_asiel": "alleen de asielprocedure loopt (aanvraag in behandeling)",
        "phase_both": "regeling en asielprocedure lopen allebei",
        "phase_idle": "geen procedure loopt (afgewezen, ingetrokken of verleend)",
        "outcome": "uitkomst",
        "other": "andere overgang",
        "overlap": "(met overlap: gestreept)",
        "return": "vertrek kan uit elke fase (P-VT-02), getekend vanuit bedenktijd; een route eindigt bij vertrek",
        "no_asiel": "geen asielaanvraag",
        "no_reg": "geen regeling (meer)",
        "example": "voorbeeld: de kortste route die de beschrijving in het rapport volgt (één asielaanvraag)",
    },
    "en": {
        "any": "(any)",
        "law": "law",
        "policy": "policy",
        "practice": "practice",
        "assumption": "assumption",
        "own": "transition on its own track",
        "side": "effect on another track",
        "legend": "Legend",
        "added": "added",
        "removed": "removed",
        "changed": "changed",
        "same": "unchanged",
        "rules": "rules in force on",
        "machine": "State machine",
        "fig1": "Figure 1 (reconstruction): phases of the regulation and the asylum procedure",
        "fig2": "Figure 2 (reconstruction): Routes 1, 2 and 3",
        "route": "Route",
        "compare": "Comparison",
        "reg": "step in the regulation",
        "asiel": "step in the asylum procedure",
        "both": "step in both",
        "left": "leaving",
        "end": "end of route (outcome)",
        "phase_reg": "only the regulation runs (bedenktijd, aangifte, B8, B9 application)",
        "phase_asiel": "only the asylum procedure runs (application pending)",
        "phase_both": "regulation and asylum procedure both run",
        "phase_idle": "no procedure runs (refused, withdrawn or granted)",
        "outcome": "outcome",
        "other": "other transition",
        "overlap": "(with overlap: dashed)",
        "return": "leaving is possible from every phase (P-VT-02), drawn from bedenktijd; a route ends when she leaves",
        "no_asiel": "no asylum application",
        "no_reg": "no regulation (any more)",
        "example": "example: the shortest route that follows the report's description (one asylum application)",
    },
}


def q(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap(text: str, width: int = 20) -> str:
    """Lines of at most `width` characters, broken at spaces only (never inside a word or
    at a hyphen: a longer word gets a line of its own)."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text


def attrs(**kw: object) -> str:
    return (
        "["
        + ", ".join(
            f"{k}={v if isinstance(v, (int, float)) else q(str(v))}" for k, v in kw.items() if v is not None
        )
        + "]"
    )


def header(name: str, title: str, rankdir: str = "LR") -> list[str]:
    return [
        f"digraph {q(name)} {{",
        f"  graph {attrs(fontname=FONT, fontsize=16, label=title, labelloc='t', rankdir=rankdir, nodesep=0.3, ranksep=0.45, newrank='true', pad=0.3)};",
        f"  node {attrs(fontname=FONT, fontsize=11, shape='box', style='rounded', margin='0.12,0.06')};",
        f"  edge {attrs(fontname=FONT, fontsize=9, arrowsize=0.7)};",
    ]


def legend(rows: Sequence[tuple[str, str, str]], title: str, columns: int = 1) -> list[str]:
    """A legend node: rows of (colour, line style, text); the sample line is drawn with
    ASCII characters in the colour (solid -----, dashed - - -, dotted .....); style "note"
    is a line of text across the whole legend, after the samples. With `columns` the
    samples are set in that many columns (a wide, low legend)."""
    sample = {
        "solid": "&#8212;&#8212;&#8212;",
        "dashed": "- - - -",
        "dotted": ". . . . .",
        "bold": "&#8212;&#8212;&#8212;",  # bold: in bold type; as wide as "solid"
        "box": "&#9608;&#9608;",
    }
    items = [
        f'<td align="left" width="44"><font color="{c}"><b>{sample[s]}</b></font></td><td align="left">{html(t)}</td>'
        for c, s, t in rows
        if s != "note"
    ]
    per = -(-len(items) // columns)
    gap = '<td width="24"></td>'
    lines = []
    for i in range(per):
        row = [items[k] for k in range(i, len(items), per)]
        lines.append(
            "<tr>"
            + gap.join(row)
            + "".join(gap + "<td></td><td></td>" for _ in range(columns - len(row)))
            + "</tr>"
        )
    span = 3 * columns - 1
    lines += [
        f'<tr><td align="left" colspan="{span}"><font color="{c}">{html(t)}</font></td></tr>'
        for c, s, t in rows
        if s == "note"
    ]
    return [
        "  subgraph cluster_legend {",
        f"    graph {attrs(label=title, style='rounded', color='#888888', fontsize=12)};",
        f'    legend [shape=plain, label=<<table border="0" cellspacing="2" cellpadding="1">{"".join(lines)}</table>>];',
        "  }",
    ]


def _label(engine: Engine, rule: Rule, lang: str) -> str:
    ev = engine.vocab.event(rule.event)
    return ev.nl if lang == "nl" else ev.en


def _tooltip(engine: Engine, rule: Rule, lang: str) -> str:
    return f"{rule.id}: {_label(engine, rule, lang)} - {rule.source} ({rule.section}; {rule.basis})"


@dataclass(frozen=True)
class MachineEdge:
    track: str
    source: str
    target: str
    rule: Rule
    own: bool  # on the event's own track (else a side effect on another track)


LOOP_SIDES = ("n", "s", "e", "w")  # where successive self-loops on one state are drawn


def machine_edges(engine: Engine, rules: Iterable[Rule], tracks: Sequence[str]) -> list[MachineEdge]:
    """Per rule, an edge on every shown track whose state it sets; a rule that sets no track
    state is a loop on its event's track. "*" is any state."""
    out = []
    for rule in rules:
        own = engine.vocab.event(rule.event).track
        changes = {t: v for t, v in rule.updates.items() if t in {tr.id for tr in engine.vocab.tracks}}
        if not changes:
            changes = {own: None}
        for track, target in sorted(changes.items()):
            if track not in tracks:
                continue
            for src in rule.from_.get(track, ("*",)):
                tgt = src if target is None else target
                out.append(MachineEdge(track, src, str(tgt), rule, track == own))
    return out


def machine_dot(
    engine: Engine,
    rules: Sequence[Rule],
    lang: str,
    tracks: Sequence[str] | None = None,
    title: str = "",
    status: dict[str, str] | None = None,
    name: str = "machine",
) -> str:
    """The state machine: one cluster per track, one edge per rule and from-state. `status`
    (rule id -> added/removed/changed) colours a comparison; else colour = basis."""
    t = T[lang]
    shown = list(tracks or [tr.id for tr in engine.vocab.tracks])
    detailed = len(shown) == 1
    edges = machine_edges(engine, sorted(rules, key=lambda r: r.order), shown)
    used = {(e.track, e.source) for e in edges} | {(e.track, e.target) for e in edges}
    lines = header(name, title, "LR")
    for tid in shown:
        track = engine.vocab.track(tid)
        lines.append(f"  subgraph {q('cluster_' + tid)} {{")
        lines.append(
            f"    graph {attrs(label=track.nl if lang == 'nl' else track.en, style='rounded', color='#555555', fontsize=14, id='track-' + tid)};"
        )
        for st in track.states:
            if (tid, st.id) not in used and not detailed:
                continue
            lines.append(
                f"    {q(tid + '.' + st.id)} {attrs(label=wrap(st.text(lang), 22), id=tid + '.' + st.id, tooltip=f'{tid}.{st.id}', penwidth=2 if st.id == track.initial else 1)};"
            )
        if (tid, "*") in used:
            lines.append(
                f"    {q(tid + '.*')} {attrs(label=t['any'], shape='plaintext', fontcolor='#666666', id=tid + '.any')};"
            )
        lines.append("  }")
    seen: dict[str, int] = {}
    loops: dict[str, int] = {}  # node -> self-loops drawn so far: spread them round the node
    for e in edges:
        rid = e.rule.id
        ports: dict[str, str] = {}
        if e.source == e.target:
            node = e.track + "." + e.source
            k = loops[node] = loops.get(node, 0) + 1
            side = LOOP_SIDES[(k - 1) % len(LOOP_SIDES)]
            ports = {"tailport": side, "headport": side}
        seen[rid] = seen.get(rid, 0) + 1
        eid = rid if seen[rid] == 1 else f"{rid}~{seen[rid]}"
        mark = (status or {}).get(rid)
        if status is not None:
            colour = STATUS_COLOURS.get(mark or "", GREY)
            width = 2.5 if mark else 1
            style = "dashed" if mark == "removed" else ("solid" if e.own else "dotted")
        else:
            colour = BASIS_COLOURS[e.rule.basis]
            width = 1.2
            style = "solid" if e.own else "dashed"
        label = f"{rid}\n{wrap(_label(engine, e.rule, lang), 24)}" if detailed else rid
        lines.append(
            f"  {q(e.track + '.' + e.source)} -> {q(e.track + '.' + e.target)} "
            + attrs(
                id=eid,
                label=label,
                color=colour,
                fontcolor=colour if status is None or mark else "#777777",
                style=style,
                penwidth=width,
                tooltip=_tooltip(engine, e.rule, lang),
                **ports,
            )
            + ";"
        )
    if status is not None:
        rows = [
            (STATUS_COLOURS["added"], "bold", t["added"]),
            (STATUS_COLOURS["removed"], "dashed", t["removed"]),
            (STATUS_COLOURS["changed"], "bold", t["changed"]),
            (GREY, "solid", t["same"]),
            ("#555555", "dotted", t["side"]),
        ]
    else:
        rows = [(BASIS_COLOURS[b], "solid", t[b]) for b in BASIS_COLOURS]
        rows += [("#555555", "solid", t["own"]), ("#555555", "dashed", t["side"])]
    lines += legend(rows, t["legend"])
    lines.append("}")
    return "\n".join(lines) + "\n"


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


STEP_COLOURS = {"reg": "#1f4e79", "asiel": "#2e7d32", "both": "#8e24aa", "left": "#777777", "end": "#999999"}


def _outcome_label(engine: Engine, node: str, lang: str) -> str:
    oid = node[len(OUTCOME) :]
    for d in engine.derived.get("uitkomsten", ()):
        if d.id == oid:
            return d.text(lang)
    return ph.LEFT_LABEL[lang] if oid == ph.LEFT else oid


def _phase_node(
    engine: Engine, node: str, lang: str, faded: bool, on_route: set[str], group: str | None = None
) -> str:
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
    return (
        "    "
        + q(node)
        + " "
        + attrs(
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
        )
        + ";"
    )


# Rows of the Figure-1 grid: a refused B8 sits beside the B8, the B9 beside its refusal.
ROW = {
    "geen": 0,
    "bedenktijd": 1,
    "bedenktijd_verlopen": 2,
    "aangifte": 3,
    "b8": 4,
    "b8_geweigerd": 4,
    "b8_beeindigd": 5,
    "b9_aanvraag": 6,
    "b9_afgewezen": 7,
    "b9": 7,
}


def _grid(engine: Engine, g: object, lang: str, faded: bool, on_route: set[str]) -> list[str]:
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
    lines = []
    for a in cols:
        head = a.text(lang) if a.id != ph.NONE else t["no_asiel"]
        lines.append(
            f"  {q('kolom:' + a.id)} "
            + attrs(
                label=head,
                shape="plaintext",
                fontsize=14,
                fontcolor="#444444",
                group=a.id,
                id="column-" + a.id,
            )
            + ";"
        )
        for row in rows:
            for node in cells[(row, a.id)]:
                if node in pads:
                    lines.append(
                        f"  {q(node)} {attrs(style='invis', label='', width=1.1, height=0.3, group=a.id)};"
                    )
                else:
                    lines.append(_phase_node(engine, node, lang, faded, on_route, group=a.id))
    for row in [-1, *rows]:
        line = [n for a in cols for n in cells[(row, a.id)]]
        lines.append("  { rank=same; " + " ".join(q(n) for n in line) + " }")
        for x, y in itertools.pairwise(line):
            lines.append(f"  {q(x)} -> {q(y)} [style=invis, weight=10];")
    for a in cols:
        for r1, r2 in itertools.pairwise([-1, *rows]):
            lines.append(
                f"  {q(cells[(r1, a.id)][0])} -> {q(cells[(r2, a.id)][0])} [style=invis, weight=20];"
            )
    return lines


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
    lines = header(name, title, "TB")
    lines.append(f"  graph {attrs(ranksep=0.55, nodesep=0.25)};")
    lines += _grid(engine, g, lang, faded, on_route)
    for node in sorted(g.nodes):
        if _phase_kind(node) in ("outcome", "left"):
            lines.append(_phase_node(engine, node, lang, faded, on_route))
    outcomes = sorted(n for n in g.nodes if n.startswith(OUTCOME))
    if outcomes:
        # the outcomes form the last row of the figure; the legend sits below them
        lines.append("  { rank=same; " + " ".join(q(n) for n in outcomes) + " }")
        lines.append(f"  {q(outcomes[len(outcomes) // 2])} -> legend [style=invis];")
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
        lines.append(f"  {q(u)} -> {q(v)} {attrs(**ea)};")
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
    lines += legend(rows, t["legend"], columns=2)
    lines.append("}")
    return "\n".join(lines) + "\n"


def date_title(kind: str, lang: str, day: dt.date, extra: str = "") -> str:
    t = T[lang]
    return f"{t[kind]}{': ' + extra if extra else ''} ({t['rules']} {day.isoformat()})"
