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
from verblijfsroutes.cli.main import add_model_options
from verblijfsroutes.core.ruledata import default_rule_data
from verblijfsroutes.render.replay_text import render_text
from verblijfsroutes.spec.choices import parse_choice_ref
from verblijfsroutes.spec.errors import UsageError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case", metavar="CASE", help="case file (YAML or JSON; see examples/)")
    p.add_argument("--json", action="store_true", help="print the documented JSON output")
    p.add_argument("--strict", action="store_true", help="stop at the first refused event (exit 1)")
    p.add_argument("--svg", metavar="FILE", help="write the timeline SVG to FILE (default: CASE with .svg)")
    p.add_argument("--no-svg", action="store_true", help="do not write the timeline SVG")
    add_model_options(p)


def run(args: argparse.Namespace) -> int:
    from verblijfsroutes.case.replay import replay
    from verblijfsroutes.render.timeline import render_svg

    data = default_rule_data()
    overrides: dict[str, str] = {}
    for text in args.choice:
        try:
            qid, option = parse_choice_ref(text, data.choices)
        except ValueError as exc:
            raise UsageError(f"--choice: {exc}") from None
        overrides[qid] = option
    cf = load_case(args.case, data)
    doc = replay(cf, as_of=args.as_of, strict=args.strict, lang=args.lang, choices=overrides)
    if not args.no_svg:
        target = Path(args.svg) if args.svg else Path(args.case).with_suffix(".svg")
        text = render_svg(doc, data.vocab, args.lang)
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                f"{target}: cannot write the timeline ({exc.strerror}); "
                "give a writable path with --svg FILE or use --no-svg"
            ) from None
        doc["svg"] = str(target)
    if args.json:
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_text(doc))
    failed = doc["stopped_at"] is not None or not doc["expectations"]["ok"]
    return 1 if failed else 0
