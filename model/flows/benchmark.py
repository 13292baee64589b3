"""Benchmark of the flows: exact shares per era and the cohort simulation's rate.

Run: ``python -m verblijfsroutes.flows.benchmark`` (``--quick``: fewer runs). Wall clock on
the machine it runs on, median of the stated runs, load average printed at the start. Per
era: building the chain (exploring the phase graph, then the product with the classifier)
and solving it (the exact shares of both subgroups, what `flows` and the fit repeat). The
simulation: 100,000, 300,000 and 1,000,000 people, seconds and the ratio per person against
the smallest (1.0 = linear). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.core.ruledata import default_rule_data
from verblijfsroutes.flows.chain import Chain
from verblijfsroutes.flows.params import load_fitted, load_spec
from verblijfsroutes.flows.population import Mix
from verblijfsroutes.flows.simulate import simulate
from verblijfsroutes.routes.phasegraph import search
from verblijfsroutes.spec.choices import resolve_choices


def _median(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _cold_chain(engine: Engine, day: dt.date) -> Chain:
    """The chain of `day` built cold: nothing kept on the engine from an earlier search."""
    engine.memo.clear()
    return Chain(search(engine, day))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    runs = 3 if args.quick else 7
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; median of {runs} runs")
    data = default_rule_data()
    engine = Engine(data, resolve_choices([], data.choices))
    values = load_fitted(load_spec())
    chain = None
    for era in engine.eras:
        day = era.start
        build = _median(lambda d=day: _cold_chain(engine, d), max(1, runs // 2))
        chain = Chain(search(engine, day))
        solve = _median(lambda c=chain: Mix.of(c, values).class_shares(), runs)
        print(
            f"era {era.label}: chain build {build:.3f} s ({len(chain.states)} states), exact shares {solve * 1000:.1f} ms"
        )
    assert chain is not None
    base = None
    for n in (100_000, 300_000, 1_000_000):
        t = _median(lambda n=n: simulate(chain, values, n, seed=1), max(1, runs // 2))
        per = t / n
        base = base or per
        print(
            f"simulation {n:>9,} people: {t:.2f} s, {n / t:,.0f} people/s, per-person ratio {per / base:.2f}"
        )


if __name__ == "__main__":
    main()
