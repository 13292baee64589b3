"""Benchmark: the explorer against a plain BFS measured in the same run, the CLI's latencies
and peak memory, and the `transitions` Case and Hypothesis rates.

Run: ``python -m verblijfsroutes.properties.benchmark`` (``--quick``: fewer runs, smaller
budgets; ``--json FILE`` also writes the figures). Every figure is wall clock on the machine
it runs on, the median of the runs stated; the load average at the start is printed with
them. The baseline makes the explorer's rate mean the same on any machine: a plain
pure-Python BFS over tuples of 10 small ints with 5 successors each, no properties; the
explorer's rate is divided by it. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from verblijfsroutes.case.case import Case
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.properties import PROPERTIES
from verblijfsroutes.properties.explorer import EraModel
from verblijfsroutes.properties.levels import explore_levels
from verblijfsroutes.properties.packed import Packed

BASELINE_STATES = 300_000


def baseline_rate(limit: int = BASELINE_STATES) -> float:
    """States per second of a plain BFS: tuples of 10 ints in 0..3, 5 successors each (one
    position counts up, another adds it), a set for dedup, a list as queue."""
    start: tuple[int, ...] = (0,) * 10
    seen = {start}
    queue = [start]
    t0 = time.perf_counter()
    n = 0
    while n < len(queue) and n < limit:
        s = queue[n]
        n += 1
        for j in range(5):
            t = list(s)
            t[j] = (t[j] + 1) & 3
            t[j + 5] = (t[j + 5] + t[j]) & 3
            u = tuple(t)
            if u not in seen:
                seen.add(u)
                queue.append(u)
    return n / (time.perf_counter() - t0)


def explorer_rate(engine: Engine, era: int) -> dict[str, Any]:
    """Explore one era exhaustively with every property, including compiling the era."""
    t0 = time.perf_counter()
    model = EraModel(engine, engine.eras[era], PROPERTIES)
    compiled = time.perf_counter() - t0
    r = explore_levels(model)
    dt = time.perf_counter() - t0
    return {
        "situations": r.situations,
        "steps": r.steps,
        "compile_s": compiled,  # rows per combination of track states, and the liveness of facts
        "seconds": dt,
        "situations_per_s": r.situations / dt,
    }


def python_floor(engine: Engine) -> dict[str, float]:
    """Seconds of the check's work in every era, one after another in this process: all of it
    (compile and explore), and the part that is Python per element rather than array work:
    compiling the era (rows per combination of track states, liveness of facts) and computing
    each node, each distinct expansion (guards, derived rules, properties) and each split of
    unknown facts once, timed again on a fresh model from the keys the exploration met. No
    faster search over the situations makes the check cheaper than that part."""
    enabled = gc.isenabled()
    gc.disable()
    total = per_element = 0.0
    try:
        for era in engine.eras:
            t0 = time.perf_counter()
            seen = Packed(EraModel(engine, era, PROPERTIES))
            explore_levels(seen.model, packed=seen)
            total += time.perf_counter() - t0
            t0 = time.perf_counter()
            again = Packed(EraModel(engine, era, PROPERTIES))
            for n, found in enumerate(seen.expansions):
                m = again.number(seen.tracks[n])
                for key in found:
                    again.expansion(m, key)
            for n, target in enumerate(seen.targets):
                fresh = again.targets[again.number(seen.tracks[n])]
                for key in target.splits:
                    again.splits(fresh, key)
            per_element += time.perf_counter() - t0
    finally:
        if enabled:
            gc.enable()
    return {"all_s": total, "python_per_element_s": per_element}


def case_rate(engine: Engine, era: int, budget: int) -> float:
    """Situations per second of a breadth-first search driven through the `transitions` Case
    (restore each situation and fire every event; one person, every fact false)."""
    case = Case({}, as_of=engine.eras[era].start)
    events = [e.id for e in engine.vocab.events]
    start = case.situation
    seen = {start}
    queue = [start]
    t0 = time.perf_counter()
    n = 0
    while n < len(queue) and n < budget:
        s = queue[n]
        n += 1
        for event in events:
            case.restore(s)
            if case.fire(event).accepted and case.situation not in seen:
                seen.add(case.situation)
                queue.append(case.situation)
    return n / (time.perf_counter() - t0)


def hypothesis_rate(examples: int, steps: int) -> float:
    """Steps per second of the Hypothesis state machine (the differential Case/explorer check
    and the invariant properties on every step)."""
    from hypothesis import HealthCheck
    from hypothesis import settings as hsettings
    from hypothesis.stateful import run_state_machine_as_test
    from verblijfsroutes.properties import fuzz

    machine = fuzz.machine()
    config = hsettings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    t0 = time.perf_counter()
    run_state_machine_as_test(machine, settings=config)
    return sum(machine.run.steps.values()) / (time.perf_counter() - t0)


# Runs the CLI and reports the peak resident memory of its largest process: its own high-water
# mark (VmHWM: the maximum RSS carried over from the parent across exec would mislead) and that of
# the workers it forked.
_CHILD = """
import resource, sys
from verblijfsroutes.cli.main import main
try:
    rc = main(sys.argv[1:])
