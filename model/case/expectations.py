"""What a case file expects of its replay, read and compared (as OpenFisca's YAML tests do).

Per event (`expect:` in the event's entry): whether it is accepted, the row that fires, and
the situation after it. For the whole case (`expect:` at the top): the route class, checked
against the route classifier; deadlines per step; and the situation at the end. A situation
is given by any of the fields `Case.describe()` reports: the tracks, the facts,
`verblijfsgrond` (the legal bases of residence, a list), `voorzieningen` and `uitkomst`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from verblijfsroutes.case.reading import Check, short, suggest, type_name
from verblijfsroutes.spec.loader import RuleData

STEP_KEYS = ("accepted", "rule")
DERIVED_FIELDS = ("verblijfsgrond", "voorzieningen", "uitkomst")


@dataclass(frozen=True)
class StepExpectation:
    """What one event must do: be accepted or refused, fire a row, leave a situation."""

    accepted: bool | None = None
    rule: str | None = None
    situation: Mapping[str, Any] = field(default_factory=dict)


def situation_fields(data: RuleData) -> list[str]:
    return [*data.vocab.fields, *DERIVED_FIELDS]


def parse_situation(raw: Mapping[Any, Any], check: Check, data: RuleData, where: str) -> dict[str, Any]:
    """The situation fields of an `expect` mapping, each checked against the vocabulary."""
    vocab = data.vocab
    tracks = {t.id: t for t in vocab.tracks}
    facts = {f.id for f in vocab.facts}
    bases = [d.id for d in data.derived.get("verblijfsgronden", ())]
    provisions = sorted({d.value for d in data.derived.get("voorzieningen", ())})
    outcomes = [d.id for d in data.derived.get("uitkomsten", ())]
    out: dict[str, Any] = {}
    for key, value in raw.items():
        at = f"{where}.{key}"
        if key in tracks:
            states = list(tracks[key].state_ids())
            if value not in states:
                raise check.fail(
                    at,
                    f"{short(value)} is not a state of {key}",
                    f"{suggest(str(value), states)}states: {', '.join(states)}",
                )
        elif key in facts:
            if not isinstance(value, bool):
                raise check.fail(at, f"{short(value)} is {type_name(value)}", "write true or false")
        elif key == "verblijfsgrond":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise check.fail(
                    at, f"{short(value)} is {type_name(value)}", "write a list of basis ids, [] for none"
                )
            for v in value:
                if v not in bases:
                    raise check.fail(
                        at, f"unknown basis {v!r}", f"{suggest(v, bases)}bases: {', '.join(bases)}"
                    )
        elif key == "voorzieningen":
            if value not in provisions:
                raise check.fail(
                    at, f"{short(value)} is not a provision", f"provisions: {', '.join(provisions)}"
                )
        elif key == "uitkomst":
            if value is not None and value not in outcomes:
                raise check.fail(
                    at, f"{short(value)} is not an outcome", f"outcomes: {', '.join(outcomes)} (or empty)"
                )
        else:
            known = situation_fields(data)
            raise check.fail(
                at, f"unknown field {short(key)}", f"{suggest(str(key), known)}fields: {', '.join(known)}"
            )
        out[key] = value
    return out


def parse_step_expect(raw: Any, check: Check, data: RuleData, where: str) -> StepExpectation | None:
    """An event's `expect:`: `accepted` (true/false), `rule` (a row id) and situation fields."""
    if raw is None:
        return None
    where = f"{where}.expect"
    if not isinstance(raw, dict):
        raise check.fail(
            where, f"expect is {type_name(raw)}", "write a mapping, e.g. {rule: R-B8-01, regeling: b8}"
        )
    accepted = raw.get("accepted")
    if accepted is not None and not isinstance(accepted, bool):
        raise check.fail(
            f"{where}.accepted", f"{short(accepted)} is {type_name(accepted)}", "write true or false"
        )
    rule = raw.get("rule")
    if rule is not None:
        ids = [r.id for r in data.rules]
        if rule not in ids:
            raise check.fail(
                f"{where}.rule",
                f"unknown row {short(rule)}",
                f"{suggest(str(rule), ids)}see `verblijfsroutes table`",
            )
        if accepted is False:
            raise check.fail(where, "a refused event fires no row", "drop 'rule' or 'accepted: false'")
    rest = {k: v for k, v in raw.items() if k not in STEP_KEYS}
    return StepExpectation(accepted, rule, parse_situation(rest, check, data, where))


def compare(expected: Mapping[str, Any], actual: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One check per expected field: expected, actual, ok (lists compared as sets)."""
    out = []
    for key, want in expected.items():
        got = actual.get(key)
        ok = sorted(got) == sorted(want) if isinstance(want, list) and isinstance(got, list) else got == want
        out.append({"field": key, "expected": want, "actual": got, "ok": ok})
    return out


def step_checks(
    step: int, exp: StepExpectation, accepted: bool, rule: str | None, actual: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The checks of one event's expectation against what the replay did at that step."""
    out = []
    want_accepted = exp.accepted if exp.accepted is not None else True
    out.append(
        {"field": "accepted", "expected": want_accepted, "actual": accepted, "ok": accepted == want_accepted}
    )
    if exp.rule is not None:
        out.append({"field": "rule", "expected": exp.rule, "actual": rule, "ok": rule == exp.rule})
    out.extend(compare(exp.situation, actual))
    return [{"step": step, **c} for c in out]
