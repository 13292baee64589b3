"""Run the exhaustive check: explore the chosen eras, judge every property, report.

`run_check` explores each era (in parallel processes on a multi-core machine), then gives
each property its verdict (holds / fails / n/a) with the shortest counterexample, and the
coverage: rows never used, states never reached, articles never cited by a reachable step.
`narrative` turns a trace into the readable story a reviewer checks against the report.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.core.workers import worker_init
from verblijfsroutes.properties import PROPERTIES
from verblijfsroutes.properties.explorer import EraModel
from verblijfsroutes.properties.levels import explore_levels
from verblijfsroutes.properties.results import EraResult, Exploration
from verblijfsroutes.properties.search import explore_era
from verblijfsroutes.properties.spec import Finding, Property
from verblijfsroutes.spec.i18n import pick


@dataclass
class Verdict:
    """One property's verdict: holds, fails (with findings) or n/a (with the reason)."""

    prop: Property
    verdict: str
    findings: list[Finding] = field(default_factory=list)
    note: str = ""
    note_nl: str = ""  # the note in Dutch

    def note_text(self, lang: str) -> str:
        return pick(self.note_nl or self.note, self.note, lang)


@dataclass
class Report:
    """Everything a check found."""

    exploration: Exploration
    verdicts: list[Verdict]
    seconds: float
    rows_unused: list[str]
    states_unreached: list[str]
    articles_uncited: list[str]

    @property
    def ok(self) -> bool:
        return all(v.verdict != "fails" for v in self.verdicts)


# -- exploring ----------------------------------------------------------------------------

_JOB: dict[str, Any] = {}


def _explore_index(i: int) -> EraResult:
    """In a worker: explore era `i`. The worker collects no garbage (it ends with the pool; the
    collector's passes over the explorer's objects cost about 5% of the check's CPU, and the
    peak memory is the same)."""
    gc.disable()
    engine: Engine = _JOB["engine"]
    model = EraModel(engine, engine.eras[i], _JOB["props"])
    say = _JOB.get("progress")
    label = engine.eras[i].label

    def tick(n: int) -> None:
        if say is not None:
            say(f"era {label}: {n} situations ...")

    return explore_levels(model, tick)


