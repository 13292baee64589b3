"""The replay document as text for a reader: one block per step, then the situation at the end,
the route class and the checks of the case file's `expect` block.
"""

from __future__ import annotations

from typing import Any

WORDS = {
    "nl": {
        "case": "Casus",
        "automatic": "vanzelf, voor stap",
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
        "automatic": "by itself, before step",
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
        number = f"({w['automatic']} {s['step']})" if s.get("automatic") else f"{s['step']}."
        lines.append(
            f"{number} {s['date']}  {s['event']} - {s['event_label']}"
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
