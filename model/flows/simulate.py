"""A dated cohort simulation on the chain, mirroring the report's selection (Bijlage 3, §3).

People enter the chain over the years (yearly entries from FIRST_YEAR, so a stock is already
under way when the data start in 2013), scaled so the 2013-2017 selection has A8's 1,831
people. Each person walks the chain (its transitions drawn vectorised with numpy, seeded);
each phase takes an assumed duration (flows.yaml `durations`). A person counts in a
selection of years when her use of the regulation (from entering a regulation phase to
leaving the last running one) overlaps those years; her asylum application is seen only
inside the data years (2013-2017), so Route 1 begun before 2013 and asylum after 2017 look
like "regulation only", as in the report. Shares come with 95% intervals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import yaml
from verblijfsroutes.flows.chain import Chain
from verblijfsroutes.flows.params import AFRICAN_SHARE, SPEC_FILE, Values
from verblijfsroutes.flows.population import AFRICAN, ALSO_ASYLUM, OTHER, POPULATION
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.routes.classes import CLASS_IDS
from verblijfsroutes.spec.errors import DataError, UsageError

FIRST_YEAR = 2009  # entries start here: people already under way in 2013 form the stock
DATA = (2013.0, 2018.0)  # the report's data: 2013 up to the end of 2017
Z = 1.96


def durations(path=SPEC_FILE) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    """Per phase key, (mean, minimum) in months."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")).get("durations") or {}
    out = {}
    for k, row in raw.items():
        if not row.get("assumption") or row["mean"] < row["minimum"] or row["minimum"] < 0:
            raise DataError(str(path), f"durations.{k}", "needs mean >= minimum >= 0 and an assumption")
        out[k] = (float(row["mean"]), float(row["minimum"]))
    if "overig" not in out:
        raise DataError(str(path), "durations.overig", "the fallback duration is missing")
    return out


def _state_duration(node: str, table: dict[str, tuple[float, float]]) -> tuple[float, float]:
    reg, asiel = ph.split(node)
    if reg in ph.RUNNING_REGELING and reg in table:
        return table[reg]
    if asiel in table:
        return table[asiel]
    return table["overig"]


@dataclass
class Cohort:
    """Per simulated person: subgroup, class seen, times (years) of her regulation use."""

    african: np.ndarray
    cls: np.ndarray  # index into CLASS_IDS (+ "geen") as seen in the data
    true_cls: np.ndarray  # as the chain ends, uncensored
    reg_start: np.ndarray
    reg_end: np.ndarray
    scale: float  # simulated people per report person

    def select(self, first: int, last: int, group: str | None = None) -> np.ndarray:
        """Who counts in the selection of years first..last (her regulation use overlaps them)."""
        m = (self.reg_start < last + 1) & (self.reg_end >= first) & np.isfinite(self.reg_start)
        if group == AFRICAN:
            m &= self.african
        elif group == OTHER:
            m &= ~self.african
        return m

    def shares(
        self, first: int, last: int, group: str | None = None, seen: bool = True, z: float = Z
    ) -> dict[str, tuple[float, float, float]]:
        """Per class, (share, low, high) of the interval (z = 1.96: 95%), in a selection."""
        m = self.select(first, last, group)
        cls = (self.cls if seen else self.true_cls)[m]
        n = len(cls)
        out = {}
        names = [*CLASS_IDS, "geen"]
        counts = np.bincount(cls, minlength=len(names))
        for i, c in enumerate(names):
            if c not in POPULATION:
                continue
            p = counts[i] / n if n else 0.0
            half = z * np.sqrt(p * (1 - p) / n) if n else 0.0
            out[c] = (p, p - half, p + half)
        return out

    def size(self, first: int, last: int) -> float:
        return float(self.select(first, last).sum()) / self.scale


