"""Well-formedness: claims about the table and the reachable graph, checked before the law.

True iff the table is fit to be read and run at all: every row cites its source, every state
and outcome can be reached in some era, nothing gets stuck and no event is ambiguous.
"""

from __future__ import annotations

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.properties.results import Exploration
from verblijfsroutes.properties.spec import Finding, graph, table
from verblijfsroutes.spec.changes import BASES


@table("ontwerp: elke regel met bron en grondslag (law, policy, practice, assumption)", "alle §")
def elke_regel_heeft_bron_en_grondslag(engine: Engine) -> list[Finding]:
    """Every active row and derived rule names its legal source, its report section and a
    basis (law, policy, practice or assumption); every assumption says why.

    NL: Elke actieve regel en elke afgeleide regel noemt haar wettelijke bron, de paragraaf van
    het rapport en een grondslag (wet, beleid, praktijk of aanname); elke aanname zegt waarom."""
    out = []
    rows = [(r.id, r.source, r.section, r.basis, r.rationale or r.choice) for r in engine.rules]
    rows += [
        (d.id, d.source, d.section, d.basis, d.rationale or d.choice)
        for ds in engine.derived.values()
        for d in ds
    ]
    for rid, source, section, basis, why in rows:
        if not source.strip() or not section.strip():
            out.append(Finding(f"{rid}: no source or section", nl=f"{rid}: geen bron of paragraaf"))
        if basis not in BASES:
            out.append(
                Finding(
                    f"{rid}: basis {basis!r} is not one of {', '.join(BASES)}",
                    nl=f"{rid}: grondslag {basis!r} is niet een van {', '.join(BASES)}",
                )
            )
        if basis == "assumption" and not why:
            out.append(
                Finding(
                    f"{rid}: an assumption without a rationale", nl=f"{rid}: een aanname zonder toelichting"
                )
            )
    return out


@graph("python-statemachine: no unreachable states", "§2.1, §2.2, Bijlage 2", needs_all_eras=True)
def elke_toestand_bereikbaar(x: Exploration) -> list[Finding]:
    """Every state of every track is reached in some era (states that exist only under an
    inactive open-question option excepted).

    NL: Elke toestand van elk spoor wordt in enig tijdvak bereikt (behalve toestanden die alleen
    bestaan onder een niet-gekozen optie van een open vraag)."""
    reached = set().union(*(r.reached for r in x.results))
    out = []
    for track in x.engine.vocab.tracks:
        for state in track.state_ids():
            only = track.only_for.get(state)
            if only:
                qid, _, option = only.partition("=")
                if x.engine.choices.get(qid) != option:
                    continue
            if (track.id, state) not in reached:
                out.append(
                    Finding(
                        f"{track.id}.{state} is never reached", nl=f"{track.id}.{state} wordt nooit bereikt"
                    )
                )
    return out


@graph("python-statemachine: no trap states", "§3, Bijlage 2")
def geen_valkuilen(x: Exploration) -> list[Finding]:
    """Every situation that is not a terminal outcome (derived.yaml, uitkomsten) has at least
    one next event: nobody gets stuck in a situation the report does not end in.

    NL: Elke situatie die geen einduitkomst is (derived.yaml, uitkomsten) heeft ten minste een
    volgende gebeurtenis: niemand blijft steken in een situatie waarmee het rapport niet
    eindigt."""
    return [
        Finding(
            f"a non-terminal situation without any next event ({r.trap_count} in this era)",
            trace,
            r.era,
            nl=f"een situatie zonder einduitkomst en zonder volgende gebeurtenis ({r.trap_count} in dit tijdvak)",
        )
        for r in x.results
        for trace in r.traps[:1]
    ]


@graph("WODC Cahier 2020-6, routes en uitkomsten", "§3, Figuur 2", needs_all_eras=True)
def elke_uitkomst_bereikbaar(x: Exploration) -> list[Finding]:
    """Every terminal outcome (B9, permanent permit, asylum permit, leaving, unlawful stay,
    staying as an EU citizen) is reached in some era.

    NL: Elke einduitkomst (B9, vergunning voor onbepaalde tijd, asielvergunning, vertrek,
    onrechtmatig verblijf, verblijf als EU-burger) wordt in enig tijdvak bereikt."""
    reached = set().union(*(r.outcomes for r in x.results))
    return [
        Finding(
            f"outcome {d.id} ({d.en}) is never reached", nl=f"uitkomst {d.id} ({d.nl}) wordt nooit bereikt"
        )
        for d in x.engine.derived["uitkomsten"]
        if d.id not in reached
    ]


@graph("rules.yaml: first-match semantics", "alle §")
def geen_nondeterminisme(x: Exploration) -> list[Finding]:
    """No situation has two rows of the same event enabled with different results: the
    order of the rows in the table never decides the outcome.

    NL: Geen situatie heeft twee regels van dezelfde gebeurtenis met verschillende uitkomst: de
    volgorde van de regels in de tabel beslist nooit over de uitkomst."""
    return [
        Finding(
            f"{event}: {' and '.join(rules)} both apply with different results",
            trace,
            r.era,
            nl=f"{event}: {' en '.join(rules)} zijn allebei van toepassing met een verschillende uitkomst",
        )
        for r in x.results
        for trace, event, rules in r.nondeterminism[:1]
    ]
