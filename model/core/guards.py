"""Guards: named predicates over a situation, each stating one rule in plain words.

Rules in rules.yaml refer to guards by name; no code is ever read from data. Every fact
of the vocabulary gives two guards of its own: `<fact>` and `niet_<fact>`. The guards below
are derived ones. Each is a factory: given a narrow context (GuardContext) it returns a fast
predicate over the situation tuple.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from verblijfsroutes.spec.derived import DerivedRule
from verblijfsroutes.spec.i18n import pick
from verblijfsroutes.spec.vocabulary import Situation, Vocabulary

Predicate = Callable[[Situation], bool]


class GuardContext(Protocol):
    """What a guard may read besides the situation: positions of fields, and the legal bases
    of residence derived from derived.yaml. The compiled engine provides it."""

    def idx(self, name: str) -> int: ...

    def residence(self, s: Situation) -> tuple[DerivedRule, ...]: ...


@dataclass(frozen=True)
class GuardSpec:
    """A named guard: its rule in plain words, its source and its predicate factory."""

    name: str
    doc: str
    source: str
    section: str
    factory: Callable[[GuardContext], Predicate]
    reads: tuple[str, ...] = ()  # the facts this guard reads (lets the explorer leave others open)
    nl: str = ""  # the rule in Dutch (`doc` is English)

    def text(self, lang: str) -> str:
        """The rule as one sentence in `lang`, without its source (see `source`)."""
        en = self.doc.split(" Source:")[0].strip()
        return pick(self.nl or en, en, lang)


GUARDS: dict[str, GuardSpec] = {}

RUNNING_REGELING = (
    "bedenktijd",
    "b8_in_behandeling",
    "schrijnend_in_behandeling",
    "b8",
    "b8_schrijnend",
    "b9_aanvraag",
    "b9_aanvraag_zonder_b8",
)
DECISION_REGELING = ("b8_geweigerd", "b8_ingetrokken", "b9_afgewezen", "b9_afgewezen_zonder_b8")
PENDING_ASIEL = ("aanmelding", "verkort", "aa", "va", "pauze")
RUNNING_CASE = ("onderzoek", "vervolging")


def guard(
    source: str, section: str, reads: tuple[str, ...] = (), nl: str = ""
) -> Callable[[Callable[[GuardContext], Predicate]], Callable[[GuardContext], Predicate]]:
    """Register a guard factory under its function name; its docstring is the rule."""

    def register(factory: Callable[[GuardContext], Predicate]) -> Callable[[GuardContext], Predicate]:
        doc = " ".join((factory.__doc__ or "").split())
        GUARDS[factory.__name__] = GuardSpec(factory.__name__, doc, source, section, factory, reads, nl)
        return factory

    return register


def fact_guards(vocab: Vocabulary) -> dict[str, GuardSpec]:
    """`<fact>` and `niet_<fact>` for every fact of the vocabulary."""
    out: dict[str, GuardSpec] = {}
    for fact in vocab.facts:
        i = vocab.index(fact.id)

        def yes(_: GuardContext, i: int = i) -> Predicate:
            return lambda s: bool(s[i])

        def no(_: GuardContext, i: int = i) -> Predicate:
            return lambda s: not s[i]

        out[fact.id] = GuardSpec(
            fact.id, f"Fact: {fact.en}.", "feit", fact.section, yes, (fact.id,), f"Feit: {fact.nl}."
        )
        out[f"niet_{fact.id}"] = GuardSpec(
            f"niet_{fact.id}",
            f"Fact: not {fact.en}.",
            "feit",
            fact.section,
            no,
            (fact.id,),
            f"Feit: niet {fact.nl}.",
        )
    return out


def all_guard_names(vocab: Vocabulary) -> set[str]:
    return set(GUARDS) | set(fact_guards(vocab))


# ---------------------------------------------------------------- residence


@guard("art. 8 Vw", "§2.1, §2.1.1", nl="Zij heeft op geen enkele grond van dit model rechtmatig verblijf.")
def zonder_rechtmatig_verblijf(e: GuardContext) -> Predicate:
    """She has no lawful residence on any basis of this model (derived.yaml). Source: art. 8 Vw."""
    return lambda s: not e.residence(s)


@guard("art. 8 Vw", "§2.1, §2.1.1", nl="Zij heeft op ten minste één grond rechtmatig verblijf.")
def heeft_rechtmatig_verblijf(e: GuardContext) -> Predicate:
    """She has lawful residence on at least one basis. Source: art. 8 Vw."""
    return lambda s: bool(e.residence(s))


@guard(
    "art. 8 Vw; B8/3 Vc",
    "§2.1.4",
    nl="Haar enige rechtmatig verblijf, als zij dat heeft, is de bedenktijd (of het wachten op het besluit over de B8).",
)
def zonder_verblijfsrecht_buiten_bedenktijd(e: GuardContext) -> Predicate:
    """Her only lawful residence, if any, is the bedenktijd (or the wait for a B8 decision). Source: art. 8 sub k Vw."""
    return lambda s: all(b.kind == "bedenktijd" for b in e.residence(s))


@guard(
    "art. 14 Vw; B8/1 Vc",
    "§4.6.2",
    nl="Zij heeft verblijfsrecht op grond van de regeling: een B8 (ook terwijl die doorloopt) of een lopend rechtsmiddel tegen een besluit in de regeling.",
)
def heeft_verblijfsrecht_regeling(e: GuardContext) -> Predicate:
    """She holds a residence right under the regulation: a B8 (also while it continues) or a pending remedy against a regulation decision. Source: §4.6.2 ('als iemand verblijfsrecht heeft')."""
    return lambda s: any(b.kind in ("b8", "rechtsmiddel") for b in e.residence(s))


@guard(
    "art. 14 Vw; B8/1 Vc",
    "§4.6.2",
    nl="Zij heeft geen verblijfsrecht op grond van de regeling (geen B8, geen lopend rechtsmiddel).",
)
def zonder_verblijfsrecht_regeling(e: GuardContext) -> Predicate:
    """She holds no residence right under the regulation (no B8, no pending remedy). Source: §4.6.2."""
    return lambda s: not any(b.kind in ("b8", "rechtsmiddel") for b in e.residence(s))


@guard("§4.6.2", "§4.6.2", nl="Zij heeft geen B8, ook geen die doorloopt.")
def zonder_b8(e: GuardContext) -> Predicate:
    """She holds no B8, not even one that continues during a B9 application or an objection. Source: §4.6.2."""
    return lambda s: not any(b.kind == "b8" for b in e.residence(s))


# ---------------------------------------------------------------- procedures


@guard(
    "Richtlijn 2013/32/EU",
    "§2.3",
    nl="Er loopt een procedure in de regeling: bedenktijd, een B8 of B9 (aanvraag), of een besluit in de regeling waartegen de rechtsmiddelen niet zijn uitgeput.",
)
def procedure_regeling_loopt(e: GuardContext) -> Predicate:
    """A regulation procedure runs: bedenktijd, a B8 or B9 (application), or a regulation decision whose remedies are not exhausted. Source: §2.3."""
    r, m = e.idx("regeling"), e.idx("rechtsmiddel")
    return lambda s: s[r] in RUNNING_REGELING or (s[r] in DECISION_REGELING and s[m] != "uitgeput")


@guard("Richtlijn 2013/32/EU", "§2.3", nl="Er loopt geen procedure in de regeling.")
def geen_procedure_regeling(e: GuardContext) -> Predicate:
    """No regulation procedure runs (see procedure_regeling_loopt). Source: §2.3."""
    loopt = procedure_regeling_loopt(e)
    return lambda s: not loopt(s)


@guard("B8/3 Vc", "§2.1.1", nl="Zij is niet in de bedenktijd.")
def niet_in_bedenktijd(e: GuardContext) -> Predicate:
    """She is not in the bedenktijd. Source: B8/3 ad 1 Vc."""
    r = e.idx("regeling")
    return lambda s: s[r] != "bedenktijd"


@guard(
    "art. 28 Vw; Bijlage 2",
    "§2.2.1, Bijlage 2",
    nl="Er loopt niets: geen procedure in de regeling, geen asielaanvraag, geen rechtsmiddel.",
)
def geen_procedure_loopt(e: GuardContext) -> Predicate:
    """Nothing is pending: no regulation procedure, no asylum application, no remedy. Source: §2.2.1, Bijlage 2."""
    loopt = procedure_regeling_loopt(e)
    a = e.idx("asiel")
    return lambda s: not loopt(s) and s[a] not in PENDING_ASIEL


@guard("§2.3", "§2.3", nl="Zij heeft ten minste één procedure doorlopen (regeling, asiel of strafzaak).")
def procedure_doorlopen(e: GuardContext) -> Predicate:
    """She has been in at least one procedure (regulation, asylum or criminal case). Source: §2.3."""
    r, a, z = e.idx("regeling"), e.idx("asiel"), e.idx("strafzaak")
    return lambda s: s[r] != "geen" or s[a] != "geen" or s[z] != "geen_aangifte"


# ---------------------------------------------------------------- B9 grounds (B9/12 Vc)


@guard(
    "B9/12 Vc; TK 28 638 nr. 162",
    "§2.1.3",
    nl="Grond a: het OM is tot vervolging overgegaan voor de feiten achter de B8 (vanaf oktober 2018 verplicht).",
)
def grond_vervolging(e: GuardContext) -> Predicate:
    """Ground a: the OM has started prosecution for the facts behind the B8 (mandatory from Oct 2018). Source: B9/12 Vc."""
    z = e.idx("strafzaak")
    return lambda s: s[z] == "vervolging"


@guard("B9/12 Vc", "§2.1.3", nl="Grond a vóór oktober 2018: de dader is veroordeeld.")
def grond_veroordeling(e: GuardContext) -> Predicate:
    """Ground a before Oct 2018: the trafficker has been convicted. Source: B9/12 Vc."""
    z = e.idx("strafzaak")
    return lambda s: s[z] == "veroordeling"


@guard(
    "B9/12 Vc",
    "§2.1.3",
    reads=("drie_jaar_b8",),
    nl="Grond b: drie jaar in Nederland met een B8 terwijl de strafzaak nog loopt (Q4).",
)
def grond_drie_jaar(e: GuardContext) -> Predicate:
    """Ground b: three years in the Netherlands on a B8 while the criminal case still runs (Q4). Source: B9/12 Vc."""
    d, z = e.idx("drie_jaar_b8"), e.idx("strafzaak")
    return lambda s: bool(s[d]) and s[z] in RUNNING_CASE


@guard(
    "B9/12 Vc",
    "§2.1.3, §4.4.1",
    reads=("mh_gronden",),
    nl="Grond c: geen strafzaak (meer), en humanitaire gronden van niet-tijdelijke aard die rechtstreeks verband houden met de mensenhandel.",
)
def grond_humanitair_mensenhandel(e: GuardContext) -> Predicate:
    """Ground c: no (more) criminal case, and non-temporary humanitarian grounds directly linked to the trafficking. Source: B9/12 Vc."""
    f, z = e.idx("mh_gronden"), e.idx("strafzaak")
    return lambda s: bool(s[f]) and s[z] not in RUNNING_CASE


@guard(
    "IND-praktijk vóór ongeveer 2012-2013",
    "§4.4.1, fn. 7",
    reads=("overige_gronden",),
    nl="Grond c zoals vóór ongeveer 2012-2013 getoetst: geen strafzaak (meer), en humanitaire gronden zonder verband met de mensenhandel.",
)
def grond_humanitair_overig(e: GuardContext) -> Predicate:
    """Ground c as tested before about 2012-2013: no (more) criminal case, and humanitarian grounds not linked to the trafficking. Source: §4.4.1, fn. 7."""
    f, z = e.idx("overige_gronden"), e.idx("strafzaak")
    return lambda s: bool(s[f]) and s[z] not in RUNNING_CASE


@guard(
    "B9/10 Vc",
    "§2.1.4",
    reads=("schrijnend_grond",),
    nl="Grond d: voortgezet schrijnend pad - zij deed geen aangifte en de bedreiging of beperking bestaat nog.",
)
def grond_schrijnend(e: GuardContext) -> Predicate:
    """Ground d: schrijnend pad continued - she did not report and the threat or limitation still holds. Source: B9/10 Vc."""
    f, z = e.idx("schrijnend_grond"), e.idx("strafzaak")
    return lambda s: bool(s[f]) and s[z] == "geen_aangifte"


@guard(
    "B9/12 Vc",
    "§2.1.3",
    reads=("drie_jaar_b8",),
    nl="Vóór oktober 2018: geen veroordeling (grond a) en geen drie jaar met een B8 (grond b), dus de IND mag afwijzen.",
)
def geen_aanspraak_b9_voor_2018(e: GuardContext) -> Predicate:
    """Before Oct 2018: neither a conviction (ground a) nor three years on a B8 (ground b), so the IND may refuse. Source: B9/12 Vc."""
    a, b = grond_veroordeling(e), grond_drie_jaar(e)
    return lambda s: not a(s) and not b(s)


@guard(
    "B9/12 Vc; TK 28 638 nr. 162",
    "§2.1.3",
    reads=("drie_jaar_b8",),
    nl="Vanaf oktober 2018: geen vervolging of veroordeling (grond a) en geen drie jaar met een B8 (grond b), dus de IND mag afwijzen.",
)
def geen_aanspraak_b9(e: GuardContext) -> Predicate:
    """From Oct 2018: no prosecution or conviction (ground a) and not three years on a B8 (ground b), so the IND may refuse. Source: B9/12 Vc."""
    a1, a2, b = grond_vervolging(e), grond_veroordeling(e), grond_drie_jaar(e)
    return lambda s: not a1(s) and not a2(s) and not b(s)
