"""Deadline specifications (deadlines.yaml): in which situation each deadline runs, from which
date it is counted (its anchor) and which terms of terms.yaml make it up. Validation only; the
dates are computed by the case's clocks (case/clocks.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from verblijfsroutes.spec.changes import Term
from verblijfsroutes.spec.errors import DataError, reject_unknown_fields
from verblijfsroutes.spec.rules import Pattern, parse_guards, parse_pattern
from verblijfsroutes.spec.vocabulary import Vocabulary

ANCHORS = ("since", "entered", "first", "event")


@dataclass(frozen=True)
class DeadlineSpec:
    """A deadline of deadlines.yaml: it runs `when` the pattern and guards hold, ending
    `terms` after `anchor`; `renew` events add the last term again; `expiry_event` marks its end."""

    id: str
    nl: str
    en: str
    when: Pattern
    anchor: str
    terms: tuple[str, ...]
    guards: tuple[str, ...] = ()
    renew: str | None = None
    expiry_event: str | None = None
    restart: str | None = (
        None  # "track=state|event:NAME": a `first:` anchor counts again after this state or event
    )
    # later changes of the terms: (change id, guards, terms) for a deadline that starts on or
    # after the change's date while the guards hold (the last that applies wins)
    variants: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()
    opens: str | None = None  # an event the end of this term makes possible (not before it)


def parse_deadlines(
    doc: Any,
    file: str,
    vocab: Vocabulary,
    terms: Mapping[str, Term],
    guard_names: set[str],
    changes: Mapping[str, Any] | None = None,
) -> tuple[DeadlineSpec, ...]:
    """Validate deadlines.yaml: known tracks, states, terms, guards, events and anchors."""
    if not isinstance(doc, list):
        raise DataError(file, None, "expected a list of deadlines")
    events = {e.id for e in vocab.events}
    fields = {
        "id",
        "nl",
        "en",
        "when",
        "guards",
        "anchor",
        "terms",
        "renew",
        "expiry_event",
        "restart",
        "variants",
        "opens",
    }
    out: list[DeadlineSpec] = []
    for raw in doc:
        rid = str(raw.get("id") or "?")
        reject_unknown_fields(raw, fields, file, rid, "deadline")
        for key in ("id", "nl", "en", "anchor", "terms"):
            if not raw.get(key):
                raise DataError(file, rid, f"missing {key}")
        if any(d.id == rid for d in out):
            raise DataError(file, rid, "duplicate id")
        kind, _, arg = str(raw["anchor"]).partition(":")
        if kind not in ANCHORS or not arg:
            known = ", ".join(a + ":..." for a in ANCHORS)
            raise DataError(file, rid, f"anchor {raw['anchor']!r}: write one of {known}")
        if kind == "event":
            for name in arg.split("|"):
                if name not in events:
                    raise DataError(file, rid, f"anchor: unknown event {name!r}")
        if kind != "event":
            track, _, state = arg.partition("=")
            parse_pattern({track: state or "*"}, vocab, file, rid, "anchor")
        for t in raw["terms"]:
            if t not in terms:
                raise DataError(file, rid, f"unknown term {t!r} (terms.yaml)")
        guards = parse_guards(raw, guard_names, file, rid)
        for key in ("renew", "expiry_event", "opens"):
            if raw.get(key) and raw[key] not in events:
                raise DataError(file, rid, f"{key}: unknown event {raw[key]!r}")
        restart = raw.get("restart")
        if restart is not None:
            if kind != "first":
                raise DataError(file, rid, "restart: only with a 'first:' anchor")
            for part in str(restart).split("|"):
                if part.startswith("event:"):
                    if part[len("event:") :] not in events:
                        raise DataError(file, rid, f"restart: unknown event {part[len('event:') :]!r}")
                    continue
                if "=" not in part:
                    raise DataError(file, rid, "restart: write 'track=state' or 'event:NAME', joined by '|'")
                r_track, _, r_state = part.partition("=")
                parse_pattern({r_track: r_state}, vocab, file, rid, "restart")
        when = parse_pattern(raw.get("when"), vocab, file, rid, "when")
        variants = _parse_variants(raw.get("variants"), file, rid, terms, guard_names, changes or {})
        out.append(
            DeadlineSpec(
                rid,
                raw["nl"],
                raw["en"],
                when,
                str(raw["anchor"]),
                tuple(raw["terms"]),
                guards,
                raw.get("renew"),
                raw.get("expiry_event"),
                str(restart) if restart is not None else None,
                variants,
                raw.get("opens"),
            )
        )
    return tuple(out)


def _parse_variants(
    raw: Any,
    file: str,
    rid: str,
    terms: Mapping[str, Term],
    guard_names: set[str],
    changes: Mapping[str, Any],
) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """`variants`: [{valid_from: CHANGE, guards: [...], terms: [...]}, ...], each a dated change
    of the terms (changes.yaml) for the situations its guards pick out."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise DataError(file, rid, "variants must be a list of {valid_from, guards, terms}")
    out = []
    for k, v in enumerate(raw):
        where = f"{rid} variant {k + 1}"
        if not isinstance(v, dict):
            raise DataError(file, where, "write {valid_from: CHANGE, guards: [...], terms: [...]}")
        reject_unknown_fields(v, {"valid_from", "guards", "terms"}, file, where, "variant")
        if v.get("valid_from") not in changes:
            raise DataError(file, where, f"valid_from: unknown change {v.get('valid_from')!r} (changes.yaml)")
        if not v.get("terms") or any(t not in terms for t in v["terms"]):
            raise DataError(file, where, f"terms: unknown term in {v.get('terms')!r} (terms.yaml)")
        out.append((str(v["valid_from"]), parse_guards(v, guard_names, file, where), tuple(v["terms"])))
    return tuple(out)
