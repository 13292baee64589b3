"""`verblijfsroutes replay CASE`: replay a dated case file step by step.

Exit status: 0 replayed; 1 an event was refused under --strict, or the file's `expect`
block does not match the replay; 2 bad input (one line naming the file, entry and fix).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from verblijfsroutes.case.casefile import load_case
from verblijfsroutes.cli.main import add_model_options, note_date
from verblijfsroutes.cli.output import check_target, write_output
from verblijfsroutes.core.ruledata import default_rule_data
from verblijfsroutes.render.replay_text import render_text
from verblijfsroutes.spec.choices import choice_overrides
from verblijfsroutes.spec.errors import UsageError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "case", metavar="CASE", help="case file (YAML or JSON; see examples/), or - for standard input"
    )
    p.add_argument("--json", action="store_true", help="print the documented JSON output")
    p.add_argument("--strict", action="store_true", help="stop at the first refused event (exit 1)")
    svg = p.add_mutually_exclusive_group()
    svg.add_argument("--svg", metavar="FILE", help="also write the timeline SVG to FILE (none by default)")
    svg.add_argument(
        "--no-svg", action="store_true", help="write no timeline (the default; kept for scripts)"
    )
    p.add_argument("--force", action="store_true", help="overwrite --svg FILE if it exists")
    add_model_options(p)


def run(args: argparse.Namespace) -> int:
    from verblijfsroutes.case.replay import replay
    from verblijfsroutes.render.timeline import render_svg

    data = default_rule_data()
    overrides = choice_overrides(args.choice, data.choices)
    cf = load_case(args.case, data)
    for ev in cf.events:  # the dates the replay evaluates: up to --as-of, where it stops
        if args.as_of is None or ev.date <= args.as_of:
            note_date(ev.date)
    doc = replay(cf, as_of=args.as_of, strict=args.strict, lang=args.lang, choices=overrides)
    if args.force and not args.svg:
        raise UsageError("--force is for --svg FILE")
    if args.svg:
        inputs = [] if args.case == "-" else [args.case]
        check_target(Path(args.svg), force=args.force, inputs=[Path(p) for p in inputs], option="--svg")
        text = render_svg(doc, data.vocab, args.lang)
        doc["svg"] = str(write_output(args.svg, text, force=args.force, inputs=inputs, option="--svg"))
    if args.json:
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_text(doc))
    failed = doc["stopped_at"] is not None or not doc["expectations"]["ok"]
    return 1 if failed else 0
