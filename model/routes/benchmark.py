"""Benchmark of the routes: the phase graph of each era searched cold, and its routes counted.

Run: ``python -m verblijfsroutes.routes.benchmark`` (``--runs N``, default 5). Each search runs
on a new engine, so nothing is kept from an earlier search; counting is every simple path from
the start to an outcome, per class (counting.py). Wall clock, the median of the runs; the load
average at the start is printed with the figures. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.counting import RouteIndex
from verblijfsroutes.routes.listing import route_graph
from verblijfsroutes.routes.phasegraph import search


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m verblijfsroutes.routes.benchmark", description=__doc__)
    ap.add_argument("--runs", type=int, default=5, metavar="N", help="runs per figure (default 5)")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be 1 or more")
    print(
        f"load average at start: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores; median of {args.runs} runs"
    )
    for i, era in enumerate(Engine().eras):
        searched, counted, routes = [], [], 0
        for _ in range(args.runs):
            engine = Engine()
            t0 = time.perf_counter()
            pg = search(engine, engine.eras[i].start)
            t1 = time.perf_counter()
            routes = sum(RouteIndex(route_graph(pg), ph.START).counts().values())
            searched.append(t1 - t0)
            counted.append(time.perf_counter() - t1)
        print(
            f"era {era.label}: phase graph searched in {statistics.median(searched):.3f} s; "
            f"{routes:,} routes counted per class in {statistics.median(counted) * 1000:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
