"""The model's own route shares for Figure 2 (figure2-model), beside the report's: the exact
shares of the flow chain (flows.yaml, fitted on the report's figures A1-A6) for the rules in
force on the figure's date. A model of people, not a measurement; the report's numbers stay
in the legend next to them (report_shares.py).
"""

from __future__ import annotations

import datetime as dt

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.flows.params import load_fitted, load_spec
from verblijfsroutes.flows.population import REG_ONLY, ROUTE_1, ROUTES_23, Mix, chain_for

WORDS = {
    "nl": (
        "Model (flows.yaml, gefit op A1-A6; regels van {day}): {reg} alleen de regeling, {asyl} ook asiel; "
        "Route 1 {r1}, Routes 2 en 3 {r23} van alle slachtoffers",
        "modelaandelen: een model van mensen, geen meting (README, 'How often')",
    ),
    "en": (
        "Model (flows.yaml, fitted on A1-A6; rules of {day}): {reg} the regulation only, {asyl} also asylum; "
        "Route 1 {r1}, Routes 2 and 3 {r23} of all victims",
        "model shares: a model of people, not a measurement (README, 'How often')",
    ),
}


def _pct(x: float, lang: str) -> str:
    text = f"{100 * x:.1f}%"
    return text.replace(".", ",") if lang == "nl" else text


def model_share_notes(engine: Engine, day: dt.date, lang: str) -> tuple[str, ...]:
    """The model's shares of the route groups of §3.1 on `day`, as legend lines."""
    spec = load_spec()
    mix = Mix.of(chain_for(engine, day), load_fitted(spec))
    reg = mix.share(REG_ONLY)
    line, note = WORDS[lang]
    return (
        line.format(
            day=day.isoformat(),
            reg=_pct(reg, lang),
            asyl=_pct(1 - reg, lang),
            r1=_pct(mix.share(ROUTE_1), lang),
            r23=_pct(mix.share(ROUTES_23), lang),
        ),
        note,
    )
