"""Route classes: the report's classes of routes (§3, Figure 2) and the classifier that names a route.

A route is a path through the Figure-1 phases (phases.py) ending in a terminal outcome; `classify` runs a
small automaton over its phases and returns the report's class. `NO_ROUTE` is the class of a case
that has not yet entered any procedure.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.routes import phases as ph
from verblijfsroutes.spec.i18n import Labelled
from verblijfsroutes.spec.vocabulary import Situation

OUTCOME = "uitkomst:"  # prefix of the terminal outcome nodes


@dataclass(frozen=True)
class RouteClass(Labelled):
    """A route class of the report, with its definition and §."""

    id: str
    nl: str
    en: str
    definition: str  # in English
    section: str
    definition_nl: str = ""

    def describe(self, lang: str) -> str:
        """The definition in `lang`."""
        return self.definition_nl if lang == "nl" and self.definition_nl else self.definition


CLASSES: tuple[RouteClass, ...] = (
    RouteClass(
        "route_1_overlap",
        "Route 1 met overlap",
        "Route 1 with overlap",
        "asylum first, then the regulation; aangifte/B8 while the asylum application runs",
        "§3, §3.1 (8.8%), Figuur 2",
        definition_nl="eerst asiel, dan de regeling; aangifte/B8 terwijl de asielaanvraag loopt",
    ),
    RouteClass(
        "route_1",
        "Route 1 zonder overlap",
        "Route 1 without overlap",
        "asylum first, then the regulation after the asylum procedure",
        "§3, §3.1, Figuur 2",
        definition_nl="eerst asiel, dan de regeling na de asielprocedure",
    ),
    RouteClass(
        "route_2",
        "Route 2",
        "Route 2",
        "regulation first; asylum after obtaining the B8, without a B9 application",
        "§3, §4.4, Figuur 2",
        definition_nl="eerst de regeling; asiel na het verkrijgen van de B8, zonder B9-aanvraag",
    ),
    RouteClass(
        "route_3",
        "Route 3",
        "Route 3",
        "regulation first; B9 applied for and refused, then asylum",
        "§3, §4.5, Figuur 2",
        definition_nl="eerst de regeling; B9 aangevraagd en afgewezen, dan asiel",
    ),
    RouteClass(
        "parallel_b9_asiel",
        "B9-aanvraag parallel met asiel",
        "B9 application parallel to asylum",
        "regulation first; asylum applied for while the B9 application runs",
        "§2.3, §4.6.2",
        definition_nl="eerst de regeling; asiel aangevraagd terwijl de B9-aanvraag loopt",
    ),
    RouteClass(
        "alleen_regeling",
        "alleen verblijfsregeling",
        "regulation only",
        "the regulation (bedenktijd, B8 and/or B9), never asylum",
        "§3.1 (67%)",
        definition_nl="de regeling (bedenktijd, B8 en/of B9), nooit asiel",
    ),
    RouteClass(
        "alleen_asiel",
        "alleen asiel",
        "asylum only",
        "the asylum procedure, never the regulation (the 'invisible' group)",
        "§3",
        definition_nl="de asielprocedure, nooit de regeling (de 'onzichtbare' groep)",
    ),
    RouteClass(
        "vertrek_bedenktijd",
        "vertrek tijdens bedenktijd",
        "leaving during bedenktijd",
        "she leaves the Netherlands during the bedenktijd",
        "§3",
        definition_nl="zij verlaat Nederland tijdens de bedenktijd",
    ),
    RouteClass(
        "asiel_na_bedenktijd",
        "asiel tijdens of na bedenktijd",
        "asylum during or after bedenktijd",
        "regulation first; asylum before she ever held a B8 (during/after bedenktijd, "
        "after aangifte or a B8 refusal)",
        "§2.3",
        definition_nl="eerst de regeling; asiel voordat zij ooit een B8 had (tijdens/na bedenktijd, na aangifte of na een B8-weigering)",
    ),
)
CLASS_IDS = tuple(c.id for c in CLASSES)


@dataclass(frozen=True)
class Route:
    """A simple path from the start phase to a terminal outcome, with its class."""

    cls: str
    nodes: tuple[str, ...]  # phase nodes, the last one an outcome node
    overlap: bool  # asylum ran while she had made aangifte or held a B8

    @property
    def outcome(self) -> str:
        return self.nodes[-1][len(OUTCOME) :]


# ---- the classifier: a small automaton over the phases of a route (§3, Figure 2)
# state = (class decided or "", first procedure "" | "reg" | "asiel", held a B8, B9 refused)
State = tuple[str, str, bool, bool]
INITIAL: State = ("", "", False, False)


def step(state: State, prev: str, node: str) -> State:
    """The classifier state after moving from phase `prev` to phase `node`.

    First use of each procedure decides the order (§3.1: "voorafgaand" / "na"). Route 1
    overlaps when she enters the regulation while her asylum application runs (§3.1). For
    regulation-first routes the regulation phase at the asylum application decides: B9
    application -> parallel B9 + asylum (§2.3, §4.6.2), after a B9 refusal -> Route 3, after
    holding a B8 -> Route 2, else asylum during/after bedenktijd (§2.3). Leaving during
    bedenktijd overrides every other class (§3)."""
    decided, first, held_b8, b9_refused = state
    if node.startswith(OUTCOME):
        if decided:
            return state
        cls = {"reg": "alleen_regeling", "asiel": "alleen_asiel"}.get(first, "geen")
        return (cls, first, held_b8, b9_refused)
    if node == ph.LEFT and ph.split(prev)[0] == "bedenktijd":
        return ("vertrek_bedenktijd", first, held_b8, b9_refused)
    if decided:
        return state
    reg, asiel = ph.split(node)
    uses_reg = reg not in ("", ph.NONE)
    uses_asiel = asiel not in ("", ph.NONE)
    if first == "" and uses_asiel:
        first = "asiel"
    if first == "asiel" and uses_reg:
        decided = "route_1_overlap" if asiel == "aanvraag" else "route_1"
    elif first in ("", "reg") and uses_reg and not uses_asiel:
        first = "reg"
        held_b8 = held_b8 or reg in ph.AFTER_B8_PHASES
        b9_refused = b9_refused or reg == "b9_afgewezen"
    elif first == "reg" and uses_asiel:
        if reg == "b9_aanvraag":
            decided = "parallel_b9_asiel"
        elif b9_refused or reg == "b9_afgewezen":
            decided = "route_3"
        elif held_b8 or reg in ph.AFTER_B8_PHASES:
            decided = "route_2"
        else:
            decided = "asiel_na_bedenktijd"
    return (decided, first, held_b8, b9_refused)


def classify(nodes: tuple[str, ...]) -> tuple[str, bool]:
    """The report's class of a route (phase nodes, outcome last), and whether she was in
    the asylum procedure while she had made aangifte or held a B8."""
    state = INITIAL
    for prev, node in itertools.pairwise(nodes):
        state = step(state, prev, node)
    overlap = any(a == "aanvraag" and r in ph.B8_PHASES for r, a in map(ph.split, nodes))
    return state[0], overlap


# No procedure has started yet: not one of the report's route classes (CLASSES).
NO_ROUTE = RouteClass(
    "geen", "nog geen procedure", "no procedure yet", "no procedure has started yet", "§2.3"
)
ROUTE_IDS = (*CLASS_IDS, NO_ROUTE.id)  # what a case can be classified as


def route_class(cid: str) -> RouteClass:
    """The route class called `cid` (also NO_ROUTE); KeyError when there is none."""
    for c in (*CLASSES, NO_ROUTE):
        if c.id == cid:
            return c
    raise KeyError(cid)


def route_of(engine: Engine, history: list[tuple[str, Situation, Situation]]) -> tuple[str, bool]:
    """The route class (report §3) of a case's accepted steps (event, before, after), and
    whether she was in the asylum procedure while she had made aangifte or held a B8: the
    situations are projected onto the phases of Figure 1 and classified like the enumerated
    routes. A case still under way is classified as if it ended here."""
    proj = ph.Projection(engine.vocab)
    nodes = [ph.START]
    for _, _, after in history:
        node = proj(after)
        if node != nodes[-1]:
            nodes.append(node)
    if all(n == ph.START for n in nodes):
        return NO_ROUTE.id, False
    outcome = engine.outcome(history[-1][2])
    nodes.append(OUTCOME + (outcome.id if outcome else "open"))
    rid, overlap = classify(tuple(nodes))
    return (rid or NO_ROUTE.id), overlap
