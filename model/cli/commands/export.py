"""`verblijfsroutes export promela`: the rules in force on a day as one Promela model.

The model is written from the rule data (properties/promela.py), for SPIN to check on its
own (`verblijfsroutes crosscheck`). The output file must be named with -o and is refused when
it exists, unless --force.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from verblijfsroutes.cli.main import add_model_options, engine_from
from verblijfsroutes.cli.output import write_output
from verblijfsroutes.spec.errors import UsageError
from verblijfsroutes.spec.i18n import pick


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("format", choices=("promela",), help="the export format (promela: for SPIN)")
    add_model_options(p)
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="write the model to FILE")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def run(args: argparse.Namespace) -> int:
    from verblijfsroutes.properties.promela import ExportError, export

    engine = engine_from(args)
    day = args.as_of or dt.date.today()
    try:
        model = export(engine.data, engine.choices, day)
    except ExportError as exc:
        raise UsageError(f"rule data: {exc}; add a translation in properties/promela_expr.py") from None
    write_output(args.output, model.text, force=args.force, option="-o")
    era = engine.eras[engine.era_of(day)]
    sys.stdout.write(
        pick(
            f"{args.output}: {len(model.rows)} regels in werking op {day.isoformat()} (tijdvak {era.label}), "
            f"{len(model.invariants)} invarianten, {len(model.steps)} stapeigenschappen\n",
            f"{args.output}: {len(model.rows)} rows in force on {day.isoformat()} (era {era.label}), "
            f"{len(model.invariants)} invariants, {len(model.steps)} step properties\n",
            args.lang,
        )
    )
    return 0
