"""Derived values: the legal basis of lawful residence, the provisions, the outcome.

They are computed from the situation by the rules in derived.yaml, never stored, so a
situation cannot hold a residence basis that its tracks do not justify.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from verblijfsroutes.spec.changes import BASES
from verblijfsroutes.spec.choices import Choice
from verblijfsroutes.spec.errors import DataError, reject_unknown_fields
from verblijfsroutes.spec.i18n import Labelled
from verblijfsroutes.spec.rules import Pattern, parse_choice_field, parse_guards, parse_pattern
from verblijfsroutes.spec.vocabulary import Vocabulary

SECTIONS = ("verblijfsgronden", "voorzieningen", "uitkomsten")


@dataclass(frozen=True)
class DerivedRule(Labelled):
    """`when` the pattern matches and the guards hold, this basis/provision/outcome applies."""

    id: str
    when: Pattern
    guards: tuple[str, ...]
    nl: str
    en: str
    source: str
    section: str
    basis: str
    kind: str = ""
    value: str = ""
    rationale: str = ""
    choice: tuple[str, str] | None = None
    rationale_nl: str = ""  # the rationale in Dutch

    def rationale_text(self, lang: str) -> str:
        """The rationale in `lang` (the English one where no Dutch is given)."""
        return self.rationale_nl if lang == "nl" and self.rationale_nl else self.rationale


def parse_derived(
    doc: Any, file: str, vocab: Vocabulary, choices: Mapping[str, Choice], guard_names: set[str]
) -> dict[str, list[DerivedRule]]:
    if not isinstance(doc, dict):
        raise DataError(file, None, f"expected a mapping with {', '.join(SECTIONS)}")
    out: dict[str, list[DerivedRule]] = {}
    seen: set[str] = set()
    for name in SECTIONS:
        rows = doc.get(name)
        if not isinstance(rows, list) or not rows:
            raise DataError(file, None, f"missing list {name!r}")
        out[name] = []
        for raw in rows:
            rid = str(raw.get("id") or "?")
            for key in ("id", "nl", "en", "source", "section"):
                if not raw.get(key):
                    raise DataError(file, rid, f"missing {key}")
            if rid in seen:
                raise DataError(file, rid, "duplicate id")
            seen.add(rid)
            reject_unknown_fields(
                raw,
                {
                    "id",
                    "when",
                    "guards",
                    "nl",
                    "en",
                    "source",
                    "section",
                    "basis",
                    "kind",
                    "value",
                    "rationale",
                    "rationale_nl",
                    "choice",
                },
                file,
                rid,
                name,
            )
            basis = raw.get("basis", "law" if name == "uitkomsten" else "")
            if basis not in BASES:
                raise DataError(file, rid, f"basis {basis!r} is not one of {', '.join(BASES)}")
            if basis == "assumption" and not raw.get("rationale") and not raw.get("choice"):
                raise DataError(file, rid, "basis assumption needs a one-line rationale")
            if name == "verblijfsgronden" and not raw.get("kind"):
                raise DataError(file, rid, "missing kind")
            if name == "voorzieningen" and not raw.get("value"):
                raise DataError(file, rid, "missing value")
            guards = parse_guards(raw, guard_names, file, rid)
            choice = parse_choice_field(raw, choices, file, rid)
            out[name].append(
                DerivedRule(
                    rid,
                    parse_pattern(raw.get("when"), vocab, file, rid, "when"),
                    guards,
                    raw["nl"],
                    raw["en"],
                    raw["source"],
                    raw["section"],
                    basis,
                    raw.get("kind", ""),
                    raw.get("value", ""),
                    raw.get("rationale", ""),
                    choice,
                    raw.get("rationale_nl", ""),
                )
            )
    return out
