"""Run the exhaustive check: explore the chosen eras, judge every property, report.

`run_check` explores each era (in parallel processes on a multi-core machine), then gives
each property its verdict (holds / fails / n/a) with the shortest counterexample, and the
coverage: rows never used, states never reached, articles never cited by a reachable step.
`narrative` turns a trace into the readable story a reviewer checks against the report.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from verblijfsroutes.core.engine import Engine, Era
from verblijfsroutes.properties import PROPERTIES
from verblijfsroutes.properties.explorer import EraModel, EraResult, Trace, explore_era
from verblijfsroutes.properties.spec import Finding, Property
from verblijfsroutes.spec.vocabulary import Situation


@dataclass
class Exploration:
    """The results of exploring some eras of one engine."""

    engine: Engine
    results: list[EraResult]
    all_eras: bool

    @property
    def situations(self) -> int:
        return sum(r.situations for r in self.results)

    @property
    def steps(self) -> int:
        return sum(r.steps for r in self.results)


@dataclass
class Verdict:
    """One property's verdict: holds, fails (with findings) or n/a (with the reason)."""

    prop: Property
    verdict: str
    findings: list[Finding] = field(default_factory=list)
    note: str = ""


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
    engine: Engine = _JOB["engine"]
    model = EraModel(engine, engine.eras[i], _JOB["props"])
    say = _JOB.get("progress")
    label = engine.eras[i].label

    def tick(n: int) -> None:
        if say is not None:
            say(f"era {label}: {n} situations ...")

    return explore_era(model, tick)


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
            with ctx.Pool(min(workers, len(eras))) as pool:
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

            r = explore_era(model, tick)
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
        return Verdict(p, "n/a", note=why)
    if p.kind == "table":
        findings = p.check(engine)
    elif p.kind == "graph":
        if p.needs_all_eras and not x.all_eras:
            return Verdict(p, "n/a", note="a claim over all eras: run with --all-eras")
        findings = p.check(x)
    else:
        checked = [r for r in x.results if p.name not in r.skipped]
        if not checked:
            return Verdict(p, "n/a", note="does not apply to the era(s) checked")
        findings = []
        for r in checked:
            v = r.violations.get(p.name)
            if v is not None:
                count = r.violation_counts[p.name]
                rows = r.violating_rows.get(p.name)
                by_row = f" (rows: {', '.join(f'{k} {n}x' for k, n in sorted(rows.items()))})" if rows else ""
                findings.append(
                    Finding(
                        f"{count} violating {'steps' if p.kind == 'step' else 'situations'}"
                        f" in this era{by_row}",
                        v.trace,
                        r.era,
                        v.step,
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


# -- telling ------------------------------------------------------------------------------

YES_NO = {True: "ja", False: "nee"}


def describe_situation(engine: Engine, s: Situation, known: dict[str, bool] | None = None) -> str:
    """One line: every track's state, then the facts known (in `s`, or `known` if given)."""
    vocab = engine.vocab
    nt = len(vocab.tracks)
    parts = [f"{t.id}={s[i]}" for i, t in enumerate(vocab.tracks)]
    if known is None:
        known = {f.id: s[nt + j] for j, f in enumerate(vocab.facts) if s[nt + j] is not None}
    facts = [f"{f.id}={YES_NO[known[f.id]]}" for f in vocab.facts if f.id in known]
    return " · ".join(parts) + (f"  [feiten: {', '.join(facts)}]" if facts else "")


def narrative(
    engine: Engine, trace: Trace, step: tuple[str, str] | None = None, lang: str = "nl"
) -> list[str]:
    """A trace as numbered lines: each step's event, row id, source and resulting situation;
    facts determined on the way are shown as `feit:` lines (facts stay listed once known)."""
    rules = {r.id: r for r in engine.rules}
    vocab = engine.vocab
    nt = len(vocab.tracks)
    known: dict[str, bool] = {}
    lines = []
    n = 0
    for ts in trace:
        if ts.event is None:
            lines.append("  0. begin")
        else:
            n += 1
            rule = rules.get(ts.rule or "")
            event = vocab.event(ts.event)
            where = f"{rule.id} ({rule.source}; {rule.section})" if rule else "-"
            lines.append(f"  {n}. {ts.event} ({event.nl if lang == 'nl' else event.en}) - {where}")
        for fact, value in ts.refinement:
            lines.append(f"     feit: {fact} = {YES_NO[value]}")
        for j, f in enumerate(vocab.facts):
            if ts.situation[nt + j] is not None:
                known[f.id] = ts.situation[nt + j]
        lines.append(f"     -> {describe_situation(engine, ts.situation, known)}")
    if step is not None:
        event_id, rid = step
        rule = rules[rid]
        lines.append(
            f"  {n + 1}. {event_id} - {rid} ({rule.source}; {rule.section})  <- this step breaks the claim"
        )
    return lines


def render_text(report: Report, lang: str = "nl", examples: int = 1) -> str:
    """The human-readable report."""
    x = report.exploration
    engine = x.engine
    out = []
    eras = ", ".join(r.era.label for r in x.results)
    out.append(f"verblijfsroutes check - eras: {eras}")
    out.append(f"explored {x.situations} situations and {x.steps} steps in {report.seconds:.2f} s")
    for r in x.results:
        out.append(f"  {r.era.label:<26} {r.situations:>8} situations {r.steps:>9} steps {r.seconds:6.2f} s")
    out.append("")
    width = max(len(v.prop.name) for v in report.verdicts)
    for v in report.verdicts:
        mark = {"holds": "holds", "fails": "FAILS", "n/a": "n/a  "}[v.verdict]
        out.append(f"{mark}  {v.prop.name:<{width}}  [{v.prop.kind}] {v.note}".rstrip())
    failing = [v for v in report.verdicts if v.verdict == "fails"]
    for v in failing:
        out.append("")
        out.append(f"FAILS {v.prop.name}: {v.prop.statement}")
        out.append(f"  source: {v.prop.source}; {v.prop.section}")
        for f in v.findings[:examples]:
            era = f" (era {f.era.label})" if f.era else ""
            out.append(f"  - {f.message}{era}")
            if f.trace:
                out.append(f"    shortest counterexample, {sum(1 for t in f.trace if t.event)} step(s):")
                out.extend("  " + line for line in narrative(engine, f.trace, f.step, lang))
        if len(v.findings) > examples:
            eras = ", ".join(f.era.label for f in v.findings[examples:] if f.era)
            out.append(f"  also fails in: {eras}")
    out.append("")
    traps = sum(r.trap_count for r in x.results)
    nondet = sum(r.nondeterminism_count for r in x.results)
    out.append(f"traps: {traps}; nondeterminism: {nondet}")
    out.append(f"rows never used ({len(report.rows_unused)}): {', '.join(report.rows_unused) or '-'}")
    out.append(
        f"states never reached ({len(report.states_unreached)}): {', '.join(report.states_unreached) or '-'}"
    )
    out.append(
        f"articles never cited by a reachable step ({len(report.articles_uncited)}): "
        f"{'; '.join(report.articles_uncited) or '-'}"
    )
    held = sum(v.verdict == "holds" for v in report.verdicts)
    out.append(
        f"{held} hold, {len(failing)} fail, {sum(v.verdict == 'n/a' for v in report.verdicts)} not applicable"
    )
    return "\n".join(out) + "\n"


def _trace_json(engine: Engine, trace: Trace) -> list[dict[str, Any]]:
    rules = {r.id: r for r in engine.rules}
    out = []
    for ts in trace:
        rule = rules.get(ts.rule or "")
        out.append(
            {
                "event": ts.event,
                "rule": ts.rule,
                "source": rule.source if rule else None,
                "section": rule.section if rule else None,
                "facts_determined": {f: v for f, v in ts.refinement},
                "situation": engine.vocab.describe(ts.situation),
            }
        )
    return out


def render_json(report: Report) -> dict[str, Any]:
    """The report as plain data (for --json)."""
    x = report.exploration
    engine = x.engine
    return {
        "ok": report.ok,
        "seconds": round(report.seconds, 3),
        "situations": x.situations,
        "steps": x.steps,
        "eras": [
            {
                "era": r.era.label,
                "situations": r.situations,
                "steps": r.steps,
                "seconds": round(r.seconds, 3),
                "traps": r.trap_count,
                "nondeterminism": r.nondeterminism_count,
            }
            for r in x.results
        ],
        "properties": [
            {
                "name": v.prop.name,
                "kind": v.prop.kind,
                "statement": v.prop.statement,
                "source": v.prop.source,
                "section": v.prop.section,
                "verdict": v.verdict,
                "note": v.note,
                "findings": [
                    {
                        "message": f.message,
                        "era": f.era.label if f.era else None,
                        "trace": _trace_json(engine, f.trace) if f.trace else None,
                        "violating_step": ({"event": f.step[0], "rule": f.step[1]} if f.step else None),
                    }
                    for f in v.findings
                ],
            }
            for v in report.verdicts
        ],
        "coverage": {
            "rows_never_used": report.rows_unused,
            "states_never_reached": report.states_unreached,
            "articles_never_cited": report.articles_uncited,
            "rule_hits": dict(
                sum((r.rule_hits for r in x.results), start=type(x.results[0].rule_hits)())
                if x.results
                else {}
            ),
        },
    }


def stderr_progress(start: float, delay: float = 1.0) -> Callable[[str], None]:
    """A progress printer that stays silent for the first `delay` seconds."""

    def say(text: str) -> None:
        if time.perf_counter() - start >= delay:
            sys.stderr.write(f"[{time.perf_counter() - start:5.1f} s] {text}\n")
            sys.stderr.flush()

    return say


__all__ = [
    "Era",
    "Exploration",
    "Report",
    "Verdict",
    "run_check",
    "render_text",
    "render_json",
    "narrative",
    "explore",
    "default_workers",
    "stderr_progress",
]


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
