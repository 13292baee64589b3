"""The report's own inconsistencies, found by computation on the figures A1-A8 and the model.

Each check computes a quantity two figures (or a figure and the fitted model) both fix, and
says whether they can hold together, with the cause. Nothing here is typed in as a verdict:
the verdict is the comparison of the computed numbers with the tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from verblijfsroutes.flows import calibration as cal
from verblijfsroutes.flows.calibration import DECIMAL, FEW, SIZES, WHOLE, Target, fitted_targets
from verblijfsroutes.flows.chain import Chain
from verblijfsroutes.flows.params import Spec, Values
from verblijfsroutes.flows.population import AFRICAN, ROUTE_1, Mix


@dataclass
class Finding:
    """One computed check: its figures, the numbers, whether they hold together, the cause."""

    id: str
    figures: list[str]
    numbers: dict[str, float]
    consistent: bool
    nl: str
    en: str
    cause_nl: str
    cause_en: str
    extra: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en

    def cause(self, lang: str) -> str:
        return self.cause_nl if lang == "nl" else self.cause_en


def _target(key: str) -> Target:
    return next(t for t in cal.TARGETS if t.key == key)


def findings(m: Mix, chain: Chain, spec: Spec, values: Values) -> list[Finding]:
    out: list[Finding] = []
    # 1. A8 sizes against A1's Route 1 share
    implied = 1 - SIZES["n_2013_2016_zonder_route_1"] / SIZES["n_2013_2016"]
    out.append(
        Finding(
            "route_1_uit_selecties",
            ["A1", "A8"],
            {"route_1_uit_n": implied, "route_1_a1": 1 / 6},
            abs(implied - 1 / 6) <= WHOLE,
            f"1 - 1.178/1.347 = {implied:.1%} Route 1 in 2013-2016, tegen 'een op de zes' ({1 / 6:.1%}) in 2013-2017",
            f"1 - 1,178/1,347 = {implied:.1%} Route 1 in 2013-2016, against 'one in six' ({1 / 6:.1%}) in 2013-2017",
            "andere jaren in de selectie (Bijlage 3: routes die voor 2013 begonnen of na 2016 doorlopen); "
            "de 1.178 laat ook wie later asiel aanvroeg buiten de vergelijking",
            "different years in the selection (Bijlage 3: routes begun before 2013 or continuing after 2016); "
            "the 1,178 also leaves out whoever applied for asylum later",
        )
    )
    # 1b. the A8 sizes among themselves: a use of the regulation is one stretch of time, so a
    # person in 2013-2016 and in 2014-2017 is in 2014-2016 (inclusion-exclusion)
    union = SIZES["n_2013_2016"] + SIZES["n_2014_2017"] - SIZES["n_2014_2016"]
    out.append(
        Finding(
            "selecties_a8",
            ["A8"],
            {"vereniging": float(union), "n_2013_2017": float(SIZES["n_2013_2017"])},
            union == SIZES["n_2013_2017"],
            f"1.347 + 935 - 488 = {union:,} ".replace(",", ".")
            + "mensen in 2013-2016 of 2014-2017, maar N(2013-2017) = 1.831",
            f"1,347 + 935 - 488 = {union:,} people in 2013-2016 or 2014-2017, but N(2013-2017) = 1,831",
            f"{SIZES['n_2013_2017'] - union} mensen tellen in 2013-2017 maar in geen van beide deelselecties: de "
            "selecties tellen niet hetzelfde (bijv. gebruik van de regeling tegen start ervan, Bijlage 3)",
            f"{SIZES['n_2013_2017'] - union} people count in 2013-2017 but in neither sub-selection: the selections "
            "do not count the same thing (e.g. use of the regulation against its start, Bijlage 3)",
        )
    )
    # 2. A1 'half of the asylum group' against A2 'half of Route 1 overlaps'
    half_a1 = 0.33 / 2
    twice_a2 = 2 * 0.088
    out.append(
        Finding(
            "helft_route_1",
            ["A1", "A2"],
            {"route_1_uit_a1": half_a1, "route_1_uit_a2": twice_a2},
            abs(half_a1 - twice_a2) <= WHOLE,
            f"de helft van 33% = {half_a1:.1%} Route 1; tweemaal 8,8% (de helft overlapt) = {twice_a2:.1%}",
            f"half of 33% = {half_a1:.1%} Route 1; twice 8.8% (half overlaps) = {twice_a2:.1%}",
            "'ongeveer de helft' is afgerond; beide volgen uit dezelfde groep",
            "'about half' is rounded; both come from the same group",
        )
    )
    # 3. A2's 2.1% against A7's 'een enkeling'
    t = _target("routes_23_overlap")
    model_overlap = t.model(m) if t.model else 0.0
    people = 0.021 * SIZES["n_2013_2017"]
    out.append(
        Finding(
            "overlap_routes_23",
            ["A2", "A7"],
            {"a2_ondergrens": 0.021, "model_met_a7": model_overlap, "mensen": people},
            model_overlap >= 0.021 - DECIMAL and people <= FEW * SIZES["n_2013_2017"],
            f"2,1% van 1.831 = {people:.0f} mensen met asiel tijdens aangifte/B8, maar 'een enkeling' (A7) geeft "
            f"in het model {model_overlap:.2%}",
            f"2.1% of 1,831 = {people:.0f} people with asylum during aangifte/B8, but 'een enkeling' (A7) gives "
            f"{model_overlap:.2%} in the model",
            "twee betekenissen van overlap: de 2,1% telt ook asiel dat al liep bij de B9-aanvraag of na het "
            "verlopen van de B8 in het jaar van de data; A7 gaat over een asielaanvraag terwijl de B8 geldig is",
            "two meanings of overlap: the 2.1% also counts asylum running at the B9 application or after the "
            "B8 lapsed within the data's year; A7 is about applying while the B8 is valid",
        )
    )
    # 4. A5 overall 35% and A6 Africans 20%: the grant rate the others must have
    dec_af = m.edge_flow(_decided, AFRICAN) * m.weights[AFRICAN]
    dec_all = m.edge_flow(_decided) * sum(m.weights.values())
    a = dec_af / dec_all if dec_all else 0.0
    other = min((0.35 - a * 0.20) / (1 - a), 99.0) if a < 1 else 99.0  # 99: no rate can do it
    out.append(
        Finding(
            "b9_inwilliging_overig",
            ["A5", "A6"],
            {"afrikaans_aandeel_beslist": a, "inwilliging_overig": other},
            0.0 <= other <= 1.0,
            f"bij {a:.0%} Afrikaanse aanvragen moeten de overige voor {other:.0%} ingewilligd worden om 35% te halen",
            f"with {a:.0%} African applications the others must be granted at {other:.0%} to reach 35%",
            "kan alleen als het aandeel Afrikaanse aanvragen onder 81% blijft (0,35 = a·0,20 + (1-a)·1)",
            "possible only while African applications stay below 81% (0.35 = a·0.20 + (1-a)·1)",
        )
    )
    # 5. the figures the best fit cannot meet together, and the parameters they share
    missed = [t for t in fitted_targets() if t.model and not t.passes(t.model(m))]
    shared = _shared_parameters(chain, spec, values, missed) if missed else []
    out.append(
        Finding(
            "samen_onhaalbaar",
            sorted({t.id for t in missed}),
            {t.key: t.model(m) for t in missed if t.model},
            not missed,
            "de beste fit haalt niet tegelijk: " + (", ".join(f"{t.id} {t.key}" for t in missed) or "-"),
            "the best fit cannot meet together: " + (", ".join(f"{t.id} {t.key}" for t in missed) or "-"),
            "zij hangen af van dezelfde parameters: "
            + (", ".join(shared) or "-")
            + "; binnen de fasegraaf en de aannames kunnen deze cijfers niet alle tegelijk gelden",
            "they depend on the same parameters: "
            + (", ".join(shared) or "-")
            + "; within the phase graph and the assumptions these figures cannot all hold at once",
            {"shared_parameters": shared},
        )
    )
    return out


def _decided(u: str, v: str) -> bool:
    from verblijfsroutes.routes import phases as ph

    return ph.split(u)[0] == "b9_aanvraag" and ph.split(v)[0] in ("b9", "b9_afgewezen")


def _shared_parameters(chain: Chain, spec: Spec, values: Values, missed: list[Target]) -> list[str]:
    """Calibrated parameters whose change moves at least two of the missed figures."""
    base = Mix.of(chain, values)
    b = np.array([t.model(base) for t in missed if t.model])
    names = []
    for name, p in spec.params.items():
        if p.calibration is None:
            continue
        v = {n: dict(g) for n, g in values.items()}
        for g in v[name]:
            v[name][g] = v[name][g] * 1.01 if name != "aandeel_afrikaans" else min(v[name][g] + 0.01, 1.0)
        moved = np.abs(np.array([t.model(Mix.of(chain, v)) for t in missed if t.model]) - b) > 1e-5
        if moved.sum() >= 2:
            names.append(name)
    return names


def route_1_share(m: Mix) -> float:
    return m.share(ROUTE_1)
