"""`verblijfsroutes diagram`: draw the machine, Figure 1, Figure 2, a route or a date diff.

`--all` (re)writes every committed diagram in diagrams/ (SVG and PNG, Dutch and English);
the output is byte-for-byte reproducible with the pinned graphviz-pure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from verblijfsroutes.cli.main import add_model_options, as_of_date, engine_from
from verblijfsroutes.spec.errors import UsageError

KINDS = ("machine", "figure1", "figure2", "route", "compare")
# The committed diagrams show the rules in force on this day (the report's year, 2020;
# any later day of the same era gives the same diagrams).
REFERENCE_DAY = dt.date(2020, 1, 1)
COMPARE = (dt.date(2019, 7, 31), dt.date(2019, 8, 1))  # the Dublin change (Box 1)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", nargs="?", choices=KINDS, help="what to draw (omit with --all)")
    p.add_argument("--all", action="store_true", help="write every committed diagram into --out")
    p.add_argument("--out", default="diagrams", metavar="DIR", help="directory for --all (default diagrams)")
    p.add_argument("--track", metavar="TRACK", help="machine: only this track")
    p.add_argument("--class", dest="cls", metavar="NAME", help="route: the route class")
    p.add_argument(
        "--index",
        type=int,
        default=1,
        metavar="N",
        help="route: the N-th route of the class; 1 (default) is the canonical example, the "
        "rest shortest first",
    )
    p.add_argument("--from", dest="date_from", type=as_of_date, metavar="DATE", help="compare: first date")
    p.add_argument("--to", dest="date_to", type=as_of_date, metavar="DATE", help="compare: second date")
    p.add_argument("--format", choices=("svg", "png", "dot"), default="svg")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default stdout; png needs FILE)")
    add_model_options(p)


_ROUTES: dict[tuple[int, int], Any] = {}  # routes per (engine, era), computed once per run


def build(
    engine,
    kind: str,
    lang: str,
    day: dt.date,
    track: str | None = None,  # type: ignore[no-untyped-def]
    cls: str | None = None,
    index: int = 1,
    dates: tuple[dt.date, dt.date] | None = None,
) -> str:
    """The DOT text of one diagram."""
    from verblijfsroutes.render import diagrams as d
    from verblijfsroutes.routes.listing import CLASS_IDS, routes_on

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
            extra = tr.nl if lang == "nl" else tr.en
        return d.machine_dot(engine, rules, lang, tracks, d.date_title("machine", lang, day, extra))
    if kind == "compare":
        if not dates or not dates[0] or not dates[1]:
            raise UsageError("compare needs --from DATE and --to DATE")
        from verblijfsroutes.routes.diff import rule_diff

        diff = rule_diff(engine, dates[0], dates[1])
        status = {rid: st for st, ids in diff.items() for rid in ids}
        if not status:
            raise UsageError(f"no rule changes between {dates[0]} and {dates[1]}")
        rules = [r for r in engine.rules if engine.in_force(r, dates[0]) or engine.in_force(r, dates[1])]
        touched = sorted(
            {t for r in rules if r.id in status for t in _tracks_of(engine, r)},
            key=[t.id for t in engine.vocab.tracks].index,
        )
        t = d.T[lang]
        title = f"{t['compare']}: {t['rules']} {dates[0].isoformat()} / {dates[1].isoformat()}"
        return d.machine_dot(engine, rules, lang, touched, title, status, name="compare")
    key = (id(engine), engine.era_of(day))
    if key not in _ROUTES:
        _ROUTES[key] = routes_on(engine, day)
    rs = _ROUTES[key]
    if kind == "figure1":
        return d.phase_dot(engine, rs, lang, d.date_title("fig1", lang, day), name="figure1")
    if kind == "figure2":
        # the canonical example of each route (routes.CANONICAL_CRITERION); Route 1 with
        # overlap is drawn dashed where it leaves Route 1 without overlap
        reps = {
            c: r
            for c in ("route_1", "route_1_overlap", "route_2", "route_3")
            if (r := rs.canonical(c)) is not None
        }
        return d.phase_dot(engine, rs, lang, d.date_title("fig2", lang, day), highlight=reps, name="figure2")
    if kind == "route":
        if cls not in CLASS_IDS:
            raise UsageError(f"route needs --class, one of {', '.join(CLASS_IDS)}")
        found = rs.sorted_routes(cls)
        if not 1 <= index <= len(found):
            raise UsageError(f"--index {index}: class {cls} has {len(found)} listed route(s) on {day}")
        route = found[index - 1]
        from verblijfsroutes.routes.listing import route_class

        title = d.date_title("route", lang, day, f"{route_class(cls).text(lang)} #{index}")
        return d.phase_dot(engine, rs, lang, title, numbered=route, name=f"route-{cls}")
    raise UsageError(f"unknown diagram kind {kind!r}")


def _tracks_of(engine, rule) -> list[str]:  # type: ignore[no-untyped-def]
    tracks = {t.id for t in engine.vocab.tracks}
    own = engine.vocab.event(rule.event).track
    return sorted({own} | {t for t in rule.updates if t in tracks})


def catalogue(engine) -> list[tuple[str, Callable[[], str]]]:  # type: ignore[no-untyped-def]
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
        out.append((f"figure2-{lang}", partial(build, engine, "figure2", lang, day)))
        out.append(
            (
                f"compare-{COMPARE[1].isoformat()}-{lang}",
                partial(build, engine, "compare", lang, day, dates=COMPARE),
            )
        )
    from verblijfsroutes.routes.listing import CLASS_IDS

    for cls in CLASS_IDS:
        out.append((f"route-{cls}-nl", partial(build, engine, "route", "nl", day, cls=cls)))
    return out


# Every committed PNG stays below this size: a PNG over it is rendered again at the next
# lower resolution (DPI_STEPS; the default is 96 dpi, the combined machine starts at 72).
PNG_LIMIT = 500_000
DPI_STEPS = (96, 84, 72, 70, 68, 66, 64, 60)


def render_png(dot: str, start: int = 96) -> bytes:
    """The PNG at the highest resolution in DPI_STEPS, from `start` down, that stays below
    PNG_LIMIT (the lowest one when none does). Deterministic, like the renderer."""
    from verblijfsroutes.render.run_dot import render

    steps = [d for d in DPI_STEPS if d <= start]
    for dpi in steps:
        data = render(dot, "png", None if dpi == 96 else dpi)
        if len(data) < PNG_LIMIT:
            break
    return data


def write_all(engine, out_dir: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    """Render the catalogue into out_dir as .svg and .png; returns the files written."""
    from verblijfsroutes.render.run_dot import render

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, make in catalogue(engine):
        dot = make()
        path = out_dir / f"{stem}.svg"
        path.write_bytes(render(dot, "svg"))
        written.append(path)
        # the combined machine is large: it starts at 72 dpi (edge labels stay legible)
        combined = stem.startswith("machine-") and stem.count("-") == 1
        path = out_dir / f"{stem}.png"
        path.write_bytes(render_png(dot, 72 if combined else 96))
        written.append(path)
    return written


def run(args: argparse.Namespace) -> int:
    engine = engine_from(args)
    if args.all:
        if args.kind:
            raise UsageError("give either a diagram kind or --all")
        if args.choice or args.as_of:
            raise UsageError("--all writes the committed diagrams: default decisions, fixed dates")
        for path in write_all(engine, Path(args.out)):
            sys.stdout.write(f"{path}\n")
        return 0
    if not args.kind:
        raise UsageError(f"give a diagram kind ({', '.join(KINDS)}) or --all")
    day = args.as_of or REFERENCE_DAY
    dot = build(
        engine,
        args.kind,
        args.lang,
        day,
        args.track,
        args.cls,
        args.index,
        (args.date_from, args.date_to) if args.kind == "compare" else None,
    )
    if args.format == "dot":
        data = dot.encode("utf-8")
    else:
        from verblijfsroutes.render.run_dot import render

        data = render(dot, args.format)
    if args.output:
        Path(args.output).write_bytes(data)
    elif args.format == "png":
        raise UsageError("--format png needs --output FILE")
    else:
        sys.stdout.buffer.write(data)
    return 0
