"""The properties the export asserts, written again in Promela.

Invariants (properties/legal.py, kind `invariant`) become assertions on every situation;
step properties become assertions on the steps of the rows their prefilter names (`pre_`
variables hold the situation before the step). Two graph properties are safety claims too
and are asserted: `geen_valkuilen` (some row fires or an outcome applies) and
`geen_nondeterminisme` (two enabled rows of one event lead to the same situation). The
remaining properties are not claims about a reachable situation and are not exported:
`elke_regel_heeft_bron_en_grondslag` (about the rule data), `elke_toestand_bereikbaar` and
`elke_uitkomst_bereikbaar` (reachability, compared state by state by the cross-check instead).
Timed properties (properties/timed.py) read dates of a replayed case and are out of scope:
the exported machine, like the explorer, has no clock.
"""

from __future__ import annotations

from collections.abc import Callable

from verblijfsroutes.properties.legal import (
    AFTER_A_B8,
    B8_HELD,
    B9_PART,
    BEDENKTIJD_ENDS,
    BEDENKTIJD_ENDS_DECIDED,
    LAWFUL_BY_REPORT,
    PENDING_ASIEL,
    REMEDY_PENDING,
    RUNNING_REGELING,
    WITHOUT_B8,
)
from verblijfsroutes.properties.promela_expr import NOW, PRE, Env, Writer, conj, disj, neg
from verblijfsroutes.spec.rules import Rule

# invariant name -> expression over the current situation (the `where` prefilter included)
Invariant = Callable[[Writer, Callable[[str, Env], str], "Dated"], str]
Step = Callable[[Writer, Rule, "Dated"], str]


class Dated:
    """The era and the decisions a property may read: `since(change)`."""

    def __init__(self, since: Callable[[str], bool], choices: dict[str, str]) -> None:
        self.since = since
        self.choices = choices


def _implies(a: str, b: str) -> str:
    return disj([neg(a), b])


def _holds_b8(w: Writer, e: Env) -> str:
    return w.lawful(e, ("b8",))


def _beklag(w: Writer, enabled: Callable[[str, Env], str], d: Dated) -> str:
    sepot = Env(fixed={"strafzaak": "sepot"})
    extra = [
        conj([e, neg(e_sepot)]) for (_, e), (_, e_sepot) in zip(w.bases(NOW), w.bases(sepot), strict=True)
    ]
    ok = conj([neg(disj(extra)), _implies(w.isin("regeling", ["b8"]), enabled("b8_intrekken", NOW))])
    where = conj([w.isin("strafzaak", ["beklag"]), w.isin("aanwezigheid", ["in_nl"])])
    return _implies(where, ok)


def _grondslag(w: Writer, enabled: Callable[[str, Env], str], d: Dated) -> str:
    unsourced = disj(e for b, e in w.bases() if not b.source or not b.section)
    lawful = disj(w.isin(t, states) for t, states in LAWFUL_BY_REPORT.items())
    ok = conj([neg(unsourced), disj([w.lawful(), neg(lawful)])])
    return _implies(w.isin("aanwezigheid", ["in_nl"]), ok)


def _voorzieningen(w: Writer, enabled: Callable[[str, Env], str], d: Dated) -> str:
    where = conj([w.isin("regeling", ["b9_aanvraag", "b9_afgewezen"]), w.isin("aanwezigheid", ["in_nl"])])
    pending = disj([w.isin("regeling", ["b9_aanvraag"]), w.isin("rechtsmiddel", ["geen", "bezwaar"])])
    ok = disj(
        [conj([pending, w.provisions_is(["b8", "coa"])]), conj([neg(pending), neg(w.provisions_is(["b8"]))])]
    )
    return _implies(where, ok)


