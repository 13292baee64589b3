"""The absorbing Markov chain over the phase graph of the rules in force, solved exactly.

Its states are the phases of the phase graph (routes/phasegraph.py) paired with the route
classifier's state (routes/classes.py `step`) and a few flags the calibration figures need;
its transitions are exactly the phase edges the rules allow on the day, weighted by the flow
parameters (moves.py, params.py) and normalised per phase. The outcome nodes absorb. The
structure is built once per era; `solve` takes parameter values and returns the absorption
distribution (route class, flags, exit phase, outcome), the expected flow over every phase
edge and the expected visits per phase: the fundamental matrix's series summed to 1e-13,
no sampling.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from verblijfsroutes.flows import moves
from verblijfsroutes.flows.params import Values
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.classes import INITIAL, OUTCOME, State, step
from verblijfsroutes.routes.phasegraph import PhaseGraph
from verblijfsroutes.spec.errors import DataError

# flags carried along a path (for the calibration figures of §3.2, §3.3)
B9_APPLIED = 1  # reached a B9 application (A4)
B9_REFUSED_REG_FIRST = 2  # B9 refused, regulation first, no asylum yet (A3: 43%)
B8_ENDED_NO_B9 = 4  # left after the B8 without a B9, regulation first, no asylum yet (A3: 20%)
OVERLAP = 8  # asylum running while aangifte/B8 (A2)

TOLERANCE = 1e-13  # probability mass left in transient states when the solve stops
MAX_STEPS = 100_000


def _flags(f: int, s: State, v: str) -> int:
    reg, asiel = ph.split(v)
    if reg == "b9_aanvraag":
        f |= B9_APPLIED
    undecided_reg_first = s[1] == "reg" and not s[0] and asiel == ph.NONE
    if reg == "b9_afgewezen" and undecided_reg_first:
        f |= B9_REFUSED_REG_FIRST
    if reg == "b8_beeindigd" and undecided_reg_first and not f & B9_APPLIED:
        f |= B8_ENDED_NO_B9
    if asiel == "aanvraag" and reg in ph.B8_PHASES:
        f |= OVERLAP
    return f


@dataclass(frozen=True)
class Exit:
    """An absorbing end: the route class, the flags, the last phase and the outcome."""

    cls: str
    flags: int
    phase: str
    outcome: str


class Chain:
    """The chain's structure for one phase graph; values are plugged in by `solve`."""

    def __init__(self, pg: PhaseGraph) -> None:
        g = pg.graph
        self.pg = pg
        self.edges: list[tuple[str, str]] = [(u, v) for u, v in g.edges() if g.out_degree(u) > 0]
        self.edge_index = {e: i for i, e in enumerate(self.edges)}
        self.phases = [n for n in g.nodes if not n.startswith(OUTCOME)]
        self.names = [moves.candidates(u, v) for u, v in self.edges]
        out: dict[str, list[int]] = defaultdict(list)
        for i, (u, _) in enumerate(self.edges):
            out[u].append(i)
        self.out = dict(out)
        start = (ph.START, INITIAL, 0)
        index = {start: 0}
        states = [start]
        exits: dict[Exit, int] = {}
        qi: list[int] = []
        qj: list[int] = []
        qe: list[int] = []
        ri: list[int] = []
        ra: list[int] = []
        re: list[int] = []
        k = 0
        while k < len(states):
            u, s, f = states[k]
            for e in self.out.get(u, ()):
                v = self.edges[e][1]
                s2 = step(s, u, v)
                f2 = _flags(f, s, v)
                if v.startswith(OUTCOME):
                    x = Exit(s2[0] or "geen", f2, u, v[len(OUTCOME) :])
                    a = exits.setdefault(x, len(exits))
                    ri.append(k)
                    ra.append(a)
                    re.append(e)
                    continue
                key = (v, s2, f2)
                j = index.get(key)
                if j is None:
                    j = index[key] = len(states)
                    states.append(key)
                qi.append(k)
                qj.append(j)
                qe.append(e)
            k += 1
        self.states = states
        self.exits = list(exits)
        self.q = (np.array(qi), np.array(qj), np.array(qe))
        self.r = (np.array(ri), np.array(ra), np.array(re))
        phase_pos = {p: i for i, p in enumerate(self.phases)}
        self.state_phase = np.array([phase_pos[p] for p, _, _ in states])
        self.exit_cls = np.array([x.cls for x in self.exits])
        self.exit_flags = np.array([x.flags for x in self.exits])
        self.exit_outcome = np.array([x.outcome for x in self.exits])
        self._resolved: dict[frozenset[str], list[str]] = {}
        self._outs = {
            u: [i for i in idx if self.edges[i][1].startswith(OUTCOME)] for u, idx in self.out.items()
        }

    def resolve(self, values: Values) -> list[str]:
        """Per phase edge, the name of the parameter that gives its weight."""
        key = frozenset(values)
        found = self._resolved.get(key)
        if found is None:
            found = []
            for names in self.names:
                name = next((n for n in names if n in values), None)
                if name is None:
                    raise DataError(
                        "flows.yaml", None, f"no parameter for move {names[-2]} (and no {moves.FALLBACK})"
                    )
                found.append(name)
            self._resolved[key] = found
        return found

    def edge_probs(self, values: Values, group: str) -> np.ndarray:
        """Per phase edge, the probability of taking it from its phase (weights normalised)."""
        w = np.array([values[n][group] for n in self.resolve(values)], dtype=float)
        u_out = np.zeros(len(self.edges))
        for u, idx in self.out.items():
            outs = self._outs[u]
            for i in outs:  # outcomes of one phase share the weight of ending there
                w[i] /= len(outs)
            total = w[idx].sum()
            if total <= 0:
                raise DataError(
                    "flows.yaml", u, f"every move from phase {u} has weight 0; give one a positive weight"
                )
            u_out[idx] = total
        return w / u_out

    def solve(self, values: Values, group: str) -> Solution:
        """The exact absorption distribution, edge flows and phase visits for one subgroup."""
        p = self.edge_probs(values, group)
        n = len(self.states)
        qi, qj, qe = self.q
        pq = p[qe]
        # visits = e0 + Q^T visits: the Neumann series of the fundamental matrix, summed until
        # the remaining mass is below TOLERANCE (the chain is absorbing, so it converges)
        visits = np.zeros(n)
        mass = np.zeros(n)
        mass[0] = 1.0
        for _ in range(MAX_STEPS):
            visits += mass
            mass = np.bincount(qj, weights=mass[qi] * pq, minlength=n).astype(float)
            if mass.sum() < TOLERANCE:
                break
        else:
            raise DataError(
                "flows.yaml", None, "the chain does not absorb (a cycle with no way out); check the weights"
            )
        visits += mass
        ri, ra, re = self.r
        absorbed = np.bincount(ra, weights=visits[ri] * p[re], minlength=len(self.exits))
        flow = np.bincount(qe, weights=visits[qi] * p[qe], minlength=len(self.edges))
        flow += np.bincount(re, weights=visits[ri] * p[re], minlength=len(self.edges))
        phase_visits = np.bincount(self.state_phase, weights=visits, minlength=len(self.phases))
        return Solution(self, absorbed, flow, phase_visits, p, visits)

    def flows_ending_in(self, sol: Solution, classes: frozenset[str]) -> np.ndarray:
        """Per phase edge, the expected uses per person among those who end in `classes`
        (the flows of the chain conditioned on its end, by the Doob h-transform)."""
        n = len(self.states)
        qi, qj, qe = self.q
        ri, ra, re = self.r
        p = sol.probs
        keep = np.isin(self.exit_cls, list(classes))[ra]
        r_keep = np.bincount(ri, weights=p[re] * keep, minlength=n)
        h = r_keep.copy()  # h = P(end in classes | state): h = r + Q h, summed like the visits
        term = r_keep.copy()
        for _ in range(MAX_STEPS):
            term = np.bincount(qi, weights=p[qe] * term[qj], minlength=n).astype(float)
            h += term
            if term.sum() < TOLERANCE:
                break
        total = h[0] or 1.0
        flow = np.bincount(qe, weights=sol.state_visits[qi] * p[qe] * h[qj], minlength=len(self.edges))
        flow += np.bincount(re, weights=sol.state_visits[ri] * p[re] * keep, minlength=len(self.edges))
        return flow / total


@dataclass
class Solution:
    """The chain solved for one subgroup: probabilities per exit, flows per edge."""

    chain: Chain
    absorbed: np.ndarray  # per Exit
    flow: np.ndarray  # per phase edge: expected number of times taken per person
    visits: np.ndarray  # per phase: expected number of visits per person
    probs: np.ndarray  # per phase edge
    state_visits: np.ndarray  # per chain state: expected visits per person

    def share(self, cls: set[str] | None = None, flags: int = 0, outcome: str | None = None) -> float:
        """P(an exit with class in `cls`, all of `flags`, and `outcome`)."""
        c = self.chain
        mask = (c.exit_flags & flags) == flags
        if cls is not None:
            mask &= np.isin(c.exit_cls, list(cls))
        if outcome is not None:
            mask &= c.exit_outcome == outcome
        return float(self.absorbed[mask].sum())

    def move_flow(self, pred) -> float:  # type: ignore[no-untyped-def]
        """Expected number of times per person a phase edge satisfying pred(u, v) is taken."""
        return float(sum(f for (u, v), f in zip(self.chain.edges, self.flow, strict=True) if pred(u, v)))