except SystemExit as exc:
    rc = exc.code
try:
    with open("/proc/self/status") as f:
        own = next(int(x.split()[1]) for x in f if x.startswith("VmHWM:"))
except (OSError, StopIteration):
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak = max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.stderr.write(f"\\nPEAK_KIB {peak}\\n")
raise SystemExit(rc)
"""


def command_latency(args: list[str], runs: int) -> dict[str, Any]:
    """Median wall time of `verblijfsroutes ARGS` as a fresh process, and the peak resident
    memory of its largest process (itself or a worker)."""
    times = []
    peak = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, check=False
        )
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise RuntimeError(f"verblijfsroutes {' '.join(args)} failed: {proc.stderr.strip()[-300:]}")
        for line in proc.stderr.splitlines():
            if line.startswith("PEAK_KIB "):
                peak = max(peak, int(line.split()[1]))
    return {
        "command": "verblijfsroutes " + " ".join(args),
        "runs": runs,
        "median_s": statistics.median(times),
        "peak_mib": peak / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m verblijfsroutes.properties.benchmark", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="one run per figure, smaller budgets")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE (a new file)")
    args = ap.parse_args(argv)
    if args.json and Path(args.json).exists():
        print(f"benchmark: {args.json} exists; name a new file", file=sys.stderr)
        return 2
    runs = 1 if args.quick else 3
    engine = Engine()
    last = len(engine.eras) - 1
    load = os.getloadavg()[0]
    print(f"load average at start: {load:.2f}; {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    print(f"eras: {len(engine.eras)}; rows: {len(engine.rules)}; median of {runs} run(s) per figure")
    out: dict[str, Any] = {"load": load, "runs": runs}

    base = statistics.median(baseline_rate() for _ in range(runs))
    ex = [explorer_rate(engine, last) for _ in range(runs)]
    rate = statistics.median(r["situations_per_s"] for r in ex)
    out["baseline_states_per_s"] = base
    out["explorer"] = {"era": engine.eras[last].label, **ex[0], "situations_per_s": rate}
    print(f"plain tuple BFS baseline          : {base:,.0f} states/s")
    print(
        f"explorer, era {engine.eras[last].label}, all properties, compile included: "
        f"{ex[0]['situations']:,} situations, {rate:,.0f} situations/s"
    )
    print(f"ratio explorer / baseline         : {rate / base:.2f}")
    compile_s = statistics.median(r["compile_s"] for r in ex)
    print(
        f"  of which compiling the era     : {compile_s:.3f} s "
        f"(exploring {statistics.median(r['seconds'] for r in ex) - compile_s:.3f} s)"
    )
    out["ratio"] = rate / base
    floor = [python_floor(engine) for _ in range(runs)]
    every = statistics.median(f["all_s"] for f in floor)
    preds = statistics.median(f["python_per_element_s"] for f in floor)
    out["check_one_process_s"] = {"all": every, "python_per_element": preds}
    print(f"check, all eras, one process      : {every:.2f} s")
    print(f"  of which Python per element     : {preds:.2f} s (compile; each node, expansion, split once)")

    with tempfile.TemporaryDirectory(prefix="verblijfsroutes-bench-") as tmp:
        example = str(Path(__file__).resolve().parents[1] / "examples" / "route_2.yaml")
        commands = [
            ["check", "--all-eras"],
            ["table"],
            ["routes"],
            ["diff", "--from", engine.eras[-3].start.isoformat(), "--to", engine.eras[-1].start.isoformat()],
            ["diagram", "--all", "--out", str(Path(tmp) / "diagrams")],
        ]
        if Path(example).exists():
            commands.insert(3, ["replay", example])
        out["commands"] = []
        for cmd in commands:
            if cmd[0] == "diagram":
                for f in Path(tmp).glob("diagrams/*"):
                    f.unlink()
            lat = command_latency(cmd, runs)
            out["commands"].append(lat)
            shown = " ".join(a if not a.startswith(tmp) else "TMP/" + Path(a).name for a in cmd)
            print(f"{shown:<45}: {lat['median_s']:.2f} s, peak {lat['peak_mib']:.0f} MiB")

    budget = 1000 if args.quick else 3000
    cs = case_rate(engine, last, budget)
    out["case_situations_per_s"] = cs
    print(f"transitions Case, one person      : {cs:,.0f} situations/s")
    try:
        hy = hypothesis_rate(30 if args.quick else 100, 40)
        out["hypothesis_steps_per_s"] = hy
        print(f"Hypothesis state machine          : {hy:,.0f} steps/s")
    except ImportError:
        print("Hypothesis state machine          : skipped (install the `fuzz` extra)")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
