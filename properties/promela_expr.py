"""Promela expressions for the rule data: patterns, named guards and derived values.

A second, independent reading of the model's predicates for the Promela export: every named
guard of model/core/guards.py is written here again as a Promela expression (a guard without
a translation stops the export), and the derived values of derived.yaml (legal bases of
residence, provisions, outcomes) are built from the data itself. `Env` says which copy of
the variables an expression reads: the current situation, the one before the step (`pre_`),
or a situation with some tracks fixed to a state (as a property asks "what if the case were
dropped").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from verblijfsroutes.core.guards import DECISION_REGELING, PENDING_ASIEL, RUNNING_CASE, RUNNING_REGELING
from verblijfsroutes.spec.derived import DerivedRule
from verblijfsroutes.spec.loader import RuleData


def const(track: str, state: str) -> str:
    """The Promela constant of a track state (`regeling__b8`)."""
    return f"{track}__{state}"


def ident(text: str) -> str:
    """A Promela identifier made from a row or property id (R-BT-01 -> R_BT_01)."""
    return "".join(c if c.isalnum() else "_" for c in text)


@dataclass(frozen=True)
class Env:
    """Which variables an expression reads: `prefix` before every name, `fixed` tracks
    replaced by a state (evaluated while the expression is written)."""

    prefix: str = ""
    fixed: Mapping[str, str] = field(default_factory=dict)

    def var(self, name: str) -> str:
        return self.prefix + name


NOW = Env()
PRE = Env("pre_")


def conj(parts: Iterable[str]) -> str:
    parts = [p for p in parts if p != "1"]
    if "0" in parts:
        return "0"
    return "(" + " && ".join(parts) + ")" if parts else "1"


def disj(parts: Iterable[str]) -> str:
    parts = [p for p in parts if p != "0"]
    if "1" in parts:
        return "1"
    return "(" + " || ".join(parts) + ")" if parts else "0"


def neg(expr: str) -> str:
    return {"1": "0", "0": "1"}.get(expr, f"!{expr}")


class Writer:
    """Expressions over the rule data of one decision set."""

    def __init__(self, data: RuleData, choices: Mapping[str, str]) -> None:
        self.data = data
        self.vocab = data.vocab
        self.choices = choices
        self.states = {t.id: t.state_ids() for t in self.vocab.tracks}
        self.facts = tuple(f.id for f in self.vocab.facts)
        self.derived = {
            k: [d for d in v if d.choice is None or choices.get(d.choice[0]) == d.choice[1]]
            for k, v in data.derived.items()
        }

    # -- patterns --------------------------------------------------------------------------
    def isin(self, track: str, states: Iterable[str], env: Env = NOW) -> str:
        wanted = tuple(states)
        if track in env.fixed:
            return "1" if env.fixed[track] in wanted else "0"
        if set(self.states[track]) <= set(wanted):
            return "1"
        return disj(f"{env.var(track)} == {const(track, s)}" for s in wanted)

    def pattern(self, pattern: Mapping[str, Iterable[str]], env: Env = NOW) -> str:
        return conj(self.isin(t, v, env) for t, v in pattern.items())

    def fact(self, name: str, env: Env = NOW) -> str:
        return env.var(name)

    # -- derived values (derived.yaml) -----------------------------------------------------
    def derived_when(self, d: DerivedRule, env: Env = NOW) -> str:
        return conj([self.pattern(d.when, env), *(self.guard(g, env) for g in d.guards)])

    def bases(self, env: Env = NOW, kinds: Iterable[str] | None = None) -> list[tuple[DerivedRule, str]]:
        """The legal bases of residence (of these kinds) with the expression of each."""
        ks = None if kinds is None else set(kinds)
        return [
            (d, self.derived_when(d, env))
            for d in self.derived["verblijfsgronden"]
            if ks is None or d.kind in ks
        ]

    def lawful(self, env: Env = NOW, kinds: Iterable[str] | None = None) -> str:
        return disj(e for _, e in self.bases(env, kinds))

    def provisions_is(self, values: Iterable[str], env: Env = NOW) -> str:
        """The provisions (first matching row of voorzieningen) are one of `values`."""
        wanted = set(values)
        out = []
        earlier: list[str] = []
        for d in self.derived["voorzieningen"]:
            cond = self.derived_when(d, env)
            if d.value in wanted:
                out.append(conj([*(neg(e) for e in earlier), cond]))
            earlier.append(cond)
        return disj(out)

    def outcome(self, env: Env = NOW) -> str:
        """Some terminal outcome (uitkomsten) applies."""
        return disj(self.derived_when(d, env) for d in self.derived["uitkomsten"])

    # -- guards (model/core/guards.py, written again) ---------------------------------------
    def guard(self, name: str, env: Env = NOW) -> str:
        if name in self.facts:
            return self.fact(name, env)
        if name.startswith("niet_") and name[5:] in self.facts:
            return neg(self.fact(name[5:], env))
        make = GUARDS.get(name)
        if make is None:
            raise KeyError(name)
        return make(self, env)


# the guards' own sets of states (core/guards.py): the export writes the same guards


def _regeling_loopt(w: Writer, e: Env) -> str:
    return disj(
        [
            w.isin("regeling", RUNNING_REGELING, e),
            conj([w.isin("regeling", DECISION_REGELING, e), neg(w.isin("rechtsmiddel", ["uitgeput"], e))]),
        ]
    )


def _case(w: Writer, e: Env, states: Iterable[str]) -> str:
    return w.isin("strafzaak", states, e)


GUARDS: dict[str, Callable[[Writer, Env], str]] = {
    "zonder_rechtmatig_verblijf": lambda w, e: neg(w.lawful(e)),
    "heeft_rechtmatig_verblijf": lambda w, e: w.lawful(e),
    "zonder_verblijfsrecht_buiten_bedenktijd": lambda w, e: neg(
        w.lawful(e, {d.kind for d in w.derived["verblijfsgronden"]} - {"bedenktijd"})
    ),
    "heeft_verblijfsrecht_regeling": lambda w, e: w.lawful(e, ("b8", "rechtsmiddel")),
    "zonder_verblijfsrecht_regeling": lambda w, e: neg(w.lawful(e, ("b8", "rechtsmiddel"))),
    "zonder_b8": lambda w, e: neg(w.lawful(e, ("b8",))),
    "procedure_regeling_loopt": _regeling_loopt,
    "geen_procedure_regeling": lambda w, e: neg(_regeling_loopt(w, e)),
    "niet_in_bedenktijd": lambda w, e: neg(w.isin("regeling", ["bedenktijd"], e)),
    "geen_procedure_loopt": lambda w, e: conj(
        [neg(_regeling_loopt(w, e)), neg(w.isin("asiel", PENDING_ASIEL, e))]
    ),
    "procedure_doorlopen": lambda w, e: disj(
        [
            neg(w.isin("regeling", ["geen"], e)),
            neg(w.isin("asiel", ["geen"], e)),
            neg(_case(w, e, ["geen_aangifte"])),
        ]
    ),
    "grond_vervolging": lambda w, e: _case(w, e, ["vervolging"]),
    "grond_veroordeling": lambda w, e: _case(w, e, ["veroordeling"]),
    "grond_drie_jaar": lambda w, e: conj([w.fact("drie_jaar_b8", e), _case(w, e, RUNNING_CASE)]),
    "grond_humanitair_mensenhandel": lambda w, e: conj(
        [w.fact("mh_gronden", e), neg(_case(w, e, RUNNING_CASE))]
    ),
    "grond_humanitair_overig": lambda w, e: conj(
        [w.fact("overige_gronden", e), neg(_case(w, e, RUNNING_CASE))]
    ),
    "grond_schrijnend": lambda w, e: conj([w.fact("schrijnend_grond", e), _case(w, e, ["geen_aangifte"])]),
    "geen_aanspraak_b9_voor_2018": lambda w, e: conj(
        [neg(_case(w, e, ["veroordeling"])), neg(w.guard("grond_drie_jaar", e))]
    ),
    "geen_aanspraak_b9": lambda w, e: conj(
        [neg(_case(w, e, ["vervolging", "veroordeling"])), neg(w.guard("grond_drie_jaar", e))]
    ),
}
