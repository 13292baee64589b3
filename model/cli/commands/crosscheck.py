"""`verblijfsroutes crosscheck`: SPIN's exhaustive verifier on the Promela export against the
explorer, era by era (properties/crosscheck.py).

Exit status 0 when both agree, 1 on a difference (printed with a shortest witness), 2 on bad
input or when SPIN or a C compiler is missing.
"""

from __future__ import annotations

import argparse
import sys
import time

from verblijfsroutes.cli.main import add_model_options, engine_from
from verblijfsroutes.cli.progress import stderr_progress
from verblijfsroutes.spec.errors import UsageError
from verblijfsroutes.spec.i18n import pick


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--all-eras", action="store_true", help="every era between dated rule changes")
    add_model_options(p)


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from verblijfsroutes.properties.crosscheck import compare_era, spin_missing

    if args.all_eras and args.as_of:
        raise UsageError("give --as-of DATE or --all-eras, not both")
    missing = spin_missing()
    if missing:
        raise UsageError(f"{missing}; the cross-check needs SPIN and a C compiler")
    engine = engine_from(args)
    eras = range(len(engine.eras)) if args.all_eras else [engine.era_of(args.as_of or dt.date.today())]
    say = stderr_progress(time.perf_counter())
    lang = args.lang
    out = sys.stdout.write
    out(
        pick(
            "Projectie: SPIN kiest elk feit bij de start en houdt het vast; de verkenner laat feiten open"
            " tot een regel ze leest en vergeet ze daarna. Beide worden geprojecteerd op de combinaties"
            " van toestanden van de zes sporen; die aantallen moeten gelijk zijn.\n",
            "Projection: SPIN chooses every fact at the start and keeps it; the explorer leaves facts"
            " unknown until a row reads them and forgets them after. Both are projected onto the"
            " combinations of the six tracks' states; those numbers must be equal.\n",
            lang,
        )
    )
    bad = 0
    for i in eras:
        label = engine.eras[i].label
        say(f"era {label}: SPIN ...")
        c = compare_era(engine, i)
        s, x = c.spin, c.explorer
        same = pick("gelijk", "equal", lang) if c.ok else pick("VERSCHIL", "DIFFERENCE", lang)
        out(
            pick(
                f"tijdvak {label}: SPIN {s.situations:,} concrete situaties, {len(s.tracks):,} combinaties"
                f" van sporen ({s.compile_seconds + s.run_seconds:.1f} s, waarvan {s.compile_seconds:.1f} s"
                f" compileren); verkenner {x.situations:,} situaties, {len(x.tracks):,} combinaties"
                f" ({c.explorer_seconds:.1f} s); {len(c.spin_verdicts)} oordelen: {same}\n",
                f"era {label}: SPIN {s.situations:,} concrete situations, {len(s.tracks):,} combinations of"
                f" tracks ({s.compile_seconds + s.run_seconds:.1f} s, {s.compile_seconds:.1f} s of it"
                f" compiling); explorer {x.situations:,} situations, {len(x.tracks):,} combinations"
                f" ({c.explorer_seconds:.1f} s); {len(c.spin_verdicts)} verdicts: {same}\n",
                lang,
            )
        )
        both = [
            n for n, v in c.spin_verdicts.items() if v == "fails" and c.explorer_verdicts.get(n) == "fails"
        ]
        if both:
            out(f"  {pick('faalt in beide', 'fails in both', lang)}: {', '.join(both)}\n")
        for what, witness in c.differences:
            bad += 1
            out(f"  {pick('verschil', 'difference', lang)}: {what}\n")
            for line in witness:
                out(f"    {line}\n")
    return 1 if bad else 0
