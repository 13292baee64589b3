"""Check the checker: deliberately broken variants of the rule data, each of which a named
property must catch with a counterexample.

A `Mutant` transforms the loaded `RuleData` (rows replaced with `dataclasses.replace`, rows
dropped or added) and names the property expected to fail and the change id of the era to
check it in (None: the first era). `engine()` builds the broken model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.core.ruledata import default_rule_data
from verblijfsroutes.spec.derived import DerivedRule
from verblijfsroutes.spec.loader import RuleData
from verblijfsroutes.spec.rules import Rule

Transform = Callable[[RuleData], RuleData]


@dataclass(frozen=True)
class Mutant:
    """A broken variant of the model, the property that must catch it, and where."""

    name: str
    description: str
    transform: Transform
    caught_by: str
    era_change: str | None = None  # check in the era that starts with this change
    row: str | None = None  # the broken row, expected in a step property's violating rows

    def engine(self, data: RuleData | None = None) -> Engine:
        return Engine(data=self.transform(data or default_rule_data()))


def _edit(rule_id: str, **changes: object) -> Transform:
    """Replace fields of one row."""

    def apply(data: RuleData) -> RuleData:
        assert any(r.id == rule_id for r in data.rules), rule_id
        rules = tuple(replace(r, **changes) if r.id == rule_id else r for r in data.rules)  # type: ignore[arg-type]
        return replace(data, rules=rules)

    return apply


def _drop_guard(rule_ids: tuple[str, ...], guard: str) -> Transform:
    def apply(data: RuleData) -> RuleData:
        rules = tuple(
            replace(r, guards=tuple(g for g in r.guards if g != guard)) if r.id in rule_ids else r
            for r in data.rules
        )
        return replace(data, rules=rules)

    return apply


def _drop_events(*events: str) -> Transform:
    def apply(data: RuleData) -> RuleData:
        return replace(data, rules=tuple(r for r in data.rules if r.event not in events))

    return apply


def _drop_rows(*ids: str) -> Transform:
    def apply(data: RuleData) -> RuleData:
        assert all(any(r.id == i for r in data.rules) for i in ids), ids
        return replace(data, rules=tuple(r for r in data.rules if r.id not in ids))

    return apply


def _add_copy(rule_id: str, new_id: str, **changes: object) -> Transform:
    def apply(data: RuleData) -> RuleData:
        rules: list[Rule] = []
        for r in data.rules:
            rules.append(r)
            if r.id == rule_id:
                rules.append(replace(r, id=new_id, **changes))  # type: ignore[arg-type]
        return replace(data, rules=tuple(rules))

    return apply


def _edit_derived(section: str, row_id: str, **changes: object) -> Transform:
    def apply(data: RuleData) -> RuleData:
        rows: list[DerivedRule] = [
            replace(d, **changes) if d.id == row_id else d  # type: ignore[arg-type]
            for d in data.derived[section]
        ]
        return replace(data, derived={**data.derived, section: rows})

    return apply


MUTANTS: tuple[Mutant, ...] = (
    Mutant(
        "guard_dropped_paspoort",
        "R-B9-05 grants the B9 on humanitarian grounds without the passport guard",
        _drop_guard(("R-B9-05",), "paspoort"),
        "b9_alleen_met_paspoort_en_leges",
        row="R-B9-05",
    ),
    Mutant(
        "guard_dropped_rechtmatig_verblijf",
        "the police offer bedenktijd without checking she has no lawful residence (R-BT-01)",
        _drop_guard(("R-BT-01",), "zonder_rechtmatig_verblijf"),
        "bedenktijd_alleen_zonder_rechtmatig_verblijf",
        row="R-BT-01",
    ),
    Mutant(
        "target_changed_b8",
        "R-B8-01 grants a schrijnend-pad B8 instead of the ordinary B8 after aangifte",
        _edit("R-B8-01", to={"regeling": "b8_schrijnend"}),
        "schrijnend_pad_alleen_met_grond",
        row="R-B8-01",
    ),
    Mutant(
        "target_changed_extension",
        "R-B8-07 extends a schrijnend-pad B8 too (pattern widened)",
        _edit(
            "R-B8-07",
            from_={
                "regeling": ("b8", "b8_schrijnend"),
                "strafzaak": ("onderzoek", "vervolging", "geen_aangifte"),
                "aanwezigheid": ("in_nl",),
            },
        ),
        "schrijnend_b8_niet_verlengd_zonder_aangifte",
        row="R-B8-07",
    ),
    Mutant(
        "dated_change_ignored_dublin",
        "R-B8-02 (B8 for a Dublin claimant without the OM) stays in force after the 2019 Dublin change",
        _edit("R-B8-02", valid_until=None),
        "geen_b8_voor_dublinclaimant_zonder_om",
        "dublin_2019",
        row="R-B8-02",
    ),
    Mutant(
        "beklag_extension_dropped",
        "R-B8-21 (a B8 extended during a beklag before 1 August 2012) is removed",
        _drop_rows("R-B8-21"),
        "verblijf_loopt_door_tijdens_beklag_voor_2012",
    ),
    Mutant(
        "dated_change_ignored_beklag",
        "R-B8-09 (withdrawal during beklag) applies before the 2012 beklag change too",
        _edit("R-B8-09", valid_from=None),
        "verblijf_loopt_door_tijdens_beklag_voor_2012",
    ),
    Mutant(
        "housing_effect_swapped_coa",
        "A-AV-04 admits a B8 holder who applies for asylum to COA",
        _edit("A-AV-04", effects={"huisvesting": "coa"}),
        "geen_coa_opname_met_b8",
        "parallel_2015",
        row="A-AV-04",
    ),
    Mutant(
        "housing_effect_swapped_cosm",
        "S-AG-01 keeps her in COSM after the aangifte",
        _edit("S-AG-01", effects={"huisvesting": "cosm"}),
        "cosm_alleen_tijdens_bedenktijd",
    ),
    Mutant(
        "effect_dropped_dublin",
        "R-B8-02 grants the B8 without ending the Dublin claim",
        _edit("R-B8-02", effects={}),
        "dublinclaim_vervalt_bij_b8",
    ),
    Mutant(
        "provisions_dropped_b9",
        "the B8 provisions stop when the B9 application is filed (VZ-b8)",
        _edit_derived("voorzieningen", "VZ-b8", when={"regeling": ("b8", "b8_schrijnend")}),
        "voorzieningen_tijdens_b9_aanvraag",
    ),
    Mutant(
        "source_removed",
        "R-B8-01 loses its legal source",
        _edit("R-B8-01", source=""),
        "elke_regel_heeft_bron_en_grondslag",
    ),
    Mutant(
        "trap_no_ruling",
        "the Raad van State never rules and she cannot leave: hoger beroep is a dead end",
        _drop_events("hoger_beroep_gegrond", "hoger_beroep_ongegrond", "vertrekken"),
        "geen_valkuilen",
    ),
    Mutant(
        "b8_revived_by_b9_refusal",
        "a B9 applied for without a running B8 is refused into the state that keeps the B8 (R-B9-17)",
        _edit("R-B9-17", to={"regeling": "b9_afgewezen"}),
        "geen_b8_terug_na_b9_zonder_b8",
    ),
    Mutant(
        "nondeterministic_extension",
        "a second b8_verlengen row lets the B8 expire instead",
        _add_copy("R-B8-07", "R-B8-07-X", to={"regeling": "b8_verlopen"}),
        "geen_nondeterminisme",
    ),
)


def by_name(name: str) -> Mutant:
    for m in MUTANTS:
        if m.name == name:
            return m
    raise KeyError(name)
