"""The compiled model: the rule table turned into a fast step function.

`Engine` binds the rule data to a set of open-question decisions; `Engine.ruleset(day)`
gives the rules in force on a day as a `RuleSet` whose `step` and `successors` work on plain
situation tuples. The `transitions`-driven `Case` (case.py), the explorer (properties/), the
route graph and the diagrams all run from this one compilation of rules.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from verblijfsroutes.core.guards import GUARDS, GuardSpec, Predicate, fact_guards
from verblijfsroutes.core.patterns import matching, matching_mask, pattern_masks
from verblijfsroutes.core.ruledata import default_rule_data
from verblijfsroutes.spec.choices import check_choice
from verblijfsroutes.spec.derived import DerivedRule
from verblijfsroutes.spec.loader import RuleData
from verblijfsroutes.spec.rules import Rule
from verblijfsroutes.spec.vocabulary import Situation

FAR_PAST = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Reason:
    """Why a rule did not fire: what it required, and the rule's source."""

    rule: str
    requirement: str  # in English, worded as what the rule requires
    source: str
    section: str
    nl: str = ""  # the same requirement in Dutch

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" and self.nl else self.requirement

    def __str__(self) -> str:
        return f"{self.rule}: {self.requirement} ({self.source}; {self.section})"


class CompiledRule:
    """A rule with its pattern, guards and updates compiled to tuple positions."""

    __slots__ = ("rule", "checks", "guards", "updates")

    def __init__(self, rule: Rule, engine: Engine) -> None:
        self.rule = rule
        self.checks = tuple((engine.idx(t), frozenset(v)) for t, v in rule.from_.items())
        self.guards = tuple((g, engine.guard(g)) for g in rule.guards)
        self.updates = tuple(sorted((engine.idx(k), v) for k, v in rule.updates.items()))

    def enabled(self, s: Situation) -> bool:
        for i, allowed in self.checks:
            if s[i] not in allowed:
                return False
        for _, pred in self.guards:
            if not pred(s):
                return False
        return True

    def apply(self, s: Situation) -> Situation:
        out = list(s)
        for i, v in self.updates:
            out[i] = v
        return tuple(out)


@dataclass(frozen=True)
class Era:
    """A period in which the same rows are in force: [start, end)."""

    start: dt.date
    end: dt.date | None

    @property
    def label(self) -> str:
        end = self.end.isoformat() if self.end else "..."
        start = "..." if self.start == FAR_PAST else self.start.isoformat()
        return f"{start} - {end}"


class RuleSet:
    """The rules in force on one day, indexed by event, with first-match semantics."""

    def __init__(self, engine: Engine, day: dt.date) -> None:
        self.engine = engine
        self.day = day
        by_event: dict[str, list[CompiledRule]] = {e.id: [] for e in engine.vocab.events}
        for rule in engine.rules:
            if engine.in_force(rule, day):
                by_event[rule.event].append(engine.compiled(rule))
        self.by_event = {k: tuple(v) for k, v in by_event.items()}
        self.events = tuple(k for k, v in self.by_event.items() if v)
        self.rows = tuple(c for event in self.events for c in self.by_event[event])
        # per track and state: the rows it matches
        self.track_masks = pattern_masks(engine.vocab, [c.rule.from_ for c in self.rows])

    @cached_property
    def rules(self) -> tuple[CompiledRule, ...]:
        return tuple(c for rows in self.by_event.values() for c in rows)

    def step(self, s: Situation, event: str) -> tuple[CompiledRule, Situation] | None:
        """The first rule of `event` that is enabled in `s`, and the situation after it."""
        for c in self.by_event.get(event, ()):
            if c.enabled(s):
                return c, c.apply(s)
        return None

    def successors(self, s: Situation) -> Iterator[tuple[str, CompiledRule, Situation]]:
        """Every event that can happen in `s`, with the rule that fires and the result.

        The rules whose track pattern matches are found with one bitmask AND per track
        (bit k = k-th rule, rules grouped by event in table order); then, per event, the
        first of them whose guards hold fires."""
        mask = matching_mask(self.track_masks, s)
        rows = self.rows
        done = None
        while mask:
            low = mask & -mask
            c = rows[low.bit_length() - 1]
            mask ^= low
            event = c.rule.event
            if event == done:
                continue
            for _, pred in c.guards:
                if not pred(s):
                    break
            else:
                done = event
                yield event, c, c.apply(s)


