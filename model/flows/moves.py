"""Moves: the name under which a phase-graph edge finds its flow parameter.

An edge of the phase graph (routes/phasegraph.py) is named by what changes between its two
phases, read generically from the phase ids: `einde` (she stays with an outcome),
`vertrekken` (she leaves the Netherlands), `terugkeren`, `asiel_aanvragen`,
`asiel_verleend` / `asiel_afgewezen`, or `<regeling phase>><regeling phase>` for a step of
the regulation. A parameter may be given for the move at one phase node
(`move@<regeling>|<asiel>`), at one regulation phase (`move@<regeling>`) or for the move
everywhere (`move`); the most specific one found wins, and a move no parameter names falls
back to `overig` (so a new phase in phases.py gets a weight without code changes).
"""

from __future__ import annotations

from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.classes import OUTCOME

FALLBACK = "overig"


def move(u: str, v: str) -> str:
    """The move of the phase edge u -> v."""
    if v.startswith(OUTCOME):
        return "einde"
    if v == ph.LEFT:
        return "vertrekken"
    if u == ph.LEFT:
        return "terugkeren"
    reg_u, as_u = ph.split(u)
    reg_v, as_v = ph.split(v)
    if as_v == "aanvraag" and as_u != "aanvraag":
        return "asiel_aanvragen"
    if reg_u == reg_v and as_u == "aanvraag" and as_v != as_u:
        return "asiel_verleend" if as_v == "verleend" else "asiel_afgewezen"
    if reg_u != reg_v:
        return f"{reg_u}>{reg_v}"
    return f"{as_u}>{as_v}"


def candidates(u: str, v: str) -> tuple[str, ...]:
    """Parameter names for the edge u -> v, most specific first, ending in the fallback."""
    m = move(u, v)
    names = [f"{m}@{u}"]
    reg, _ = ph.split(u)
    if reg:
        names.append(f"{m}@{reg}")
    if v.startswith(OUTCOME):
        names.insert(0, f"{m}:{v[len(OUTCOME) :]}")
    names.append(m)
    names.append(FALLBACK)
    return tuple(names)
