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


# The model's own notes inside the source citations of the data, with their wording in the
# other language: the citations themselves (articles, Vc paragraphs, report sections) are names.
SOURCE_NOTES_NL = {  # written in English in the data
    "no term in the report; by analogy": "het rapport noemt geen termijn; naar analogie",
    "no source in the report": "geen bron in het rapport",
    "no article; IND practice": "geen artikel; praktijk van de IND",
    "; the outcome:": "; de uitkomst:",
    "the Dublin claim lapses: no article in the report": "de Dublinclaim vervalt: geen artikel in het rapport",
    "safe country of origin: no article in the report": "veilig land van herkomst: geen artikel in het rapport",
    "no article given for the conversion": "geen artikel genoemd voor de omzetting",
    "no article given for the validity": "geen artikel genoemd voor de geldigheid",
    "no article or Vc paragraph given": "geen artikel of Vc-paragraaf genoemd",
    "no article in the report": "geen artikel in het rapport",
    "no article given": "geen artikel genoemd",
    "no source given": "geen bron genoemd",
    "outside the report": "buiten het rapport",
    "protection in another member state": "bescherming in een andere lidstaat",
    "as cited in fn. 5": "aangehaald in fn. 5",
}
SOURCE_NOTES_EN = {  # written in Dutch in the data
    "IND-praktijk vóór ongeveer 2012-2013": "IND practice before about 2012-2013",
    "geen (COA-opvang alleen tijdens asielaanvraag)": "none (COA reception only during an asylum application)",
    "geen artikel; IND in overleg (gerapporteerde praktijk)": "no article; IND in consultation (reported practice)",
    "geen (gerapporteerde praktijk)": "none (reported practice)",
    "geen (rapport noemt geen termijn); naar analogie": "none (the report names no term); by analogy",
    "geldigheid telkens een jaar": "valid a year at a time",
}


def source_text(source: str, lang: str) -> str:
    """A source citation in `lang`: the model's notes inside it worded in that language."""
    notes = SOURCE_NOTES_NL if pick("nl", "en", lang) == "nl" else SOURCE_NOTES_EN
    for written, said in notes.items():  # longest notes first, so a shorter one never splits them
        source = source.replace(written, said)
    return source
