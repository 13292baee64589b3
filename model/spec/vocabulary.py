"""The vocabulary: tracks and their states, the person's facts, and the events.

A situation is a plain tuple: one state id per track (in `Vocabulary.tracks` order) followed
by one bool per fact (in `Vocabulary.facts` order). Plain tuples keep exhaustive
exploration fast; `Vocabulary.describe` turns one into a readable dict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from verblijfsroutes.spec.errors import DataError, reject_unknown_fields
from verblijfsroutes.spec.i18n import Labelled

Situation = tuple[Any, ...]


@dataclass(frozen=True)
class Label(Labelled):
    """A Dutch id with its Dutch and English labels."""

    id: str
    nl: str
    en: str


@dataclass(frozen=True)
class Track(Labelled):
    """An orthogonal part of the situation (regulation, criminal case, asylum, ...)."""

    id: str
    nl: str
    en: str
    section: str
    initial: str
    states: tuple[Label, ...]
    only_for: dict[str, str] = field(default_factory=dict)

    def state_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.states)


@dataclass(frozen=True)
class Fact(Labelled):
    """A fact about the person; `mutable` facts can be changed by a rule's effects."""

    id: str
    nl: str
    en: str
    section: str
    mutable: bool


@dataclass(frozen=True)
class Event(Labelled):
    """Something that can happen; owned by one track's state machine."""

    id: str
    nl: str
    en: str
    track: str
    actor: str
    entry: bool


@dataclass(frozen=True)
class Vocabulary:
    tracks: tuple[Track, ...]
    facts: tuple[Fact, ...]
    events: tuple[Event, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        """Names of the situation tuple's positions: tracks, then facts."""
        return tuple(t.id for t in self.tracks) + tuple(f.id for f in self.facts)

    def index(self, name: str) -> int:
        return self.fields.index(name)

    def track(self, track_id: str) -> Track:
        for track in self.tracks:
            if track.id == track_id:
                return track
        raise KeyError(track_id)

    def event(self, event_id: str) -> Event:
        for event in self.events:
            if event.id == event_id:
                return event
        raise KeyError(event_id)

    def state_label(self, track_id: str, state_id: str, lang: str = "nl") -> str:
        for state in self.track(track_id).states:
            if state.id == state_id:
                return state.text(lang)
        raise KeyError(f"{track_id}.{state_id}")

    def initial(self, facts: dict[str, bool]) -> Situation:
        """The situation before anything happened, for a person with these facts."""
        unknown = set(facts) - {f.id for f in self.facts}
        if unknown:
            raise KeyError(f"unknown fact(s): {', '.join(sorted(unknown))}")
        return tuple(t.initial for t in self.tracks) + tuple(bool(facts.get(f.id, False)) for f in self.facts)

    def describe(self, situation: Situation) -> dict[str, Any]:
        return dict(zip(self.fields, situation, strict=True))


def _require(entry: dict[str, Any], keys: tuple[str, ...], file: str, what: str) -> None:
    missing = [k for k in keys if k not in entry or entry[k] in (None, "")]
    if missing:
        raise DataError(file, str(entry.get("id", "?")), f"{what} lacks {', '.join(missing)}")


def parse_vocabulary(doc: Any, file: str) -> Vocabulary:
    """Build and validate the vocabulary from the parsed vocabulary.yaml."""
    if not isinstance(doc, dict):
        raise DataError(file, None, "expected a mapping with tracks, facts and events")
    tracks: list[Track] = []
    seen: set[str] = set()
    for raw in doc.get("tracks") or []:
        _require(raw, ("id", "nl", "en", "initial", "states"), file, "track")
        reject_unknown_fields(
            raw, {"id", "nl", "en", "section", "initial", "states"}, file, str(raw["id"]), "track"
        )
        states: list[Label] = []
        only_for: dict[str, str] = {}
        for st in raw["states"]:
            _require(st, ("id", "nl", "en"), file, f"state of track {raw['id']}")
            reject_unknown_fields(
                st, {"id", "nl", "en", "only_for"}, file, f"{raw['id']}.{st['id']}", "state"
            )
            if any(s.id == st["id"] for s in states):
                raise DataError(file, f"{raw['id']}.{st['id']}", "duplicate state id")
            states.append(Label(st["id"], st["nl"], st["en"]))
            if st.get("only_for"):
                only_for[st["id"]] = st["only_for"]
        if raw["initial"] not in {s.id for s in states}:
            raise DataError(file, raw["id"], f"initial state {raw['initial']!r} is not a state")
        if raw["id"] in seen:
            raise DataError(file, raw["id"], "duplicate track id")
        seen.add(raw["id"])
        tracks.append(
            Track(
                raw["id"],
                raw["nl"],
                raw["en"],
                raw.get("section", ""),
                raw["initial"],
                tuple(states),
                only_for,
            )
        )
    facts = []
    for raw in doc.get("facts") or []:
        _require(raw, ("id", "nl", "en"), file, "fact")
        reject_unknown_fields(raw, {"id", "nl", "en", "section", "mutable"}, file, str(raw["id"]), "fact")
        if raw["id"] in seen:
            raise DataError(file, raw["id"], "duplicate fact id (or clash with a track)")
        seen.add(raw["id"])
        facts.append(
            Fact(raw["id"], raw["nl"], raw["en"], raw.get("section", ""), bool(raw.get("mutable", False)))
        )
    events = []
    event_ids: set[str] = set()
    track_ids = {t.id for t in tracks}
    for raw in doc.get("events") or []:
        _require(raw, ("id", "nl", "en", "track"), file, "event")
        reject_unknown_fields(
            raw, {"id", "nl", "en", "track", "actor", "entry"}, file, str(raw["id"]), "event"
        )
        if raw["id"] in event_ids:
            raise DataError(file, raw["id"], "duplicate event id")
        if raw["track"] not in track_ids:
            raise DataError(file, raw["id"], f"unknown track {raw['track']!r}")
        event_ids.add(raw["id"])
        events.append(
            Event(
                raw["id"],
                raw["nl"],
                raw["en"],
                raw["track"],
                raw.get("actor", ""),
                bool(raw.get("entry", False)),
            )
        )
    if not tracks or not events:
        raise DataError(file, None, "needs at least one track and one event")
    return Vocabulary(tuple(tracks), tuple(facts), tuple(events))
