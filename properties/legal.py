"""Legal safety: claims the report makes about who may get what, checked in every situation.

Each property is true iff its predicate holds in every reachable situation (invariant) or
on every reachable step (step). A fact the explorer has not needed is None: requirements
use `ctx.surely`, prohibitions `ctx.maybe`, so a claim must hold for every value it could
take. Dated claims name their change in changes.yaml.
"""

from __future__ import annotations

from verblijfsroutes.properties.spec import Ctx, invariant, step
from verblijfsroutes.spec.rules import Rule
from verblijfsroutes.spec.vocabulary import Situation

# The properties state their own sets of states (not the guards'), so the checker does not
# share a mistake with the implementation it checks.
RUNNING_REGELING = (  # a regulation procedure runs: bedenktijd, B8 (application), B9 application
    "bedenktijd",
    "b8_in_behandeling",
    "schrijnend_in_behandeling",
    "b8",
    "b8_schrijnend",
    "b9_aanvraag",
    "b9_aanvraag_zonder_b8",
)
PENDING_ASIEL = ("aanmelding", "verkort", "aa", "va", "pauze")  # asylum application not decided
B8_HELD = ("b8", "b8_schrijnend")
AFTER_A_B8 = ("b8", "b8_schrijnend", "b8_ingetrokken", "b8_verlopen")
B9_PART = (
    "b9_aanvraag",
    "b9_aanvraag_zonder_b8",
    "b9_afgewezen",
    "b9_afgewezen_zonder_b8",
    "b9",
    "onbepaalde_tijd",
)
REMEDY_PENDING = ("bezwaar", "beroep", "beroep_vv", "hoger_beroep")
# Ways the bedenktijd ends that the report names (aangifte, expiry, leaving), and the ways
# an open-question decision adds (choices.yaml): the event and the decision it rests on.
BEDENKTIJD_ENDS = ("aangifte_doen", "bedenktijd_verstreken", "vertrekken")
BEDENKTIJD_ENDS_DECIDED = {
    "schrijnend_pad_aanvragen": ("Q3", "aangifte_tijdens_jaar"),
    "asiel_aanvragen": ("Q8", "bedenktijd_eindigt"),
}


def _sets(track: str, *states: str):  # type: ignore[no-untyped-def]
    """Step prefilter: the row moves `track` into one of `states`."""
    return lambda r: r.updates.get(track) in states


def _leaves(track: str, state: str):  # type: ignore[no-untyped-def]
    """Step prefilter: the row may start in `state` of `track` and sets another state."""
    return lambda r: state in r.from_.get(track, (state,)) and r.updates.get(track, state) != state


# ---------------------------------------------------------------- housing


@step("reported practice", "§4.6.2", rules=_sets("huisvesting", "coa"))
def geen_coa_opname_met_b8(ctx: Ctx, s: Situation, event: str, rule: Rule, s2: Situation) -> bool:
    """Nobody who holds a B8 is admitted to COA reception; a person already in an AZC who gets
    a B8 from within the asylum procedure (Route 1) may stay there.

    NL: Wie een B8 heeft, wordt niet in de COA-opvang opgenomen; wie al in een AZC verblijft en
    vanuit de asielprocedure een B8 krijgt (Route 1), mag daar blijven."""
    return ctx.get(s, "huisvesting") == "coa" or not ctx.holds_b8(s)


@invariant("B8/3 ad 1 Vc", "§2.1.1, §2.1.2", where={"huisvesting": ("cosm",)})
def cosm_alleen_tijdens_bedenktijd(ctx: Ctx, s: Situation) -> bool:
    """She is housed by COSM only during the bedenktijd; the right ends with the aangifte.

    NL: Zij wordt alleen tijdens de bedenktijd in de COSM opgevangen; het recht daarop eindigt
    met de aangifte."""
    return bool(ctx.get(s, "regeling") == "bedenktijd")


# ---------------------------------------------------------------- bedenktijd


@step("B8/3 Vc; art. 8 sub k Vw", "§2.1.1, §2.3 fn. 13", rules=_sets("regeling", "bedenktijd"))
def bedenktijd_alleen_zonder_rechtmatig_verblijf(
    ctx: Ctx, s: Situation, event: str, rule: Rule, s2: Situation
) -> bool:
    """The bedenktijd is offered only to someone without lawful residence, and never during a
    pending asylum application.

    NL: De bedenktijd wordt alleen aangeboden aan wie geen rechtmatig verblijf heeft, en nooit
    tijdens een lopende asielaanvraag."""
    if ctx.get(s, "regeling") == "bedenktijd":
        return True
    return not ctx.lawful(s) and ctx.get(s, "asiel") not in PENDING_ASIEL