def simulate(
    chain: Chain,
    values: Values,
    people: int,
    seed: int = 2020,
    censor: bool = True,
    table: dict[str, tuple[float, float]] | None = None,
) -> Cohort:
    """Simulate `people` entrants (seeded). With censor=False every asylum application is seen."""
    rng = np.random.default_rng(seed)
    table = table or durations()
    n = len(chain.states)
    names = [*CLASS_IDS, "geen"]
    pos = {c: i for i, c in enumerate(names)}
    african = rng.random(people) < values[AFRICAN_SHARE][AFRICAN]
    # per subgroup, transitions sorted by source state: targets (absorbing a -> n + a), cumulative keys
    qi, qj, qe = chain.q
    ri, ra, re = chain.r
    src = np.concatenate([qi, ri])
    dst = np.concatenate([qj, n + ra])
    edge = np.concatenate([qe, re])
    order = np.argsort(src, kind="stable")
    src, dst, edge = src[order], dst[order], edge[order]
    keys = {}
    for g in (AFRICAN, OTHER):
        p = chain.edge_probs(values, g)[edge]
        cum = np.zeros_like(p)
        for s0, s1 in _blocks(src):
            c = np.cumsum(p[s0:s1])
            cum[s0:s1] = c / c[-1] if c[-1] > 0 else 1.0
        keys[g] = src + cum
    means, mins = np.array([_state_duration(s[0], table) for s in chain.states]).T
    reg_state = np.array([ph.split(s[0])[0] not in ("", ph.NONE) for s in chain.states])
    running = np.array([ph.split(s[0])[0] in ph.RUNNING_REGELING for s in chain.states])
    asylum_state = np.array([ph.split(s[0])[1] == "aanvraag" for s in chain.states])
    exit_cls = np.array([pos.get(x.cls, pos["geen"]) for x in chain.exits])

    t = FIRST_YEAR + rng.random(people) * (DATA[1] - FIRST_YEAR)  # entry times, uniform over the years
    state = np.zeros(people, dtype=np.int64)
    reg_start = np.full(people, np.inf)
    reg_end = np.full(people, -np.inf)
    asylum_times_ok = np.zeros(people, dtype=bool)  # an asylum application seen in the data years
    asylum_any = np.zeros(people, dtype=bool)
    final = np.full(people, pos["geen"])
    active = np.arange(people)
    while active.size:
        s = state[active]
        dur = (mins[s] + rng.exponential(np.maximum(means[s] - mins[s], 1e-9))) / 12.0
        start = t[active]
        in_reg = reg_state[s]
        reg_start[active] = np.where(in_reg, np.minimum(reg_start[active], start), reg_start[active])
        reg_end[active] = np.where(running[s], np.maximum(reg_end[active], start + dur), reg_end[active])
        asy = asylum_state[s]
        asylum_any[active] |= asy
        asylum_times_ok[active] |= asy & (start >= DATA[0]) & (start < DATA[1])
        t[active] = start + dur
        g_keys = np.where(african[active], 1, 0)
        u = rng.random(active.size)
        nxt = np.empty(active.size, dtype=np.int64)
        for flag, g in ((1, AFRICAN), (0, OTHER)):
            m = g_keys == flag
            idx = np.searchsorted(keys[g], s[m] + u[m], side="left")
            idx = np.minimum(idx, len(dst) - 1)
            nxt[m] = dst[idx]
        done = nxt >= n
        final[active[done]] = exit_cls[nxt[done] - n]
        state[active[~done]] = nxt[~done]
        active = active[~done]
    reg_end = np.maximum(reg_end, reg_start)
    true_cls = final.copy()
    seen = final.copy()
    if censor:
        also = np.isin(final, [pos[c] for c in ALSO_ASYLUM])
        hidden = also & ~asylum_times_ok
        seen[hidden] = pos["alleen_regeling"]
    # scale: simulated people per report person, on the 2013-2017 selection (A8: 1,831)
    sel = (reg_start < DATA[1]) & (reg_end >= DATA[0]) & np.isin(seen, [pos[c] for c in POPULATION])
    scale = float(sel.sum()) / 1831 if sel.any() else 1.0
    seen[~np.isin(seen, [pos[c] for c in POPULATION])] = pos["geen"]
    return Cohort(
        african,
        seen,
        true_cls,
        np.where(np.isin(seen, [pos[c] for c in POPULATION]), reg_start, np.inf),
        reg_end,
        scale,
    )


def _blocks(src: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of equal source states in a sorted array."""
    cuts = np.flatnonzero(np.diff(src)) + 1
    starts = np.concatenate([[0], cuts])
    ends = np.concatenate([cuts, [len(src)]])
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def parse_years(text: str) -> tuple[int, int]:
    """--years FIRST-LAST: a selection of years within the data (2009 for the stock)."""
    try:
        a, b = (int(x) for x in text.split("-"))
    except ValueError:
        raise UsageError(f"--years {text!r}: write FIRST-LAST, e.g. 2013-2017") from None
    if not 2009 <= a <= b <= 2017:
        raise UsageError(f"--years {text!r}: years within the report's data 2013-2017 (2009 for the stock)")
    return a, b
