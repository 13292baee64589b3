"""Replay a case file: fire its dated events through the `transitions` Case, step by step.

Each event is fired on its own date, so the rules in force on that date decide. Per step the
replay records the situation on every track, lawful residence and its legal basis, housing,
provisions, the running deadlines (deadlines.py) and the events possible next, with their
sources. A refused event is recorded with the rules that refused it and the case goes on
unchanged (or stops, with `strict`). At the end the case gets its route class (report §3),
classified by model/routes.py from the phases the case went through.

The result is a plain dict: the JSON output documented in model/data/replay-output.schema.json
(FORMAT / VERSION below). The text output and the timeline SVG are rendered from it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from verblijfsroutes.case.case import Case, Outcome
from verblijfsroutes.case.casefile import CaseFile
from verblijfsroutes.case.clocks import Clock, Deadline, expiry_deadlines, running_deadlines
from verblijfsroutes.case.expectations import compare, step_checks
from verblijfsroutes.core.engine import Engine, Reason
from verblijfsroutes.routes.classes import ROUTE_IDS, route_class, route_of
from verblijfsroutes.spec.errors import UsageError
from verblijfsroutes.spec.i18n import Labelled
from verblijfsroutes.spec.vocabulary import Situation

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
                "source": b.source,
                "section": b.section,
                "basis": b.basis,
            }
            for b in bases
        ],
        "housing": {"state": housing, "label": v.state_label("huisvesting", housing, lang)},
        "provisions": {
            "id": prov.id,
            "value": prov.value,
            "label": prov.text(lang),
            "source": prov.source,
            "section": prov.section,
            "basis": prov.basis,
        },
        "outcome": None
        if outcome is None
        else {
            "id": outcome.id,
            "label": outcome.text(lang),
            "source": outcome.source,
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
                "source": d.source,
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
                "source": o.rule.source,
                "section": o.rule.section,
                "basis": o.rule.basis,
            }
            for o in case.available_events()
        ],
    }


def _rule_json(outcome: Outcome) -> dict[str, Any] | None:
    r = outcome.rule
    if r is None:
        return None
    return {"id": r.id, "source": r.source, "section": r.section, "basis": r.basis}


def term_not_over(e: Engine, s: Situation, clock: Clock, event: str, day: dt.date) -> Reason | None:
    """An event that marks the end of a term (e.g. bedenktijd_verstreken) cannot happen
    before that term has run out; the explorer treats time abstractly, the replay checks."""
    ids = expiry_deadlines(e, event)
    if not ids:
        return None
    for d in running_deadlines(e, s, clock):
        if d.id in ids and day < d.date:
            return Reason(
                "termijn",
                f"the term '{d.en}' runs until {d.date.isoformat()}; "
                f"{event} cannot happen on {day.isoformat()}",
                d.source,
                d.section,
            )
    return None


EXCUSE_BASIS = "art. 6:11 Awb"
REMEDY_EXPIRY = "rechtsmiddeltermijn_verstreken"
MAX_AUTOMATIC = 50  # expiries in a row before one event; each changes state, so a few suffice


def due_expiry(
    e: Engine, s: Situation, clock: Clock, day: dt.date, skip: frozenset[str] = frozenset()
) -> Deadline | None:
    """The earliest running term whose end is an event of the model and whose last day lies
    before `day`: on `day` it has ended, so its expiry has happened first."""
    due = [
        d
        for d in running_deadlines(e, s, clock)
        if d.expiry_event and d.date < day and d.expiry_event not in skip
    ]
    return min(due, key=lambda d: (d.date, d.id)) if due else None


def replay(
    cf: CaseFile,
    as_of: dt.date | None = None,
    strict: bool = False,
    lang: str = "nl",
    choices: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Replay `cf` and return the output document (see the module docstring).

    `as_of`: ignore events after this date and evaluate the final situation on it.
    `strict`: stop at the first refused event. `choices` override the file's choices."""
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
    case = Case(facts=dict(cf.facts), as_of=start, choices=active or None)
    e = case.engine
    fields = tuple(t.id for t in e.vocab.tracks)
    clock = Clock()
    history: list[tuple[str, Situation, Situation]] = []
    steps: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []  # the events' own `expect:` blocks against the replay
    skipped: list[dict[str, Any]] = []
    stopped_at: int | None = None

    def record_step(
        index: int, day: dt.date, event: str, note: str, outcome: Outcome, before: Situation, **extra: Any
    ) -> dict[str, Any]:
        after = case.situation
        if outcome.accepted:
            clock.record(fields, before, after, event, day)
            history.append((event, before, after))
        step = {
            "step": index,
            "date": day.isoformat(),
            "event": event,
            "event_label": _label(e.vocab.event(event), lang),
            "note": note,
            "accepted": outcome.accepted,
            "rule": _rule_json(outcome),
            "refusal": [
                {"rule": r.rule, "requirement": r.requirement, "source": r.source, "section": r.section}
                for r in outcome.reasons
            ],
            "rules_in_force": e.eras[e.era_of(day)].label,
            "automatic": False,
            **extra,
        }
        step.update(describe_situation(case, clock, day, lang))
        steps.append(step)
        return step

    def advance(
        day: dt.date, index: int, listed: str | None = None, skip: frozenset[str] = frozenset()
    ) -> list[Deadline]:
        """Let every term that ended before `day` expire, each on its own last day, as an
        automatic step; stop at the listed event's own expiry (it then happens on that day)."""
        ended: list[Deadline] = []
        for _ in range(MAX_AUTOMATIC):
            d = due_expiry(e, case.situation, clock, day, skip)
            if d is None or d.expiry_event is None or d.expiry_event == listed:
                break
            before = case.situation
            outcome = case.fire(d.expiry_event, on=d.date)
            if not outcome.accepted:
                break
            why = f"term ended on {d.date.isoformat()}: {d.en} ({d.source})"
            record_step(index, d.date, d.expiry_event, why, outcome, before, automatic=True)
            ended.append(d)
        return ended

    for ev in cf.events:
        if as_of is not None and ev.date > as_of:
            skipped.append({"step": ev.index, "date": ev.date.isoformat(), "event": ev.event})
            continue
        if stopped_at is not None:
            skipped.append({"step": ev.index, "date": ev.date.isoformat(), "event": ev.event})
            continue
        skip = frozenset({REMEDY_EXPIRY}) if ev.excused else frozenset()
        ended = advance(ev.date, ev.index, ev.event, skip)
        day, extra = ev.date, {}
        own = due_expiry(e, case.situation, clock, ev.date, skip)
        if own is not None and own.expiry_event == ev.event:
            # the listed expiry, dated after its term ended: it happened on the term's last day
            day, extra = own.date, {"listed_date": ev.date.isoformat()}
        if ev.excused:
            extra["excused"] = {"basis": EXCUSE_BASIS, "reason": ev.excused}
        before = case.situation
        early = term_not_over(e, before, clock, ev.event, day)
        outcome = Outcome(ev.event, False, None, (early,)) if early else case.fire(ev.event, on=day)
        if not outcome.accepted and ended:
            late = ended[-1]
            reason = Reason(
                "termijn",
                f"on {ev.date.isoformat()} the term '{late.en}' had ended ({late.date.isoformat()}): "
                f"{ev.event} comes too late"
                + (
                    " unless the lateness is excused (art. 6:11 Awb)"
                    if late.expiry_event == REMEDY_EXPIRY
                    else ""
                ),
                late.source,
                late.section,
            )
            outcome = Outcome(ev.event, False, None, (reason, *outcome.reasons))
        record_step(ev.index, day, ev.event, ev.note, outcome, before, **extra)
        if ev.expect is not None:
            fired = outcome.rule.id if outcome.accepted and outcome.rule is not None else None
            checks.extend(step_checks(ev.index, ev.expect, outcome.accepted, fired, case.describe()))
        if strict and not outcome.accepted:
            stopped_at = ev.index
    final_day = as_of or (cf.events[-1].date if cf.events else start)
    if as_of is not None and stopped_at is None:
        # terms that ended before the day the case is evaluated on have expired by then
        advance(as_of, len(cf.events) + 1)
    final = {"date": final_day.isoformat()}
    final.update(describe_situation(case, clock, final_day, lang))
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
