"""The report's population: people who use the regulation, mixed over the subgroups.

The report counts victims who used the verblijfsregeling (§3.1, Fig. 3); people who only
apply for asylum (class `alleen_asiel`) or never enter are outside it. `Mix` solves the chain
per subgroup and combines them with the entry share of Africans, conditioned on entering the
regulation, so every share here is a share of the report's population.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.flows.chain import Chain, Solution
from verblijfsroutes.flows.params import AFRICAN_SHARE, Values
from verblijfsroutes.routes.classes import CLASS_IDS
from verblijfsroutes.routes.phasegraph import explore

REG_ONLY = frozenset({"alleen_regeling", "vertrek_bedenktijd"})  # §3.1: 67%
ROUTE_1 = frozenset({"route_1", "route_1_overlap"})
ROUTES_23 = frozenset({"route_2", "route_3", "parallel_b9_asiel"})  # regulation, then asylum
ALSO_ASYLUM = frozenset(CLASS_IDS) - REG_ONLY - {"alleen_asiel"}  # §3.1: 33%
POPULATION = REG_ONLY | ALSO_ASYLUM
AFRICAN, OTHER = "afrikaans", "overig"


@lru_cache(maxsize=8)
def chain_for(engine: Engine, day: dt.date) -> Chain:
    """The chain of the phase graph of the rules in force on `day` (cached per engine, day)."""
    return Chain(explore(engine, day))


@dataclass
class Mix:
    """The chain solved per subgroup and the subgroups' weights in the population."""

    solutions: dict[str, Solution]
    weights: dict[str, float]  # entry share times the chance of entering the regulation

    @classmethod
    def of(cls, chain: Chain, values: Values) -> Mix:
        a = values[AFRICAN_SHARE][AFRICAN]
        sol = {g: chain.solve(values, g) for g in (AFRICAN, OTHER)}
        entry = {AFRICAN: a, OTHER: 1 - a}
        weights = {g: entry[g] * sol[g].share(set(POPULATION)) for g in sol}
        return cls(sol, weights)

    def share(self, cls: frozenset[str] | set[str], flags: int = 0, group: str | None = None) -> float:
        """Share of the population (or of one subgroup in it) ending in `cls` with `flags`."""
        groups = [group] if group else list(self.solutions)
        num = sum(self.weights[g] * self.solutions[g].share(set(cls), flags) / self._pop(g) for g in groups)
        den = sum(self.weights[g] for g in groups)
        return num / den if den else 0.0

    def _pop(self, g: str) -> float:
        return self.solutions[g].share(set(POPULATION)) or 1.0

    def conditional(
        self,
        cls: frozenset[str] | set[str],
        flags: int,
        given_cls: frozenset[str] | set[str],
        given_flags: int,
    ) -> float:
        """P(cls, flags | given_cls, given_flags) in the population."""
        den = self.share(given_cls, given_flags)
        both = self.share(set(cls) & set(given_cls), flags | given_flags)
        return both / den if den else 0.0

    def african_share(self, cls: frozenset[str]) -> float:
        """Share of Africans among the population ending in `cls`."""
        parts = {
            g: self.weights[g] * self.solutions[g].share(set(cls)) / self._pop(g) for g in self.solutions
        }
        total = sum(parts.values())
        return parts[AFRICAN] / total if total else 0.0

    def edge_flow(self, pred, group: str | None = None) -> float:  # type: ignore[no-untyped-def]
        """Expected uses of phase edges pred(u, v) per person of the population."""
        groups = [group] if group else list(self.solutions)
        den = sum(self.weights[g] for g in groups)
        return sum(self.weights[g] * self.solutions[g].move_flow(pred) / self._pop(g) for g in groups) / den

    def exit_shares(self) -> dict[tuple[str, str], float]:
        """Per (last phase, outcome), the share of the population ending there."""
        out: dict[tuple[str, str], float] = {}
        den = sum(self.weights.values())
        for g, sol in self.solutions.items():
            for x, pr in zip(sol.chain.exits, sol.absorbed, strict=True):
                if x.cls in POPULATION:
                    key = (x.phase, x.outcome)
                    out[key] = out.get(key, 0.0) + self.weights[g] * pr / self._pop(g) / den
        return out

    def class_shares(self) -> dict[str, float]:
        return {c: self.share({c}) for c in CLASS_IDS if c in POPULATION}
