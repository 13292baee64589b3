"""`verblijfsroutes review`: the legal reviewers' sign-off on the rows of the table.

`--status` (the default) counts the rows per review status (agreed, disputed, comment,
changed since review, not reviewed) and lists the rows of every status but "not reviewed";
`--add ROW --verdict V --name NAME [--comment TEXT] --file FILE` appends a record with
today's date (or `--date`) and the row's current fingerprint to FILE, which must be named.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import yaml
from verblijfsroutes.case.casefile import control_character
from verblijfsroutes.cli.main import add_model_options, engine_from
from verblijfsroutes.cli.output import write_output
from verblijfsroutes.spec.dates import parse_day
from verblijfsroutes.spec.errors import UsageError
from verblijfsroutes.spec.i18n import pick
from verblijfsroutes.spec.reviews import (
    REVIEWS_FILE,
    STATUS_LABEL,
    VERDICTS,
    counts,
    fingerprint,
    read_reviews,
    status,
)
from verblijfsroutes.spec.rules import Rule


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--status", action="store_true", help="count and list the rows per review status (default)"
    )
    p.add_argument(
        "--file",
        metavar="FILE",
        help="the review records (default for --status: the reviews.yaml kept with the rules; --add needs it named)",
    )
    p.add_argument("--add", metavar="ROW", help="record a verdict on this row")
    p.add_argument("--verdict", choices=VERDICTS, help="with --add")
    p.add_argument("--name", help="with --add: the reviewer")
    p.add_argument("--comment", default="", help="with --add")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="with --add (default today)")
    p.add_argument("--json", action="store_true", help="--status as JSON")
    add_model_options(p, as_of=False)


def run(args: argparse.Namespace) -> int:
    engine = engine_from(args)
    rules = list(engine.data.rules)
    ids = [r.id for r in rules]
    if args.add:
        return _add(args, rules)
    for opt in ("verdict", "name", "date"):
        if getattr(args, opt):
            raise UsageError(f"--{opt} is for --add ROW")
    path = Path(args.file) if args.file else REVIEWS_FILE
    if args.file and not path.exists():
        raise UsageError(f"--file {args.file}: no such file")
    statuses = status(rules, read_reviews(path, ids))
    tally = counts(statuses)
    if args.json:
        out = {
            "file": str(path),
            "counts": tally,
            "rows": {rid: st for rid, (st, _) in statuses.items()},
        }
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
        return 0
    lang = args.lang
    print(pick(f"review van {len(rules)} rijen ({path}):", f"review of {len(rules)} rows ({path}):", lang))
    for st, n in tally.items():
        print(f"  {pick(*STATUS_LABEL[st], lang):<24} {n}")
    for st in ("disputed", "stale", "comment", "agreed"):
        rows = [
            f"{rid}" + (f" ({rec.name}, {rec.date})" if rec else "")
            for rid, (s, rec) in statuses.items()
            if s == st
        ]
        if rows:
            print(f"{pick(*STATUS_LABEL[st], lang)}: " + ", ".join(rows))
    return 0


def _add(args: argparse.Namespace, rules: list[Rule]) -> int:
    if not args.file:
        raise UsageError("--add writes a record: name the reviews file with --file FILE")
    if not args.verdict or not args.name:
        raise UsageError("--add ROW needs --verdict (agreed, disputed or comment) and --name")
    for option, value in (("--name", args.name), ("--comment", args.comment or "")):
        found = control_character(value)  # the rule of case files' text
        if found:
            raise UsageError(f"{option}: holds a control character ({found}); write plain text")
    rule = next((r for r in rules if r.id == args.add), None)
    if rule is None:
        raise UsageError(f"--add {args.add!r}: no such row in rules.yaml")
    day = dt.date.today()
    if args.date:
        try:
            day = parse_day(args.date)
        except ValueError as exc:
            raise UsageError(f"--date: {exc}") from None
    path = Path(args.file)
    read_reviews(path, [r.id for r in rules])  # refuse to append to a file that is not valid
    record = {
        "row": rule.id,
        "verdict": args.verdict,
        "name": args.name,
        "date": day.isoformat(),
        "fingerprint": fingerprint(rule),
    }
    if args.comment:
        record["comment"] = args.comment
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if "reviews: []" in old:
        old = old.replace("reviews: []", "reviews:")
    elif not old.strip():
        old = "reviews:\n"
    entry = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, default_flow_style=False)
    text = old.rstrip("\n") + "\n" + "".join("  " + line + "\n" for line in entry.splitlines())
    write_output(path, text, force=True, option="--file", maintains=REVIEWS_FILE)
    print(f"{rule.id}: {args.verdict} by {args.name} on {day.isoformat()} recorded in {path}")
    return 0
