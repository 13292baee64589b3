"""The check's report for a reader and as JSON: verdicts, coverage and each counterexample told
as a numbered story (`narrative`) a reviewer checks against the report.
"""

from __future__ import annotations

from typing import Any

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.properties.check import Report
from verblijfsroutes.properties.results import Trace
from verblijfsroutes.spec.i18n import source_text
from verblijfsroutes.spec.vocabulary import Situation

YES_NO = {True: "ja", False: "nee"}
WORDS: dict[str, dict[str, Any]] = {
    "nl": {
        "begin": "begin",
        "fact": "feit",
        "facts": "feiten",
        "yes": "ja",
        "no": "nee",
        "breaks": "deze stap breekt de eis",
        "enabled": "mogelijk door beslissing",
        "here": "hier geschonden",
        "basis": {"law": "wet", "policy": "beleid", "practice": "praktijk", "assumption": "aanname"},
    },
    "en": {
        "begin": "start",
        "fact": "fact",
        "facts": "facts",
        "yes": "yes",
        "no": "no",
        "breaks": "this step breaks the claim",
        "enabled": "enabled by decision",
        "here": "violated here",
        "basis": {"law": "law", "policy": "policy", "practice": "practice", "assumption": "assumption"},
    },
}


def describe_situation(engine: Engine, s: Situation, known: dict[str, bool] | None = None) -> str:
    """One line: every track's state, then the facts known (in `s`, or `known` if given)."""
    vocab = engine.vocab
    nt = len(vocab.tracks)
    parts = [f"{t.id}={s[i]}" for i, t in enumerate(vocab.tracks)]
    if known is None:
        known = {f.id: s[nt + j] for j, f in enumerate(vocab.facts) if s[nt + j] is not None}
    facts = [f"{f.id}={YES_NO[known[f.id]]}" for f in vocab.facts if f.id in known]
    return " · ".join(parts) + (f"  [feiten: {', '.join(facts)}]" if facts else "")


def _needed_facts(
    engine: Engine, trace: Trace, step: tuple[str, str] | None, reads: tuple[str, ...]
) -> set[str]:
    """The facts this counterexample depends on: those the rows it fires read, and those the
    property reads. Other facts were split on the way but play no part in the violation."""
    rules = {r.id: r for r in engine.rules}
    fired = [ts.rule for ts in trace if ts.rule] + ([step[1]] if step else [])
    needed = set(reads)
    for rid in fired:
        for g in rules[rid].guards:
            needed |= set(engine.guard_spec(g).reads)
    return needed


def narrative(
    engine: Engine,
    trace: Trace,
    step: tuple[str, str] | None = None,
    lang: str = "nl",
    prop: Any = None,
) -> list[str]:
    """A trace as numbered lines in `lang`: each step's event, its row with source, section and
    basis (and first the open-question decision that enabled it), the resulting situation in
    labels; the facts determined on the way, only those the counterexample depends on. With
    `prop`, the tracks the property is about and those the last step changed are marked in
    the last situation (an invariant's violation lies there)."""
    w = WORDS[lang]
    rules = {r.id: r for r in engine.rules}
    vocab = engine.vocab
    nt = len(vocab.tracks)
    needed = _needed_facts(engine, trace, step, tuple(getattr(prop, "reads", ())))
    marked = set(getattr(prop, "where", {}) or {}) if prop is not None and prop.kind == "invariant" else set()
    facts = {f.id: f for f in vocab.facts}

    def yes_no(v: bool) -> str:
        return w["yes"] if v else w["no"]

    def row_text(rid: str) -> str:
        rule = rules[rid]
        enabled = f"{w['enabled']} {rule.choice_text}; " if rule.choice else ""
        return (
            f"{enabled}{rule.id} ({source_text(rule.source, lang)}; {rule.section}; {w['basis'][rule.basis]})"
        )

    known: dict[str, bool] = {}
    lines = []
    n = 0
    last = len(trace) - 1
    for k, ts in enumerate(trace):
        if ts.event is None:
            lines.append(f"  0. {w['begin']}")
        else:
            n += 1
            event = vocab.event(ts.event)
            lines.append(f"  {n}. {event.text(lang)} - {row_text(ts.rule) if ts.rule else '-'}")
        for fact, value in ts.refinement:
            if fact in needed:
                lines.append(f"     {w['fact']}: {facts[fact].text(lang)} = {yes_no(value)}")
        for j, f in enumerate(vocab.facts):
            if ts.situation[nt + j] is not None and f.id in needed:
                known[f.id] = ts.situation[nt + j]
        parts = []
        for i, tr in enumerate(vocab.tracks):
            label = f"{tr.text(lang)}: {vocab.state_label(tr.id, ts.situation[i], lang)}"
            changed = k > 0 and ts.situation[i] != trace[k - 1].situation[i]
            if k == last and step is None and (tr.id in marked or changed):
                label = f">>{label}<< ({w['here']})"
            parts.append(label)
        known_text = ", ".join(f"{facts[f].text(lang)}={yes_no(v)}" for f, v in known.items())
        lines.append("     -> " + " · ".join(parts) + (f"  [{w['facts']}: {known_text}]" if known else ""))
    if step is not None:
        event_id, rid = step
        lines.append(f"  {n + 1}. {vocab.event(event_id).text(lang)} - {row_text(rid)}  <- {w['breaks']}")
    return lines


