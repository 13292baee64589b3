"""`verblijfsroutes check`: check every property over every reachable situation.

Exit status 0 when every property holds, 1 when one fails (its shortest counterexample is
printed as a narrative), 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from verblijfsroutes.cli.main import add_model_options, engine_from
from verblijfsroutes.spec.errors import UsageError


def add_arguments(p: argparse.ArgumentParser) -> None:
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--all-eras", action="store_true", help="check every era between dated rule changes (the default)"
    )
    add_model_options(p)
    p.add_argument(
        "--property",
        action="append",
        default=[],
        metavar="NAME",
        help="check only this property (repeatable); see --list",
    )
    p.add_argument("--list", action="store_true", help="list the properties and exit")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--workers",
        type=int,
        default=0,
        metavar="N",
        help="processes to explore eras in parallel (default: up to 2 cores)",
    )


def run(args: argparse.Namespace) -> int:
    from verblijfsroutes.properties import PROPERTIES
    from verblijfsroutes.properties.check import default_workers, run_check, stderr_progress
    from verblijfsroutes.properties.report import render_json, render_text

    if args.list:
        for p in PROPERTIES:
            sys.stdout.write(f"{p.name}  [{p.kind}]  {p.statement} ({p.source}; {p.section})\n")
        return 0
    names = [p.name for p in PROPERTIES]
    for name in args.property:
        if name not in names:
            raise UsageError(f"unknown property {name!r}; valid: {', '.join(names)}")
    if args.all_eras and args.as_of:
        raise UsageError("give --as-of DATE or --all-eras, not both")
    if args.workers < 0:
        raise UsageError("--workers must be 0 (automatic) or more")
    engine = engine_from(args)
    eras = None if args.as_of is None else [engine.era_of(args.as_of)]
    start = time.perf_counter()
    report = run_check(
        engine,
        eras,
        args.property or None,
        workers=args.workers or default_workers(),
        progress=stderr_progress(start),
    )
    if args.json:
        json.dump(render_json(report), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(report, args.lang))
    return 0 if report.ok else 1
