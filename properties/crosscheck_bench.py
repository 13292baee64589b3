"""Benchmark of the cross-check: both checkers' figures and times per era, side by side.

Run: ``python -m verblijfsroutes.properties.crosscheck_bench [--runs N]`` (default 3). Per era
and run it verifies the Promela export with SPIN (compiling pan included) and explores the
era with the explorer as `check` does (all properties); it prints the median of the runs, the
situations each checker counts, the combinations of track states both reach, and the load
average from `uptime` at the start. Wall clock on the machine it runs on; nothing here is a test.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.properties import PROPERTIES
from verblijfsroutes.properties.crosscheck import explore_tracks, run_spin, spin_missing
from verblijfsroutes.properties.explorer import EraModel
from verblijfsroutes.properties.levels import explore_levels


def _explorer(engine: Engine, era: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    r = explore_levels(EraModel(engine, engine.eras[era], PROPERTIES))
    return time.perf_counter() - t0, r.situations


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    missing = spin_missing()
    if missing:
        sys.stderr.write(f"crosscheck_bench: {missing}\n")
        return 2
    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    engine = Engine()
    print(f"runs: {args.runs} (median); at the start: {load}")
    print(
        "| era | SPIN concrete situations | SPIN s (compile) | explorer situations | explorer s |"
        " track combinations (both) |"
    )
    print("|---|---|---|---|---|---|")
    for i, era in enumerate(engine.eras):
        spin_t, compile_t, ex_t = [], [], []
        for _ in range(args.runs):
            s = run_spin(engine, i)
            spin_t.append(s.compile_seconds + s.run_seconds)
            compile_t.append(s.compile_seconds)
            seconds, situations = _explorer(engine, i)
            ex_t.append(seconds)
        tracks = explore_tracks(engine, i, PROPERTIES).tracks
        same = "equal" if set(tracks) == s.tracks else "DIFFERENT"
        print(
            f"| {era.label} | {s.situations:,} | {statistics.median(spin_t):.1f} ({statistics.median(compile_t):.1f})"
            f" | {situations:,} | {statistics.median(ex_t):.2f} | {len(s.tracks):,} ({same}) |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
