"""`verblijfsroutes replay CASE`: replay a dated case file step by step.

Exit status: 0 replayed; 1 an event was refused under --strict, or the file's `expect`
block does not match the replay; 2 bad input (one line naming the file, entry and fix).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from verblijfsroutes.case.casefile import load_case
from verblijfsroutes.cli.main import add_model_options
from verblijfsroutes.spec.choices import parse_choice_ref
from verblijfsroutes.spec.errors import UsageError
from verblijfsroutes.spec.loader import default_rule_data

WORDS = {
    "nl": {
        "case": "Casus",
        "facts": "Feiten",
        "none": "geen",
        "refused": "GEWEIGERD",
        "rule": "regel",
        "residence": "rechtmatig verblijf",
        "yes": "ja",
        "no": "nee",
        "housing": "huisvesting",
        "provisions": "voorzieningen",
        "deadlines": "termijnen",
        "next": "mogelijk hierna",
        "days": "dagen",
        "passed": "verstreken",
        "route": "Route",
        "final": "Situatie op",
        "outcome": "uitkomst",
        "skipped": "niet afgespeeld (na --as-of of --strict)",
        "timeline": "Tijdlijn",
        "check": "Controle",
        "stopped": "gestopt bij stap",
        "rules": "regels van",
        "overlap": "overlap regeling en asiel",
    },
    "en": {
        "case": "Case",
        "facts": "Facts",
        "none": "none",
        "refused": "REFUSED",
        "rule": "rule",
        "residence": "lawful residence",
        "yes": "yes",
        "no": "no",
        "housing": "housing",
        "provisions": "provisions",
        "deadlines": "deadlines",
        "next": "possible next",
        "days": "days",
        "passed": "passed",
        "route": "Route",
        "final": "Situation on",
        "outcome": "outcome",
        "skipped": "not replayed (after --as-of or --strict)",
        "timeline": "Timeline",
        "check": "Check",
        "stopped": "stopped at step",
        "rules": "rules of",
        "overlap": "regulation and asylum overlap",
    },
}


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


def _situation_lines(block: dict[str, Any], w: dict[str, str], indent: str) -> list[str]:
    lines = []
    tracks = ", ".join(f"{k}={v}" for k, v in block["situation"].items())
    lines.append(f"{indent}{tracks}")
    if block["lawful_residence"]:
        bases = "; ".join(f"{b['label']} ({b['source']})" for b in block["residence_basis"])
        lines.append(f"{indent}{w['residence']}: {w['yes']} - {bases}")
    else:
        lines.append(f"{indent}{w['residence']}: {w['no']}")
    prov = block["provisions"]
    lines.append(
        f"{indent}{w['housing']}: {block['housing']['label']}; "
        f"{w['provisions']}: {prov['label']} ({prov['source']})"
    )
    if block["outcome"]:
        lines.append(f"{indent}{w['outcome']}: {block['outcome']['label']} ({block['outcome']['source']})")
    if block["deadlines"]:
        lines.append(f"{indent}{w['deadlines']}:")
        for d in block["deadlines"]:
            left = d["days_left"]
            status = f"{left} {w['days']}" if left >= 0 else w["passed"]
            lines.append(f"{indent}  {d['date']}  {d['name']} [{status}] ({d['source']})")
    if block["next_events"]:
        nxt = ", ".join(f"{n['event']} ({n['rule']}: {n['source']})" for n in block["next_events"])
        lines.append(f"{indent}{w['next']}: {nxt}")
    return lines


def render_text(doc: dict[str, Any]) -> str:
    """The replay for a reader: one block per step, then the situation at the end."""
    w = WORDS[doc["lang"]]
    case = doc["case"]
    lines = [f"{w['case']}: {case['name'] or case['file']} ({case['file']})"]
    facts = [k for k, v in case["facts"].items() if v]
    lines.append(f"{w['facts']}: {', '.join(facts) if facts else w['none']}")
    if case["choices"]:
        lines.append("choices: " + ", ".join(f"{k}={v}" for k, v in case["choices"].items()))
    for s in doc["steps"]:
        lines.append("")
        lines.append(
            f"{s['step']}. {s['date']}  {s['event']} - {s['event_label']}"
            + (f"  [{s['note']}]" if s["note"] else "")
        )
        if s["accepted"]:
            r = s["rule"]
            lines.append(f"   {w['rule']} {r['id']} ({r['source']}; {r['section']}; {r['basis']})")
        else:
            lines.append(f"   {w['refused']} ({w['rules']} {s['rules_in_force']}):")
            lines.extend(
                f"     - {r['rule']}: {r['requirement']} ({r['source']}; {r['section']})"
                for r in s["refusal"]
            )
        lines.extend(_situation_lines(s, w, "   "))
    if doc["stopped_at"] is not None:
        lines.append("")
        lines.append(f"{w['stopped']} {doc['stopped_at']} (--strict)")
    if doc["skipped"]:
        lines.append("")
        lines.append(
            f"{w['skipped']}: " + ", ".join(f"{k['step']}. {k['date']} {k['event']}" for k in doc["skipped"])
        )
    final = doc["final"]
    lines.append("")
    lines.append(f"{w['final']} {final['date']}:")
    lines.extend(_situation_lines(final, w, "   "))
    route = doc["route"]
    lines.append("")
    lines.append(
        f"{w['route']}: {route['label']} [{route['id']}; {route['section']}]"
        + (f" - {w['overlap']}" if route["overlap"] else "")
    )
    exp = doc["expectations"]
    if exp["route"] or exp["deadlines"]:
        checks = []
        if exp["route"]:
            checks.append(f"route {exp['route']['expected']}: {'ok' if exp['route']['ok'] else 'FAIL'}")
        checks.extend(
            f"{c['step']}.{c['deadline']} {c['expected']}: "
            + ("ok" if c["ok"] else f"FAIL (got {c['actual']})")
            for c in exp["deadlines"]
        )
        lines.append(f"{w['check']}: " + "; ".join(checks))
    if doc.get("svg"):
        lines.append(f"{w['timeline']}: {doc['svg']}")
    return "\n".join(lines) + "\n"