@step("B8/3 ad 1 Vc", "§2.1.1; Q3, Q8", rules=_leaves("regeling", "bedenktijd"))
def bedenktijd_eindigt_door_aangifte_termijn_of_vertrek(
    ctx: Ctx, s: Situation, event: str, rule: Rule, s2: Situation
) -> bool:
    """The bedenktijd ends only by aangifte, by expiry of its three-month term or by leaving
    the Netherlands - or in the ways the model's open-question decisions add (Q3: the
    schrijnend-pad application; Q8: an asylum application).

    NL: De bedenktijd eindigt alleen door aangifte, door het verstrijken van de termijn van drie
    maanden of door vertrek uit Nederland - of op de manieren die de beslissingen van het model
    op open vragen toevoegen (Q3: de aanvraag via het schrijnend pad; Q8: een asielaanvraag)."""
    if ctx.get(s, "regeling") != "bedenktijd" or ctx.get(s2, "regeling") == "bedenktijd":
        return True
    if event in BEDENKTIJD_ENDS:
        return True
    decided = BEDENKTIJD_ENDS_DECIDED.get(event)
    return decided is not None and ctx.engine.choices.get(decided[0]) == decided[1]


# ---------------------------------------------------------------- B8


@invariant("art. 3.48 lid 1 Vb; B8/3 ad 2 en 3 Vc", "§2.1.2, §2.1.4", where={"regeling": ("b8",)})
def b8_alleen_na_aangifte(ctx: Ctx, s: Situation) -> bool:
    """An ordinary B8 is held only by someone who made aangifte (cooperated with the criminal
    process); without aangifte only the schrijnend-pad B8 exists.

    NL: Een gewone B8 heeft alleen wie aangifte deed (meewerkte aan het strafproces); zonder
    aangifte bestaat alleen de B8 via het schrijnend pad."""
    return bool(ctx.get(s, "strafzaak") != "geen_aangifte")


@step(
    "art. 3.48 lid 1 onder d Vb; B8/3.1 Vc",
    "§2.1.4, fn. 8",
    rules=_sets("regeling", "b8_schrijnend"),
    reads=("schrijnend_grond", "minderjarig"),
)
def schrijnend_pad_alleen_met_grond(ctx: Ctx, s: Situation, event: str, rule: Rule, s2: Situation) -> bool:
    """A schrijnend-pad B8 is granted only on an application, when not reporting is linked to a
    serious threat or a medical or psychological limitation - or, from October 2018, to her
    being a minor.

    NL: Een B8 via het schrijnend pad wordt alleen op aanvraag verleend, als het niet doen van
    aangifte samenhangt met een ernstige bedreiging of een medische of psychische beperking -
    of, vanaf oktober 2018, met haar minderjarigheid."""
    if ctx.get(s, "regeling") == "b8_schrijnend":
        return True
    if ctx.get(s, "regeling") != "schrijnend_in_behandeling":
        return False
    return ctx.surely(s, "schrijnend_grond") or (
        ctx.since("minderjarig_2018") and ctx.surely(s, "minderjarig")
    )


@step(
    "B8/3.1 ad 2 en 3 Vc; TK 28 638 nr. 165",
    "Box 1, §5.2.2",
    rules=_sets("regeling", "b8"),
    reads=("dublinclaim", "om_noodzaak"),
    since="dublin_2019",
)
def geen_b8_voor_dublinclaimant_zonder_om(
    ctx: Ctx, s: Situation, event: str, rule: Rule, s2: Situation
) -> bool:
    """From 1 August 2019 a Dublin claimant gets a B8 only after the OM has said her presence
    is needed for the investigation and prosecution of the trafficking.

    NL: Vanaf 1 augustus 2019 krijgt een Dublinclaimant pas een B8 nadat het OM heeft laten
    weten dat haar aanwezigheid nodig is voor de opsporing en vervolging van de mensenhandel."""
    if ctx.get(s, "regeling") in B8_HELD:
        return True  # an extension or a schrijnend-pad B8 turned ordinary, not a new grant
    return not ctx.maybe(s, "dublinclaim") or ctx.surely(s, "om_noodzaak")


