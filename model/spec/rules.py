"""The transition table: one `Rule` per row of rules.yaml, parsed and validated.

Loading fails with a `DataError` naming the file, the row id and the problem (unknown
state, missing source, duplicate id, a guard name that does not exist, a bad date, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from verblijfsroutes.spec.changes import BASES, Change
from verblijfsroutes.spec.choices import Choice, parse_choice_ref
from verblijfsroutes.spec.errors import DataError
from verblijfsroutes.spec.vocabulary import Vocabulary

ANY = "*"
Pattern = dict[str, tuple[str, ...]]  # track -> allowed states (absent track: any)


@dataclass(frozen=True)
class Rule:
    """One transition: when `event` happens in a situation matching `from_` and every guard
    holds, the tracks in `to` and the housing/facts in `effects` take their new values."""

    id: str
    event: str
    from_: Pattern
    guards: tuple[str, ...]
    to: dict[str, str]
    effects: dict[str, Any]
    source: str
    section: str
    basis: str
    rationale: str = ""
    valid_from: str | None = None
    valid_until: str | None = None
    choice: tuple[str, str] | None = None
    order: int = 0
    rationale_nl: str = ""  # the rationale in Dutch

    def rationale_text(self, lang: str) -> str:
        """The rationale in `lang` (the English one where no Dutch is given)."""
        return self.rationale_nl if lang == "nl" and self.rationale_nl else self.rationale

    @property
    def updates(self) -> dict[str, Any]:
        return {**self.to, **self.effects}

    @property
    def choice_text(self) -> str:
        return f"{self.choice[0]}={self.choice[1]}" if self.choice else ""


def parse_pattern(raw: Any, vocab: Vocabulary, file: str, rid: str, what: str) -> Pattern:
    """Parse {track: state | [states] | "*"}; "*" and absent tracks match any state."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise DataError(file, rid, f"{what} must be a mapping of track to state(s)")
    out: Pattern = {}
    for track_id, value in raw.items():
        try:
            track = vocab.track(track_id)
        except KeyError:
            raise DataError(file, rid, f"{what}: unknown track {track_id!r}") from None
        if value == ANY:
            continue
        values = tuple(value) if isinstance(value, list) else (value,)
        for v in values:
            if v not in track.state_ids():
                raise DataError(file, rid, f"{what}: unknown state {v!r} of track {track_id!r}")
        out[track_id] = values
    return out


def parse_guards(raw: dict[str, Any], guard_names: set[str], file: str, rid: str) -> tuple[str, ...]:
    """The row's `guards` list, each a guard that exists (model/guards.py or a fact guard)."""
    guards = tuple(raw.get("guards") or ())
    for g in guards:
        if g not in guard_names:
            raise DataError(
                file, rid, f"guard {g!r} does not exist (see model/guards.py or a fact id / niet_<fact id>)"
            )
    return guards


def parse_choice_field(
    raw: dict[str, Any], choices: Mapping[str, Choice], file: str, rid: str
) -> tuple[str, str] | None:
    """The row's optional `choice: Qn=option`, checked against choices.yaml."""
    if not raw.get("choice"):
        return None
    try:
        return parse_choice_ref(raw["choice"], choices)
    except ValueError as exc:
        raise DataError(file, rid, f"choice: {exc}") from None


def _date_ref(raw: Any, key: str, changes: Mapping[str, Change], file: str, rid: str) -> str | None:
    value = raw.get(key)
    if value in (None, ""):
        return None
    if str(value) not in changes:
        raise DataError(
            file, rid, f"{key} {value!r} is not a change id in changes.yaml (known: {', '.join(changes)})"
        )
    return str(value)


def parse_rules(
    doc: Any,
    file: str,
    vocab: Vocabulary,
    changes: Mapping[str, Change],
    choices: Mapping[str, Choice],
    guard_names: set[str],
) -> list[Rule]:
    """Validate every row of rules.yaml and return the rules in file order."""
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise DataError(file, None, "expected a mapping with a 'rules' list")
    defaults = (doc.get("defaults") or {}).get("from") or {}
    event_ids = {e.id for e in vocab.events}
    track_ids = {t.id for t in vocab.tracks}
    mutable = {f.id for f in vocab.facts if f.mutable}
    rules: list[Rule] = []
    seen: set[str] = set()
    for order, raw in enumerate(doc["rules"]):
        if not isinstance(raw, dict):
            raise DataError(file, f"#{order + 1}", "a row must be a mapping")
        rid = str(raw.get("id") or f"#{order + 1}")
        if not raw.get("id"):
            raise DataError(file, rid, "missing id")
        if rid in seen:
            raise DataError(file, rid, "duplicate id")
        seen.add(rid)
        for key in ("event", "source", "section", "basis"):
            if not raw.get(key):
                raise DataError(file, rid, f"missing {key}")
        if raw["event"] not in event_ids:
            raise DataError(file, rid, f"unknown event {raw['event']!r}")
        if raw["basis"] not in BASES:
            raise DataError(file, rid, f"basis {raw['basis']!r} is not one of {', '.join(BASES)}")
        if raw["basis"] == "assumption" and not raw.get("rationale"):
            raise DataError(file, rid, "basis assumption needs a one-line rationale")
        from_raw = {**defaults, **(raw.get("from") or {})}
        from_ = parse_pattern(from_raw, vocab, file, rid, "from")
        guards = parse_guards(raw, guard_names, file, rid)
        to = raw.get("to") or {}
        for track_id, value in to.items():
            if track_id not in track_ids:
                raise DataError(file, rid, f"to: unknown track {track_id!r}")
            if value not in vocab.track(track_id).state_ids():
                raise DataError(file, rid, f"to: unknown state {value!r} of track {track_id!r}")
        effects = raw.get("effects") or {}
        for key, value in effects.items():
            if key in track_ids:
                if value not in vocab.track(key).state_ids():
                    raise DataError(file, rid, f"effects: unknown state {value!r} of track {key!r}")
            elif key in mutable:
                if not isinstance(value, bool):
                    raise DataError(file, rid, f"effects: fact {key!r} takes true or false")
            else:
                raise DataError(file, rid, f"effects: {key!r} is neither a track nor a mutable fact")
        choice = parse_choice_field(raw, choices, file, rid)
        valid_from = _date_ref(raw, "valid_from", changes, file, rid)
        valid_until = _date_ref(raw, "valid_until", changes, file, rid)
        if valid_from and valid_until and changes[valid_from].date.start >= changes[valid_until].date.start:
            raise DataError(file, rid, "valid_from must be before valid_until")
        known = {
            "id",
            "event",
            "from",
            "guards",
            "to",
            "effects",
            "source",
            "section",
            "basis",
            "rationale",
            "rationale_nl",
            "valid_from",
            "valid_until",
            "choice",
        }
        unknown = set(raw) - known
        if unknown:
            raise DataError(file, rid, f"unknown field(s) {', '.join(sorted(unknown))}")
        rules.append(
            Rule(
                rid,
                raw["event"],
                from_,
                guards,
                dict(to),
                dict(effects),
                str(raw["source"]),
                str(raw["section"]),
                raw["basis"],
                str(raw.get("rationale") or ""),
                valid_from,
                valid_until,
                choice,
                order,
                str(raw.get("rationale_nl") or ""),
            )
        )
    return rules