INVARIANTS: dict[str, Invariant] = {
    "cosm_alleen_tijdens_bedenktijd": lambda w, en, d: _implies(
        w.isin("huisvesting", ["cosm"]), w.isin("regeling", ["bedenktijd"])
    ),
    "b8_alleen_na_aangifte": lambda w, en, d: _implies(
        w.isin("regeling", ["b8"]), neg(w.isin("strafzaak", ["geen_aangifte"]))
    ),
    "dublinclaim_vervalt_bij_b8": lambda w, en, d: _implies(
        w.isin("regeling", B8_HELD), neg(w.fact("dublinclaim"))
    ),
    "voorzieningen_tijdens_b9_aanvraag": _voorzieningen,
    "geen_verblijf_uit_beklag": _beklag,
    "verblijf_loopt_door_tijdens_beklag_voor_2012": lambda w, en, d: _implies(
        conj(
            [
                w.isin("strafzaak", ["beklag"]),
                w.isin("regeling", ["b8"]),
                w.isin("aanwezigheid", ["in_nl"]),
            ]
        ),
        conj([neg(en("b8_intrekken", NOW)), en("b8_verlengen", NOW)]),
    ),
    "geen_parallelle_procedures_voor_2015": lambda w, en, d: _implies(
        w.isin("asiel", PENDING_ASIEL),
        conj([neg(w.isin("regeling", RUNNING_REGELING)), neg(w.isin("rechtsmiddel", REMEDY_PENDING))]),
    ),
    "rechtmatig_verblijf_heeft_grondslag": _grondslag,
}


def _bedenktijd_ends(w: Writer, r: Rule, d: Dated) -> str:
    decided = BEDENKTIJD_ENDS_DECIDED.get(r.event)
    if r.event in BEDENKTIJD_ENDS or (decided is not None and d.choices.get(decided[0]) == decided[1]):
        return "1"
    return disj([neg(w.isin("regeling", ["bedenktijd"], PRE)), w.isin("regeling", ["bedenktijd"])])


def _schrijnend_grond(w: Writer, r: Rule, d: Dated) -> str:
    grond = w.fact("schrijnend_grond", PRE)
    if d.since("minderjarig_2018"):
        grond = disj([grond, w.fact("minderjarig", PRE)])
    return disj(
        [
            w.isin("regeling", ["b8_schrijnend"], PRE),
            conj([w.isin("regeling", ["schrijnend_in_behandeling"], PRE), grond]),
        ]
    )


def _no_b8_back(w: Writer, r: Rule, d: Dated) -> str:
    exempt = disj([neg(w.isin("regeling", WITHOUT_B8, PRE)), w.isin("regeling", ["b8", "b8_schrijnend"])])
    return disj([exempt, conj([neg(_holds_b8(w, NOW)), neg(w.provisions_is(["b8"]))])])


STEPS: dict[str, Step] = {
    "geen_coa_opname_met_b8": lambda w, r, d: disj(
        [w.isin("huisvesting", ["coa"], PRE), neg(_holds_b8(w, PRE))]
    ),
    "bedenktijd_alleen_zonder_rechtmatig_verblijf": lambda w, r, d: disj(
        [
            w.isin("regeling", ["bedenktijd"], PRE),
            conj([neg(w.lawful(PRE)), neg(w.isin("asiel", PENDING_ASIEL, PRE))]),
        ]
    ),
    "bedenktijd_eindigt_door_aangifte_termijn_of_vertrek": _bedenktijd_ends,
    "schrijnend_pad_alleen_met_grond": _schrijnend_grond,
    "geen_b8_voor_dublinclaimant_zonder_om": lambda w, r, d: disj(
        [w.isin("regeling", B8_HELD, PRE), neg(w.fact("dublinclaim", PRE)), w.fact("om_noodzaak", PRE)]
    ),
    "schrijnend_b8_niet_verlengd_zonder_aangifte": lambda w, r, d: disj(
        [neg(w.isin("regeling", ["b8_schrijnend"], PRE)), neg(w.isin("strafzaak", ["geen_aangifte"]))]
    ),
    "b9_alleen_na_b8": lambda w, r, d: w.isin("regeling", B9_PART + AFTER_A_B8, PRE),
    "b9_alleen_met_paspoort_en_leges": lambda w, r, d: disj(
        [w.isin("regeling", ["b9"], PRE), conj([w.fact("paspoort", PRE), w.fact("leges", PRE)])]
    ),
    "geen_b8_terug_na_b9_zonder_b8": _no_b8_back,
}

NOT_EXPORTED = {
    "elke_regel_heeft_bron_en_grondslag": (
        "a claim about the rule data, not about a situation",
        "een bewering over de regeldata, niet over een situatie",
    ),
    "elke_toestand_bereikbaar": (
        "reachability: compared state by state instead",
        "bereikbaarheid: in plaats daarvan per toestand vergeleken",
    ),
    "elke_uitkomst_bereikbaar": (
        "reachability: compared through the states instead",
        "bereikbaarheid: in plaats daarvan via de toestanden vergeleken",
    ),
}