@invariant("Box 1 (Dublinverordening)", "Box 1", where={"regeling": B8_HELD}, reads=("dublinclaim",))
def dublinclaim_vervalt_bij_b8(ctx: Ctx, s: Situation) -> bool:
    """Once a B8 is granted the Dublin claim lapses and the Netherlands is responsible for
    any asylum application.

    NL: Zodra een B8 is verleend vervalt de Dublinclaim en is Nederland verantwoordelijk voor
    een asielaanvraag."""
    return not ctx.maybe(s, "dublinclaim")


@step("art. 3.48 lid 1 onder d Vb; B8/3.1 Vc", "§2.1.4", rules=_sets("regeling", *B8_HELD))
def schrijnend_b8_niet_verlengd_zonder_aangifte(
    ctx: Ctx, s: Situation, event: str, rule: Rule, s2: Situation
) -> bool:
    """A schrijnend-pad B8 is granted for one year and is not extended - unless she then makes
    aangifte, which turns it into an ordinary, extendable B8.

    NL: Een B8 via het schrijnend pad geldt een jaar en wordt niet verlengd - tenzij zij alsnog
    aangifte doet; dan wordt het een gewone, verlengbare B8."""
    if ctx.get(s, "regeling") != "b8_schrijnend":
        return True
    return bool(ctx.get(s2, "strafzaak") != "geen_aangifte")


# ---------------------------------------------------------------- B9


@step("art. 3.51 lid 1 Vb", "§2.1.3, §4.5.1", rules=_sets("regeling", *B9_PART))
def b9_alleen_na_b8(ctx: Ctx, s: Situation, event: str, rule: Rule, s2: Situation) -> bool:
    """A B9 (application, decision or permit) follows only a B8 she holds or held.

    NL: Een B9 (aanvraag, besluit of vergunning) volgt alleen op een B8 die zij heeft of had."""
    return ctx.get(s, "regeling") in B9_PART + AFTER_A_B8


@step(
    "art. 16 lid 1 sub b Vw; art. 3.72 Vb; art. 3.51 Vb (leges)",
    "§2.1.3, fn. 23, fn. 24",
    rules=_sets("regeling", "b9"),
    reads=("paspoort", "leges"),
)
def b9_alleen_met_paspoort_en_leges(ctx: Ctx, s: Situation, event: str, rule: Rule, s2: Situation) -> bool:
    """A B9 is granted only to someone with a passport, an exemption or a dispensation, who
    paid the leges.

    NL: Een B9 wordt alleen verleend aan wie een paspoort, vrijstelling of dispensatie heeft en
    de leges betaalde."""
    if ctx.get(s, "regeling") == "b9":
        return True  # extension of a B9 already granted
    return ctx.surely(s, "paspoort") and ctx.surely(s, "leges")


@invariant(
    "B8/1 Vc; §4.4.2",
    "§4.4.2; Q1",
    where={"regeling": ("b9_aanvraag", "b9_afgewezen"), "aanwezigheid": ("in_nl",)},
    choice=("Q1", "tot_bezwaarbeslissing"),
)
def voorzieningen_tijdens_b9_aanvraag(ctx: Ctx, s: Situation) -> bool:
    """While a B9 application and the objection against its refusal run, the B8 provisions
    continue, at the longest until the decision on that objection (as decided in Q1).

    NL: Zolang een B9-aanvraag en het bezwaar tegen de afwijzing daarvan lopen, lopen de
    B8-voorzieningen door, ten hoogste tot de beslissing op dat bezwaar (zoals beslist in Q1)."""
    value = ctx.provisions(s).value
    pending = ctx.get(s, "regeling") == "b9_aanvraag" or ctx.get(s, "rechtsmiddel") in ("geen", "bezwaar")
    if pending:
        return value in ("b8", "coa")
    return value != "b8"


# ---------------------------------------------------------------- criminal case


@invariant(
    "art. 12 Sv",
    "Bijlage 2 fn. 29",
    where={"strafzaak": ("beklag",), "aanwezigheid": ("in_nl",)},
    since="beklag_2012",
)
def geen_verblijf_uit_beklag(ctx: Ctx, s: Situation) -> bool:
    """From 1 August 2012 a beklag against the sepot gives no lawful residence: she resides in
    the Netherlands on no basis she would not have after the sepot alone, and a B8 can be
    withdrawn.

    NL: Vanaf 1 augustus 2012 geeft een beklag tegen het sepot geen rechtmatig verblijf: zij
    verblijft in Nederland op geen andere grond dan zij na het sepot alleen zou hebben, en een
    B8 kan worden ingetrokken."""
    i = ctx.i["strafzaak"]
    after_sepot = s[:i] + ("sepot",) + s[i + 1 :]
    bases = {b.id for b in ctx.residence(s)}
    if not bases <= {b.id for b in ctx.residence(after_sepot)}:
        return False
    return ctx.get(s, "regeling") != "b8" or ctx.enabled(s, "b8_intrekken")


