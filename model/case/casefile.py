"""Case files: one person's facts and dated events, read and checked before a replay.

A case file is YAML or JSON (schema: model/data/case.schema.json). Every problem is one
`UsageError` naming the file, the entry and the fix. Events must be listed in date order
(events on the same day keep their file order): an out-of-order date is far more often a
typing error than an intended reordering, so it is rejected rather than silently sorted.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import reprlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from verblijfsroutes.core.ruledata import default_rule_data
from verblijfsroutes.spec.dates import parse_day
from verblijfsroutes.spec.errors import UsageError
from verblijfsroutes.spec.loader import RuleData

TOP_KEYS = ("name", "description", "facts", "choices", "events", "expect")
EVENT_KEYS = ("date", "event", "note")
EXPECT_KEYS = ("route", "deadlines")
EXPECT_DEADLINE_KEYS = ("step", "deadline", "date")
MAX_BYTES = 1_000_000
_DATE_LIKE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")


@dataclass(frozen=True)
class CaseEvent:
    """One dated event of a case file; `index` is its 1-based position in the file."""

    index: int
    date: dt.date
    event: str
    note: str = ""


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


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlist, _REPR.maxdict = 2, 40, 40, 4, 4


def _short(value: Any) -> str:
    """A bounded repr (safe for huge or self-referencing YAML values)."""
    return _REPR.repr(value)


def _type(value: Any) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
        type(None): "empty",
    }
    return names.get(type(value), type(value).__name__)


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=3, cutoff=0.6)
    return f"did you mean {', '.join(close)}? " if close else ""


class _Check:
    """Raises one UsageError per problem: '<file>: <where>: <problem>; <fix>'."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, where: str, problem: str, fix: str) -> UsageError:
        prefix = f"{self.file}: {where}: " if where else f"{self.file}: "
        return UsageError(f"{prefix}{problem}; {fix}")

    def keys(self, raw: dict[Any, Any], allowed: tuple[str, ...], where: str, what: str) -> None:
        for key in raw:
            if key not in allowed:
                hint = _suggest(str(key), list(allowed))
                raise self.fail(
                    where, f"unknown key {_short(key)} in {what}", f"{hint}allowed keys: {', '.join(allowed)}"
                )

    def date(self, value: Any, where: str) -> dt.date:
        if isinstance(value, dt.datetime):
            raise self.fail(where, f"date {value.isoformat()} has a time", "write a date YYYY-MM-DD")
        if isinstance(value, dt.date):
            return value
        if value is None:
            raise self.fail(where, "missing date", "add 'date: YYYY-MM-DD'")
        if not isinstance(value, str):
            raise self.fail(where, f"date {_short(value)} is {_type(value)}", "write a date YYYY-MM-DD")
        try:
            return parse_day(value)
        except ValueError as exc:
            problem = str(exc).split(": write")[0]
            raise self.fail(where, problem, "write a real calendar date YYYY-MM-DD") from None


def read_case_text(text: str, file: str) -> Any:
    """Parse the text of a case file: JSON for *.json, else YAML (safe loading only)."""
    check = _Check(file)
    if file.lower().endswith(".json"):
        try:
            return json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise check.fail("", f"not valid JSON ({exc})", "fix the JSON syntax") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or (first[0] if first else "syntax error")
        raise check.fail(where, f"not valid YAML ({problem})", "fix the YAML syntax") from None
    except (ValueError, OverflowError) as exc:
        # PyYAML turns 2016-02-30 into a date and fails: find the impossible date for the user.
        for n, line in enumerate(text.splitlines(), 1):
            for m in _DATE_LIKE.finditer(line):
                try:
                    dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError as bad:
                    raise check.fail(
                        f"line {n}",
                        f"impossible date {m.group(0)} ({bad})",
                        "write a real calendar date YYYY-MM-DD",
                    ) from None
        raise check.fail("", f"cannot read ({exc})", "fix the value it names") from None
    except RecursionError:
        raise check.fail("", "nested too deeply", "write a flat case file (see examples/)") from None


def parse_case(doc: Any, file: str, data: RuleData | None = None) -> CaseFile:
    """Check a parsed case document against the model's vocabulary and choices."""
    data = data or default_rule_data()
    check = _Check(file)
    if not isinstance(doc, dict):
        raise check.fail(
            "",
            f"the file holds {_type(doc)}, not a mapping",
            "write a mapping with 'facts' and 'events' (see examples/)",
        )
    check.keys(doc, TOP_KEYS, "", "the case file")
    name = doc.get("name", "")
    if not isinstance(name, str):
        raise check.fail("name", f"{_short(name)} is {_type(name)}", "write the name as text")
    description = doc.get("description", "")
    if not isinstance(description, str):
        raise check.fail(
            "description", f"{_short(description)} is {_type(description)}", "write the description as text"
        )
    facts = _parse_facts(doc.get("facts"), check, data)
    choices = _parse_choices(doc.get("choices"), check, data)
    events = _parse_events(doc.get("events"), check, data)
    route, deadlines = _parse_expect(doc.get("expect"), check, data, len(events))
    return CaseFile(file, name, facts, events, choices, description, route, deadlines)


