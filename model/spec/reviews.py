"""Review sign-off: a legal reviewer's verdict on a row of the transition table.

A review record (reviews.yaml, kept with the rules) names the row, the verdict (agreed,
disputed or comment), the reviewer, the date, an optional comment and the row's
fingerprint when it was reviewed: a hash of every field a reviewer reads (event, pattern,
guards, targets, effects, source, section, basis, rationale in both languages, dates, choice). A row whose
fingerprint has changed since its latest review is "changed since review" (stale); a row
without a record is unreviewed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from verblijfsroutes.spec.dates import parse_day
from verblijfsroutes.spec.errors import DataError, reject_unknown_fields
from verblijfsroutes.spec.rules import Rule
from verblijfsroutes.spec.strict_yaml import load_yaml

VERDICTS = ("agreed", "disputed", "comment")
STATUSES = ("agreed", "disputed", "comment", "stale", "unreviewed")
STATUS_LABEL = {
    "agreed": ("akkoord", "agreed"),
    "disputed": ("betwist", "disputed"),
    "comment": ("opmerking", "comment"),
    "stale": ("gewijzigd sinds review", "changed since review"),
    "unreviewed": ("niet gereviewd", "not reviewed"),
}
REVIEWS_FILE = Path(__file__).parent.parent / "data" / "reviews.yaml"
FIELDS = {"row", "verdict", "name", "date", "comment", "fingerprint"}


@dataclass(frozen=True)
class Review:
    """One verdict on one row, with the row's fingerprint when it was given."""

    row: str
    verdict: str
    name: str
    date: dt.date
    fingerprint: str
    comment: str = ""


def fingerprint(rule: Rule) -> str:
    """A short hash of everything a reviewer reads in the row."""
    content: dict[str, Any] = {
        "id": rule.id,
        "event": rule.event,
        "from": {
            k: sorted(v) if isinstance(v, tuple | list | frozenset) else v for k, v in rule.from_.items()
        },
        "guards": list(rule.guards),
        "to": rule.to,
        "effects": rule.effects,
        "source": rule.source,
        "section": rule.section,
        "basis": rule.basis,
        "rationale": rule.rationale,
        "rationale_nl": rule.rationale_nl,
        "valid_from": rule.valid_from,
        "valid_until": rule.valid_until,
        "choice": list(rule.choice) if rule.choice else None,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_reviews(doc: Any, file: str, row_ids: Iterable[str]) -> list[Review]:
    """The records of a reviews file (a YAML list, or `reviews:` holding one)."""
    known = set(row_ids)
    if doc is None:
        return []
    if isinstance(doc, dict) and set(doc) == {"reviews"}:
        doc = doc["reviews"] or []
    if not isinstance(doc, list):
        raise DataError(
            file, None, "must be a list of review records (row, verdict, name, date, fingerprint)"
        )
    out = []
    for k, raw in enumerate(doc, 1):
        where = f"record {k}"
        if not isinstance(raw, dict):
            raise DataError(
                file, where, "a review record is a mapping: row, verdict, name, date, fingerprint"
            )
        reject_unknown_fields(raw, FIELDS, file, where, "review record")
        for key in ("row", "verdict", "name", "date", "fingerprint"):
            if key not in raw or raw[key] in (None, ""):
                raise DataError(file, where, f"missing {key!r}")
        row = str(raw["row"])
        if row not in known:
            raise DataError(file, where, f"row {row!r} is not a row of rules.yaml")
        if raw["verdict"] not in VERDICTS:
            raise DataError(file, where, f"verdict {raw['verdict']!r} is not one of {', '.join(VERDICTS)}")
        try:
            day = parse_day(raw["date"])
        except ValueError as exc:
            raise DataError(file, where, f"date: {exc}") from None
        out.append(
            Review(
                row,
                str(raw["verdict"]),
                str(raw["name"]),
                day,
                str(raw["fingerprint"]),
                str(raw.get("comment") or ""),
            )
        )
    return out


def read_reviews(path: Path | str, row_ids: Iterable[str]) -> list[Review]:
    """The review records in `path` (an absent file: none)."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(str(path), None, f"cannot be read: {exc}") from None
    try:
        doc = load_yaml(text)
    except (ValueError, yaml.YAMLError) as exc:
        problem = " ".join(str(exc).split())
        raise DataError(
            str(path), None, f"not valid YAML ({problem}); fix the file or restore it from git"
        ) from None
    return parse_reviews(doc, path.name, row_ids)


def status(rules: Iterable[Rule], reviews: Iterable[Review]) -> dict[str, tuple[str, Review | None]]:
    """Per row id: its review status and its latest review (by date, then file order)."""
    latest: dict[str, Review] = {}
    for r in reviews:
        if r.row not in latest or r.date >= latest[r.row].date:
            latest[r.row] = r
    out: dict[str, tuple[str, Review | None]] = {}
    for rule in rules:
        found = latest.get(rule.id)
        if found is None:
            out[rule.id] = ("unreviewed", None)
        elif found.fingerprint != fingerprint(rule):
            out[rule.id] = ("stale", found)
        else:
            out[rule.id] = (found.verdict, found)
    return out


def counts(statuses: Mapping[str, tuple[str, Review | None]]) -> dict[str, int]:
    """How many rows have each status (every status listed, also when 0)."""
    out = dict.fromkeys(STATUSES, 0)
    for st, _ in statuses.values():
        out[st] += 1
    return out
