"""What-if: route-class shares and exit points under changed parameters, against the baseline.

`compare` solves the exact chain for the baseline values and for the values after each
`--set`, and gives per route class and per exit point (last phase, outcome) both shares and
the change, with the parameters each class depends on (sensitivity.py). With `people`, it
adds 95% intervals from the cohort simulation (uncensored, all years, so the dates play no
part: the intervals are the simulation's sampling error around the exact shares).
"""

from __future__ import annotations

import math
from typing import Any

from verblijfsroutes.flows.chain import Chain
from verblijfsroutes.flows.params import Spec, Values, set_value
from verblijfsroutes.flows.population import Mix
from verblijfsroutes.flows.sensitivity import depends_on
from verblijfsroutes.flows.simulate import Z, simulate


def compare(
    chain: Chain, spec: Spec, values: Values, sets: list[str], people: int | None = None, seed: int = 2020
) -> dict[str, Any]:
    changed = values
    for s in sets:
        changed = set_value(changed, spec, s)
    base = Mix.of(chain, values)
    what = Mix.of(chain, changed) if sets else base
    deps = depends_on(chain, spec, values)
    classes = []
    sims = {}
    if people:
        for key, vals in (("baseline", values), ("value", changed)):
            sims[key] = simulate(chain, vals, people, seed, censor=False).shares(0, 9999, seen=False)
    for c in base.class_shares():
        b, v = base.share({c}), what.share({c})
        row: dict[str, Any] = {"class": c, "baseline": b, "value": v, "change": v - b, "depends_on": deps[c]}
        if people:
            for key in ("baseline", "value"):
                p, lo, hi = sims[key][c]
                row[f"{key}_simulated"] = [p, lo, hi]
            halves = [float(sims[k][c][2] - sims[k][c][0]) / Z for k in ("baseline", "value")]
            se = math.hypot(*halves)
            d = sims["value"][c][0] - sims["baseline"][c][0]
            row["change_simulated"] = [d, d - Z * se, d + Z * se]
        classes.append(row)
    be, we = base.exit_shares(), what.exit_shares()
    exits = sorted(set(be) | set(we), key=lambda k: (-max(be.get(k, 0.0), we.get(k, 0.0)), k))
    return {
        "set": list(sets),
        "people": people,
        "classes": classes,
        "exits": [
            {
                "phase": k[0],
                "outcome": k[1],
                "baseline": be.get(k, 0.0),
                "value": we.get(k, 0.0),
                "change": we.get(k, 0.0) - be.get(k, 0.0),
            }
            for k in exits
        ],
    }