def _parse_facts(raw: Any, check: _Check, data: RuleData) -> dict[str, bool]:
    if raw is None:
        return {}
    known = [f.id for f in data.vocab.facts]
    if not isinstance(raw, dict):
        raise check.fail(
            "facts",
            f"facts is {_type(raw)}",
            f"write a mapping of fact to true/false; facts: {', '.join(known)}",
        )
    out: dict[str, bool] = {}
    for key, value in raw.items():
        if key not in known:
            raise check.fail(
                f"facts.{key}",
                f"unknown fact {_short(key)}",
                f"{_suggest(str(key), known)}known facts: {', '.join(known)}",
            )
        if not isinstance(value, bool):
            raise check.fail(f"facts.{key}", f"{_short(value)} is {_type(value)}", "write true or false")
        out[key] = value
    return out


def _parse_choices(raw: Any, check: _Check, data: RuleData) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise check.fail(
            "choices",
            f"choices is {_type(raw)}",
            "write a mapping of question to option, e.g. 'Q8: bedenktijd_loopt_door'",
        )
    out: dict[str, str] = {}
    for key, value in raw.items():
        if key not in data.choices:
            raise check.fail(
                f"choices.{key}",
                f"unknown open question {_short(key)}",
                f"questions: {', '.join(data.choices)} (see `verblijfsroutes choices`)",
            )
        options = list(data.choices[key].options)
        if value not in options:
            raise check.fail(
                f"choices.{key}",
                f"{key} has no option {_short(value)}",
                f"{_suggest(str(value), options)}options: {', '.join(options)}",
            )
        out[key] = value
    return out


def _parse_events(raw: Any, check: _Check, data: RuleData) -> tuple[CaseEvent, ...]:
    if raw is None:
        raise check.fail(
            "events",
            "missing list of events",
            "add 'events:' with entries '- {date: YYYY-MM-DD, event: <event id>}'",
        )
    if not isinstance(raw, list):
        raise check.fail(
            "events",
            f"events is {_type(raw)}",
            "write a list of entries '- {date: YYYY-MM-DD, event: <event id>}'",
        )
    known = [e.id for e in data.vocab.events]
    out: list[CaseEvent] = []
    for i, entry in enumerate(raw, 1):
        where = f"event #{i}"
        if not isinstance(entry, dict):
            raise check.fail(
                where, f"entry is {_type(entry)}", "write '- {date: YYYY-MM-DD, event: <event id>}'"
            )
        event = entry.get("event")
        if isinstance(event, str):
            where = f"event #{i} ({event})"
        check.keys(entry, EVENT_KEYS, where, "the entry")
        if event is None:
            raise check.fail(where, "missing event", "add 'event: <event id>' (see `verblijfsroutes states`)")
        if not isinstance(event, str):
            raise check.fail(where, f"event {_short(event)} is {_type(event)}", "write an event id")
        if event not in known:
            raise check.fail(
                where,
                f"unknown event {event!r}",
                f"{_suggest(event, known)}use an event id from `verblijfsroutes states`",
            )
        day = check.date(entry.get("date"), where)
        note = entry.get("note", "")
        if not isinstance(note, str):
            raise check.fail(where, f"note {_short(note)} is {_type(note)}", "write the note as text")
        if out and day < out[-1].date:
            prev = out[-1]
            raise check.fail(
                where,
                f"dated {day} before event #{prev.index} ({prev.event}, {prev.date})",
                "list the events in date order or correct the date",
            )
        out.append(CaseEvent(i, day, event, note))
    return tuple(out)


def _parse_expect(
    raw: Any, check: _Check, data: RuleData, n_events: int
) -> tuple[str | None, tuple[ExpectedDeadline, ...]]:
    if raw is None:
        return None, ()
    if not isinstance(raw, dict):
        raise check.fail("expect", f"expect is {_type(raw)}", "write a mapping with 'route' and 'deadlines'")
    check.keys(raw, EXPECT_KEYS, "expect", "expect")
    route = raw.get("route")
    if route is not None and not isinstance(route, str):
        raise check.fail("expect.route", f"{_short(route)} is {_type(route)}", "write a route class id")
    items = raw.get("deadlines") or []
    if not isinstance(items, list):
        raise check.fail(
            "expect.deadlines",
            f"deadlines is {_type(items)}",
            "write a list of '- {step: N, deadline: <id>, date: YYYY-MM-DD}'",
        )
    out: list[ExpectedDeadline] = []
    for i, item in enumerate(items, 1):
        where = f"expect.deadlines #{i}"
        if not isinstance(item, dict):
            raise check.fail(
                where, f"entry is {_type(item)}", "write '- {step: N, deadline: <id>, date: YYYY-MM-DD}'"
            )
        check.keys(item, EXPECT_DEADLINE_KEYS, where, "the entry")
        step = item.get("step")
        if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= n_events:
            raise check.fail(
                where, f"step {_short(step)} is not an event number", f"write a number from 1 to {n_events}"
            )
        name = item.get("deadline")
        if not isinstance(name, str) or not name:
            raise check.fail(where, "missing deadline id", "add 'deadline: <id>' (see the replay output)")
        out.append(ExpectedDeadline(step, name, check.date(item.get("date"), where)))
    return route, tuple(out)


def load_case(path: str | Path, data: RuleData | None = None) -> CaseFile:
    """Read, parse and check a case file."""
    file = str(path)
    check = _Check(file)
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise check.fail("", "file larger than 1 MB", "a case file lists one person's events")
        raw = p.read_bytes()
    except OSError as exc:
        raise check.fail("", f"cannot read ({exc.strerror})", "give the path of a case file") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise check.fail("", "not UTF-8 text", "save the case file as UTF-8") from None
    return parse_case(read_case_text(text, file), file, data)
