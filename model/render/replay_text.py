"""The replay document as text for an adviser: first a compact table (date, event, lawful
residence and its basis, housing and provisions, next deadline), then the details per step
in labels (never ids alone), the situation at the end, the route class and the checks of the
case file's `expect` block. Everything is in the chosen language except sources, which are
names of law; a basis that rests on a decided open question is marked as such.
"""

from __future__ import annotations

from typing import Any

from verblijfsroutes.spec.i18n import pick

WORDS: dict[str, dict[str, Any]] = {
    "nl": {
        "case": "Casus",
        "automatic": "vanzelf, voor stap",
        "facts": "Feiten",
        "choices": "Beslissingen over open vragen",
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
        "overview": "Overzicht",
        "details": "Per stap",
        "date": "datum",
        "event": "gebeurtenis",
        "residence_col": "rechtmatig verblijf (grond)",
        "housing_col": "huisvesting en voorzieningen",
        "deadline_col": "eerstvolgende termijn",
        "situation": "situatie",
        "rests_on": "berust op beslissing",
        "assumed": "aanname van het model",
        "unreached": "niet bereikt",
        "basis": {"law": "wet", "policy": "beleid", "practice": "praktijk", "assumption": "aanname"},
    },
    "en": {
        "case": "Case",
        "automatic": "by itself, before step",
        "facts": "Facts",
        "choices": "Decisions on open questions",
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
        "overview": "Overview",
        "details": "Step by step",
        "date": "date",
        "event": "event",
        "residence_col": "lawful residence (basis)",
        "housing_col": "housing and provisions",
        "deadline_col": "next deadline",
        "situation": "situation",
        "rests_on": "rests on decision",
        "assumed": "a modelling assumption",
        "unreached": "not reached",
        "basis": {"law": "law", "policy": "policy", "practice": "practice", "assumption": "assumption"},
    },
}


def days_text(n: int, lang: str) -> str:
    """Days left in words: "1 dag", "91 dagen", "vandaag"; "1 day", "91 days", "today"."""
    if n == 0:
        return pick("vandaag", "today", lang)
    if n < 0:
        return pick(
            f"{-n} {'dag' if n == -1 else 'dagen'} geleden", f"{-n} {'day' if n == -1 else 'days'} ago", lang
        )
    return pick(f"nog {n} {'dag' if n == 1 else 'dagen'}", f"{n} {'day' if n == 1 else 'days'} left", lang)


def _bases(block: dict[str, Any], w: dict[str, Any]) -> str:
    out = []
    for b in block["residence_basis"]:
        mark = ""
        if b.get("assumption") == "assumption":
            mark = f" [{w['assumed']}]"
        elif b.get("assumption"):
            mark = f" [{w['rests_on']} {b['assumption']}]"
        out.append(f"{b['label']}{mark}")
    return "; ".join(out)


def _residence(block: dict[str, Any], w: dict[str, Any]) -> str:
    return f"{w['yes']}: {_bases(block, w)}" if block["lawful_residence"] else w["no"]


def _next_deadline(block: dict[str, Any], lang: str) -> str:
    upcoming = [d for d in block["deadlines"] if d["days_left"] >= 0]
    if not upcoming:
        return "-"
    d = min(upcoming, key=lambda d: d["date"])
    return f"{d['date']} {d['name']} ({days_text(d['days_left'], lang)})"


def _overview(doc: dict[str, Any], w: dict[str, Any]) -> list[str]:
    lang = doc["lang"]
    rows = [(w["date"], w["event"], w["residence_col"], w["housing_col"], w["deadline_col"])]
    for s in doc["steps"]:
        event = s["event_label"] + ("" if s["accepted"] else f" ({w['refused']})")
        if s.get("automatic"):
            event = f"({event})"
        if s.get("met_terugwerkende_kracht"):
            event += pick(" (besluit ", " (decided ", lang) + s["met_terugwerkende_kracht"]["besluit"] + ")"
        housing = f"{s['housing']['label']}; {s['provisions']['label']}"
        rows.append((s["date"], event, _residence(s, w), housing, _next_deadline(s, lang)))
    widths = [min(max(len(r[k]) for r in rows), cap) for k, cap in enumerate((10, 34, 44, 44, 60))]

    def fmt(r: tuple[str, ...]) -> str:
        cells = [
            (c if len(c) <= widths[k] else c[: widths[k] - 1] + "…").ljust(widths[k]) for k, c in enumerate(r)
        ]
        return " | ".join(cells).rstrip()

    lines = [fmt(rows[0]), "-+-".join("-" * x for x in widths)]
    lines.extend(fmt(r) for r in rows[1:])
    return lines


