"""Labels in two languages: Dutch (`nl`, the legal terms) and English (`en`).

Every labelled item of the model (tracks, states, events, facts, derived values, deadlines,
route classes, phases) carries both; `label` picks one, `Labelled.text` is the same as a
method, and `pick` chooses between two literal words.
"""

from __future__ import annotations

from typing import Protocol

LANGS = ("nl", "en")


class Bilingual(Protocol):
    @property
    def nl(self) -> str: ...

    @property
    def en(self) -> str: ...


def pick(nl: str, en: str, lang: str) -> str:
    """`nl` in Dutch, `en` in English."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; languages: {', '.join(LANGS)}")
    return nl if lang == "nl" else en


def label(item: Bilingual, lang: str) -> str:
    """The item's label in `lang`."""
    return pick(item.nl, item.en, lang)


class Labelled:
    """Mixin for items with `nl` and `en` fields: `text(lang)` is their label."""

    nl: str
    en: str

    def text(self, lang: str) -> str:
        return label(self, lang)
