"""Replay a case file: fire its dated events through the `transitions` Case, step by step.

Each event is fired on its own date, so the rules in force on that date decide. Per step the
replay records the situation on every track, lawful residence and its legal basis, housing,
provisions, the running deadlines (clocks.py) and the events possible next, with their
sources. Terms bind: the `TimedCase` (timed.py) lets a term expire on its last day, as an
automatic step, before a later event. A refused event is recorded with the rules that refused
it and the case goes on unchanged (or stops, with `strict`). At the end the case gets its
route class (report §3), classified by routes/classes.py from the phases the case went through.

The result is a plain dict: the JSON output documented in model/data/replay-output.schema.json
(FORMAT / VERSION below). The text output and the timeline SVG are rendered from it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from verblijfsroutes.case.case import Case, Outcome
from verblijfsroutes.case.casefile import CaseFile
from verblijfsroutes.case.clocks import Clock, running_deadlines
from verblijfsroutes.case.expectations import compare, step_checks
from verblijfsroutes.case.timed import EXCUSE_BASIS, TimedCase, TimedStep
from verblijfsroutes.routes.classes import ROUTE_IDS, route_class, route_of
from verblijfsroutes.spec.errors import UsageError
from verblijfsroutes.spec.i18n import Labelled, pick, source_text

# A withdrawal with retroactive effect (art. 19 Vw; the rulings in tests/real_cases): the report
# is silent on it, so how the period in between is read is the model's assumption.
RETROACTIVE_ASSUMPTION = {
    "nl": "aanname: feitelijk hield zij de B8 met de voorzieningen tot het besluit; rechtens is de B8 "
    "per de eerdere datum ingetrokken. Het model leest de gebeurtenissen daartussen als gebeurd zonder "
    "B8 en vordert de voorzieningen van die periode niet terug: het rapport zegt niets over intrekking "
    "met terugwerkende kracht.",
    "en": "assumption: in fact she held the B8 and its provisions until the decision; in law the B8 is "
    "withdrawn from the earlier date. The model reads the events in between as happening without the "
    "B8 and does not reclaim the provisions of that period: the report says nothing about withdrawal "
    "with retroactive effect.",
}

FORMAT = "verblijfsroutes-replay"
VERSION = 2  # 2: automatic expiry steps, listed_date, excused, deadlines' unextended


def _label(obj: Labelled, lang: str) -> str:
    return obj.text(lang)


def describe_situation(case: Case, clock: Clock, day: dt.date, lang: str) -> dict[str, Any]:
    """The situation block of the output: tracks, residence, housing, provisions, outcome,
    deadlines (days left counted from `day`) and the events possible next on `day`."""
    e = case.engine
    v = e.vocab
    s = case.situation
    tracks = {t.id: s[i] for i, t in enumerate(v.tracks)}
    bases = e.residence(s)
    prov = e.provisions(s)
    outcome = e.outcome(s)
    housing = tracks["huisvesting"]
    case.as_of = day
    return {
        "situation": tracks,
        "labels": {t: v.state_label(t, value, lang) for t, value in tracks.items()},
        "facts": {f.id: s[len(v.tracks) + i] for i, f in enumerate(v.facts)},
        "lawful_residence": bool(bases),
        "residence_basis": [
            {
                "id": b.id,
                "label": b.text(lang),
                "kind": b.kind,
                "source": source_text(b.source, lang),
                "section": b.section,
                "basis": b.basis,
                "assumption": _assumption(b, e),
            }
            for b in bases
        ],
        "housing": {"state": housing, "label": v.state_label("huisvesting", housing, lang)},
        "provisions": {
            "id": prov.id,
            "value": prov.value,
            "label": prov.text(lang),
            "source": source_text(prov.source, lang),
            "section": prov.section,
            "basis": prov.basis,
        },
        "outcome": None
        if outcome is None
        else {
            "id": outcome.id,
            "label": outcome.text(lang),
            "source": source_text(outcome.source, lang),
            "section": outcome.section,
        },
        "deadlines": [
            {
                "id": d.id,
                "name": d.text(lang),
                "date": d.date.isoformat(),
                "start": d.start.isoformat(),
                "days_left": (d.date - day).days,
                "terms": list(d.terms),
                "source": source_text(d.source, lang),
                "section": d.section,
                "basis": d.basis,
                "unextended": d.unextended.isoformat() if d.unextended else None,
            }
            for d in running_deadlines(e, s, clock)
        ],
        "next_events": [
            {
                "event": o.event,
                "label": _label(v.event(o.event), lang),
                "rule": o.rule.id,
                "source": source_text(o.rule.source, lang),
                "section": o.rule.section,
                "basis": o.rule.basis,
            }
            for o in case.available_events()
        ],
    }


def _assumption(b: Any, e: Any) -> str:
    """How a basis rests on a modelling decision: the open question's option it depends on,
    or "assumption" for a basis the report does not state ("" when it rests on the report)."""
    if b.choice:
        return f"{b.choice[0]}={b.choice[1]}"
    return "assumption" if b.basis == "assumption" else ""


def _rule_json(outcome: Outcome, lang: str) -> dict[str, Any] | None:
    r = outcome.rule
    if r is None:
        return None
    return {"id": r.id, "source": source_text(r.source, lang), "section": r.section, "basis": r.basis}


def replay(
    cf: CaseFile,
    as_of: dt.date | None = None,
    strict: bool = False,
    lang: str = "nl",
    choices: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Replay `cf` and return the output document (see the module docstring).

    `as_of`: ignore events after this date and evaluate the final situation on it (terms that
    ended before it have expired). `strict`: stop at the first refused event. `choices`
    override the file's choices."""
    if cf.expect_route is not None and cf.expect_route not in ROUTE_IDS:
        raise UsageError(
            f"{cf.file}: expect.route: unknown route class {cf.expect_route!r}; "
            f"route classes: {', '.join(ROUTE_IDS)}"
        )
    if cf.events:
        start = cf.events[0].date
    elif as_of is not None:
        start = as_of
    else:
        raise UsageError(
            f"{cf.file}: the case has no events; give --as-of DATE for the day to evaluate it on"
        )
    active = {**cf.choices, **(choices or {})}
    timed = TimedCase.start(cf.facts, start, active or None)
    case, e = timed.case, timed.case.engine
    steps: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []  # the events' own `expect:` blocks against the replay
    skipped: list[dict[str, Any]] = []
    stopped_at: int | None = None

    def record(index: int, ts: TimedStep, note: str) -> dict[str, Any]:
        step: dict[str, Any] = {
            "step": index,
            "date": ts.day.isoformat(),
            "event": ts.event,
            "event_label": _label(e.vocab.event(ts.event), lang),
            "note": note,
            "accepted": ts.outcome.accepted,
            "rule": _rule_json(ts.outcome, lang),
            "refusal": [
                {
                    "rule": r.rule,
                    "requirement": r.text(lang),
                    "source": source_text(r.source, lang),
                    "section": r.section,
                }
                for r in ts.outcome.reasons
            ],
            "rules_in_force": e.eras[e.era_of(ts.day)].label,
            "automatic": ts.automatic,
        }
        if ts.listed_date is not None:
            step["listed_date"] = ts.listed_date.isoformat()
        if ts.excused:
            step["excused"] = {"basis": EXCUSE_BASIS, "reason": ts.excused}
        if ts.met_ingang_van is not None:
            step["met_ingang_van"] = ts.met_ingang_van.isoformat()
        if ts.aanvraag_op is not None:
            step["aanvraag_op"] = ts.aanvraag_op.isoformat()
        if ts.besluit_op is not None:
            step["met_terugwerkende_kracht"] = {
                "per": ts.day.isoformat(),
                "besluit": ts.besluit_op.isoformat(),
                "assumption": RETROACTIVE_ASSUMPTION[lang],
            }
        step.update(describe_situation(case, timed.clock, ts.day, lang))
        steps.append(step)
        return step

    def automatic_note(ts: TimedStep) -> str:
        d = ts.ended
        if d is None:
            return ""
        said = pick("termijn verstreken op", "term ended on", lang)
        return f"{said} {ts.day.isoformat()}: {d.text(lang)} ({source_text(d.source, lang)})"

    index, note = 0, ""

    def observe(ts: TimedStep) -> None:
        """Record each step as it happens, while the case and its clocks show that moment."""
        record(index, ts, automatic_note(ts) if ts.automatic else note)

    timed.observer = observe
    # a withdrawal with retroactive effect takes its place in the history at the date it takes
    # effect from, after the events of that day; the events decided in between follow it
    order = sorted(
        cf.events, key=lambda ev: (ev.in_effect, ev.met_terugwerkende_kracht_per is not None, ev.index)
    )
    for ev in order:
        if (as_of is not None and ev.date > as_of) or stopped_at is not None:
            skipped.append({"step": ev.index, "date": ev.date.isoformat(), "event": ev.event})
            continue
        index, note = ev.index, ev.note
        retro = ev.met_terugwerkende_kracht_per is not None
        own = timed.fire(
            ev.event, ev.in_effect, ev.excused, ev.met_ingang_van, ev.date if retro else None, ev.aanvraag_op
        )[-1]
        if ev.expect is not None:
            fired = own.outcome.rule.id if own.outcome.accepted and own.outcome.rule is not None else None
            checks.extend(step_checks(ev.index, ev.expect, own.outcome.accepted, fired, case.describe()))
        if strict and not own.outcome.accepted:
            stopped_at = ev.index
    final_day = as_of or (cf.events[-1].date if cf.events else start)
    if as_of is not None and stopped_at is None:
        index, note = len(cf.events) + 1, ""
        timed.advance(as_of)  # terms that ended before the day of evaluation have expired
    final = {"date": final_day.isoformat()}
    final.update(describe_situation(case, timed.clock, final_day, lang))
    history = [(ts.event, ts.before, ts.after) for ts in timed.steps if ts.outcome.accepted]
    rid, overlap = route_of(e, history)
    complete = not skipped
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "case": {"file": cf.file, "name": cf.name, "facts": dict(cf.facts), "choices": dict(active)},
        "lang": lang,
        "as_of": as_of.isoformat() if as_of else None,
        "strict": strict,
        "steps": steps,
        "refused": [s["step"] for s in steps if not s["accepted"]],
        "stopped_at": stopped_at,
        "skipped": skipped,
        "final": final,
        "route": {
            "id": rid,
            "label": route_class(rid).text(lang),
            "section": route_class(rid).section,
            "overlap": overlap,
        },
        "expectations": _expectations(
            cf, steps, rid, complete, checks, compare(cf.expect_situation, case.describe())
        ),
        "svg": None,
    }
    return doc


