"""The JSON Schema of a case file (model/data/case.schema.json), generated from the vocabulary's
facts, events and choices so editors can check a case file as it is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from verblijfsroutes.core.ruledata import default_rule_data
from verblijfsroutes.spec.loader import RuleData

SCHEMA_FILE = Path(__file__).parent.parent / "data" / "case.schema.json"


def case_schema(data: RuleData | None = None) -> dict[str, Any]:
    """The JSON Schema of a case file, with the vocabulary's facts, events and choices.

    Shipped as model/data/case.schema.json (a test fails when that file is stale). In YAML,
    dates may be written bare (2016-05-02); the schema describes the JSON form (strings)."""
    data = data or default_rule_data()
    date = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
    facts = {f.id: {"type": "boolean", "description": f.en} for f in data.vocab.facts}
    choices = {c.id: {"enum": list(c.options), "description": c.question} for c in data.choices.values()}
    events = [e.id for e in data.vocab.events]
    fields = {
        **{t.id: {"enum": list(t.state_ids())} for t in data.vocab.tracks},
        **{f.id: {"type": "boolean"} for f in data.vocab.facts},
        "verblijfsgrond": {
            "type": "array",
            "items": {"enum": [d.id for d in data.derived.get("verblijfsgronden", ())]},
        },
        "voorzieningen": {"enum": sorted({d.value for d in data.derived.get("voorzieningen", ())})},
        "uitkomst": {"enum": [None, *[d.id for d in data.derived.get("uitkomsten", ())]]},
    }
    situation = {
        "type": "object",
        "description": "fields of the situation: tracks, facts, verblijfsgrond (list), voorzieningen, uitkomst",
        "properties": fields,
        "additionalProperties": False,
    }
    step_expect = {
        "type": "object",
        "description": "what this event must do: accepted (default true), the row it fires, the situation after it",
        "properties": {
            "accepted": {"type": "boolean"},
            "rule": {"enum": [r.id for r in data.rules]},
            **fields,
        },
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://verblijfsroutes.example/case.schema.json",
        "title": "verblijfsroutes case file",
        "description": (
            "One person's facts and dated events, replayed by `verblijfsroutes replay CASE`. "
            "Events are listed in date order (same-day events keep their order); entries are "
            "numbered from 1 in messages and in the replay output."
        ),
        "type": "object",
        "required": ["events"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "description": "a full sentence of the expected outcome"},
            "description": {"type": "string"},
            "questions": {
                "type": "array",
                "description": "the open questions (choices.yaml) this case illustrates",
                "items": {"enum": list(data.choices)},
            },
            "facts": {
                "type": "object",
                "description": "facts about the person; an absent fact is false",
                "properties": facts,
                "additionalProperties": False,
            },
            "choices": {
                "type": "object",
                "description": "open-question decisions (see `verblijfsroutes choices`); absent: the default",
                "properties": choices,
                "additionalProperties": False,
            },
            "events": {"type": "array", "items": {"$ref": "#/$defs/event"}},
            "expect": {
                "type": "object",
                "description": "what the replay must give (checked; exit status 1 when it does not)",
                "additionalProperties": False,
                "properties": {
                    "route": {"type": "string", "description": "route class id (`verblijfsroutes routes`)"},
                    "situation": {
                        "$ref": "#/$defs/situation",
                        "description": "the situation after the last event",
                    },
                    "deadlines": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["step", "deadline", "date"],
                            "additionalProperties": False,
                            "properties": {
                                "step": {"type": "integer", "minimum": 1},
                                "deadline": {"type": "string", "minLength": 1},
                                "date": {"$ref": "#/$defs/date"},
                            },
                        },
                    },
                },
            },
        },
        "$defs": {
            "date": date,
            "situation": situation,
            "event": {
                "type": "object",
                "required": ["date", "event"],
                "additionalProperties": False,
                "properties": {
                    "date": {"$ref": "#/$defs/date"},
                    "event": {"enum": events},
                    "note": {"type": "string"},
                    "expect": step_expect,
                    "excused": {
                        "type": "string",
                        "minLength": 1,
                        "description": "a remedy filed after its term: why the lateness is excused (art. 6:11 Awb)",
                    },
                    "met_ingang_van": {
                        "$ref": "#/$defs/date",
                        "description": "the decision takes effect from this earlier date: its terms count from it",
                    },
                    "met_terugwerkende_kracht_per": {
                        "$ref": "#/$defs/date",
                        "description": "a withdrawal (b8_intrekken) with retroactive effect from this earlier date: "
                        "the replay puts it at that date; its objection term counts from the decision",
                    },
                    "aanvraag_op": {
                        "$ref": "#/$defs/date",
                        "description": "an aangifte whose B8 application the IND received on this later day: "
                        "the terms of the application count from it",
                    },
                },
            },
        },
    }


def write_schema(path: Path = SCHEMA_FILE) -> None:
    """Regenerate model/data/case.schema.json from the vocabulary."""
    path.write_text(json.dumps(case_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