class Engine:
    """The rule data bound to one decision per open question."""

    def __init__(self, data: RuleData | None = None, choices: Mapping[str, str] | None = None) -> None:
        self.data = data or default_rule_data()
        self.vocab = self.data.vocab
        active = {c.id: c.default for c in self.data.choices.values()}
        for qid, option in (choices or {}).items():
            check_choice(qid, option, self.data.choices)
            active[qid] = option
        self.choices = active
        self._index = {name: i for i, name in enumerate(self.vocab.fields)}
        self._guard_specs: dict[str, GuardSpec] = {**GUARDS, **fact_guards(self.vocab)}
        self._guards: dict[str, Predicate] = {}
        self._compiled: dict[str, CompiledRule] = {}
        self._rulesets: dict[int, RuleSet] = {}
        self._residence: dict[Situation, tuple[DerivedRule, ...]] = {}
        # results computed from this engine alone (rows, guards, derived rules), kept for
        # reuse within the process by the modules that compute them (e.g. the phase graph)
        self.memo: dict[Hashable, Any] = {}
        self.rules = tuple(r for r in self.data.rules if self.active(r.choice))
        self.derived = {k: [d for d in v if self.active(d.choice)] for k, v in self.data.derived.items()}
        # per kind of derived value: each row with its guards' predicates
        self._derived_preds = {
            k: [(d, tuple(self.guard(g) for g in d.guards)) for d in v] for k, v in self.derived.items()
        }
        # per kind of derived value: the rows whose `when` the track states match
        self._derived_masks = {
            k: pattern_masks(self.vocab, [d.when for d in v]) for k, v in self.derived.items()
        }

    # -- basics -------------------------------------------------------------------------
    def active(self, choice: tuple[str, str] | None) -> bool:
        return choice is None or self.choices.get(choice[0]) == choice[1]

    def idx(self, name: str) -> int:
        return self._index[name]

    def guard_spec(self, name: str) -> GuardSpec:
        return self._guard_specs[name]

    def guard(self, name: str) -> Predicate:
        if name not in self._guards:
            self._guards[name] = self._guard_specs[name].factory(self)
        return self._guards[name]

    def compiled(self, rule: Rule) -> CompiledRule:
        if rule.id not in self._compiled:
            self._compiled[rule.id] = CompiledRule(rule, self)
        return self._compiled[rule.id]

    def initial(self, facts: Mapping[str, bool] | None = None) -> Situation:
        return self.vocab.initial(dict(facts or {}))

    # -- dates --------------------------------------------------------------------------
    def change_date(self, change_id: str) -> dt.date:
        return self.data.changes[change_id].date.start

    def in_force(self, rule: Rule, day: dt.date) -> bool:
        if rule.valid_from and day < self.change_date(rule.valid_from):
            return False
        if rule.valid_until and day >= self.change_date(rule.valid_until):
            return False
        return True

    @cached_property
    def eras(self) -> tuple[Era, ...]:
        """The periods between rule changes that affect an active row, oldest first."""
        starts: dict[dt.date, list[str]] = {}
        for rule in self.rules:
            for cid in (rule.valid_from, rule.valid_until):
                if cid:
                    starts.setdefault(self.change_date(cid), []).append(cid)
        days = sorted(starts)
        bounds = [FAR_PAST] + days
        eras = []
        for i, start in enumerate(bounds):
            end = bounds[i + 1] if i + 1 < len(bounds) else None
            eras.append(Era(start, end))
        return tuple(eras)

    def era_of(self, day: dt.date) -> int:
        for i, era in enumerate(self.eras):
            if era.start <= day and (era.end is None or day < era.end):
                return i
        raise AssertionError(day)

    def ruleset(self, day: dt.date) -> RuleSet:
        """The rules in force on `day` (one RuleSet per era, built once)."""
        i = self.era_of(day)
        if i not in self._rulesets:
            self._rulesets[i] = RuleSet(self, max(day, self.eras[i].start))
        return self._rulesets[i]

    # -- derived values -----------------------------------------------------------------
    def _holding(self, kind: str, s: Situation) -> Iterator[DerivedRule]:
        """The derived rows of `kind` whose `when` and guards hold in `s`, in file order."""
        rows = self._derived_preds[kind]
        for k in matching(self._derived_masks[kind], s):
            d, preds = rows[k]
            if all(p(s) for p in preds):
                yield d

    def residence(self, s: Situation) -> tuple[DerivedRule, ...]:
        """Every legal basis on which she resides lawfully in `s` (empty: no lawful stay)."""
        found = self._residence.get(s)
        if found is None:
            found = self._residence[s] = tuple(self._holding("verblijfsgronden", s))
        return found

    def provisions(self, s: Situation) -> DerivedRule:
        for d in self._holding("voorzieningen", s):
            return d
        raise AssertionError("voorzieningen needs a catch-all last row")

    def outcome(self, s: Situation) -> DerivedRule | None:
        """The terminal outcome `s` represents, if any (B9, asylum permit, left, ...)."""
        return next(self._holding("uitkomsten", s), None)

    # -- refusals -----------------------------------------------------------------------
    def explain(self, s: Situation, event: str, day: dt.date) -> list[Reason]:
        reasons: list[Reason] = []
        rows = [r for r in self.rules if r.event == event]
        if not rows:
            return [Reason("-", f"event {event!r} has no rule under the active decisions", "-", "-")]
        for rule in rows:
            reason = self._first_unmet(rule, s, day)
            if reason:
                reasons.append(reason)
        return reasons

    def _first_unmet(self, rule: Rule, s: Situation, day: dt.date) -> Reason | None:
        """The first part of `rule` that `s` on `day` does not meet, worded as what the rule
        requires (in English and Dutch)."""

        def r(en: str, nl: str) -> Reason:
            return Reason(rule.id, en, rule.source, rule.section, nl)

        if rule.valid_from and day < self.change_date(rule.valid_from):
            ch = self.data.changes[rule.valid_from]
            return r(
                f"in force only from {ch.date.text} ({ch.en})", f"geldt pas vanaf {ch.date.text} ({ch.nl})"
            )
        if rule.valid_until and day >= self.change_date(rule.valid_until):
            ch = self.data.changes[rule.valid_until]
            return r(
                f"in force only before {ch.date.text} ({ch.en})",
                f"geldt alleen vóór {ch.date.text} ({ch.nl})",
            )
        vocab = self.vocab
        for track, allowed in rule.from_.items():
            value = s[self.idx(track)]
            if value not in allowed:
                tr = vocab.track(track)
                want = {
                    lang: ", ".join(vocab.state_label(track, a, lang) for a in allowed)
                    for lang in ("nl", "en")
                }
                now = {lang: vocab.state_label(track, value, lang) for lang in ("nl", "en")}
                return r(
                    f"requires {tr.en}: {want['en']} (now: {now['en']})",
                    f"vereist {tr.nl}: {want['nl']} (nu: {now['nl']})",
                )
        for g in rule.guards:
            if not self.guard(g)(s):
                spec = self.guard_spec(g)
                return r(f"requires: {spec.text('en')} ({g})", f"vereist: {spec.text('nl')} ({g})")
        return None
