"""The flow figure: the regulation's phases as columns, bands as wide as the people who move.

Columns are the regulation phases in the order phases.py lists them (a phase added there gets
a column), then one column of outcomes (the exit points). A box's height is the expected
number of passages through the phase per person of the report's population (population.Mix
edge flows); a band between two boxes is as wide as the flow between the phases, orange when
the move starts an asylum application, blue otherwise; a band into the outcome column shows
where people leave. Plain SVG, deterministic, in Dutch or English.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from verblijfsroutes.flows.population import Mix, chain_for
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.classes import OUTCOME
from verblijfsroutes.spec.i18n import pick

W, H = 1400, 640
TOP, BOTTOM = 90, 40
COL_W = 16
SCALE = 360  # pixels per person (flow 1.0 = the whole population once)
BLUE, ORANGE, GREY = "#4a78b0", "#e08a2c", "#8a8a8a"


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_svg(m: Mix, lang: str, title: str, labels: dict[str, str] | None = None) -> str:
    reg_of = {p.id: p for p in ph.REGELING_PHASES}
    flows: dict[tuple[str, str, bool], float] = defaultdict(float)
    exits: dict[tuple[str, str], float] = defaultdict(float)
    den = sum(m.weights.values())
    for g, sol in m.solutions.items():
        scale = m.weights[g] / den
        for (u, v), f in zip(sol.chain.edges, sol.chain.flows_ending_in(sol, _pop()), strict=True):
            if f * scale < 1e-4:
                continue
            ru = ph.split(u)[0] or ph.LEFT
            if v.startswith(OUTCOME):
                exits[(ru, v[len(OUTCOME) :])] += f * scale
                continue
            rv, av = ph.split(v)
            rv = rv or ph.LEFT
            asylum = av == "aanvraag" and ph.split(u)[1] != "aanvraag"
            if ru != rv or asylum:
                flows[(ru, rv, asylum)] += f * scale
    columns = [p.id for p in ph.REGELING_PHASES] + [ph.LEFT]
    totals = {o: round(sum(v for (_, oo), v in exits.items() if oo == o), 9) for _, o in exits}
    outcomes = sorted(totals, key=lambda o: (-totals[o], o))
    n = len(columns) + 1
    x_of = {c: 40 + i * (W - 200) / (n - 1) for i, c in enumerate(columns)}
    x_out = 40 + (n - 1) * (W - 200) / (n - 1)
    inflow: dict[str, float] = defaultdict(float)
    outflow: dict[str, float] = defaultdict(float)
    for (a, b, _), f in flows.items():
        if a != b:  # an asylum application within one regulation phase is no passage
            outflow[a] += f
            inflow[b] += f
    for (a, _), f in exits.items():
        outflow[a] += f
    height = {c: max(inflow[c], outflow[c]) * SCALE for c in columns}
    y_of = {c: TOP + (i % 2) * 30 for i, c in enumerate(columns)}
    out_h = {o: sum(v for (_, oo), v in exits.items() if oo == o) * SCALE for o in outcomes}
    y_out: dict[str, float] = {}
    y = float(TOP)
    for o in outcomes:
        y_out[o] = y
        y += out_h[o] + 14
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        'font-family="Helvetica, Arial, sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="40" y="28" font-size="16" font-weight="bold">{_esc(title)}</text>',
        f'<text x="40" y="48" fill="#444">{_esc(pick("bandbreedte = aantal mensen (per persoon van de populatie); oranje = start asielaanvraag; rechts: uitstappunten", "band width = people (per person of the population); orange = asylum application starts; right: exit points", lang))}</text>',
    ]
    out_cursor = dict.fromkeys(columns, 0.0)
    in_cursor = dict.fromkeys(columns, 0.0)
    for (a, b, asylum), f in sorted(
        flows.items(), key=lambda kv: (columns.index(kv[0][0]), columns.index(kv[0][1]), kv[0][2])
    ):
        w = f * SCALE
        x1, x2 = x_of[a] + COL_W, x_of[b]
        y1 = y_of[a] + out_cursor[a] + w / 2
        y2 = y_of[b] + in_cursor[b] + w / 2
        out_cursor[a] += w
        in_cursor[b] += w
        if x2 <= x1:  # a move back: loop under the columns
            x2 = x_of[b] + COL_W / 2
            path = (
                f"M{x1:.1f},{y1:.1f} C{x1 + 60:.1f},{H - 20:.1f} {x2 - 60:.1f},{H - 20:.1f} {x2:.1f},{y2:.1f}"
            )
            opacity = 0.25
        else:
            mid = (x1 + x2) / 2
            path = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
            opacity = 0.45
        colour = ORANGE if asylum else BLUE
        parts.append(
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-opacity="{opacity}" stroke-width="{max(w, 0.5):.1f}"/>'
        )
    for (a, o), f in sorted(
        exits.items(), key=lambda kv: (columns.index(kv[0][0]), outcomes.index(kv[0][1]))
    ):
        w = f * SCALE
        x1 = x_of[a] + COL_W
        y1 = y_of[a] + out_cursor[a] + w / 2
        out_cursor[a] += w
        y2 = y_out[o] + w / 2
        y_out[o] += w
        mid = (x1 + x_out) / 2
        parts.append(
            f'<path d="M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x_out:.1f},{y2:.1f}" fill="none" '
            f'stroke="{GREY}" stroke-opacity="0.35" stroke-width="{max(w, 0.5):.1f}"/>'
        )
    for c in columns:
        label = reg_of[c].text(lang) if c in reg_of else ph.LEFT_LABEL[lang]
        parts.append(
            f'<rect x="{x_of[c]:.1f}" y="{y_of[c]:.1f}" width="{COL_W}" height="{max(height[c], 1):.1f}" fill="#333"/>'
        )
        parts.append(
            f'<text x="{x_of[c]:.1f}" y="{y_of[c] - 8:.1f}" font-weight="bold">{_esc(label)} '
            f"({100 * max(inflow[c], outflow[c]):.0f}%)</text>"
        )
    y = float(TOP)
    for o in outcomes:
        share = out_h[o] / SCALE
        parts.append(
            f'<rect x="{x_out:.1f}" y="{y:.1f}" width="{COL_W}" height="{max(out_h[o], 1):.1f}" fill="#666"/>'
        )
        parts.append(
            f'<text x="{x_out + COL_W + 6:.1f}" y="{y + max(out_h[o], 1) / 2 + 4:.1f}">{_esc((labels or {}).get(o, o))} {100 * share:.1f}%</text>'
        )
        y += out_h[o] + 14
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def figure_svg(engine, day: dt.date, values, lang: str) -> str:  # type: ignore[no-untyped-def]
    """The flow figure of the rules in force on `day` (what `flows figure` writes)."""
    m = Mix.of(chain_for(engine, day), values)
    title = pick(
        f"Stromen door de verblijfsregeling, regels van {day.isoformat()} (model, geen voorspelling)",
        f"Flows through the regulation, rules of {day.isoformat()} (a model, not a prediction)",
        lang,
    )
    labels = {d.id: d.text(lang) for d in engine.derived.get("uitkomsten", ())}
    return render_svg(m, lang, title, labels)


def _pop() -> frozenset[str]:
    from verblijfsroutes.flows.population import POPULATION

    return POPULATION
