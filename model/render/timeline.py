"""The timeline of a replayed case as an SVG drawing (written directly, deterministic).

One lane per track with a bar per state, a numbered mark per event (red cross: refused),
a lane of the deadlines running at the end, and the route class as the title. The drawing
is built from the replay's output document only, so it shows exactly what the JSON says.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from verblijfsroutes.spec.i18n import pick
from verblijfsroutes.spec.vocabulary import Vocabulary

PALETTE = (
    "#f2f2f2",
    "#cfe3f7",
    "#fde2b8",
    "#d4edc9",
    "#f7cfd8",
    "#e3d7f3",
    "#fff3b0",
    "#c9ece9",
    "#f3d9c4",
    "#dfe7c4",
    "#e8c9e0",
    "#d0d7f0",
    "#f0e0a8",
    "#c8e6f0",
)
LEFT, RIGHT, TOP, LANE, GAP = 190, 30, 70, 34, 6
WIDTH = 1100
MAX_DEADLINE_REACH = 400  # days after the last date within which final deadlines are drawn


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def render_svg(doc: dict[str, Any], vocab: Vocabulary, lang: str = "nl") -> str:
    """The SVG text of the timeline of the replay output `doc`."""
    steps = doc["steps"]
    final = doc["final"]
    end = _d(final["date"])
    start = _d(steps[0]["date"]) if steps else end
    reach = end + dt.timedelta(days=MAX_DEADLINE_REACH)
    deadlines = [d for d in final["deadlines"] if _d(d["date"]) <= reach]
    last = max([end] + [_d(d["date"]) for d in deadlines])
    span = max((last - start).days, 1)
    plot = WIDTH - LEFT - RIGHT

    def x(day: dt.date) -> float:
        return round(LEFT + plot * (day - start).days / span, 1)

    tracks = [t for t in vocab.tracks]
    lanes = {t.id: i for i, t in enumerate(tracks)}
    deadline_y = TOP + len(tracks) * (LANE + GAP)
    legend_y = deadline_y + LANE + 40
    height = legend_y + 16 * (len(steps) + 2) + 10
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
    ]
    title = doc["case"]["name"] or doc["case"]["file"]
    if len(title) > 150:
        title = title[:147] + "..."
    route = doc["route"]
    out.append(f'<text x="10" y="20" font-size="13" font-weight="bold">{escape(title)}</text>')
    overlap = " (overlap)" if route["overlap"] else ""
    out.append(
        f'<text x="10" y="40" font-size="12">{escape(route["label"] + overlap)} '
        f"[{escape(route['id'])}; {escape(route['section'])}]</text>"
    )
    # year ticks
    for year in range(start.year, last.year + 2):
        day = dt.date(year, 1, 1)
        if start <= day <= last:
            out.append(
                f'<line x1="{x(day)}" y1="{TOP - 8}" x2="{x(day)}" y2="{deadline_y + LANE}" '
                f'stroke="#bbbbbb" stroke-dasharray="2,3"/>'
            )
            out.append(f'<text x="{x(day) + 2}" y="{TOP - 10}" fill="#777777">{year}</text>')
    # lanes with state bars
    states = [(_d(s["date"]), s["situation"]) for s in steps]
    for t in tracks:
        y = TOP + lanes[t.id] * (LANE + GAP)
        out.append(f'<text x="10" y="{y + LANE / 2 + 4}">{escape(t.text(lang))}</text>')
        segments: list[tuple[dt.date, dt.date, str]] = []
        current = t.initial
        seg_start = start
        for day, situation in states:
            if situation[t.id] != current:
                segments.append((seg_start, day, current))
                current, seg_start = situation[t.id], day
        segments.append((seg_start, end, current))
        ids = t.state_ids()
        if last > end:  # the current state, drawn faintly up to the last deadline shown
            color = PALETTE[ids.index(current) % len(PALETTE)] if current in ids else PALETTE[0]
            out.append(
                f'<rect x="{x(end)}" y="{y}" width="{x(last) - x(end)}" height="{LANE}" '
                f'fill="{color}" opacity="0.4" stroke="none"/>'
            )
        for a, b, state in segments:
            x1, x2 = x(a), x(b)
            color = PALETTE[ids.index(state) % len(PALETTE)] if state in ids else PALETTE[0]
            label = escape(vocab.state_label(t.id, state, lang))
            out.append(
                f'<rect x="{x1}" y="{y}" width="{max(x2 - x1, 1.0)}" height="{LANE}" '
                f'fill="{color}" stroke="#888888" stroke-width="0.5"><title>{label} '
                f"({a} - {b})</title></rect>"
            )
            if x2 - x1 > 6 * len(state) + 6:
                out.append(f'<text x="{x1 + 3}" y="{y + LANE / 2 + 4}">{escape(state)}</text>')
    # event marks on the owner's lane
    owner = {ev.id: ev.track for ev in vocab.events}
    for s in steps:
        y = TOP + lanes[owner[s["event"]]] * (LANE + GAP)
        xx = x(_d(s["date"]))
        tip = _attr(f"{s['step']}. {s['date']} {s['event']}")
        if s["accepted"]:
            out.append(f'<circle cx="{xx}" cy="{y}" r="4" fill="#1f4e99"><title>{tip}</title></circle>')
        else:
            out.append(
                f'<path d="M{xx - 4},{y - 4}L{xx + 4},{y + 4}M{xx - 4},{y + 4}L{xx + 4},{y - 4}" '
                f'stroke="#c0392b" stroke-width="2"><title>{tip}</title></path>'
            )
        out.append(f'<text x="{xx + 5}" y="{y - 3}" font-size="9">{s["step"]}</text>')
    # end line and deadlines
    out.append(
        f'<line x1="{x(end)}" y1="{TOP - 4}" x2="{x(end)}" y2="{deadline_y + LANE}" '
        f'stroke="#333333" stroke-width="1"/>'
    )
    out.append(f'<text x="10" y="{deadline_y + LANE / 2 + 4}">{pick("termijnen", "deadlines", lang)}</text>')
    for k, d in enumerate(deadlines):
        xx = x(_d(d["date"]))
        yy = deadline_y + 8 + (k % 3) * 10
        out.append(
            f'<path d="M{xx},{yy - 5}L{xx + 5},{yy}L{xx},{yy + 5}L{xx - 5},{yy}Z" fill="#e67e22">'
            f"<title>{_attr(d['name'] + ' ' + d['date'] + ' (' + d['source'] + ')')}</title></path>"
        )
        text = f"{escape(d['id'])} {d['date']}"
        if xx > WIDTH - 220:  # label to the left of marks near the right edge
            out.append(f'<text x="{xx - 7}" y="{yy + 4}" font-size="9" text-anchor="end">{text}</text>')
        else:
            out.append(f'<text x="{xx + 7}" y="{yy + 4}" font-size="9">{text}</text>')
    # legend
    y = legend_y
    for s in steps:
        mark = "" if s["accepted"] else pick(" - GEWEIGERD", " - REFUSED", lang)
        refused_by = [r["rule"] for r in s["refusal"]]
        more = ", ..." if len(refused_by) > 3 else ""
        rule = s["rule"]["id"] if s["rule"] else ", ".join(refused_by[:3]) + more
        out.append(
            f'<text x="10" y="{y}">{s["step"]}. {s["date"]}  {escape(s["event"])} '
            f"({escape(rule)}){escape(mark)}</text>"
        )
        y += 16
    out.append("</svg>")
    return "\n".join(out) + "\n"
