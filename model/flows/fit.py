"""The fit: the calibrated parameters of flows.yaml set so the chain meets A1-A6.

Free are exactly the parameters with a `calibration` id (one value, or one per subgroup);
every `assumption` stays as written. The fit minimises the sum of squared misses, each in
units of its tolerance (a lower bound counts only when missed), by Levenberg-Marquardt on
the log of each weight (the logit of a share) with a forward-difference Jacobian, from the
values in flows.yaml: deterministic, no random start. `render` writes the fitted file
(values and the residual of every target), which is committed and never edited by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import yaml
from verblijfsroutes.flows.calibration import Target, fitted_targets
from verblijfsroutes.flows.chain import Chain
from verblijfsroutes.flows.params import AFRICAN_SHARE, Spec, Values
from verblijfsroutes.flows.population import Mix

STEPS = 60
FIT_DAY = dt.date(2016, 1, 1)  # the rules in force in the middle of the report's data (2013-2017)
EPS = 1e-6


@dataclass
class Fit:
    values: Values
    residuals: list[tuple[Target, float]]  # target, model value
    cost: float
    steps: int


def _free(spec: Spec) -> list[tuple[str, tuple[str, ...]]]:
    """(parameter, the subgroups one free value sets) in file order."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for name, p in spec.params.items():
        if p.calibration is None:
            continue
        if p.per_subgroup:
            out.extend((name, (g,)) for g in spec.subgroups)
        else:
            out.append((name, tuple(spec.subgroups)))
    return out


def fit(spec: Spec, chain: Chain, progress: Callable[[str], None] | None = None) -> Fit:
    free = _free(spec)
    targets = fitted_targets()
    base = spec.values()

    def unpack(x: np.ndarray) -> Values:
        v = {n: dict(g) for n, g in base.items()}
        for (name, groups), xi in zip(free, x, strict=True):
            val = 1 / (1 + np.exp(-xi)) if name == AFRICAN_SHARE else np.exp(xi)
            for g in groups:
                v[name][g] = float(val)
        return v

    def pack(v: Values) -> np.ndarray:
        out = []
        for name, groups in free:
            val = v[name][groups[0]]
            out.append(np.log(val / (1 - val)) if name == AFRICAN_SHARE else np.log(max(val, 1e-9)))
        return np.array(out)

    def res(x: np.ndarray) -> np.ndarray:
        m = Mix.of(chain, unpack(x))
        return np.array([t.residual(t.model(m)) for t in targets if t.model])

    x = pack(base)
    r = res(x)
    cost = float(r @ r)
    lam = 1e-2
    k = 0
    for k in range(1, STEPS + 1):
        jac = np.empty((len(r), len(x)))
        for i in range(len(x)):
            dx = x.copy()
            dx[i] += EPS
            jac[:, i] = (res(dx) - r) / EPS
        g = jac.T @ r
        h = jac.T @ jac
        improved = False
        while lam < 1e8:
            step = np.linalg.solve(h + lam * np.diag(np.diag(h) + 1e-9), -g)
            x2 = np.clip(x + step, -20, 20)
            r2 = res(x2)
            c2 = float(r2 @ r2)
            if c2 < cost:
                x, r, lam, improved = x2, r2, max(lam / 3, 1e-7), True
                done = cost - c2 < 1e-10 * max(cost, 1e-12)
                cost = c2
                break
            lam *= 4
        if progress and k % 10 == 0:
            progress(f"fit step {k}: cost {cost:.6f}")
        if not improved or done:
            break
    values = unpack(x)
    m = Mix.of(chain, values)
    return Fit(values, [(t, t.model(m)) for t in targets if t.model], cost, k)


def render(spec: Spec, result: Fit, day: str) -> str:
    """The fitted file: a header, the fitted values, the residual of every target."""
    free_names = [n for n, p in spec.params.items() if p.calibration]
    doc = {
        "fitted_on_rules_of": day,
        "cost": round(result.cost, 6),
        "values": {n: {g: round(result.values[n][g], 6) for g in spec.subgroups} for n in free_names},
        "residuals": [
            {
                "id": t.id,
                "figure": t.key,
                "model": round(v, 4),
                "report": round(t.report or 0.0, 4),
                "tolerance": t.tol,
                "misses_by_tolerances": round(t.residual(v), 3),
            }
            for t, v in result.residuals
        ],
    }
    head = (
        "# Written by `verblijfsroutes flows fit`: the calibrated flow parameters and the fit's\n"
        "# residuals. Do not edit by hand; change flows.yaml and fit again (a test checks this\n"
        "# file equals a fresh fit).\n"
    )
    return head + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
