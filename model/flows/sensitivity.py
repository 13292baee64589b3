"""Which parameters a route class's share depends on: found by moving each one.

Each parameter of flows.yaml is raised by half (a share: by 0.05) for every subgroup; a class
depends on it when its exact share moves by more than DELTA. A parameter that names no
phase edge of the era moves nothing and so appears nowhere.
"""

from __future__ import annotations

from verblijfsroutes.flows.chain import Chain
from verblijfsroutes.flows.params import AFRICAN_SHARE, Spec, Values
from verblijfsroutes.flows.population import Mix

DELTA = 1e-6


def depends_on(chain: Chain, spec: Spec, values: Values) -> dict[str, list[str]]:
    """Per route class of the population, the parameters its share moves with (file order)."""
    base = Mix.of(chain, values).class_shares()
    out: dict[str, list[str]] = {c: [] for c in base}
    for name in spec.params:
        moved = {n: dict(v) for n, v in values.items()}
        for g in moved[name]:
            x = moved[name][g]
            moved[name][g] = min(x + 0.05, 1.0) if name == AFRICAN_SHARE else (x * 1.5 if x > 0 else 0.05)
        shares = Mix.of(chain, moved).class_shares()
        for c, s in shares.items():
            if abs(s - base[c]) > DELTA:
                out[c].append(name)
    return out
