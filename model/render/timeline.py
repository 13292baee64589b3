"""The timeline of a replayed case as an SVG drawing (written directly, deterministic).

Lanes: one per track with a bar per state, then lawful residence (with its basis) and the
provisions; a numbered mark per event on its track's lane (a cross: refused); a lane with
every deadline that ran during the case. Below: a legend of the marks, each lane's states in
order with their dates, and the steps with their events. Labels, never ids; nothing is cut
off: long texts wrap. 620 units wide, so at the text width of an A4 page (about 454 pt) 11-unit
text prints at 8 pt. Built from the replay's output document only: it shows what the JSON says.
"""

from __future__ import annotations

import datetime as dt
import textwrap
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
WIDTH = 620
LEFT, RIGHT, LANE, GAP, LINE = 150, 12, 22, 4, 14
CHAR = 5.6  # average width of an 11-unit sans-serif character
MAX_DEADLINE_REACH = 400  # days after the last date within which deadlines are drawn (all are listed)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _wrap(text: str, width: float, size: float = 11) -> list[str]:
    return textwrap.wrap(text, max(10, int(width / (CHAR * size / 11)))) or [""]


def _lanes(doc: dict[str, Any], vocab: Vocabulary, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Per lane: its name and the (date, label) at which its value changes."""
    steps = doc["steps"]
    lanes: list[tuple[str, list[tuple[str, str]]]] = []
    for t in vocab.tracks:
        changes = [(steps[0]["date"], vocab.state_label(t.id, t.initial, lang))] if steps else []
        for s in steps:
            changes.append((s["date"], s["labels"][t.id]))
        lanes.append((t.text(lang), changes))
    residence = []
    provisions = []
    no = pick("geen rechtmatig verblijf", "no lawful residence", lang)
    for s in steps:
        bases = "; ".join(b["label"] for b in s["residence_basis"]) if s["lawful_residence"] else no
        residence.append((s["date"], bases))
        provisions.append((s["date"], s["provisions"]["label"]))
    lanes.append((pick("Rechtmatig verblijf", "Lawful residence", lang), residence))
    lanes.append((pick("Voorzieningen", "Provisions", lang), provisions))
    out = []
    for name, changes in lanes:
        kept: list[tuple[str, str]] = []
        for day, label in changes:
            if not kept or kept[-1][1] != label:
                kept.append((day, label))
        out.append((name, kept))
    return out


def render_svg(doc: dict[str, Any], vocab: Vocabulary, lang: str = "nl") -> str:
    """The SVG text of the timeline of the replay output `doc`."""
    steps = doc["steps"]
    final = doc["final"]
    end = _d(final["date"])
    start = _d(steps[0]["date"]) if steps else end
    reach = end + dt.timedelta(days=MAX_DEADLINE_REACH)
    ran: dict[tuple[str, str], dict[str, Any]] = {}
    for block in [*steps, final]:
        for d in block["deadlines"]:
            ran.setdefault((d["id"], d["date"]), d)
    deadlines = sorted(ran.values(), key=lambda d: (d["date"], d["name"]))  # all in the legend
    drawn = [k for k, d in enumerate(deadlines) if _d(d["date"]) <= reach]  # far ones only listed
    last = max([end] + [_d(deadlines[k]["date"]) for k in drawn])
    span = max((last - start).days, 1)
    plot = WIDTH - LEFT - RIGHT

    def x(day: dt.date) -> float:
        return round(LEFT + plot * (day - start).days / span, 1)

    body: list[str] = []
    y = 18
    title = doc["case"]["name"] or doc["case"]["file"]
    for line in _wrap(title, WIDTH - 20, 12):
        body.append(f'<text x="10" y="{y}" font-size="12" font-weight="bold">{escape(line)}</text>')
        y += 15
    route = doc["route"]
    overlap = (
        pick(" (overlap regeling en asiel)", " (regulation and asylum overlap)", lang)
        if route["overlap"]
        else ""
    )
    section = pick(route["section"], route["section"].replace("Figuur", "Figure"), lang)
    for line in _wrap(f"{pick('Route', 'Route', lang)}: {route['label']}{overlap} ({section})", WIDTH - 20):
        body.append(f'<text x="10" y="{y}">{escape(line)}</text>')
        y += LINE
    top = y + 16
    lanes = _lanes(doc, vocab, lang)
    lane_y = {k: top + k * (LANE + GAP) for k in range(len(lanes))}
    deadline_y = top + len(lanes) * (LANE + GAP)
    deadline_rows = _rows([deadlines[k] for k in drawn], x)
    bottom = deadline_y + 12 + 12 * max(deadline_rows.values(), default=0) + 12
    for year in range(start.year, last.year + 2):
        day = dt.date(year, 1, 1)
        if start <= day <= last:
            body.append(
                f'<line x1="{x(day)}" y1="{top - 8}" x2="{x(day)}" y2="{bottom}" stroke="#bbbbbb" stroke-dasharray="2,3"/>'
            )
            body.append(f'<text x="{x(day) + 2}" y="{top - 10}" fill="#777777" font-size="9">{year}</text>')
    for k, (name, changes) in enumerate(lanes):
        ly = lane_y[k]
        for m, line in enumerate(_wrap(name, LEFT - 14, 10)[:2]):
            body.append(f'<text x="6" y="{ly + 9 + m * 11}" font-size="10">{escape(line)}</text>')
        labels = sorted({label for _, label in changes})
        for j, (since, label) in enumerate(changes):
            a = _d(since)
            b = _d(changes[j + 1][0]) if j + 1 < len(changes) else end
            color = PALETTE[1 + labels.index(label) % (len(PALETTE) - 1)]
            x1, x2 = x(a), x(b)
            body.append(
                f'<rect x="{x1}" y="{ly}" width="{max(x2 - x1, 1.0)}" height="{LANE}" fill="{color}" '
                f'stroke="#888888" stroke-width="0.5"><title>{_attr(label)} ({a} - {b})</title></rect>'
            )
            if x2 - x1 > CHAR * 0.85 * len(label) + 6:
                body.append(
                    f'<text x="{x1 + 3}" y="{ly + LANE / 2 + 4}" font-size="9">{escape(label)}</text>'
                )
        if last > end and changes:
            body.append(
                f'<rect x="{x(end)}" y="{ly}" width="{x(last) - x(end)}" height="{LANE}" fill="#dddddd" opacity="0.5"/>'
            )
    owner = {ev.id: ev.track for ev in vocab.events}
    track_lane = {t.id: k for k, t in enumerate(vocab.tracks)}
    placed: dict[int, list[float]] = {}
    for s in steps:
        lane = track_lane[owner[s["event"]]]
        xx = x(_d(s["date"]))
        near = sum(1 for p in placed.setdefault(lane, []) if abs(p - xx) < 12)
        placed[lane].append(xx)
        cy = lane_y[lane] + 5 + near * 9
        tip = _attr(f"{s['step']}. {s['date']} {s['event_label']}")
        if s["accepted"]:
            body.append(f'<circle cx="{xx}" cy="{cy}" r="3.5" fill="#1f4e99"><title>{tip}</title></circle>')
        else:
            body.append(
                f'<path d="M{xx - 4},{cy - 4}L{xx + 4},{cy + 4}M{xx - 4},{cy + 4}L{xx + 4},{cy - 4}" '
                f'stroke="#c0392b" stroke-width="2"><title>{tip}</title></path>'
            )
        body.append(f'<text x="{xx + 4}" y="{cy - 1}" font-size="8">{s["step"]}</text>')
    body.append(f'<line x1="{x(end)}" y1="{top - 4}" x2="{x(end)}" y2="{bottom}" stroke="#333333"/>')
    body.append(
        f'<text x="6" y="{deadline_y + 12}" font-size="10">{pick("termijnen", "deadlines", lang)}</text>'
    )
    for row, k in enumerate(drawn):
        d = deadlines[k]
        xx = x(_d(d["date"]))
        yy = deadline_y + 8 + 12 * deadline_rows[row]
        body.append(
            f'<path d="M{xx},{yy - 4}L{xx + 4},{yy}L{xx},{yy + 4}L{xx - 4},{yy}Z" fill="#e67e22">'
            f"<title>{_attr(d['name'] + ' ' + d['date'] + ' (' + d['source'] + ')')}</title></path>"
        )
        if xx > WIDTH - RIGHT - 14:  # the number to the left of a mark at the right edge
            body.append(f'<text x="{xx - 6}" y="{yy + 3}" font-size="8" text-anchor="end">{k + 1}</text>')
        else:
            body.append(f'<text x="{xx + 6}" y="{yy + 3}" font-size="8">{k + 1}</text>')
    height = _legend(body, bottom + 16, lang, deadlines, lanes, steps) + 6
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
    ]
    return "\n".join(head + body + ["</svg>"]) + "\n"


def _rows(deadlines: list[dict[str, Any]], x: Any) -> dict[int, int]:
    """A row per deadline mark so that marks and their numbers do not collide."""
    ends: list[float] = []
    rows = {}
    for k, d in enumerate(deadlines):
        xx = x(_d(d["date"]))
        row = next((r for r, e in enumerate(ends) if xx - 6 > e), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = xx + 6 + 6 * len(str(k + 1))
        rows[k] = row
    return rows


def _legend(
    body: list[str],
    y: float,
    lang: str,
    deadlines: list[dict[str, Any]],
    lanes: list[tuple[str, list[tuple[str, str]]]],
    steps: list[dict[str, Any]],
) -> float:
    """The legend under the drawing: the marks, the deadlines, each lane's states, the steps."""

    def line(text: str, bold: bool = False, indent: int = 10) -> None:
        nonlocal y
        for part in _wrap(text, WIDTH - indent - 10):
            weight = ' font-weight="bold"' if bold else ""
            body.append(f'<text x="{indent}" y="{y}"{weight}>{escape(part)}</text>')
            y += LINE

    body.append(f'<circle cx="14" cy="{y - 4}" r="3.5" fill="#1f4e99"/>')
    body.append(
        f'<text x="22" y="{y}">{escape(pick("gebeurtenis (nummer: stap)", "event (number: step)", lang))}</text>'
    )
    body.append(
        f'<path d="M186,{y - 8}L194,{y}M186,{y}L194,{y - 8}" stroke="#c0392b" stroke-width="2"/>'
        f'<text x="200" y="{y}">{escape(pick("geweigerd", "refused", lang))}</text>'
    )
    body.append(
        f'<path d="M290,{y - 8}L294,{y - 4}L290,{y}L286,{y - 4}Z" fill="#e67e22"/>'
        f'<text x="300" y="{y}">{escape(pick("einde termijn", "end of a term", lang))}</text>'
    )
    body.append(
        f'<rect x="400" y="{y - 9}" width="14" height="10" fill="#dddddd" opacity="0.5" stroke="#888888" stroke-width="0.5"/>'
        f'<text x="418" y="{y}">{escape(pick("na de laatste stap", "after the last step", lang))}</text>'
    )
    y += LINE + 4
    if deadlines:
        line(pick("Termijnen", "Deadlines", lang), bold=True)
        for k, d in enumerate(deadlines):
            line(f"{k + 1}. {d['date']}  {d['name']} ({d['source']})", indent=16)
        y += 4
    line(pick("Banen", "Lanes", lang), bold=True)
    for name, changes in lanes:
        line(f"{name}: " + " → ".join(f"{label} ({day})" for day, label in changes), indent=16)
    y += 4
    line(pick("Stappen", "Steps", lang), bold=True)
    for s in steps:
        mark = "" if s["accepted"] else pick(" - GEWEIGERD", " - REFUSED", lang)
        rule = s["rule"]["id"] if s["rule"] else ", ".join(r["rule"] for r in s["refusal"])
        line(f"{s['step']}. {s['date']}  {s['event_label']} ({rule}){mark}", indent=16)
    return y
