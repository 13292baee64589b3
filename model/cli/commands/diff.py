"""`verblijfsroutes diff --from DATE --to DATE`: rows and routes that appear, disappear or change."""

from __future__ import annotations

import argparse
import json
import sys

from verblijfsroutes.cli.main import add_model_options, as_of_date, engine_from
from verblijfsroutes.cli.progress import stderr_progress
from verblijfsroutes.spec.errors import UsageError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", type=as_of_date, required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=as_of_date, required=True, metavar="DATE")
    p.add_argument(
        "--limit",
        type=int,
        default=5,
        metavar="N",
        help="list at most N appearing/disappearing routes per class (0 = all; default 5)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_model_options(p, as_of=False)


def run(args: argparse.Namespace) -> int:
    from verblijfsroutes.routes import phases as ph
    from verblijfsroutes.routes.classes import OUTCOME
    from verblijfsroutes.routes.diff import describe_change, route_diff, rule_changes

    if args.limit < 0:
        raise UsageError("--limit must be 0 (all) or more")
    a, b = args.date_from, args.date_to
    engine = engine_from(args)
    say = stderr_progress()
    rows = rule_changes(engine, a, b)
    say(f"rows compared; exploring the routes on {a.isoformat()} and {b.isoformat()} ...")
    rd = route_diff(engine, a, b)
    say("routes compared")
    rules = {r.id: r for r in engine.rules}
    appearing, disappearing = rd.appearing(args.limit), rd.disappearing(args.limit)

    def short(nodes: tuple[str, ...]) -> str:
        return " -> ".join(
            f"[{n[len(OUTCOME) :]}]" if n.startswith(OUTCOME) else ph.label(n, args.lang) for n in nodes
        )

    changes = [c for c in engine.data.changes.values() if min(a, b) < c.date.start <= max(a, b)]
    ids = {c.id for c in changes}
    terms = engine.data.terms
    term_changes = [  # deadlines whose terms a change in between replaces (deadlines.yaml variants)
        {
            "deadline": d.id,
            "change": change,
            "guards": list(guards),
            "from": [f"{t} ({terms[t].amount} {terms[t].unit})" for t in d.terms],
            "to": [f"{t} ({terms[t].amount} {terms[t].unit})" for t in variant],
        }
        for d in engine.data.deadlines
        for change, guards, variant in d.variants
        if change in ids
    ]
    if args.json:
        doc = {
            "from": a.isoformat(),
            "to": b.isoformat(),
            "changes": [{"id": c.id, "date": c.date.text, "en": c.en} for c in changes],
            "terms": term_changes,
            "rows": {
                "added": [
                    {"id": r, "source": rules[r].source, "section": rules[r].section} for r in rows["added"]
                ],
                "removed": [
                    {"id": r, "source": rules[r].source, "section": rules[r].section} for r in rows["removed"]
                ],
                "changed": [
                    {"from": o, "to": n, "what": describe_change(engine, o, n)} for o, n in rows["changed"]
                ],
            },
            "route_counts": {c: {"from": x, "to": y} for c, (x, y) in rd.counts.items()},
            "counting": rd.method,
            "steps": {
                "added": [{"from": u, "to": v, "rules": r} for u, v, r in rd.steps_added],
                "removed": [{"from": u, "to": v, "rules": r} for u, v, r in rd.steps_removed],
                "changed": [
                    {"from": u, "to": v, "rules_from": x, "rules_to": y} for u, v, x, y in rd.steps_changed
                ],
            },
        }
        out = sys.stdout
        out.write(json.dumps(doc, ensure_ascii=False, indent=2)[:-2] + ',\n  "routes": {')
        # streamed route by route: memory stays bounded whatever --limit says
        for k, (side, groups) in enumerate((("added", appearing), ("removed", disappearing))):
            out.write(("," if k else "") + f'\n    "{side}": {{')
            for j, (c, (n, routes)) in enumerate(groups.items()):
                out.write(("," if j else "") + f'\n      "{c}": {{"count": {n}, "routes": [')
                for i, nodes in enumerate(routes):
                    out.write(("," if i else "") + "\n        " + json.dumps(list(nodes), ensure_ascii=False))
                out.write("]}")
            out.write("\n    }" if groups else "}")
        out.write("\n  }\n}\n")
        return 0
    w = sys.stdout.write
    w(f"Changes between {a.isoformat()} and {b.isoformat()}:\n")
    for c in changes:
        w(f"  {c.date.text} {c.id}: {c.en}\n")
    if not changes:
        w("  (no dated change in between)\n")
    w("\nRows\n")
    for r in rows["added"]:
        w(f"  + {r}  {rules[r].event}  {rules[r].source} ({rules[r].section})\n")
    for r in rows["removed"]:
        w(f"  - {r}  {rules[r].event}  {rules[r].source} ({rules[r].section})\n")
    for o, n in rows["changed"]:
        w(f"  ~ {o} -> {n}  {rules[n].event}: {describe_change(engine, o, n)}\n")
    if not any(rows.values()):
        w("  (none)\n")
    w("\nTerms\n")
    for t in term_changes:
        where = f" where {', '.join(t['guards'])}" if t["guards"] else ""
        w(f"  ~ {t['deadline']}: {', '.join(t['from'])} -> {', '.join(t['to'])}{where} ({t['change']})\n")
    if not term_changes:
        w("  (none)\n")
    w(f"\nRoutes per class ({rd.method})\n")
    for c, (x, y) in rd.counts.items():
        mark = "" if x == y else f"  ({y - x:+,})"
        w(f"  {c:22} {x:>8,} -> {y:>8,}{mark}\n")
    w("\nPhase steps\n")
    for u, v, r in rd.steps_added:
        w(f"  + {short((u, v))}  [{', '.join(r)}]\n")
    for u, v, r in rd.steps_removed:
        w(f"  - {short((u, v))}  [{', '.join(r)}]\n")
    for u, v, old, new in rd.steps_changed:
        w(f"  ~ {short((u, v))}  [{', '.join(old)}] -> [{', '.join(new)}]\n")
    if not (rd.steps_added or rd.steps_removed or rd.steps_changed):
        w("  (none)\n")
    for title, groups, sign in (("appear", appearing, "+"), ("disappear", disappearing, "-")):
        w(f"\nRoutes that {title}\n")
        if not groups:
            w("  (none)\n")
        for c, (n, items) in groups.items():
            w(f"  {c}: {n:,}\n")
            for nodes in items:
                w(f"    {sign} {short(nodes)}\n")
    return 0
