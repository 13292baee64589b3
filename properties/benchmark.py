"""Benchmark: how fast the explorer is, against driving the `transitions` Case step by step,
and how many steps per second Hypothesis fuzzing takes.

Run: ``python -m verblijfsroutes.properties.benchmark`` (``--quick`` for a shorter run). Figures are wall
clock on the machine it runs on; nothing here is a test.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from verblijfsroutes.case.case import Case
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.properties import PROPERTIES
from verblijfsroutes.properties.check import explore
from verblijfsroutes.properties.explorer import EraModel
from verblijfsroutes.properties.search import explore_era


def explorer_rate(engine: Engine, era: int, with_properties: bool) -> dict[str, Any]:
    """Explore one era exhaustively (lazy facts, every combination of facts)."""
    t0 = time.perf_counter()
    model = EraModel(engine, engine.eras[era], PROPERTIES if with_properties else ())
    t1 = time.perf_counter()
    r = explore_era(model)
    t2 = time.perf_counter()
    return {
        "situations": r.situations,
        "steps": r.steps,
        "compile_s": t1 - t0,
        "explore_s": t2 - t1,
        "situations_per_s": r.situations / (t2 - t0),
        "steps_per_s": r.steps / (t2 - t0),
    }


def case_rate(engine: Engine, era: int, budget: int) -> dict[str, Any]:
    """Breadth-first search driven through the `transitions` Case: restore each situation and
    fire every event (for one concrete person, every fact false), up to `budget` situations."""
    day = engine.eras[era].start
    case = Case({}, as_of=day)
    events = [e.id for e in engine.vocab.events]
    start = case.situation
    seen = {start}
    queue = [start]
    steps = 0
    t0 = time.perf_counter()
    for s in queue:
        if len(queue) >= budget and s is queue[budget - 1]:
            break
        for event in events:
            case.restore(s)
            out = case.fire(event)
            if out.accepted:
                steps += 1
                s2 = case.situation
                if s2 not in seen:
                    seen.add(s2)
                    queue.append(s2)
        if len(seen) >= budget:
            break
    dt = time.perf_counter() - t0
    expanded = queue.index(s) + 1
    return {
        "situations_expanded": expanded,
        "steps": steps,
        "seconds": dt,
        "situations_per_s": expanded / dt,
        "steps_per_s": steps / dt,
    }


def explorer_concrete_rate(engine: Engine, era: int, budget: int) -> dict[str, Any]:
    """The explorer's step function on the same concrete person and the same budget."""
    model = EraModel(engine, engine.eras[era])
    start = engine.initial({})
    seen = {start}
    queue = [start]
    steps = 0
    t0 = time.perf_counter()
    expanded = 0
    for s in queue:
        expanded += 1
        for row, fguards in model.node(s[: model.nt]).rows:
            if all(p(s) for _, _, p in fguards):
                steps += 1
                s2 = row.apply(s)
                if s2 not in seen:
                    seen.add(s2)
                    queue.append(s2)
        if len(seen) >= budget:
            break
    dt = time.perf_counter() - t0
    return {
        "situations_expanded": expanded,
        "steps": steps,
        "seconds": dt,
        "situations_per_s": expanded / dt,
        "steps_per_s": steps / dt,
    }


def hypothesis_rate(examples: int, steps: int) -> dict[str, Any]:
    """Steps per second of the Hypothesis state machine (differential Case/explorer check and
    the invariant properties on every step)."""
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
    try:
        run_state_machine_as_test(machine, settings=config)
        failed = ""
    except AssertionError as exc:  # a property the model violates: still count the steps
        failed = str(exc).splitlines()[0]
    dt = time.perf_counter() - t0
    n = sum(machine.run.steps.values())
    return {"examples": examples, "steps": n, "seconds": dt, "steps_per_s": n / dt, "failed": failed}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m verblijfsroutes.properties.benchmark", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="smaller budgets")
    args = ap.parse_args(argv)
    engine = Engine()
    last = len(engine.eras) - 1
    budget = 1000 if args.quick else 3000
    print(f"eras: {len(engine.eras)}; rows: {len(engine.rules)}")

    t0 = time.perf_counter()
    results = explore(engine, list(range(len(engine.eras))), PROPERTIES, workers=2)
    wall = time.perf_counter() - t0
    n = sum(r.situations for r in results)
    print(
        f"check --all-eras (2 workers, all properties): {n} situations, "
        f"{sum(r.steps for r in results)} steps, {wall:.2f} s wall"
    )

    full = explorer_rate(engine, last, with_properties=False)
    print(
        f"explorer, era {engine.eras[last].label}, lazy facts, no properties: {full['situations']} situations "
        f"in {full['compile_s'] + full['explore_s']:.2f} s = {full['situations_per_s']:,.0f} situations/s"
    )

    ex = explorer_concrete_rate(engine, last, budget)
    cs = case_rate(engine, last, budget)
    print(f"one concrete person, first {budget} situations of era {engine.eras[last].label}:")
    print(
        f"  explorer step function: {ex['situations_per_s']:,.0f} situations/s ({ex['steps_per_s']:,.0f} steps/s)"
    )
    print(
        f"  transitions Case      : {cs['situations_per_s']:,.0f} situations/s ({cs['steps_per_s']:,.0f} steps/s)"
    )
    print(f"  ratio explorer / Case : {ex['situations_per_s'] / cs['situations_per_s']:.0f}x")

    hy = hypothesis_rate(30 if args.quick else 100, 40)
    print(
        f"hypothesis state machine: {hy['steps']} steps in {hy['seconds']:.2f} s = {hy['steps_per_s']:,.0f} steps/s"
        + (f" (stopped at a failing property: {hy['failed']})" if hy["failed"] else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
