"""The diagram catalogue: build any diagram by kind (machine, Figure 1, Figure 2, a route, a
comparison of two dates) and write every committed diagram of diagrams/ (SVG and PNG, Dutch
and English), byte-for-byte reproducible with the pinned graphviz-pure.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.render.dot import T, date_title
from verblijfsroutes.render.machine_diagram import machine_dot
from verblijfsroutes.render.mermaid import machine_mermaid, route_mermaid
from verblijfsroutes.render.palette import PRINT_DPI
from verblijfsroutes.render.phase_diagram import phase_dot
from verblijfsroutes.render.print_figure import print_dot
from verblijfsroutes.render.report_shares import ROUTE_SHARES, SHARES_NOTE
from verblijfsroutes.render.run_dot import render, render_formats
from verblijfsroutes.routes.classes import CLASS_IDS, Route, route_class
from verblijfsroutes.routes.diff import rule_changes, rule_diff
from verblijfsroutes.routes.listing import RouteSet, routes_on
from verblijfsroutes.spec.errors import UsageError
from verblijfsroutes.spec.i18n import pick
from verblijfsroutes.spec.rules import Rule

KINDS = ("machine", "figure1", "figure1-all", "figure2", "figure2-model", "route", "compare")
# The committed diagrams show the rules in force on this day (the report's year, 2020;
# any later day of the same era gives the same diagrams).
REFERENCE_DAY = dt.date(2020, 1, 1)
COMPARE = (dt.date(2019, 7, 31), dt.date(2019, 8, 1))  # the Dublin change (Box 1)


def build(
    engine: Engine,
    kind: str,
    lang: str,
    day: dt.date,
    track: str | None = None,
    cls: str | None = None,
    index: int = 1,
    dates: tuple[dt.date, dt.date] | None = None,
) -> str:
    """The DOT text of one diagram."""

    if kind == "machine":
        tracks = None
        if track:
            if track not in [t.id for t in engine.vocab.tracks]:
                raise UsageError(
                    f"--track {track!r} is not one of {', '.join(t.id for t in engine.vocab.tracks)}"
                )
            tracks = [track]
        rules = [r for r in engine.rules if engine.in_force(r, day)]
        extra = ""
        if track:
            tr = engine.vocab.track(track)
            extra = tr.text(lang)
        return machine_dot(engine, rules, lang, tracks, date_title("machine", lang, day, extra))
    if kind == "compare":
        if not dates or not dates[0] or not dates[1]:
            raise UsageError("compare needs --from DATE and --to DATE")
        diff = rule_diff(engine, dates[0], dates[1])
        status = {rid: st for st, ids in diff.items() for rid in ids}
        if not status:
            raise UsageError(f"no rule changes between {dates[0]} and {dates[1]}")
        rules = [r for r in engine.rules if engine.in_force(r, dates[0]) or engine.in_force(r, dates[1])]
        touched = sorted(
            {t for r in rules if r.id in status for t in _tracks_of(engine, r)},
            key=[t.id for t in engine.vocab.tracks].index,
        )
        return machine_dot(
            engine,
            rules,
            lang,
            touched,
            compare_title(engine, lang, dates),
            status,
            name="compare",
            changes=change_words(engine, lang, dates),
        )
    rs = routes_on(engine, day)
    if kind == "figure1":
        return print_dot(engine, rs.graph, lang, date_title("fig1", lang, day), name="figure1")
    if kind == "figure1-all":
        return phase_dot(engine, rs, lang, date_title("fig1all", lang, day), name="figure1_all")
    if kind in ("figure2", "figure2-model"):
        # the canonical example of each route (routes.CANONICAL_CRITERION), each drawn once,
        # with the report's published shares (§3.1) in the legend; figure2-model adds the
        # model's own shares (flows) beside them
        reps = {c: r for c in ("route_1", "route_2", "route_3") if (r := rs.canonical(c)) is not None}
        notes = tuple(SHARES_NOTE[lang])
        if kind == "figure2-model":
            from verblijfsroutes.render.model_shares import model_share_notes

            notes += model_share_notes(engine, day, lang)
        return print_dot(
            engine,
            rs.graph,
            lang,
            date_title("fig2", lang, day),
            name=kind.replace("-", "_"),
            routes=reps,
            route_notes={c: ROUTE_SHARES[lang][c] for c in reps},
            notes=notes,
        )
    if kind == "route":
        cls = _check_class(cls)
        route = nth_route(rs, cls, index, day)
        title = date_title("route", lang, day, f"{route_class(cls).text(lang)} #{index}")
        return print_dot(engine, rs.graph, lang, title, name=f"route-{cls}", numbered=route)
    raise UsageError(f"unknown diagram kind {kind!r}")


def _check_class(cls: str | None) -> str:
    """`cls` when it names a route class; a UsageError otherwise."""
    if not cls:
        raise UsageError(f"route needs --class, one of {', '.join(CLASS_IDS)}")
    if cls not in CLASS_IDS:
        raise UsageError(f"--class {cls!r} is not a route class; give one of {', '.join(CLASS_IDS)}")
    return cls


def nth_route(rs: RouteSet, cls: str, index: int, day: dt.date) -> Route:
    """The `index`-th route of a class as `routes` lists them (canonical first, then shortest)."""
    total = rs.counts()[cls]
    if not total:
        raise UsageError(f"--class {cls}: the rules in force on {day} allow no route of this class")
    if not 1 <= index <= total:
        raise UsageError(f"--index {index}: class {cls} has {total:,} route(s) on {day}; give 1 to {total:,}")
    return rs.sorted_routes(cls, index)[index - 1]


CHANGE_WORDS = {
    "nl": {
        "added": "nieuw",
        "removed": "vervallen",
        "replaced": "vervallen, vervangen door {new}",
        "plus": "voorwaarde erbij: {g}",
        "minus": "voorwaarde eraf: {g}",
        "target": "nieuw gevolg: {old} -> {new}",
        "same": "zelfde inhoud, nieuwe rij {old} -> {new}",
        "between": "wijzigingen tussen {a} en {b}",
    },
    "en": {
        "added": "added",
        "removed": "removed",
        "replaced": "removed, replaced by {new}",
        "plus": "guard added: {g}",
        "minus": "guard removed: {g}",
        "target": "new result: {old} -> {new}",
        "same": "same content, new row {old} -> {new}",
        "between": "changes between {a} and {b}",
    },
}


def change_words(engine: Engine, lang: str, dates: tuple[dt.date, dt.date]) -> dict[str, str]:
    """Per changed row, what changed in words (as `verblijfsroutes diff` says it): a row
    added or removed, a guard added or removed, a new result (target)."""
    w = CHANGE_WORDS[lang]
    ch = rule_changes(engine, dates[0], dates[1])
    rules = {r.id: r for r in engine.rules}
    out = {rid: w["added"] for rid in ch["added"]} | {rid: w["removed"] for rid in ch["removed"]}
    for old_id, new_id in ch["changed"]:
        old, new = rules[old_id], rules[new_id]
        parts = [w["plus"].format(g=g) for g in new.guards if g not in old.guards]
        parts += [w["minus"].format(g=g) for g in old.guards if g not in new.guards]
        if old.updates != new.updates:
            parts.append(w["target"].format(old=old.updates, new=new.updates))
        out[new_id] = "; ".join(parts) or w["same"].format(old=old_id, new=new_id)
        out[old_id] = w["replaced"].format(new=new_id)
    return out


def compare_title(engine: Engine, lang: str, dates: tuple[dt.date, dt.date]) -> str:
    """The comparison's title: the change(s) that take effect between the dates, by name and date."""
    t = T[lang]
    named = [
        f"{pick(c.nl, c.en, lang)} ({engine.change_date(cid).isoformat()})"
        for cid, c in sorted(engine.data.changes.items(), key=lambda kv: engine.change_date(kv[0]))
        if dates[0] < engine.change_date(cid) <= dates[1]
    ]
    body = "; ".join(named) or CHANGE_WORDS[lang]["between"].format(a=dates[0], b=dates[1])
    return f"{t['compare']}: {body}"


