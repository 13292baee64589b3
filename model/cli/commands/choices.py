"""`verblijfsroutes choices`: the open questions, the decision taken and the rows it affects."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from verblijfsroutes.core.ruledata import default_rule_data
from verblijfsroutes.spec.i18n import pick


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the texts (default nl)")


WORDS = {
    "decision": ("Beslissing", "Decision"),
    "rationale": ("Toelichting", "Rationale"),
    "switch": ("Omzetten met", "Switch with"),
    "rows": ("Regels", "Rows"),
}


def run(args: argparse.Namespace) -> int:
    data = default_rule_data()
    lang = args.lang
    items: list[dict[str, Any]] = []
    for c in data.choices.values():
        rows = {opt: [r.id for r in data.rules if r.choice == (c.id, opt)] for opt in c.options}
        derived = [d.id for ds in data.derived.values() for d in ds if d.choice and d.choice[0] == c.id]
        cited = re.compile(rf"\b{re.escape(c.id)}\b")  # Q1, not Q10 or Q12
        assumption_rows = [r.id for r in data.rules if cited.search(r.rationale)]
        items.append(
            {
                "id": c.id,
                "question": c.question_text(lang),
                "default": c.default,
                "options": {o: c.option_text(o, lang) for o in c.options},
                "rationale": c.rationale_text(lang),
                "rows_per_option": rows,
                "derived_rows": derived,
                "rows_citing": assumption_rows,
            }
        )
    if args.format == "json":
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return 0
    out = []
    w = {k: pick(*v, lang) for k, v in WORDS.items()}
    for it in items:
        out.append(f"## {it['id']}: {it['question']}\n")
        out.append(f"{w['decision']}: **{it['default']}** - {it['options'][it['default']]}\n")
        out.append(f"{w['rationale']}: {it['rationale']}\n")
        alts = [o for o in it["options"] if o != it["default"]]
        if alts:
            out.append(f"{w['switch']}: " + ", ".join(f"`--choice {it['id']}={o}`" for o in alts) + "\n")
        touched = sorted(
            {*it["rows_citing"], *[r for v in it["rows_per_option"].values() for r in v], *it["derived_rows"]}
        )
        if touched:
            out.append(f"{w['rows']}: " + ", ".join(touched) + "\n")
    sys.stdout.write("\n".join(out))
    return 0
