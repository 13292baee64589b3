"""Timed properties: claims that need real dates, checked on dated case histories.

The exhaustive check treats time abstractly (the end of a term is an event), so these claims
are checked on the steps of a `TimedCase` instead (tests/test_timed_properties.py generates
dated histories with Hypothesis). Each claim computes the dates it needs on its own: the
calendar arithmetic and the holidays of the Algemene termijnenwet are written out again here,
independent of terms.yaml, clocks.py and spec/atw.py, so the checker does not share a mistake
with the implementation it checks.

- `geen_verblijf_uit_te_laat_rechtsmiddel`: an objection or appeal is accepted only within
  four weeks of the decision it contests (art. 69 lid 1 Vw), the last day moved to the next
  working day by the Atw; later only when its lateness is excused (art. 6:11 Awb).
- `geen_bedenktijd_na_maximum`: no bedenktijd and no COSM housing after three months from
  its start (B8/3 ad 1 Vc, §2.1.1: "maximaal drie maanden").
- `verloop_op_einddatum`: every expiry the case's clocks make happen falls on the last day of
  its term: bedenktijd (3 months; 30 days for a Dublin claimant whose bedenktijd started after
  18 May 2023, B8/3.1 Vc as changed by WBV 2023/11), B8 (a year from the grant, a year more per extension),
  three years on a B8, and the remedy terms (4 weeks, Atw).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from verblijfsroutes.case.timed import TimedStep
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.spec.vocabulary import Situation

DECISIONS = (
    "b8_geweigerd",
    "b8_ingetrokken",
    "b9_afgewezen",
    "b9_afgewezen_zonder_b8",
)  # regulation decisions one objects to
FILINGS = {  # remedy event -> (track, state) whose entry is the decision it contests
    "bezwaar_maken": ("regeling", DECISIONS),
    "beroep_instellen": ("rechtsmiddel", ("bezwaar_ongegrond",)),
    "hoger_beroep_instellen": ("rechtsmiddel", ("beroep_ongegrond",)),
}
# WBV 2023/11: "aan wie bedenktijd is verleend na 18 mei 2023 ... een bedenktijd van dertig dagen"
DUBLIN_THIRTY_DAYS_AFTER = dt.date(2023, 5, 18)
TIMED_CLAIMS = (
    "geen_verblijf_uit_te_laat_rechtsmiddel",
    "geen_bedenktijd_na_maximum",
    "verloop_op_einddatum",
)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _easter(year: int) -> dt.date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    h = (19 * a + b - d - (8 * b + 13) // 25 + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def atw_holiday(day: dt.date) -> bool:
    """A generally recognised holiday as art. 3 lid 1 Atw lists them."""
    y = day.year
    e = _easter(y)
    birthday = dt.date(y, 4, 27) if y >= 2014 else dt.date(y, 4, 30)
    if birthday.weekday() == 6:
        birthday -= dt.timedelta(days=1)
    named = {dt.date(y, 1, 1), dt.date(y, 5, 5), dt.date(y, 12, 25), dt.date(y, 12, 26), birthday}
    named |= {e + dt.timedelta(days=n) for n in (1, 39, 50)}
    return day in named


def atw_last_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5 or atw_holiday(day):
        day += dt.timedelta(days=1)
    return day


def _entered(
    steps: list[TimedStep], engine: Engine, upto: int, track: str, states: Iterable[str]
) -> dt.date | None:
    """The day of the last step before `upto` that moved `track` into one of `states`."""
    i = engine.idx(track)
    wanted = set(states)
    for ts in reversed(steps[:upto]):
        if ts.outcome.accepted and ts.after[i] in wanted and ts.before[i] != ts.after[i]:
            return ts.day
    return None


def violations(
    steps: list[TimedStep], engine: Engine, final: tuple[dt.date, Situation] | None = None
) -> list[str]:
    """Every timed claim the dated history `steps` breaks, one line each; `final` is the day
    the case is evaluated on and its situation then (after the last step)."""
    out: list[str] = []
    r, h = engine.idx("regeling"), engine.idx("huisvesting")
    bedenktijd_start: dt.date | None = None
    for n, ts in enumerate(steps):
        if not ts.outcome.accepted:
            continue
        if ts.before[r] != "bedenktijd" and ts.after[r] == "bedenktijd":
            bedenktijd_start = ts.day
        # geen_bedenktijd_na_maximum
        if bedenktijd_start is not None and ts.day > add_months(bedenktijd_start, 3):
            if ts.after[r] == "bedenktijd" or ts.after[h] == "cosm":
                out.append(
                    f"geen_bedenktijd_na_maximum: step {n} ({ts.event}, {ts.day}) is in bedenktijd/COSM "
                    f"after {add_months(bedenktijd_start, 3)}"
                )
        # geen_verblijf_uit_te_laat_rechtsmiddel
        if ts.event in FILINGS and not ts.excused:
            track, states = FILINGS[ts.event]
            decided = _entered(steps, engine, n, track, states)
            if decided is not None and ts.day > atw_last_day(decided + dt.timedelta(weeks=4)):
                out.append(
                    f"geen_verblijf_uit_te_laat_rechtsmiddel: {ts.event} on {ts.day} accepted, the term of "
                    f"the decision of {decided} ended {atw_last_day(decided + dt.timedelta(weeks=4))}"
                )
        # verloop_op_einddatum
        if ts.automatic:
            expected = _expected_end(steps, engine, n, ts)
            if expected is not None and expected != ts.day:
                out.append(f"verloop_op_einddatum: {ts.event} happened on {ts.day}, its term ends {expected}")
    if final is not None and bedenktijd_start is not None:
        day, s = final
        if day > add_months(bedenktijd_start, 3) and (s[r] == "bedenktijd" or s[h] == "cosm"):
            out.append(
                f"geen_bedenktijd_na_maximum: on {day} still in bedenktijd/COSM (started {bedenktijd_start})"
            )
    return out


def _expected_end(steps: list[TimedStep], engine: Engine, n: int, ts: TimedStep) -> dt.date | None:
    """The last day of the term an automatic expiry ends, computed from the history alone."""
    if ts.event == "bedenktijd_verstreken":
        start = _entered(steps, engine, n, "regeling", ("bedenktijd",))
        if start is None:
            return None
        if start > DUBLIN_THIRTY_DAYS_AFTER and ts.before[engine.idx("dublinclaim")]:
            return start + dt.timedelta(days=30)
        return add_months(start, 3)
    if ts.event == "b8_verloopt":
        # a B8 granted again after a beklag (Q7) is a new permit: a year from that day
        grants = ("b8_verlenen", "ambtshalve_b8_verlenen", "b8_schrijnend_verlenen", "b8_opnieuw_verlenen")
        last = max(
            (k for k in range(n) if steps[k].event in grants and steps[k].outcome.accepted), default=None
        )
        if last is None:
            return None
        years = 1 + sum(
            1 for k in range(last, n) if steps[k].event == "b8_verlengen" and steps[k].outcome.accepted
        )
        return add_months(steps[last].day, 12 * years)
    if ts.event == "drie_jaar_b8_verstreken":
        # uninterrupted: counted from the first B8 since it last lapsed or was granted again
        r = engine.idx("regeling")
        done = [k for k in range(n) if steps[k].outcome.accepted]
        broke = max(
            (
                k
                for k in done
                if steps[k].after[r] == "b8_verlopen" or steps[k].event == "b8_opnieuw_verlenen"
            ),
            default=-1,
        )
        first = next(
            (
                steps[k].day
                for k in done
                if k >= broke and steps[k].after[r] == "b8" and steps[k].before[r] != "b8"
            ),
            None,
        )
        return add_months(first, 36) if first else None
    if ts.event == "rechtsmiddeltermijn_verstreken":
        m = engine.idx("rechtsmiddel")
        if ts.before[m] == "geen":
            decided = _entered(steps, engine, n, "regeling", DECISIONS)
        else:
            decided = _entered(steps, engine, n, "rechtsmiddel", (ts.before[m],))
        return atw_last_day(decided + dt.timedelta(weeks=4)) if decided else None
    return None