@invariant(
    "art. 12 Sv",
    "Bijlage 2 fn. 29",
    where={"strafzaak": ("beklag",), "regeling": ("b8",), "aanwezigheid": ("in_nl",)},
    until="beklag_2012",
)
def verblijf_loopt_door_tijdens_beklag_voor_2012(ctx: Ctx, s: Situation) -> bool:
    """Until 1 August 2012 residence continued during a beklag: the B8 is not withdrawn
    while the beklag runs, and is extended when its year ends.

    NL: Tot 1 augustus 2012 liep het verblijf door tijdens een beklag: de B8 wordt niet
    ingetrokken zolang het beklag loopt, en wordt verlengd als het jaar afloopt."""
    return not ctx.enabled(s, "b8_intrekken") and ctx.enabled(s, "b8_verlengen")


# ---------------------------------------------------------------- parallel procedures


@invariant("Richtlijn 2013/32/EU", "§2.3", where={"asiel": PENDING_ASIEL}, until="parallel_2015")
def geen_parallelle_procedures_voor_2015(ctx: Ctx, s: Situation) -> bool:
    """Before 2015 an asylum application and a regulation procedure never run at the same
    time.

    NL: Voor 2015 lopen een asielaanvraag en een procedure van de verblijfsregeling nooit
    tegelijk."""
    return ctx.get(s, "regeling") not in RUNNING_REGELING and ctx.get(s, "rechtsmiddel") not in REMEDY_PENDING


WITHOUT_B8 = ("b9_aanvraag_zonder_b8", "b9_afgewezen_zonder_b8")  # a B9 applied for after the B8 ended


@step("§4.4.2", "§4.4.2", rules=lambda r: bool(set(r.from_.get("regeling", WITHOUT_B8)) & set(WITHOUT_B8)))
def geen_b8_terug_na_b9_zonder_b8(ctx: Ctx, s: Situation, event: str, rule: Rule, s2: Situation) -> bool:
    """A B9 applied for after the B8 was withdrawn or lapsed brings no B8 back: the decision
    on it and any remedy against that decision lead to no B8 residence and no B8 provisions
    (§4.4.2: the B8 continues only for a B9 applied for while it ran).

    NL: Een B9 aangevraagd nadat de B8 was ingetrokken of verlopen, brengt geen B8 terug: het
    besluit daarop en een rechtsmiddel daartegen leiden niet tot verblijf op of voorzieningen
    van de B8 (§4.4.2: de B8 loopt alleen door voor een B9 aangevraagd terwijl de B8 liep)."""
    if ctx.get(s, "regeling") not in WITHOUT_B8 or ctx.get(s2, "regeling") in ("b8", "b8_schrijnend"):
        return True  # a new B8 by its own rows (e.g. after a beklag) is not the B9's doing
    return not ctx.holds_b8(s2) and ctx.provisions(s2).value != "b8"


# ---------------------------------------------------------------- residence basis


LAWFUL_BY_REPORT = {
    "regeling": ("bedenktijd", "b8", "b8_schrijnend", "b9_aanvraag", "b9", "onbepaalde_tijd"),
    "asiel": PENDING_ASIEL + ("verleend", "onbepaalde_tijd"),
    "rechtsmiddel": ("bezwaar",),
}


@invariant("art. 8 Vw", "§2.1, §2.2.1, Bijlage 2", where={"aanwezigheid": ("in_nl",)})
def rechtmatig_verblijf_heeft_grondslag(ctx: Ctx, s: Situation) -> bool:
    """Whenever the report calls her stay lawful (bedenktijd, B8, B9 application or permit,
    pending asylum application or permit, objection), the model names the legal basis, with
    its article and section.

    NL: Telkens als het rapport haar verblijf rechtmatig noemt (bedenktijd, B8, B9-aanvraag of
    -vergunning, lopende asielaanvraag of asielvergunning, bezwaar), noemt het model de
    grondslag, met artikel en paragraaf."""
    bases = ctx.residence(s)
    if any(not b.source or not b.section for b in bases):
        return False
    lawful = any(ctx.get(s, t) in states for t, states in LAWFUL_BY_REPORT.items())
    return bool(bases) or not lawful