FRAME: dict[str, dict[str, str]] = {
    "nl": {
        "eras": "tijdvakken",
        "explored": "{n} situaties en {m} stappen doorzocht in {s:.2f} s",
        "era": "{n:>8} situaties {m:>9} stappen {s:6.2f} s",
        "holds": "geldt",
        "fails": "FAALT",
        "n/a": "n.v.t.",
        "source": "bron",
        "era_of": "tijdvak",
        "shortest": "kortste tegenvoorbeeld, {k} stap(pen):",
        "also": "faalt ook in",
        "traps": "valkuilen: {t}; nondeterminisme: {d}",
        "unused": "nooit gebruikte regels",
        "unreached": "nooit bereikte toestanden",
        "uncited": "artikelen die geen bereikbare stap noemt",
        "total": "{h} gelden, {f} falen, {n} niet van toepassing",
    },
    "en": {
        "eras": "eras",
        "explored": "explored {n} situations and {m} steps in {s:.2f} s",
        "era": "{n:>8} situations {m:>9} steps {s:6.2f} s",
        "holds": "holds",
        "fails": "FAILS",
        "n/a": "n/a",
        "source": "source",
        "era_of": "era",
        "shortest": "shortest counterexample, {k} step(s):",
        "also": "also fails in",
        "traps": "traps: {t}; nondeterminism: {d}",
        "unused": "rows never used",
        "unreached": "states never reached",
        "uncited": "articles never cited by a reachable step",
        "total": "{h} hold, {f} fail, {n} not applicable",
    },
}


def render_text(report: Report, lang: str = "nl", examples: int = 1) -> str:
    """The human-readable report, framed in `lang` (property statements and finding counts
    as the properties state them)."""
    w = FRAME[lang]
    x = report.exploration
    engine = x.engine
    out = []
    eras = ", ".join(r.era.label for r in x.results)
    out.append(f"verblijfsroutes check - {w['eras']}: {eras}")
    out.append(w["explored"].format(n=x.situations, m=x.steps, s=report.seconds))
    for r in x.results:
        out.append(f"  {r.era.label:<26} " + w["era"].format(n=r.situations, m=r.steps, s=r.seconds))
    out.append("")
    width = max(len(v.prop.name) for v in report.verdicts)
    marks = {
        k: w[k].ljust(max(len(w["holds"]), len(w["fails"]), len(w["n/a"]))) for k in ("holds", "fails", "n/a")
    }
    for v in report.verdicts:
        out.append(
            f"{marks[v.verdict]}  {v.prop.name:<{width}}  [{v.prop.kind}] {v.note_text(lang)}".rstrip()
        )
    failing = [v for v in report.verdicts if v.verdict == "fails"]
    for v in failing:
        out.append("")
        out.append(f"{w['fails']} {v.prop.name}: {v.prop.text(lang)}")
        out.append(f"  {w['source']}: {source_text(v.prop.source, lang)}; {v.prop.section}")
        for f in v.findings[:examples]:
            era = f" ({w['era_of']} {f.era.label})" if f.era else ""
            out.append(f"  - {f.text(lang)}{era}")
            if f.trace:
                out.append("    " + w["shortest"].format(k=sum(1 for t in f.trace if t.event)))
                out.extend("  " + line for line in narrative(engine, f.trace, f.step, lang, v.prop))
        if len(v.findings) > examples:
            eras = ", ".join(f.era.label for f in v.findings[examples:] if f.era)
            out.append(f"  {w['also']}: {eras}")
    out.append("")
    traps = sum(r.trap_count for r in x.results)
    nondet = sum(r.nondeterminism_count for r in x.results)
    out.append(w["traps"].format(t=traps, d=nondet))
    out.append(f"{w['unused']} ({len(report.rows_unused)}): {', '.join(report.rows_unused) or '-'}")
    out.append(
        f"{w['unreached']} ({len(report.states_unreached)}): {', '.join(report.states_unreached) or '-'}"
    )
    out.append(
        f"{w['uncited']} ({len(report.articles_uncited)}): {'; '.join(report.articles_uncited) or '-'}"
    )
    held = sum(v.verdict == "holds" for v in report.verdicts)
    na = sum(v.verdict == "n/a" for v in report.verdicts)
    out.append(w["total"].format(h=held, f=len(failing), n=na))
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
                "statement_nl": v.prop.text("nl"),
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
