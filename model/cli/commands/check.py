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
from verblijfsroutes.cli.output import check_target, write_output
from verblijfsroutes.cli.progress import stderr_progress
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
    record = p.add_mutually_exclusive_group()
    record.add_argument(
        "--record",
        metavar="FILE",
        help="check every era under every decision set and write the expected results to FILE",
    )
    record.add_argument(
        "--compare",
        metavar="FILE",
        help="check every era under every decision set and compare with the results in FILE (exit 1 on drift)",
    )
    p.add_argument("--force", action="store_true", help="--record: overwrite FILE if it exists")
    p.add_argument(
        "--workers",
        type=int,
        default=0,
        metavar="N",
        help="processes to explore eras in parallel (default: up to 2 cores)",
    )


def run(args: argparse.Namespace) -> int:
    from verblijfsroutes.properties import PROPERTIES
    from verblijfsroutes.properties.check import default_workers, run_check
    from verblijfsroutes.properties.report import render_json, render_text

    if args.list and (args.property or args.as_of or args.all_eras or args.record or args.compare):
        raise UsageError("--list prints the properties and exits; give it alone (with --json for JSON)")
    if args.list and args.json:
        doc = [
            {
                "name": p.name,
                "kind": p.kind,
                "statement": p.statement,
                "source": p.source,
                "section": p.section,
            }
            for p in PROPERTIES
        ]
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return 0
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
    if args.record or args.compare:
        return _manifest(args)
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


def _manifest(args: argparse.Namespace) -> int:
    """--record FILE / --compare FILE: the expected results of every decision set."""
    from pathlib import Path

    from verblijfsroutes.properties.check import default_workers
    from verblijfsroutes.properties.manifest import drift, record

    if args.choice or args.as_of or args.property:
        raise UsageError(
            "--record and --compare cover every era, decision set and property; drop --as-of, --choice and --property"
        )
    if args.record:
        check_target(Path(args.record), force=args.force, option="--record")
    if args.compare:
        try:
            expected = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        except OSError as exc:
            raise UsageError(
                f"--compare {args.compare}: cannot read it ({exc.strerror or exc}); give the file "
                "`check --record FILE` wrote, e.g. tests/expected/check-manifest.json"
            ) from None
        except ValueError as exc:
            raise UsageError(
                f"--compare {args.compare}: not the JSON `check --record` writes ({exc})"
            ) from None
    manifest = record(args.workers or default_workers(), stderr_progress(time.perf_counter()))
    if args.record:
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        write_output(args.record, text, force=args.force, option="--record")
        sys.stdout.write(f"{args.record}: {len(manifest['choice_sets'])} decision sets recorded\n")
        return 0
    found = drift(expected, manifest)
    for line in found:
        sys.stdout.write(f"DRIFT {line}\n")
    sys.stdout.write(f"{len(manifest['choice_sets'])} decision sets checked; {len(found)} differences\n")
    return 1 if found else 0