def _situation_lines(block: dict[str, Any], w: dict[str, Any], lang: str, indent: str) -> list[str]:
    lines = []
    labels = block["labels"]
    lines.append(f"{indent}{w['situation']}: " + "; ".join(labels.values()))
    lines.append(f"{indent}{w['residence']}: {_residence(block, w)}")
    for b in block["residence_basis"]:
        lines.append(f"{indent}  {b['label']}: {b['source']} ({b['section']})")
    prov = block["provisions"]
    lines.append(
        f"{indent}{w['housing']}: {block['housing']['label']}; {w['provisions']}: {prov['label']} ({prov['source']})"
    )
    if block["outcome"]:
        lines.append(f"{indent}{w['outcome']}: {block['outcome']['label']} ({block['outcome']['source']})")
    if block["deadlines"]:
        lines.append(f"{indent}{w['deadlines']}:")
        for d in block["deadlines"]:
            left = d["days_left"]
            status = days_text(left, lang) if left >= 0 else w["passed"]
            lines.append(f"{indent}  {d['date']}  {d['name']} ({status}; {d['source']})")
    if block["next_events"]:
        lines.append(f"{indent}{w['next']}:")
        for n in block["next_events"]:
            lines.append(f"{indent}  - {n['label']} ({n['rule']}; {n['source']})")
    return lines


def render_text(doc: dict[str, Any]) -> str:
    """The replay for an adviser: the overview table, the steps in detail, the end."""
    lang = doc["lang"]
    w = WORDS[lang]
    case = doc["case"]
    lines = [f"{w['case']}: {case['name'] or case['file']} ({case['file']})"]
    facts = [k for k, v in case["facts"].items() if v]
    lines.append(f"{w['facts']}: {', '.join(facts) if facts else w['none']}")
    if case["choices"]:
        lines.append(f"{w['choices']}: " + ", ".join(f"{k}={v}" for k, v in case["choices"].items()))
    lines.append("")
    lines.append(f"{w['overview']}:")
    lines.extend(_overview(doc, w))
    lines.append("")
    lines.append(f"{w['details']}:")
    for s in doc["steps"]:
        lines.append("")
        number = f"({w['automatic']} {s['step']})" if s.get("automatic") else f"{s['step']}."
        effect = (
            f" ({pick('met ingang van', 'with effect from', lang)} {s['met_ingang_van']})"
            if s.get("met_ingang_van")
            else ""
        )
        if s.get("aanvraag_op"):
            effect = (
                pick(" (B8-aanvraag ontvangen op ", " (B8 application received on ", lang)
                + s["aanvraag_op"]
                + ")"
            )
        retro = s.get("met_terugwerkende_kracht")
        if retro:
            effect = (
                " ("
                + pick(
                    f"besluit van {retro['besluit']}, met terugwerkende kracht",
                    f"decided on {retro['besluit']}, with retroactive effect",
                    lang,
                )
                + ")"
            )
        lines.append(
            f"{number} {s['date']}{effect}  {s['event_label']}" + (f"  [{s['note']}]" if s["note"] else "")
        )
        if s["accepted"]:
            r = s["rule"]
            basis = w["basis"].get(r["basis"], r["basis"])
            lines.append(f"   {w['rule']} {r['id']}: {r['source']} ({r['section']}; {basis})")
        else:
            lines.append(f"   {w['refused']} ({w['rules']} {s['rules_in_force']}):")
            lines.extend(
                f"     - {r['rule']}: {r['requirement']} ({r['source']}; {r['section']})"
                for r in s["refusal"]
            )
        if retro:
            lines.append(f"   {retro['assumption']}")
        lines.extend(_situation_lines(s, w, lang, "   "))
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
    lines.extend(_situation_lines(final, w, lang, "   "))
    route = doc["route"]
    lines.append("")
    lines.append(
        f"{w['route']}: {route['label']} ({pick(route['section'], route['section'].replace('Figuur', 'Figure'), lang)})"
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
