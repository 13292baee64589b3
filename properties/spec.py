"""The shape of a property: a named claim with its statement, legal source and predicate.

A property is one of four kinds, checked in this order (a spec reads top-down):

- ``table``: a claim about the rule data itself (every row has a source);
- ``graph``: a claim about everything the exploration reached (every state reachable, no
  traps, every outcome reachable, no nondeterminism);
- ``invariant``: a predicate over one situation, true in every reachable situation;
- ``step``: a predicate over one step ``(s, event, rule, s2)``, true for every reachable step.

Facts the explorer has not needed yet are ``None`` ("either value"). A predicate must hold
for every value an unknown fact could take: write requirements with `Ctx.surely` ("known
true") and prohibitions with `Ctx.maybe` ("true or unknown").
Dated properties name a change id of changes.yaml (`since` / `until`); the date is read from
there, never written in code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from verblijfsroutes.core.engine import Engine, Era
from verblijfsroutes.properties.results import Exploration
from verblijfsroutes.spec.i18n import pick
from verblijfsroutes.spec.rules import Rule
from verblijfsroutes.spec.vocabulary import Situation

KINDS = ("table", "graph", "invariant", "step")


class Ctx:
    """What a predicate may look at: the engine, the era being checked, fast field access."""

    def __init__(self, engine: Engine, era: Era) -> None:
        self.engine = engine
        self.era = era
        self.day: dt.date = era.start
        self.ruleset = engine.ruleset(era.start)
        self.i = {name: k for k, name in enumerate(engine.vocab.fields)}
        self.nt = len(engine.vocab.tracks)
        # a derived value depends on the tracks alone unless one of its rows reads a fact:
        # then it is cached per combination of track states (None: not cached)
        self._derived: dict[str, dict[tuple[Any, ...], Any] | None] = {
            name: None
            if any(engine.guard_spec(g).reads for d in engine.derived[name] for g in d.guards)
            else {}
            for name in ("verblijfsgronden", "voorzieningen")
        }

    def _by_tracks(self, name: str, compute: Any, s: Situation) -> Any:
        cache = self._derived[name]
        if cache is None:
            return compute(s)
        key = s[: self.nt]
        found = cache.get(key)
        if found is None:
            found = cache[key] = compute(s)
        return found

    def get(self, s: Situation, name: str) -> Any:
        """The value of a track or fact (None: a fact not yet determined)."""
        return s[self.i[name]]

    def surely(self, s: Situation, fact: str) -> bool:
        """The fact is known to be true."""
        return s[self.i[fact]] is True

    def maybe(self, s: Situation, fact: str) -> bool:
        """The fact is true or not yet determined (could be true)."""
        return s[self.i[fact]] is not False

    def residence(self, s: Situation) -> tuple[Any, ...]:
        """The bases of her lawful residence in `s` (derived.yaml, verblijfsgronden)."""
        return self._by_tracks("verblijfsgronden", self.engine.residence, s)  # type: ignore[no-any-return]

    def provisions(self, s: Situation) -> Any:
        """The housing and provisions she has in `s` (derived.yaml, voorzieningen)."""
        return self._by_tracks("voorzieningen", self.engine.provisions, s)

    def holds_b8(self, s: Situation) -> bool:
        """She holds a B8 (also while it continues during a B9 application or objection),
        as derived.yaml defines it (kind b8)."""
        return any(b.kind == "b8" for b in self.residence(s))

    def lawful(self, s: Situation) -> bool:
        """She resides lawfully on some basis (derived.yaml, verblijfsgronden)."""
        return bool(self.residence(s))

    def enabled(self, s: Situation, event: str) -> bool:
        """`event` can happen in `s` on the day being checked."""
        return self.ruleset.step(s, event) is not None

    def since(self, change_id: str) -> bool:
        """The era being checked lies on or after the dated change `change_id`."""
        return self.day >= self.engine.change_date(change_id)


@dataclass(frozen=True)
class Finding:
    """A counterexample: what is wrong and, when there is one, the shortest trace to it."""

    message: str
    trace: tuple[Any, ...] | None = None  # explorer.TraceStep items, start first
    era: Era | None = None
    step: tuple[str, str] | None = None  # the violating step (event, rule id) after the trace
    nl: str = ""  # the message in Dutch

    def text(self, lang: str) -> str:
        return pick(self.nl or self.message, self.message, lang)


@dataclass(frozen=True)
class Property:
    """A named claim: statement in plain words, its source and report §, and its check."""

    name: str
    kind: str
    statement: str
    source: str
    section: str
    check: Callable[..., Any]
    reads: tuple[str, ...] = ()  # facts the predicate looks at (kept by the explorer)
    where: dict[str, tuple[str, ...]] = field(default_factory=dict)  # invariant prefilter
    rules: Callable[[Rule], bool] | None = None  # step prefilter: the rows it is about
    choice: tuple[str, str] | None = None  # only meaningful under this decision
    since: str | None = None  # change id: applies on and after its date
    until: str | None = None  # change id: applies before its date
    needs_all_eras: bool = False  # a claim over "some era" (graph kinds)

    def applies(self, engine: Engine, era: Era) -> bool:
        """Whether the property is to be checked in `era` under the engine's decisions."""
        if self.since and era.start < engine.change_date(self.since):
            return False
        if self.until and era.start >= engine.change_date(self.until):
            return False
        return True

    def not_applicable(self, engine: Engine) -> str | None:
        """Why the property does not apply under the engine's decisions, if it does not."""
        if self.choice and engine.choices.get(self.choice[0]) != self.choice[1]:
            return f"only under {self.choice[0]}={self.choice[1]}"
        return None

    @property
    def doc(self) -> str:
        return f"{self.statement} ({self.source}; {self.section})"

    def text(self, lang: str) -> str:
        """The statement in `lang` (Dutch from the docstring's "NL:" paragraph)."""
        return pick(statement_nl(self.check) or self.statement, self.statement, lang)


