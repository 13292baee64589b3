"""The check's report for a reader and as JSON: verdicts, coverage and each counterexample told
as a numbered story (`narrative`) a reviewer checks against the report.
"""

from __future__ import annotations

from typing import Any

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.properties.check import Report
from verblijfsroutes.properties.results import Trace
from verblijfsroutes.spec.vocabulary import Situation

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
            lines.append(f"  {n}. {ts.event} ({event.text(lang)}) - {where}")
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
