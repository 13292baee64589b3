"""`verblijfsroutes flows`: how often each route is taken (issue 14), exact from the chain.

`flows` prints the route-class shares and the exit points for the rules in force on --as-of
(with --choice), and with --set NAME=VALUE the change against the baseline; `flows fit`
writes the calibrated parameters (flows-fitted.yaml) and `flows report` the calibration table
and the report's inconsistencies. Text or --json, Dutch by default.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from verblijfsroutes.cli.main import add_model_options, engine_from, note_date
from verblijfsroutes.cli.output import check_target, write_output
from verblijfsroutes.cli.progress import stderr_progress
from verblijfsroutes.flows.fit import FIT_DAY
from verblijfsroutes.flows.params import FITTED_FILE
from verblijfsroutes.spec.errors import UsageError
from verblijfsroutes.spec.i18n import pick


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "action",
        nargs="?",
        choices=("shares", "fit", "report", "simulate", "figure"),
        default="shares",
        help="shares (default): route classes and exit points; fit: calibrate; report: calibration table; "
        "simulate: dated cohort simulation; figure: the flow figure as SVG (--out)",
    )
    p.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="what-if: change a parameter of flows.yaml (NAME[subgroup]=VALUE for one subgroup); repeat to add",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--out", type=Path, help="fit: write the fitted file here (default: print it)")
    p.add_argument("--force", action="store_true", help="fit: overwrite an existing --out file")
    p.add_argument(
        "--people",
        type=int,
        help="simulate: simulated entrants (default 200000); shares: add 95%% intervals from a simulation",
    )
    p.add_argument("--seed", type=int, default=2020, help="simulate: random seed (default 2020)")
    p.add_argument(
        "--years",
        default="2013-2017",
        metavar="FIRST-LAST",
        help="simulate: the selection of years, as the report selects (default 2013-2017)",
    )
    p.add_argument("--group", choices=("afrikaans", "overig"), help="simulate: one subgroup only")
    add_model_options(p)


def _setup(args: argparse.Namespace, default_day: dt.date):  # type: ignore[no-untyped-def]
    from verblijfsroutes.flows.params import load_fitted, load_spec
    from verblijfsroutes.flows.population import chain_for

    engine = engine_from(args)
    day = args.as_of or default_day
    say = stderr_progress()
    say(f"exploring the rules in force on {day.isoformat()} ...")
    chain = chain_for(engine, day)
    spec = load_spec()
    return engine, day, chain, spec, load_fitted(spec), say


def run(args: argparse.Namespace) -> int:
    if args.action == "fit":
        return _fit(args)
    if args.action == "figure":
        return _figure(args)
    if args.out or args.force:
        raise UsageError("--out and --force belong to `flows fit` and `flows figure`")
    if args.action == "report":
        return _report(args)
    if args.action == "simulate":
        return _simulate(args)
    return _shares(args)


def _figure(args: argparse.Namespace) -> int:
    from verblijfsroutes.flows.params import set_value

    if args.out:
        check_target(args.out, force=args.force, option="--out")
    engine, day, _, spec, values, say = _setup(args, FIT_DAY)
    for s in args.sets:
        values = set_value(values, spec, s)
    from verblijfsroutes.render.flow_figure import figure_svg

    _emit(args, figure_svg(engine, day, values, args.lang))
    if args.out:
        say(f"written {args.out}")
    return 0


def _simulate(args: argparse.Namespace) -> int:
    from verblijfsroutes.flows.calibration import SIZES
    from verblijfsroutes.flows.params import set_value
    from verblijfsroutes.flows.population import Mix
    from verblijfsroutes.flows.simulate import parse_years, simulate
    from verblijfsroutes.routes.classes import route_class

    first, last = parse_years(args.years)
    if args.people is None:
        args.people = 200_000
    if args.people < 1000:
        raise UsageError("--people must be at least 1000")
    engine, day, chain, spec, values, say = _setup(args, FIT_DAY)
    for s in args.sets:
        values = set_value(values, spec, s)
    say(f"simulating {args.people:,} people (seed {args.seed}) ...")
    cohort = simulate(chain, values, args.people, args.seed)
    shares = cohort.shares(first, last, args.group)
    exact = Mix.of(chain, values)
    sizes = {
        k: (cohort.size(*map(int, k[2:].split("_")[:2])) if k.count("_") == 2 else None, v)
        for k, v in SIZES.items()
    }
    lang = args.lang
    if args.json:
        doc = {
            "as_of": day.isoformat(),
            "people": args.people,
            "seed": args.seed,
            "years": [first, last],
            "group": args.group,
            "set": list(args.sets),
            "classes": [
                {"class": c, "share": p, "low": lo, "high": hi, "exact_uncensored": exact.share({c})}
                for c, (p, lo, hi) in shares.items()
            ],
            "sizes": [{"selection": k, "model": m, "report": r} for k, (m, r) in sizes.items()],
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return 0
    w = sys.stdout.write
    w(
        pick(
            f"Cohortsimulatie, {args.people:,} mensen (seed {args.seed}), selectie {first}-{last}"
            f"{' ' + args.group if args.group else ''}, regels van {day.isoformat()}\n",
            f"Cohort simulation, {args.people:,} people (seed {args.seed}), selection {first}-{last}"
            f"{' ' + args.group if args.group else ''}, rules of {day.isoformat()}\n",
            lang,
        )
    )
    w(
        pick(
            "(asiel alleen gezien binnen 2013-2017, zoals in de data; duren zijn aannames; 95%-interval)\n\n",
            "(asylum seen only within 2013-2017, as in the data; durations are assumptions; 95% interval)\n\n",
            lang,
        )
    )
    w(
        f"{pick('routeklasse', 'route class', lang):34} {pick('aandeel', 'share', lang):>8} {'95%':>17} "
        f"{pick('exact, ongecensureerd', 'exact, uncensored', lang):>22}\n"
    )
    for c, (p, lo, hi) in shares.items():
        w(
            f"{route_class(c).text(lang)[:34]:34} {_pct(p):>8} {_pct(lo):>8}-{_pct(hi):<8} {_pct(exact.share({c})):>22}\n"
        )
    w(
        pick(
            "\nomvang van de selecties (A8), model tegen rapport\n",
            "\nselection sizes (A8), model against report\n",
            lang,
        )
    )
    for k, (m, r) in sizes.items():
        w(f"  {k:28} {'-' if m is None else f'{m:,.0f}':>8} {r:>8,}\n")
    return 0


def _fit(args: argparse.Namespace) -> int:
    from verblijfsroutes.flows.fit import fit, render

    if args.sets:
        raise UsageError("--set is for what-if runs, not for `flows fit`; change flows.yaml instead")
    if args.out:
        check_target(args.out, force=args.force, option="--out", maintains=FITTED_FILE)
    _, day, chain, spec, _, say = _setup(args, FIT_DAY)
    say("fitting the calibrated parameters on A1-A6 ...")
    result = fit(spec, chain, say)
    _emit(args, render(spec, result, day.isoformat()), maintains=FITTED_FILE)
    if args.out:
        say(f"written {args.out} (cost {result.cost:.4f}, {result.steps} steps)")
    return 0


def _emit(args: argparse.Namespace, text: str, maintains: Path | None = None) -> None:
    """`text` to --out (checked, written whole or not at all) or to standard output."""
    if args.out:
        write_output(args.out, text, force=args.force, option="--out", maintains=maintains)
    else:
        sys.stdout.write(text)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _report(args: argparse.Namespace) -> int:
    from verblijfsroutes.flows.calibration import SIZES, table
    from verblijfsroutes.flows.inconsistency import findings
    from verblijfsroutes.flows.params import set_value
    from verblijfsroutes.flows.population import Mix

    engine, day, chain, spec, values, say = _setup(args, FIT_DAY)
    for s in args.sets:
        values = set_value(values, spec, s)
    m = Mix.of(chain, values)
    rows = table(m)
    found = findings(m, chain, spec, values)
    lang = args.lang
    if args.json:
        doc: dict[str, Any] = {
            "as_of": day.isoformat(),
            "era": engine.eras[engine.era_of(day)].label,
            "set": list(args.sets),
            "calibration": [
                {
                    "id": r.target.id,
                    "figure": r.target.key,
                    "label": pick(r.target.nl, r.target.en, lang),
                    "location": r.target.location,
                    "quote": r.target.quote,
                    "kind": r.target.kind,
                    "model": r.value,
                    "report": r.target.report,
                    "tolerance": r.target.tol,
                    "status": r.status,
                }
                for r in rows
            ],
            "inconsistencies": [
                {
                    "id": f.id,
                    "figures": f.figures,
                    "numbers": f.numbers,
                    "consistent": f.consistent,
                    "finding": f.text(lang),
                    "cause": f.cause(lang),
                }
                for f in found
            ],
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return 0
    w = sys.stdout.write
    era = engine.eras[engine.era_of(day)].label
    w(
        pick(
            f"Kalibratie op de rapportcijfers A1-A8, regels van {day.isoformat()} (tijdvak {era})\n\n",
            f"Calibration on the report figures A1-A8, rules of {day.isoformat()} (era {era})\n\n",
            lang,
        )
    )
    w(
        f"{'id':3} {pick('cijfer', 'figure', lang):38} {pick('model', 'model', lang):>8} "
        f"{pick('rapport', 'report', lang):>8} {pick('marge', 'tolerance', lang):>9}  {pick('uitslag', 'result', lang)}\n"
    )
    status = {
        "pass": pick("goed", "pass", lang),
        "fail": pick("fout", "fail", lang),
        "n/a": pick("n.v.t.", "n/a", lang),
    }
    for r in rows:
        t = r.target
        rep = _pct(t.report) if t.report is not None else str(SIZES.get(t.key, "-"))
        tol = (
            {"eq": "±", "ge": "≥ -", "le": "≤ +"}[t.kind] + f"{100 * t.tol:.2f}"
            if t.report is not None
            else ""
        )
        w(
            f"{t.id:3} {pick(t.nl, t.en, lang)[:38]:38} {_pct(r.value):>8} {rep:>8} {tol:>9}  {status[r.status]}"
            f'  ({t.location}: "{t.quote}")\n'
        )
    w(
        pick(
            "\nn.v.t.: A6 EU/Azië (het model kent alleen Afrikaans en overig) en A8 (omvang van de selecties, "
            "geen aandeel; gebruikt door de cohortsimulatie).\n",
            "\nn/a: A6 EU/Asia (the model knows only African and other) and A8 (sizes of the selections, "
            "not a share; used by the cohort simulation).\n",
            lang,
        )
    )
    w(
        pick(
            "\nInconsistenties in het rapport (berekend)\n",
            "\nInconsistencies in the report (computed)\n",
            lang,
        )
    )
    for f in found:
        verdict = (
            pick("houdt samen", "holds together", lang)
            if f.consistent
            else pick("TEGENSTRIJDIG", "INCONSISTENT", lang)
        )
        w(
            f"- [{verdict}] {'/'.join(f.figures)}: {f.text(lang)}\n  {pick('oorzaak', 'cause', lang)}: {f.cause(lang)}\n"
        )
    return 0


def _shares(args: argparse.Namespace) -> int:
    from verblijfsroutes.flows.whatif import compare
    from verblijfsroutes.routes import phases as ph
    from verblijfsroutes.routes.classes import route_class

    engine, day, chain, spec, values, say = _setup(args, note_date(dt.date.today()))
    if args.people is not None and args.people < 1000:
        raise UsageError("--people must be at least 1000")
    if args.people:
        say(f"simulating {args.people:,} people twice for the intervals ...")
    doc = compare(chain, spec, values, args.sets, args.people, args.seed)
    lang = args.lang
    if args.json:
        head = {"as_of": day.isoformat(), "era": engine.eras[engine.era_of(day)].label}
        sys.stdout.write(json.dumps({**head, **doc}, ensure_ascii=False, indent=2) + "\n")
        return 0
    w = sys.stdout.write
    w(
        pick(
            f"Aandelen per route, exact uit de Markov-keten over de fasegraaf van {day.isoformat()}\n",
            f"Shares per route, exact from the Markov chain over the phase graph of {day.isoformat()}\n",
            lang,
        )
    )
    if args.sets:
        w(pick("wat-als: ", "what-if: ", lang) + ", ".join(args.sets) + "\n")
    w(
        pick(
            "(aandeel van wie de verblijfsregeling gebruikt; een model van mensen, geen voorspelling)\n\n",
            "(share of those who use the regulation; a model of people, not a prediction)\n\n",
            lang,
        )
    )
    sim = (
        pick(f"Δ 95% (simulatie, {args.people:,})", f"Δ 95% (simulation, {args.people:,})", lang)
        if args.people
        else ""
    )
    what = f" {pick('wat-als', 'what-if', lang):>8} {'Δ':>7}" if args.sets else ""
    w(f"{pick('routeklasse', 'route class', lang):34} {pick('basis', 'baseline', lang):>8}{what}  {sim}\n")
    for r in doc["classes"]:
        line = f"{route_class(r['class']).text(lang)[:34]:34} {_pct(r['baseline']):>8}"
        if args.sets:
            line += f" {_pct(r['value']):>8} {100 * r['change']:+6.1f}"
        if args.people:
            _, lo, hi = r["change_simulated"]
            line += f"  {100 * lo:+.1f} .. {100 * hi:+.1f}"
        w(line + "\n")
    w(
        pick(
            "\nhangt af van (parameters die het aandeel bewegen):\n",
            "\ndepends on (parameters that move the share):\n",
            lang,
        )
    )
    for r in doc["classes"]:
        w(f"  {r['class']}: {', '.join(r['depends_on']) or '-'}\n")
    labels = {d.id: d.text(lang) for d in engine.derived.get("uitkomsten", ())}
    w(pick("\nuitstappunt (laatste fase -> uitkomst)\n", "\nexit point (last phase -> outcome)\n", lang))
    shown = [e for e in doc["exits"] if max(e["baseline"], e["value"]) >= 0.0005]
    per_phase = Counter(e["phase"] for e in shown)
    for e in shown:
        name = f"{ph.label(e['phase'], lang)} -> {labels.get(e['outcome'], e['outcome'])}"
        mark = " *" if per_phase[e["phase"]] > 1 else ""
        extra = f" {_pct(e['value']):>8} {100 * e['change']:+6.1f}" if args.sets else ""
        w(f"{(name[:58] + mark):60} {_pct(e['baseline']):>8}{extra}\n")
    if any(n > 1 for n in per_phase.values()):
        w(
            pick(
                "* één laatste fase, meer uitkomsten: het model verdeelt haar gelijk (flows.yaml `einde`, "
                "aanname); het weet niet wie EU-burger is of later een vergunning voor onbepaalde tijd krijgt\n",
                "* one last phase, several outcomes: the model splits it equally (flows.yaml `einde`, "
                "assumption); it does not know who is an EU citizen or is later granted a permanent permit\n",
                lang,
            )
        )
    return 0
