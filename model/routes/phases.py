"""The phases of the report's Figure 1: a small explicit projection of a situation.

A phase is the pair (regulation phase, asylum phase) of a situation, or `vertrokken` when
she has left the Netherlands. Each phase lists the track states it covers and the report
section that describes it; every state of the two tracks belongs to exactly one phase (a
test checks this, so a new state in vocabulary.yaml must be placed here).
"""

from __future__ import annotations

from dataclasses import dataclass

from verblijfsroutes.spec.i18n import Labelled, pick
from verblijfsroutes.spec.vocabulary import Situation, Vocabulary


@dataclass(frozen=True)
class Phase(Labelled):
    """One phase of a track as Figure 1 draws it: the states it covers and its §."""

    id: str
    nl: str
    en: str
    states: tuple[str, ...]
    section: str


NONE = "geen"

# Regulation track (§2.1): bedenktijd -> aangifte -> B8 -> B9 application -> B9 / refused;
# the schrijnend pad (§2.1.4) is a B8 application without aangifte, a phase of its own.
REGELING_PHASES: tuple[Phase, ...] = (
    Phase(NONE, "geen regeling", "no regulation", ("geen",), "§2.3"),
    Phase("bedenktijd", "bedenktijd", "reflection period", ("bedenktijd",), "§2.1.1"),
    Phase(
        "bedenktijd_verlopen",
        "bedenktijd verlopen",
        "reflection period expired",
        ("bedenktijd_verlopen",),
        "§2.1.1",
    ),
    Phase(
        "schrijnend",
        "schrijnend pad, B8 in behandeling",
        "schrijnend pad, B8 pending",
        ("schrijnend_in_behandeling",),
        "§2.1.4",
    ),
    Phase(
        "aangifte", "aangifte, B8 in behandeling", "reported, B8 pending", ("b8_in_behandeling",), "§2.1.2"
    ),
    Phase("b8", "B8-vergunning", "B8 permit", ("b8", "b8_schrijnend"), "§2.1.2, §2.1.4"),
    Phase("b8_geweigerd", "B8 geweigerd", "B8 refused", ("b8_geweigerd",), "§2.1.2 fn. 5, §2.1.4"),
    Phase(
        "b8_beeindigd",
        "B8 ingetrokken of verlopen",
        "B8 withdrawn or expired",
        ("b8_ingetrokken", "b8_verlopen"),
        "§4.4, Bijlage 2",
    ),
    Phase("b9_aanvraag", "B9-aanvraag", "B9 application", ("b9_aanvraag", "b9_aanvraag_zonder_b8"), "§2.1.3"),
    Phase(
        "b9_afgewezen",
        "B9 afgewezen",
        "B9 refused",
        ("b9_afgewezen", "b9_afgewezen_zonder_b8"),
        "§2.1.3, §4.5",
    ),
    Phase("b9", "B9-vergunning", "B9 permit", ("b9", "onbepaalde_tijd"), "§2.1.3"),
)

# Asylum track (§2.2.1): application (with its procedures) -> granted / refused.
ASIEL_PHASES: tuple[Phase, ...] = (
    Phase(NONE, "geen asiel", "no asylum", ("geen",), "§2.3"),
    Phase(
        "aanvraag",
        "asielaanvraag",
        "asylum application",
        ("aanmelding", "verkort", "aa", "va", "pauze"),
        "§2.2.1",
    ),
    Phase("verleend", "asielvergunning", "asylum permit", ("verleend", "onbepaalde_tijd"), "§2.2.1"),
    Phase("afgewezen", "asiel afgewezen", "asylum refused", ("afgewezen", "niet_in_behandeling"), "§2.2.1"),
)

LEFT = "vertrokken"
LEFT_LABEL = {"nl": "vertrokken uit Nederland", "en": "left the Netherlands"}
START = f"{NONE}|{NONE}"

# Phases in which a procedure RUNS (Figure 1's colours): the regulation from bedenktijd
# through the B8 to a pending B9 application; the asylum procedure while the application is
# pending (aanmelding, verkort, AA, VA, pauze). A decided procedure (B8 refused, withdrawn
# or expired, B9 refused or granted, asylum refused or granted) does not run.
RUNNING_REGELING = ("bedenktijd", "schrijnend", "aangifte", "b8", "b9_aanvraag")
RUNNING_ASIEL = ("aanvraag",)

# Regulation phases in which she holds, or waits for, a B8 (overlap with asylum, §3.1).
B8_PHASES = ("schrijnend", "aangifte", "b8")
# Regulation phases reached only after holding a B8 (Route 2/3 start points, §3).
AFTER_B8_PHASES = ("b8", "b8_beeindigd", "b9_aanvraag", "b9_afgewezen", "b9")


class Projection:
    """Maps a situation to its phase node id: "<regeling phase>|<asiel phase>" or "vertrokken"."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.reg_i = vocab.index("regeling")
        self.asiel_i = vocab.index("asiel")
        self.pres_i = vocab.index("aanwezigheid")
        self.reg = {s: p.id for p in REGELING_PHASES for s in p.states}
        self.asiel = {s: p.id for p in ASIEL_PHASES for s in p.states}

    def __call__(self, s: Situation) -> str:
        if s[self.pres_i] == "vertrokken":
            return LEFT
        return f"{self.reg[s[self.reg_i]]}|{self.asiel[s[self.asiel_i]]}"


def split(node: str) -> tuple[str, str]:
    """(regeling phase, asiel phase) of a phase node; ("", "") for vertrokken."""
    if node == LEFT or "|" not in node:
        return ("", "")
    reg, asiel = node.split("|")
    return reg, asiel


def _phase(table: tuple[Phase, ...], pid: str) -> Phase:
    for p in table:
        if p.id == pid:
            return p
    raise KeyError(pid)


def label(node: str, lang: str = "nl") -> str:
    """A readable label: "B8-vergunning + asielaanvraag", "bedenktijd", "start"."""
    if node == LEFT:
        return LEFT_LABEL[lang]
    if node == START:
        return pick("start (signaal of aanmelding)", "start (signal or application)", lang)
    reg, asiel = split(node)
    parts = []
    if reg != NONE:
        parts.append(_phase(REGELING_PHASES, reg).text(lang))
    if asiel != NONE:
        parts.append(_phase(ASIEL_PHASES, asiel).text(lang))
    return " + ".join(parts)


def section(node: str) -> str:
    """The report sections of a phase node."""
    if node == LEFT:
        return "§3, Bijlage 2"
    reg, asiel = split(node)
    parts = []
    if reg != NONE:
        parts.append(_phase(REGELING_PHASES, reg).section)
    if asiel != NONE:
        parts.append(_phase(ASIEL_PHASES, asiel).section)
    return "; ".join(parts) or "§2.3"