def explore(
    engine: Engine,
    eras: Sequence[int],
    props: Iterable[Property] = PROPERTIES,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
) -> list[EraResult]:
    """Explore the eras with these indices (in `workers` processes when more than one)."""
    props = tuple(props)
    results: dict[int, EraResult] = {}
    if workers > 1 and len(eras) > 1 and "fork" in multiprocessing.get_all_start_methods():
        _JOB.update(engine=engine, props=props, progress=progress)  # inherited by the forked workers
        try:
            ctx = multiprocessing.get_context("fork")
            # the largest eras (the latest, with most rows) first
            order = sorted(eras, reverse=True)
            with ctx.Pool(min(workers, len(eras)), initializer=worker_init) as pool:
                for i, r in zip(order, pool.imap(_explore_index, order), strict=True):
                    results[i] = r
                    if progress:
                        progress(f"era {r.era.label}: {r.situations} situations in {r.seconds:.2f} s")
        finally:
            _JOB.clear()
    else:
        for i in eras:
            model = EraModel(engine, engine.eras[i], props)
            label = engine.eras[i].label

            def tick(n: int, label: str = label) -> None:
                if progress:
                    progress(f"era {label}: {n} situations ...")

            r = explore_levels(model, tick)
            results[i] = r
            if progress:
                progress(f"era {label}: {r.situations} situations in {r.seconds:.2f} s")
    return [results[i] for i in eras]


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def run_check(
    engine: Engine,
    eras: Sequence[int] | None = None,
    names: Sequence[str] | None = None,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Check the named properties (all by default) over the eras with these indices (all by
    default) and return the report."""
    t0 = time.perf_counter()
    all_eras = eras is None or len(eras) == len(engine.eras)
    era_idx = list(range(len(engine.eras))) if eras is None else list(eras)
    props = [p for p in PROPERTIES if not names or p.name in names]
    results = explore(engine, era_idx, props, workers, progress)
    x = Exploration(engine, results, all_eras)
    verdicts = [judge(p, x) for p in props]
    return Report(x, verdicts, time.perf_counter() - t0, *coverage(x))


def judge(p: Property, x: Exploration) -> Verdict:
    """The verdict on one property over an exploration."""
    engine = x.engine
    why = p.not_applicable(engine)
    if why:
        q, _, option = why.removeprefix("only under ").partition("=")
        return Verdict(p, "n/a", note=why, note_nl=f"alleen onder {q}={option}")
    if p.kind == "table":
        findings = p.check(engine)
    elif p.kind == "graph":
        if p.needs_all_eras and not x.all_eras:
            return Verdict(
                p,
                "n/a",
                note="a claim over all eras: run with --all-eras",
                note_nl="een bewering over alle tijdvakken: draai met --all-eras",
            )
        findings = p.check(x)
    else:
        checked = [r for r in x.results if p.name not in r.skipped]
        if not checked:
            return Verdict(
                p,
                "n/a",
                note="does not apply to the era(s) checked",
                note_nl="geldt niet in de doorzochte tijdvakken",
            )
        findings = []
        for r in checked:
            v = r.violations.get(p.name)
            if v is not None:
                count = r.violation_counts[p.name]
                rows = r.violating_rows.get(p.name)
                by_row = f" (rows: {', '.join(f'{k} {n}x' for k, n in sorted(rows.items()))})" if rows else ""
                regels = by_row.replace("rows:", "regels:")
                findings.append(
                    Finding(
                        f"{count} violating {'steps' if p.kind == 'step' else 'situations'}"
                        f" in this era{by_row}",
                        v.trace,
                        r.era,
                        v.step,
                        nl=f"{count} {'stappen' if p.kind == 'step' else 'situaties'} in strijd hiermee"
                        f" in dit tijdvak{regels}",
                    )
                )
        findings.sort(key=lambda f: len(f.trace or ()))
    return Verdict(p, "fails" if findings else "holds", list(findings))


def _articles(source: str) -> list[str]:
    return [a.strip() for a in source.split(";") if a.strip()]


def coverage(x: Exploration) -> tuple[list[str], list[str], list[str]]:
    """Rows never used, states never reached and articles never cited by a reachable step."""
    engine = x.engine
    hits: set[str] = set()
    reached: set[tuple[str, str]] = set()
    for r in x.results:
        hits.update(r.rule_hits)
        reached |= r.reached
    explored = {r.era for r in x.results}
    in_scope = [rule for rule in engine.rules if any(engine.in_force(rule, e.start) for e in explored)]
    unused = [rule.id for rule in in_scope if rule.id not in hits]
    unreached = [
        f"{t.id}.{s}" for t in engine.vocab.tracks for s in t.state_ids() if (t.id, s) not in reached
    ]
    cited = {a for rule in in_scope if rule.id in hits for a in _articles(rule.source)}
    every = {a for rule in in_scope for a in _articles(rule.source)}
    return unused, unreached, sorted(every - cited)


def check_mutant(mutant: Any) -> Verdict:
    """Check a broken variant (properties.mutants.Mutant) for the property meant to catch it,
    in the era it names; the search stops at the first counterexample."""
    from verblijfsroutes.properties import by_name

    engine = mutant.engine()
    prop = by_name(mutant.caught_by)
    day = engine.change_date(mutant.era_change) if mutant.era_change else engine.eras[0].start
    i = engine.era_of(day)
    if prop.kind == "table":
        findings = prop.check(engine)
        return Verdict(prop, "fails" if findings else "holds", list(findings))
    result = explore_era(EraModel(engine, engine.eras[i], [prop]), stop_at_first=True)
    return judge(prop, Exploration(engine, [result], False))