def build_mermaid(
    engine: Engine,
    kind: str,
    lang: str,
    day: dt.date,
    track: str | None = None,
    cls: str | None = None,
    index: int = 1,
) -> str:
    """Mermaid text of the machine (one track, or every track) or of one route, from the same
    model as the DOT of `build`."""
    if kind == "machine":
        ids = [t.id for t in engine.vocab.tracks]
        if track and track not in ids:
            raise UsageError(f"--track {track!r} is not one of {', '.join(ids)}")
        rules = [r for r in engine.rules if engine.in_force(r, day)]
        extra = engine.vocab.track(track).text(lang) if track else ""
        return machine_mermaid(
            engine, rules, lang, [track] if track else ids, date_title("machine", lang, day, extra)
        )
    if kind == "route":
        cls = _check_class(cls)
        rs = routes_on(engine, day)
        route = nth_route(rs, cls, index, day)
        title = date_title("route", lang, day, f"{route_class(cls).text(lang)} #{index}")
        return route_mermaid(engine, rs.graph, route, lang, title)
    raise UsageError(f"--format mermaid draws `machine` or `route`, not `{kind}`: use svg, png or dot")


def _tracks_of(engine: Engine, rule: Rule) -> list[str]:
    tracks = {t.id for t in engine.vocab.tracks}
    own = engine.vocab.event(rule.event).track
    return sorted({own} | {t for t in rule.updates if t in tracks})


