"""DOT building blocks shared by every diagram: quoting, wrapping, the graph header, the legend,
the palette and the few words the diagrams add in Dutch and English.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence

import graphviz

FONT = "Arial"
# the basis of a row (machine diagrams): colours no print figure uses for anything else
# (palette.PALETTE: dark blue = regulation, dark green = asylum, ...; a test checks)
BASIS_COLOURS = {"law": "#0072b2", "policy": "#009e73", "practice": "#e69f00", "assumption": "#cc79a7"}
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
        "fig1": "Figuur 1: de verblijfsregeling mensenhandel en de asielprocedure",
        "fig1all": "Figuur 1, alle fasen: fasen van de verblijfsregeling en de asielprocedure",
        "fig2": "Figuur 2: Routes 1, 2 en 3",
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
        "fig1": "Figure 1: the regulation for victims of trafficking and the asylum procedure",
        "fig1all": "Figure 1, every phase: phases of the regulation and the asylum procedure",
        "fig2": "Figure 2: Routes 1, 2 and 3",
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


def html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap(text: str, width: int = 20) -> str:
    """Lines of at most `width` characters, broken at spaces only (never inside a word or
    at a hyphen: a longer word gets a line of its own)."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text


def dot_id(name: str) -> str:
    """A node name as graphviz's edge syntax reads it whole (a ':' there would name a port)."""
    return name.replace(":", "/")


def attrs(**kw: object) -> dict[str, str]:
    """DOT attributes as strings (None dropped); a line break becomes DOT's centred `\\n`.
    The graphviz package quotes and escapes them."""
    out = {}
    for k, v in kw.items():
        if v is not None:
            out[k] = str(v).replace("\\", "\\\\").replace("\n", "\\n")
    return out


def new_graph(name: str, title: str, rankdir: str = "LR") -> graphviz.Digraph:
    """A directed graph with the project's fonts and spacing, titled at the top."""
    g = graphviz.Digraph(name)
    g.attr(
        "graph",
        **attrs(
            fontname=FONT,
            fontsize=16,
            label=title,
            labelloc="t",
            rankdir=rankdir,
            nodesep=0.3,
            ranksep=0.45,
            newrank="true",
            pad=0.3,
        ),
    )
    g.attr("node", **attrs(fontname=FONT, fontsize=11, shape="box", style="rounded", margin="0.12,0.06"))
    g.attr("edge", **attrs(fontname=FONT, fontsize=9, arrowsize=0.7))
    return g


def same_rank(g: graphviz.Digraph, names: Sequence[str]) -> None:
    """Put these nodes on one rank."""
    with g.subgraph() as s:
        s.attr(rank="same")
        for n in names:
            s.node(dot_id(n))


def add_legend(
    g: graphviz.Digraph, rows: Sequence[tuple[str, str, str]], title: str, columns: int = 1
) -> None:
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
    table = f'<table border="0" cellspacing="2" cellpadding="1">{"".join(lines)}</table>'
    with g.subgraph(name="cluster_legend") as c:
        c.attr("graph", **attrs(label=title, style="rounded", color="#888888", fontsize=12))
        c.node("legend", shape="plain", label=f"<{table}>")


def date_title(kind: str, lang: str, day: dt.date, extra: str = "") -> str:
    t = T[lang]
    return f"{t[kind]}{': ' + extra if extra else ''} ({t['rules']} {day.isoformat()})"
