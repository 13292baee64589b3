"""`verblijfsroutes diagram`: draw the machine, Figure 1, Figure 2, a route or a date diff.

`--all` (re)writes every committed diagram in diagrams/ (SVG and PNG, Dutch and English);
the output is byte-for-byte reproducible with the pinned graphviz-pure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from verblijfsroutes.cli.main import add_model_options, as_of_date, engine_from, note_date
from verblijfsroutes.cli.output import check_generated, write_generated, write_output
from verblijfsroutes.cli.progress import stderr_progress
from verblijfsroutes.render.catalogue import (
    KINDS,
    REFERENCE_DAY,
    build,
    build_mermaid,
    catalogue,
    is_print,
    render_all,
    with_dpi,
)
from verblijfsroutes.render.palette import PRINT_DPI
from verblijfsroutes.render.run_dot import render
from verblijfsroutes.spec.errors import UsageError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", nargs="?", choices=KINDS, help="what to draw (omit with --all)")
    p.add_argument("--all", action="store_true", help="write every committed diagram into --out")
    p.add_argument("--out", metavar="DIR", help="folder for --all (default diagrams)")
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
    p.add_argument(
        "--format",
        choices=("svg", "png", "dot", "mermaid"),
        default="svg",
        help="mermaid: Markdown-ready text of `machine` (per --track) or `route`",
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default stdout; png needs FILE)")
    p.add_argument(
        "--force",
        action="store_true",
        help="overwrite an existing --output FILE, or files in --out that this command did not write",
    )
    add_model_options(p)


def run(args: argparse.Namespace) -> int:
    engine = engine_from(args)
    if args.all:
        if args.kind:
            raise UsageError("give either a diagram kind or --all")
        if args.choice or args.as_of:
            raise UsageError("--all writes the committed diagrams: default decisions, fixed dates")
        if args.output or args.track or args.cls or args.date_from or args.date_to or args.format != "svg":
            raise UsageError(
                "--all writes every diagram as SVG and PNG into --out DIR; drop the other options"
            )
        folder = Path(args.out or "diagrams")
        names = [f"{stem}.{ext}" for stem, _ in catalogue(engine) for ext in ("svg", "png")]
        check_generated(folder, names, force=args.force)
        files = render_all(engine, stderr_progress())
        for path in write_generated(folder, files, force=args.force):
            sys.stdout.write(f"{path}\n")
        return 0
    if not args.kind:
        raise UsageError(f"give a diagram kind ({', '.join(KINDS)}) or --all")
    if args.out:
        raise UsageError("--out DIR is for --all; write one diagram with --output FILE")
    applies = {"track": "machine", "cls": "route", "date_from": "compare", "date_to": "compare"}
    for field, kind in applies.items():
        if getattr(args, field) and args.kind != kind:
            flag = {"cls": "--class", "date_from": "--from", "date_to": "--to", "track": "--track"}[field]
            raise UsageError(f"{flag} is for `diagram {kind}`, not `diagram {args.kind}`")
    # compare draws its own two dates (--from, --to); the others the rules of one day
    day = args.as_of or (REFERENCE_DAY if args.kind == "compare" else note_date(REFERENCE_DAY))
    if args.format == "mermaid":
        text = build_mermaid(engine, args.kind, args.lang, day, args.track, args.cls, args.index)
        if args.output:
            write_output(args.output, text.encode("utf-8"), force=args.force)
        else:
            sys.stdout.write(text)
        return 0
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
    elif args.format == "png" and is_print(f"{args.kind}-"):
        data = with_dpi(render(dot, "png", PRINT_DPI), PRINT_DPI)
    else:
        data = render(dot, args.format)
    if args.output:
        write_output(args.output, data, force=args.force)
    elif args.format == "png":
        raise UsageError("--format png needs --output FILE")
    else:
        sys.stdout.buffer.write(data)
    return 0
