"""What an exhaustive exploration finds: traces (shortest counterexamples), per-era results and
the exploration of several eras, as plain data the check judges and the report tells.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from verblijfsroutes.core.engine import Engine, Era
from verblijfsroutes.spec.vocabulary import Situation

Refinement = tuple[tuple[str, bool], ...]
Parent = tuple[Any, str | None, str | None, Refinement]  # (previous, event, rule id, refinement)


@dataclass(frozen=True)
class TraceStep:
    """One step of a trace: the event and row that fired (None for the start), the facts
    determined on the way, and the resulting situation."""

    event: str | None
    rule: str | None
    refinement: Refinement
    situation: Situation


Trace = tuple[TraceStep, ...]


@dataclass
class Violation:
    """A property's shortest counterexample in one era."""

    prop: str
    message: str
    trace: Trace
    step: tuple[str, str] | None = None  # the violating step (event, rule id), after the trace


@dataclass
class EraResult:
    """What exploring one era found."""

    era: Era
    situations: int = 0
    steps: int = 0
    seconds: float = 0.0
    rule_hits: Counter[str] = field(default_factory=Counter)
    reached: set[tuple[str, str]] = field(default_factory=set)
    outcomes: set[str] = field(default_factory=set)
    traps: list[Trace] = field(default_factory=list)
    trap_count: int = 0
    nondeterminism: list[tuple[Trace, str, tuple[str, ...]]] = field(default_factory=list)
    nondeterminism_count: int = 0
    violations: dict[str, Violation] = field(default_factory=dict)
    violation_counts: Counter[str] = field(default_factory=Counter)
    violating_rows: dict[str, Counter[str]] = field(default_factory=dict)  # step property -> rows
    skipped: set[str] = field(default_factory=set)  # properties not applying in this era


@dataclass
class Exploration:
    """The results of exploring some eras of one engine."""

    engine: Engine
    results: list[EraResult]
    all_eras: bool

    @property
    def situations(self) -> int:
        return sum(r.situations for r in self.results)

    @property
    def steps(self) -> int:
        return sum(r.steps for r in self.results)