def _expectations(
    cf: CaseFile,
    steps: list[dict[str, Any]],
    route: str,
    complete: bool,
    event_checks: list[dict[str, Any]],
    situation: list[dict[str, Any]],
) -> dict[str, Any]:
    """Compare the file's `expect` blocks with the replay (steps not replayed are not
    checked; the route and the final situation only when every event was replayed)."""
    by_step = {s["step"]: s for s in steps if not s["automatic"]}
    checks: list[dict[str, Any]] = []
    for exp in cf.expect_deadlines:
        step = by_step.get(exp.step)
        if step is None:
            continue
        actual = next((d["date"] for d in step["deadlines"] if d["id"] == exp.deadline), None)
        checks.append(
            {
                "step": exp.step,
                "deadline": exp.deadline,
                "expected": exp.date.isoformat(),
                "actual": actual,
                "ok": actual == exp.date.isoformat(),
            }
        )
    route_check = None
    if cf.expect_route is not None and complete:
        route_check = {"expected": cf.expect_route, "actual": route, "ok": cf.expect_route == route}
    if not complete:
        situation = []
    ok = (
        all(c["ok"] for c in checks)
        and (route_check is None or route_check["ok"])
        and all(c["ok"] for c in event_checks)
        and all(c["ok"] for c in situation)
    )
    return {
        "route": route_check,
        "deadlines": checks,
        "steps": event_checks,
        "situation": situation,
        "ok": ok,
    }
