"""`verblijfsroutes table`: the transition table for legal reviewers."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from verblijfsroutes.cli.main import add_model_options, engine_from, note_date
from verblijfsroutes.cli.output import write_output
from verblijfsroutes.render.table import render, rule_record, select_rules
from verblijfsroutes.spec.changes import BASES
from verblijfsroutes.spec.errors import UsageError

FORMATS = ("md", "csv", "json")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS + ("html",), default="md")
    p.add_argument(
        "--basis",
        action="append",
        default=[],
        metavar="BASIS",
        help=f"only rows of this basis ({', '.join(BASES)}); repeat or comma-separate",
    )
    p.add_argument(
        "--active-only",
        action="store_true",
        help="leave out rows of open-question options that are not active",
    )
    p.add_argument(
        "--reviews",
        metavar="FILE",
        help="html: the review records to show (default: the reviews.yaml kept with the rules)",
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--force", action="store_true", help="overwrite --output FILE if it exists")
    add_model_options(p)


def run(args: argparse.Namespace) -> int:
    bases = [b.strip() for item in args.basis for b in item.split(",") if b.strip()]
    if args.basis and not bases:
        raise UsageError(f"--basis names no basis; give one or more of {', '.join(BASES)}")
    for b in bases:
        if b not in BASES:
            raise UsageError(f"--basis {b!r} is not one of {', '.join(BASES)}")
    engine = engine_from(args)
    if args.reviews and args.format != "html":
        raise UsageError("--reviews is for --format html")
    if args.format == "html":
        from verblijfsroutes.render.review_html import render_html
        from verblijfsroutes.spec.reviews import REVIEWS_FILE, read_reviews

        # the page lists every row and marks those outside the model on its date
        rules = select_rules(engine, None, bases, args.active_only)
        reviews = read_reviews(args.reviews or REVIEWS_FILE, [r.id for r in engine.data.rules])
        if args.reviews and not Path(args.reviews).exists():
            raise UsageError(f"--reviews {args.reviews}: no such file")
        text = render_html(engine, rules, args.lang, args.as_of or note_date(dt.date.today()), reviews)
    else:
        rules = select_rules(engine, args.as_of, bases, args.active_only)
        text = render([rule_record(engine, r, args.lang) for r in rules], args.format)
    if args.output:
        write_output(args.output, text, force=args.force)
    elif args.force:
        raise UsageError("--force is for --output FILE")
    else:
        sys.stdout.write(text)
    return 0
