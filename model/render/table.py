"""The transition table as records for reviewers: one record per rule, in md, csv or json.

Every column comes from rules.yaml (via the engine), so the table a reviewer reads is the
table the machine runs.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.spec.rules import Rule

COLUMNS = (
    "id",
    "track",
    "event",
    "event_label",
    "from",
    "guards",
    "to",
    "effects",
    "source",
    "section",
    "basis",
    "valid_from",
    "valid_until",
    "choice",
    "active",
    "rationale",
)


def _pattern(p: dict[str, Any]) -> str:
    return "; ".join(f"{k}={'|'.join(v) if isinstance(v, tuple) else v}" for k, v in p.items())


def rule_record(engine: Engine, rule: Rule, lang: str = "nl") -> dict[str, str]:
    """One row of the review table."""
    event = engine.vocab.event(rule.event)

    def date(cid: str | None) -> str:
        if not cid:
            return ""
        ch = engine.data.changes[cid]
        return f"{ch.date.text} ({ch.date.precision}; {cid})"

    return {
        "id": rule.id,
        "track": event.track,
        "event": rule.event,
        "event_label": event.text(lang),
        "from": _pattern(rule.from_),
        "guards": ", ".join(rule.guards),
        "to": _pattern(rule.to),
        "effects": _pattern({k: str(v).lower() for k, v in rule.effects.items()}),
        "source": rule.source,
        "section": rule.section,
        "basis": rule.basis,
        "valid_from": date(rule.valid_from),
        "valid_until": date(rule.valid_until),
        "choice": rule.choice_text,
        "active": "yes" if engine.active(rule.choice) else "no",
        "rationale": rule.rationale_text(lang),
    }


def select_rules(
    engine: Engine, as_of: Any = None, bases: Iterable[str] | None = None, active_only: bool = False
) -> list[Rule]:
    """Every rule of rules.yaml (or only those active under the engine's decisions),
    optionally only those in force on `as_of` and of the given bases."""
    wanted = set(bases or ())
    out = []
    for rule in engine.data.rules:
        if active_only and not engine.active(rule.choice):
            continue
        if as_of is not None and not engine.in_force(rule, as_of):
            continue
        if wanted and rule.basis not in wanted:
            continue
        out.append(rule)
    return out


def render(records: list[dict[str, str]], fmt: str) -> str:
    """Render records as Markdown, CSV or JSON."""
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf, fieldnames=list(records[0]) if records else list(COLUMNS), lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(records)
        return buf.getvalue()
    cols = list(records[0]) if records else list(COLUMNS)
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for rec in records:
        lines.append("| " + " | ".join(str(rec[c]).replace("|", "\\|") for c in cols) + " |")
    return "\n".join(lines) + "\n"