def catalogue(engine: Engine) -> list[tuple[str, Callable[[], str]]]:
    """Every committed diagram: (file stem, DOT builder)."""
    out: list[tuple[str, Callable[[], str]]] = []
    day = REFERENCE_DAY
    for lang in ("nl", "en"):
        out.append((f"machine-{lang}", partial(build, engine, "machine", lang, day)))
        for t in engine.vocab.tracks:
            out.append(
                (
                    f"machine-{t.id}-{lang}",
                    partial(build, engine, "machine", lang, day, track=t.id),
                )
            )
        out.append((f"figure1-{lang}", partial(build, engine, "figure1", lang, day)))
        out.append((f"figure1-all-{lang}", partial(build, engine, "figure1-all", lang, day)))
        out.append((f"figure2-{lang}", partial(build, engine, "figure2", lang, day)))
        out.append((f"figure2-model-{lang}", partial(build, engine, "figure2-model", lang, day)))
        out.append(
            (
                f"compare-{COMPARE[1].isoformat()}-{lang}",
                partial(build, engine, "compare", lang, day, dates=COMPARE),
            )
        )

        for cls in CLASS_IDS:
            out.append((f"route-{cls}-{lang}", partial(build, engine, "route", lang, day, cls=cls)))
    return out


# Developer figures (machine, comparison, every phase): SVG first; the PNG at this resolution,
# whatever its size (9 pt text is 12 px), no longer reduced to stay under a size cap.
DEV_DPI = 96


def is_print(stem: str) -> bool:
    """A figure meant for a note (print style, palette.py): Figure 1, Figure 2, a route."""
    return stem.startswith(("figure1-nl", "figure1-en", "figure2-", "route-"))


def with_dpi(png: bytes, dpi: int) -> bytes:
    """The PNG with its resolution recorded (a pHYs chunk, pixels per metre, after IHDR)."""
    ppm = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", ppm, ppm, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    at = 8 + 8 + 13 + 4  # signature, IHDR length+type, IHDR data, IHDR crc
    return png[:at] + chunk + png[at:]


def _render_both(stem: str, dot: str) -> tuple[bytes, bytes]:
    """SVG and PNG. A print figure: its PNG at PRINT_DPI; any other at DEV_DPI (one layout);
    the DPI recorded in the PNG."""
    if is_print(stem):
        return render(dot, "svg"), with_dpi(render(dot, "png", PRINT_DPI), PRINT_DPI)
    svg, png = render_formats(dot, ("svg", "png"))
    return svg, with_dpi(png, DEV_DPI)


def render_all(
    engine: Engine, progress: Callable[[str], None] | None = None, workers: int = 2
) -> dict[str, bytes]:
    """Every diagram of the catalogue as file name -> bytes (.svg and .png), in catalogue
    order; the renderer runs in `workers` processes at once."""
    entries = catalogue(engine)
    out: dict[str, bytes] = {}
    with ThreadPoolExecutor(max(1, workers)) as pool:
        # each DOT text goes to the renderer as soon as it is built
        futures = [pool.submit(_render_both, stem, make()) for stem, make in entries]
        for k, ((stem, _), fut) in enumerate(zip(entries, futures, strict=True), 1):
            svg, png = fut.result()
            out[f"{stem}.svg"], out[f"{stem}.png"] = svg, png
            if progress is not None:
                progress(f"diagram {k}/{len(entries)}: {stem}")
    return out


def write_all(engine: Engine, out_dir: Path) -> list[Path]:
    """Render the catalogue into out_dir (plain writes, for a fresh folder); returns the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in render_all(engine).items():
        (out_dir / name).write_bytes(data)
        written.append(out_dir / name)
    return written
