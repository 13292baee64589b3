"""The rows of the review page in a lawyer's words: labelled states, guards as sentences with
their source, article citations linked to the official text, bases and dates in the page's
language, and whether the row is in force on the page's date.

Links go to wetten.overheid.nl by the official Juriconnect reference (jci1.3) of the law and
the article number; only laws whose BWB number is listed here are linked (Vc paragraphs and
the report's own sections have no such address).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.spec.i18n import pick, source_text
from verblijfsroutes.spec.rules import Rule

BWB = {  # law abbreviation as the rules cite it -> its number in the Basiswettenbestand
    "Vw": "BWBR0011823",  # Vreemdelingenwet 2000
    "Vb": "BWBR0011825",  # Vreemdelingenbesluit 2000
    "Awb": "BWBR0005537",  # Algemene wet bestuursrecht
    "Sv": "BWBR0001903",  # Wetboek van Strafvordering
}
ARTICLES = re.compile(r"\bart\. ((?:[^;()]*?)) (Vw|Vb|Awb|Sv)\b")
NUMBER = re.compile(r"\d+(?:[.:]\d+)?[a-z]?")
BASIS_LABEL = {
    "law": ("wet", "law"),
    "policy": ("beleid", "policy"),
    "practice": ("gerapporteerde praktijk", "reported practice"),
    "assumption": ("aanname (modelkeuze)", "assumption (modelling choice)"),
}
LONG = 4  # patterns listing more states than this are summarised


def article_url(law: str, article: str) -> str:
    return f"https://wetten.overheid.nl/jci1.3:c:{BWB[law]}&artikel={article}"


def linked_source(source: str) -> str:
    """The source as HTML, each article of a listed law linked to its official text."""
    out = []
    pos = 0
    for m in ARTICLES.finditer(source):
        out.append(html.escape(source[pos : m.start(1)]))
        body, law = m.group(1), m.group(2)
        parts = re.split(r"(, | en )", body)
        linked = []
        for k, part in enumerate(parts):
            number = NUMBER.match(part) if k % 2 == 0 else None
            if number:
                a = number.group(0)
                linked.append(
                    f'<a class="law" href="{html.escape(article_url(law, a))}" target="_blank" rel="noopener">'
                    f"{html.escape(a)}</a>{html.escape(part[number.end() :])}"
                )
            else:
                linked.append(html.escape(part))
        out.append("".join(linked) + " " + law)
        pos = m.end()
    out.append(html.escape(source[pos:]))
    return "".join(out)


def states_text(engine: Engine, track_id: str, allowed: Any, lang: str) -> str:
    """A pattern's states for one track in words: the labels, or "any state except ..." when
    that is shorter; long lists are collapsed behind a count."""
    track = engine.vocab.track(track_id)
    values = [allowed] if isinstance(allowed, str) else list(allowed)
    labels = [engine.vocab.state_label(track_id, v, lang) for v in values]
    others = [s.text(lang) for s in track.states if s.id not in values]
    name = f"<b>{html.escape(track.text(lang))}</b>"
    if len(values) > LONG and len(others) < len(values):
        if not others:
            return f"{name}: {pick('elke toestand', 'any state', lang)}"
        return f"{name}: {pick('elke toestand behalve', 'any state except', lang)} " + html.escape(
            ", ".join(others)
        )
    text = html.escape(", ".join(labels))
    if len(values) > LONG:
        summary = f"{len(values)} {pick('toestanden', 'states', lang)}"
        return f"{name}: <details><summary>{summary}</summary>{text}</details>"
    return f"{name}: {text}"


def pattern_html(engine: Engine, pattern: dict[str, Any], lang: str) -> str:
    if not pattern:
        return pick("elke situatie", "any situation", lang)
    return "<br>".join(states_text(engine, t, v, lang) for t, v in pattern.items())


def effects_html(engine: Engine, rule: Rule, lang: str) -> str:
    facts = {f.id: f for f in engine.vocab.facts}
    tracks = {t.id for t in engine.vocab.tracks}
    out = []
    for key, value in rule.effects.items():
        if key in tracks:
            out.append(states_text(engine, key, value, lang))
        elif key in facts:
            yes = pick("ja", "yes", lang) if value else pick("nee", "no", lang)
            out.append(f"<b>{html.escape(facts[key].text(lang))}</b>: {yes}")
    return "<br>".join(out)


def guards_html(engine: Engine, rule: Rule, lang: str) -> str:
    """Each guard as its rule in one sentence, with its source; none: an empty cell."""
    items = []
    for g in rule.guards:
        spec = engine.guard_spec(g)
        where = ", ".join(source_text(x, lang) for x in (spec.source, spec.section) if x and x != "feit")
        cite = f' <span class="cite">({linked_source(where)})</span>' if where else ""
        items.append(f'<li title="{html.escape(g)}">{html.escape(spec.text(lang))}{cite}</li>')
    return f"<ul>{''.join(items)}</ul>" if items else ""


def change_text(engine: Engine, cid: str | None, lang: str) -> str:
    if not cid:
        return ""
    ch = engine.data.changes[cid]
    return f"{ch.date.text} ({pick(ch.nl, ch.en, lang)})"


def in_force_note(engine: Engine, rule: Rule, day: dt.date, lang: str) -> str:
    """Why the row is not part of the page's model on `day` ("" when it is)."""
    if not engine.active(rule.choice):
        assert rule.choice is not None
        qid, option = rule.choice
        chosen = engine.choices.get(qid, "")
        return pick(
            f"optie {qid}={option} niet gekozen (gekozen: {qid}={chosen}); niet in het diagram",
            f"option {qid}={option} not chosen (chosen: {qid}={chosen}); not in the diagram",
            lang,
        )
    if not engine.in_force(rule, day):
        return pick(
            f"niet van kracht op {day.isoformat()}; niet in het diagram",
            f"not in force on {day.isoformat()}; not in the diagram",
            lang,
        )
    return ""
