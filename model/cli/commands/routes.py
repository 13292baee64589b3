"""`verblijfsroutes routes`: the routes of the report (§3, Figure 2), built from the model."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from verblijfsroutes.cli.main import add_model_options, engine_from, note_date
from verblijfsroutes.cli.progress import stderr_progress
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.routes.steps import step_records
from verblijfsroutes.spec.errors import UsageError
from verblijfsroutes.spec.i18n import pick


def add_arguments(p: argparse.ArgumentParser) -> None:
    from verblijfsroutes.routes.classes import CLASS_IDS

    p.add_argument(
        "--class",
        dest="cls",
        action="append",
        default=[],
        metavar="NAME",
        help=f"only routes of this class ({', '.join(CLASS_IDS)}); repeat to add",
    )
    p.add_argument(
        "--limit",
        type=int,
        default=3,
        metavar="N",
        help="list at most N routes per class, the canonical example first, then shortest "
        "first (0 = all; default 3)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_model_options(p)


def run(args: argparse.Namespace) -> int:
    from verblijfsroutes.routes.classes import CLASS_IDS, route_class
    from verblijfsroutes.routes.listing import (
        CANONICAL_CRITERION,
        CANONICAL_CRITERION_NL,
        PATTERNS,
        routes_on,
    )

    for c in args.cls:
        if c not in CLASS_IDS:
            raise UsageError(f"--class {c!r} is not one of {', '.join(CLASS_IDS)}")
    if args.limit < 0:
        raise UsageError("--limit must be 0 (all) or more")
    engine = engine_from(args)
    day = args.as_of or note_date(dt.date.today())
    say = stderr_progress()
    say(f"exploring the rules in force on {day.isoformat()} ...")
    rs = routes_on(engine, day)
    say("routes counted; writing")
    wanted = args.cls or list(CLASS_IDS)
    counts = rs.counts()
    era = engine.eras[engine.era_of(day)]
    if args.json:
        head = {
            "as_of": day.isoformat(),
            "era": era.label,
            "method": rs.method,
            "first_listed": CANONICAL_CRITERION,
            "situations": rs.pg.situations,
            "phases": rs.pg.graph.number_of_nodes(),
            "counts": {c: counts[c] for c in wanted},
            "condensed_counts": {c: rs.condensed.get(c, 0) for c in wanted},
            "canonical_patterns": {c: PATTERNS[c].wording for c in wanted},
        }
        # streamed route by route, one route per line (the canonical example of a class first,
        # then shortest first): nothing is kept of the routes already written
        out = sys.stdout
        out.write(json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ',\n  "routes": [')
        total = sum(rs.listed_count(c, args.limit) for c in wanted)
        n = 0
        for c in wanted:
            for r in rs.iter_routes(c, args.limit):
                record = {
                    "class": c,
                    "phases": list(r.nodes),
                    "overlap": r.overlap,
                    "outcome": r.outcome,
                    "steps": step_records(engine, rs, r.nodes, args.lang),
                }
                out.write(("," if n else "") + "\n    " + json.dumps(record, ensure_ascii=False))
                n += 1
                if n % 5000 == 0:
                    say(f"{n:,} of {total:,} routes written")
        out.write("\n  ]\n}\n" if n else "]\n}\n")
        return 0
    w = sys.stdout.write
    lang = args.lang
    w(
        pick(
            f"Routes op {day.isoformat()} (tijdvak {era.label}); {rs.pg.situations:,} situaties over alle "
            f"combinaties van feiten, {rs.pg.graph.number_of_nodes()} fasen.\n",
            f"Routes as of {day.isoformat()} (era {era.label}); {rs.pg.situations:,} situations over all "
            f"fact combinations, {rs.pg.graph.number_of_nodes()} phases.\n",
            lang,
        )
    )
    w(f"{pick('Telling', 'Counting', lang)}: {rs.method_text(lang)}.\n")
    criterion = pick(CANONICAL_CRITERION_NL, CANONICAL_CRITERION, lang)
    w(f"{pick('Per klasse eerst getoond', 'Listed first per class', lang)}: {criterion}.\n\n")
    w(
        f"{pick('klasse', 'class', lang):22} {pick('modelpaden', 'model paths', lang):>12} "
        f"{pick('gecondenseerd', 'condensed', lang):>13}  {pick('definitie', 'definition', lang)}\n"
    )
    for c in wanted:
        rc = route_class(c)
        section = pick(rc.section, rc.section.replace("Figuur", "Figure"), lang)
        w(
            f"{c:22} {counts[c]:>12,} {rs.condensed.get(c, 0):>13,}  {rc.text(lang)}: {rc.describe(lang)} ({section})\n"
        )
    w(
        pick(
            "\nDe aantallen zijn paden door de fasegraaf van het model, geen aantallen mensen: hoe vaak een "
            "route gekozen wordt staat er niet in; de percentages in de definities zijn aandelen slachtoffers "
            "uit het rapport.\n(gecondenseerd: paden één keer geteld per pad door de sterk samenhangende "
            "componenten, met DP)\n",
            "\nThe counts are paths through the model's phase graph, not numbers of people: they say nothing "
            "about how often a route is taken; the percentages in the definitions are the report's shares "
            "of victims.\n(condensed: paths counted once per path through the strongly connected "
            "components, by DP)\n",
            lang,
        )
    )
    for c in wanted:
        rc = route_class(c)
        shown = rs.iter_routes(c, args.limit)  # the canonical example first, then shortest first
        w(
            f"\n== {rc.text(lang)} [{c}]: {pick('getoond', 'showing', lang)} {rs.listed_count(c, args.limit)} {pick('van', 'of', lang)} {counts[c]:,} {pick('modelpaden', 'model paths', lang)}\n"
        )
        w(
            f"   {pick('het canonieke voorbeeld volgt', 'canonical example follows', lang)}: {PATTERNS[c].text(lang)}\n"
        )
        for i, r in enumerate(shown, 1):
            w(
                f"\n  {i}. {' -> '.join(_short(engine, n, args.lang) for n in r.nodes)}"
                f"{pick('  (overlap)', '  (overlap)', lang) if r.overlap else ''}\n"
            )
            for st in step_records(engine, rs, r.nodes, args.lang):
                w(f"     -> {st['to_label']}\n")
                for row in st["rules"]:
                    if row["event"]:
                        w(f"          {row['rule']} {row['label']}: {row['source']} ({row['section']})\n")
                    else:  # an outcome (derived.yaml) or leaving: its label, not its id
                        w(f"          {row['label']}: {row['source']} ({row['section']})\n")
    return 0


def _short(engine: Engine, node: str, lang: str) -> str:
    from verblijfsroutes.routes import phases as ph
    from verblijfsroutes.routes.classes import OUTCOME

    if node.startswith(OUTCOME):
        oid = node[len(OUTCOME) :]
        found = {d.id: d for d in engine.derived.get("uitkomsten", ())}.get(oid)
        return "[" + (found.text(lang) if found else ph.LEFT_LABEL[lang] if oid == ph.LEFT else oid) + "]"
    return ph.label(node, lang)