REGISTRY: list[Property] = []


def _register(prop: Property) -> Property:
    if any(p.name == prop.name for p in REGISTRY):
        raise ValueError(f"duplicate property {prop.name}")
    REGISTRY.append(prop)
    return prop


def _statement(fn: Callable[..., Any]) -> str:
    """The English statement: the docstring before its Dutch paragraph ("NL: ...")."""
    return " ".join((fn.__doc__ or "").split("NL:")[0].split())


def statement_nl(fn: Callable[..., Any]) -> str:
    """The Dutch statement: the docstring's paragraph after "NL:" (every property has one)."""
    parts = (fn.__doc__ or "").split("NL:")
    return " ".join(parts[1].split()) if len(parts) > 1 else ""


def table(source: str, section: str) -> Callable[[Callable[[Engine], list[Finding]]], Property]:
    """Declare a claim about the rule data: `fn(engine)` returns its findings."""

    def make(fn: Callable[[Engine], list[Finding]]) -> Property:
        return _register(Property(fn.__name__, "table", _statement(fn), source, section, fn))

    return make


def graph(
    source: str, section: str, needs_all_eras: bool = False
) -> Callable[[Callable[[Exploration], list[Finding]]], Property]:
    """Declare a claim about the whole exploration: `fn(exploration)` returns its findings."""

    def make(fn: Callable[[Exploration], list[Finding]]) -> Property:
        return _register(
            Property(fn.__name__, "graph", _statement(fn), source, section, fn, needs_all_eras=needs_all_eras)
        )

    return make


def invariant(
    source: str,
    section: str,
    *,
    where: dict[str, tuple[str, ...]] | None = None,
    reads: tuple[str, ...] = (),
    choice: tuple[str, str] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Callable[[Callable[[Ctx, Situation], bool]], Property]:
    """Declare an invariant: `fn(ctx, s)` is true in every reachable situation matching `where`."""

    def make(fn: Callable[[Ctx, Situation], bool]) -> Property:
        return _register(
            Property(
                fn.__name__,
                "invariant",
                _statement(fn),
                source,
                section,
                fn,
                reads,
                dict(where or {}),
                None,
                choice,
                since,
                until,
            )
        )

    return make


def step(
    source: str,
    section: str,
    *,
    rules: Callable[[Rule], bool],
    reads: tuple[str, ...] = (),
    choice: tuple[str, str] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Callable[[Callable[[Ctx, Situation, str, Rule, Situation], bool]], Property]:
    """Declare a step property: `fn(ctx, s, event, rule, s2)` holds for every reachable step
    by a row for which `rules(row)` is true (a static prefilter that keeps checking fast)."""

    def make(fn: Callable[[Ctx, Situation, str, Rule, Situation], bool]) -> Property:
        return _register(
            Property(
                fn.__name__,
                "step",
                _statement(fn),
                source,
                section,
                fn,
                reads,
                {},
                rules,
                choice,
                since,
                until,
            )
        )

    return make
