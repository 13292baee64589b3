"""Case files: one person's facts and dated events, read and checked before a replay.

A case file is YAML or JSON (schema: model/data/case.schema.json). Every problem is one
`UsageError` naming the file, the entry and the fix. Events must be listed in date order
(events on the same day keep their file order): an out-of-order date is far more often a
typing error than an intended reordering, so it is rejected rather than silently sorted.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verblijfsroutes.case.decision_dates import application_date, effect_date, retroactive_date
from verblijfsroutes.case.expectations import StepExpectation, parse_situation, parse_step_expect
from verblijfsroutes.case.reading import Check, read_case_text, short, suggest, type_name
from verblijfsroutes.core.ruledata import default_rule_data
from verblijfsroutes.spec.choices import check_choice
from verblijfsroutes.spec.loader import RuleData

TOP_KEYS = ("name", "description", "questions", "facts", "choices", "events", "expect")
EVENT_KEYS = (
    "date",
    "event",
    "note",
    "expect",
    "excused",
    "met_ingang_van",
    "met_terugwerkende_kracht_per",
    "aanvraag_op",
)
EXPECT_KEYS = ("route", "deadlines", "situation")
EXPECT_DEADLINE_KEYS = ("step", "deadline", "date")
MAX_BYTES = 1_000_000
MAX_EVENTS = 1_000  # one person's history; far more is a generated or corrupted file


@dataclass(frozen=True)
class CaseEvent:
    """One dated event of a case file; `index` is its 1-based position in the file."""

    index: int
    date: dt.date
    event: str
    note: str = ""
    expect: StepExpectation | None = None  # what this event must do (checked by the replay)
    excused: str = ""  # a remedy filed late whose lateness is excused (art. 6:11 Awb): the reason
    # a decision that takes effect from an earlier date ("met ingang van"): its terms count from it
    met_ingang_van: dt.date | None = None
    # a withdrawal with retroactive effect: the earlier date it takes effect from
    met_terugwerkende_kracht_per: dt.date | None = None
    # an aangifte whose B8 application the IND received on this later day: terms count from it
    aanvraag_op: dt.date | None = None

    @property
    def in_effect(self) -> dt.date:
        """The day the event takes its place in the history (a retroactive withdrawal's date)."""
        return self.met_terugwerkende_kracht_per or self.date


@dataclass(frozen=True)
class ExpectedDeadline:
    """A deadline the file expects to run after step `step` (1-based), on `date`."""

    step: int
    deadline: str
    date: dt.date


@dataclass(frozen=True)
class CaseFile:
    """A validated case file."""

    file: str
    name: str
    facts: dict[str, bool]
    events: tuple[CaseEvent, ...]
    choices: dict[str, str] = field(default_factory=dict)
    description: str = ""
    expect_route: str | None = None
    expect_deadlines: tuple[ExpectedDeadline, ...] = ()
    expect_situation: dict[str, Any] = field(default_factory=dict)  # the situation at the end
    questions: tuple[str, ...] = ()  # the open questions (choices.yaml) this case illustrates


def parse_case(doc: Any, file: str, data: RuleData | None = None) -> CaseFile:
    """Check a parsed case document against the model's vocabulary and choices."""
    data = data or default_rule_data()
    check = Check(file)
    if not isinstance(doc, dict):
        raise check.fail(
            "",
            f"the file holds {type_name(doc)}, not a mapping",
            "write a mapping with 'facts' and 'events' (see examples/)",
        )
    check.keys(doc, TOP_KEYS, "", "the case file")
    name = doc.get("name", "")
    if not isinstance(name, str):
        raise check.fail("name", f"{short(name)} is {type_name(name)}", "write the name as text")
    description = doc.get("description", "")
    if not isinstance(description, str):
        raise check.fail(
            "description",
            f"{short(description)} is {type_name(description)}",
            "write the description as text",
        )
    for key, value in (("name", name), ("description", description)):
        _plain_text(value, check, key)
    facts = _parse_facts(doc.get("facts"), check, data)
    choices = _parse_choices(doc.get("choices"), check, data)
    events = _parse_events(doc.get("events"), check, data)
    route, deadlines, situation = _parse_expect(doc.get("expect"), check, data, len(events))
    questions = _parse_questions(doc.get("questions"), check, data)
    return CaseFile(file, name, facts, events, choices, description, route, deadlines, situation, questions)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_character(text: str) -> str | None:
    """The first control character (escape codes, NUL; not tab or newline) in text shown on a
    terminal and in an SVG, as U+XXXX, or None."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def _plain_text(text: str, check: Check, where: str) -> None:
    found = control_character(text)
    if found:
        raise check.fail(where, f"contains the control character {found}", "remove it; write plain text")


def _parse_questions(raw: Any, check: Check, data: RuleData) -> tuple[str, ...]:
    if raw is None:
        return ()
    known = list(data.choices)
    if not isinstance(raw, list) or not all(isinstance(q, str) for q in raw):
        raise check.fail(
            "questions", f"questions is {type_name(raw)}", "write a list of question ids, e.g. [Q1]"
        )
    for q in raw:
        if q not in known:
            raise check.fail("questions", f"unknown open question {q!r}", f"questions: {', '.join(known)}")
    return tuple(raw)


def _parse_facts(raw: Any, check: Check, data: RuleData) -> dict[str, bool]:
    if raw is None:
        return {}
    known = [f.id for f in data.vocab.facts]
    if not isinstance(raw, dict):
        raise check.fail(
            "facts",
            f"facts is {type_name(raw)}",
            f"write a mapping of fact to true/false; facts: {', '.join(known)}",
        )
    out: dict[str, bool] = {}
    for key, value in raw.items():
        if key not in known:
            raise check.fail(
                f"facts.{key}",
                f"unknown fact {short(key)}",
                f"{suggest(str(key), known)}known facts: {', '.join(known)}",
            )
        if not isinstance(value, bool):
            raise check.fail(f"facts.{key}", f"{short(value)} is {type_name(value)}", "write true or false")
        out[key] = value
    return out


def _parse_choices(raw: Any, check: Check, data: RuleData) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise check.fail(
            "choices",
            f"choices is {type_name(raw)}",
            "write a mapping of question to option, e.g. 'Q8: bedenktijd_loopt_door'",
        )
    out: dict[str, str] = {}
    for key, value in raw.items():
        try:
            check_choice(str(key), str(value), data.choices)
        except ValueError as exc:
            problem, _, known = str(exc).partition("; ")
            options = list(data.choices[key].options) if key in data.choices else list(data.choices)
            hint = suggest(str(value if key in data.choices else key), options)
            raise check.fail(
                f"choices.{key}", problem, f"{hint}{known} (see `verblijfsroutes choices`)"
            ) from None
        out[key] = value
    return out


def _parse_events(raw: Any, check: Check, data: RuleData) -> tuple[CaseEvent, ...]:
    if raw is None:
        raise check.fail(
            "events",
            "missing list of events",
            "add 'events:' with entries '- {date: YYYY-MM-DD, event: <event id>}'",
        )
    if not isinstance(raw, list):
        raise check.fail(
            "events",
            f"events is {type_name(raw)}",
            "write a list of entries '- {date: YYYY-MM-DD, event: <event id>}'",
        )
    known = [e.id for e in data.vocab.events]
    out: list[CaseEvent] = []
    if len(raw) > MAX_EVENTS:
        raise check.fail(
            "events", f"{len(raw)} events", f"a case lists at most {MAX_EVENTS} events; split the history"
        )
    for i, entry in enumerate(raw, 1):
        where = f"event #{i}"
        if not isinstance(entry, dict):
            raise check.fail(
                where, f"entry is {type_name(entry)}", "write '- {date: YYYY-MM-DD, event: <event id>}'"
            )
        event = entry.get("event")
        if isinstance(event, str):
            where = f"event #{i} ({event})"
        check.keys(entry, EVENT_KEYS, where, "the entry")
        if event is None:
            raise check.fail(where, "missing event", "add 'event: <event id>' (see `verblijfsroutes states`)")
        if not isinstance(event, str):
            raise check.fail(where, f"event {short(event)} is {type_name(event)}", "write an event id")
        if event not in known:
            raise check.fail(
                where,
                f"unknown event {event!r}",
                f"{suggest(event, known)}use an event id from `verblijfsroutes states`",
            )
        day = check.date(entry.get("date"), where)
        note = entry.get("note", "")
        if not isinstance(note, str):
            raise check.fail(where, f"note {short(note)} is {type_name(note)}", "write the note as text")
        _plain_text(note, check, f"{where}.note")
        if out and day < out[-1].date:
            prev = out[-1]
            raise check.fail(
                where,
                f"dated {day} before event #{prev.index} ({prev.event}, {prev.date})",
                "list the events in date order or correct the date",
            )
        expect = parse_step_expect(entry.get("expect"), check, data, where)
        excused = entry.get("excused", "")
        if excused != "":
            filing = [
                e.id for e in data.vocab.events if e.track == "rechtsmiddel" and e.actor == "slachtoffer"
            ]
            if not isinstance(excused, str) or not excused.strip():
                raise check.fail(
                    f"{where}.excused",
                    f"{short(excused)} is {type_name(excused)}",
                    "write why the lateness is excused (art. 6:11 Awb)",
                )
            if event not in filing:
                raise check.fail(
                    f"{where}.excused",
                    f"{event} is not the filing of a remedy",
                    f"excused is for {', '.join(filing)}",
                )
            _plain_text(excused, check, f"{where}.excused")
        effective = effect_date(entry, event, day, out, check, where)
        retro = retroactive_date(entry, event, day, out, check, where) if effective is None else None
        applied = application_date(entry, event, day, check, where)
        out.append(CaseEvent(i, day, event, note, expect, excused, effective, retro, applied))
    return tuple(out)


def _parse_expect(
    raw: Any, check: Check, data: RuleData, n_events: int
) -> tuple[str | None, tuple[ExpectedDeadline, ...], dict[str, Any]]:
    if raw is None:
        return None, (), {}
    if not isinstance(raw, dict):
        raise check.fail(
            "expect",
            f"expect is {type_name(raw)}",
            "write a mapping with 'route', 'deadlines' and 'situation'",
        )
    check.keys(raw, EXPECT_KEYS, "expect", "expect")
    route = raw.get("route")
    if route is not None and not isinstance(route, str):
        raise check.fail("expect.route", f"{short(route)} is {type_name(route)}", "write a route class id")
    items = raw.get("deadlines")
    items = [] if items is None else items
    if not isinstance(items, list):
        raise check.fail(
            "expect.deadlines",
            f"deadlines is {type_name(items)}",
            "write a list of '- {step: N, deadline: <id>, date: YYYY-MM-DD}'",
        )
    out: list[ExpectedDeadline] = []
    for i, item in enumerate(items, 1):
        where = f"expect.deadlines #{i}"
        if not isinstance(item, dict):
            raise check.fail(
                where, f"entry is {type_name(item)}", "write '- {step: N, deadline: <id>, date: YYYY-MM-DD}'"
            )
        check.keys(item, EXPECT_DEADLINE_KEYS, where, "the entry")
        step = item.get("step")
        if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= n_events:
            raise check.fail(
                where, f"step {short(step)} is not an event number", f"write a number from 1 to {n_events}"
            )
        name = item.get("deadline")
        if not isinstance(name, str) or not name:
            raise check.fail(where, "missing deadline id", "add 'deadline: <id>' (see the replay output)")
        known = [d.id for d in data.deadlines]
        if name not in known:
            raise check.fail(
                where, f"unknown deadline {name!r}", f"{suggest(name, known)}deadlines: {', '.join(known)}"
            )
        out.append(ExpectedDeadline(step, name, check.date(item.get("date"), where)))
    situation_raw = raw.get("situation") or {}
    if not isinstance(situation_raw, dict):
        raise check.fail(
            "expect.situation",
            f"situation is {type_name(situation_raw)}",
            "write a mapping of field to value",
        )
    situation = parse_situation(situation_raw, check, data, "expect.situation")
    return route, tuple(out), situation


def read_bounded(path: str | Path) -> bytes:
    """The bytes of a case file ("-": standard input), at most MAX_BYTES: the cap holds for
    pipes and devices too, which have no size to ask for."""
    file = str(path)
    check = Check("standard input" if file == "-" else file)
    if file == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        p = Path(path)
        if p.is_dir():
            raise check.fail("", "is a folder", "give the path of a case file")
        try:
            with p.open("rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise check.fail("", f"cannot read ({exc.strerror})", "give the path of a case file") from None
    if len(raw) > MAX_BYTES:
        raise check.fail("", "larger than 1 MB", "a case file lists one person's events")
    return raw


def load_case(path: str | Path, data: RuleData | None = None) -> CaseFile:
    """Read, parse and check a case file ("-": standard input, read as YAML)."""
    file = "standard input" if str(path) == "-" else str(path)
    check = Check(file)
    raw = read_bounded(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise check.fail("", "not UTF-8 text", "save the case file as UTF-8") from None
    return parse_case(read_case_text(text, file), file, data)
