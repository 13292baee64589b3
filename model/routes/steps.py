"""The steps of a route: for each move between phases, the target phase and the rules (id, event,
source, §) that take it, as records for listings and JSON.
"""

from __future__ import annotations

from typing import Any

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.classes import OUTCOME
from verblijfsroutes.routes.listing import RouteSet


def step_records(engine: Engine, rs: RouteSet, nodes: tuple[str, ...], lang: str) -> list[dict[str, Any]]:
    """Each step of a route: the phases, and the rules (id, event, source, §) that take it."""
    rules = {r.id: r for r in engine.rules}
    outcomes = {d.id: d for d in engine.derived.get("uitkomsten", ())}
    out = []
    for u, v in zip(nodes, nodes[1:], strict=False):
        rows = []
        for rid, event in sorted(rs.graph.edges[u, v]["rules"].items()):
            if rid in rules:
                r = rules[rid]
                ev = engine.vocab.event(event)
                rows.append(
                    {
                        "rule": rid,
                        "event": event,
                        "label": ev.text(lang),
                        "source": r.source,
                        "section": r.section,
                        "basis": r.basis,
                    }
                )
            elif rid in outcomes:
                d = outcomes[rid]
                rows.append(
                    {
                        "rule": rid,
                        "event": "",
                        "label": d.text(lang),
                        "source": d.source,
                        "section": d.section,
                        "basis": "",
                    }
                )
            else:
                rows.append(
                    {
                        "rule": rid,
                        "event": "",
                        "label": ph.LEFT_LABEL[lang],
                        "source": "Bijlage 2",
                        "section": "§3",
                        "basis": "",
                    }
                )
        target = (
            (outcomes[v[len(OUTCOME) :]].text(lang) if v[len(OUTCOME) :] in outcomes else ph.LEFT_LABEL[lang])
            if v.startswith(OUTCOME)
            else ph.label(v, lang)
        )
        out.append({"from": u, "to": v, "to_label": target, "rules": rows})
    return out
