"""Open questions (where the report is silent or ambiguous) and the model's decision on each, switchable by a reviewer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from verblijfsroutes.spec.errors import DataError, UsageError, reject_unknown_fields


@dataclass(frozen=True)
class Choice:
    """An open question, its options and the option the model uses by default."""

    id: str
    question: str
    default: str
    options: dict[str, str]
    rationale: str
    # the question, options and rationale in Dutch (choices.yaml `nl:`)
    question_nl: str = ""
    options_nl: dict[str, str] = field(default_factory=dict)
    rationale_nl: str = ""

    def question_text(self, lang: str) -> str:
        return self.question_nl if lang == "nl" and self.question_nl else self.question

    def option_text(self, option: str, lang: str) -> str:
        return (self.options_nl.get(option) if lang == "nl" else None) or self.options[option]

    def rationale_text(self, lang: str) -> str:
        return self.rationale_nl if lang == "nl" and self.rationale_nl else self.rationale


def parse_choices(doc: Any, file: str) -> dict[str, Choice]:
    if not isinstance(doc, list):
        raise DataError(file, None, "expected a list of open questions")
    out: dict[str, Choice] = {}
    for raw in doc:
        rid = str(raw.get("id", "?"))
        for key in ("id", "question", "default", "options", "rationale"):
            if not raw.get(key):
                raise DataError(file, rid, f"missing {key}")
        if rid in out:
            raise DataError(file, rid, "duplicate id")
        reject_unknown_fields(
            raw, {"id", "question", "default", "options", "rationale", "nl"}, file, rid, "question"
        )
        options = {str(k): str(v) for k, v in raw["options"].items()}
        if raw["default"] not in options:
            raise DataError(file, rid, f"default {raw['default']!r} is not one of its options")
        nl = raw.get("nl") or {}
        if not isinstance(nl, dict):
            raise DataError(file, rid, "nl must be a mapping of question, options and rationale in Dutch")
        reject_unknown_fields(nl, {"question", "options", "rationale"}, file, rid, "nl")
        options_nl = {str(k): str(v) for k, v in (nl.get("options") or {}).items()}
        stray = set(options_nl) - set(options)
        if stray:
            raise DataError(file, rid, f"nl.options: {', '.join(sorted(stray))} is not one of its options")
        out[rid] = Choice(
            rid,
            raw["question"],
            raw["default"],
            options,
            raw["rationale"],
            str(nl.get("question") or ""),
            options_nl,
            str(nl.get("rationale") or ""),
        )
    return out


def check_choice(qid: str, option: str, choices: Mapping[str, Choice]) -> None:
    """ValueError unless `qid` is an open question and `option` one of its options (the one
    check every reader of decisions uses: CLI, case files, rule rows, the engine)."""
    if qid not in choices:
        raise ValueError(f"unknown open question {qid!r}; questions: {', '.join(choices)}")
    if option not in choices[qid].options:
        raise ValueError(f"{qid} has no option {option!r}; options: {', '.join(choices[qid].options)}")


def parse_choice_ref(text: str, choices: Mapping[str, Choice]) -> tuple[str, str]:
    """Parse 'Q1=option' and check it names a known question and option."""
    qid, sep, option = str(text).partition("=")
    qid, option = qid.strip(), option.strip()
    if not sep:
        raise ValueError(f"{text!r} is not 'Qn=option' with Qn one of {', '.join(choices)}")
    check_choice(qid, option, choices)
    return qid, option


def choice_overrides(texts: list[str] | None, choices: Mapping[str, Choice]) -> dict[str, str]:
    """The `--choice Qn=option` options as a mapping; a question given twice is an error."""
    out: dict[str, str] = {}
    for text in texts or []:
        try:
            qid, option = parse_choice_ref(text, choices)
        except ValueError as exc:
            raise UsageError(f"--choice: {exc}") from None
        if qid in out:
            raise UsageError(
                f"--choice: {qid} is given twice ({qid}={out[qid]}, {qid}={option}); give it once"
            )
        out[qid] = option
    return out


def resolve_choices(overrides: list[str] | None, choices: Mapping[str, Choice]) -> dict[str, str]:
    """The active option per question: defaults, with `Qn=option` overrides from the CLI."""
    active = {c.id: c.default for c in choices.values()}
    active.update(choice_overrides(overrides, choices))
    return active
