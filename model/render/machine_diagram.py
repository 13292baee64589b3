"""The machine diagram: per track, its states and the transitions of the rows in force, coloured
by basis (law, policy, practice, assumption), side effects on other tracks dashed; also the
comparison of two dates. Output is deterministic so the committed files can be checked for
staleness.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.render.dot import (
    BASIS_COLOURS,
    GREY,
    STATUS_COLOURS,
    T,
    add_legend,
    attrs,
    dot_id,
    new_graph,
    wrap,
)
from verblijfsroutes.spec.rules import Rule


def _label(engine: Engine, rule: Rule, lang: str) -> str:
    ev = engine.vocab.event(rule.event)
    return ev.text(lang)


def _tooltip(engine: Engine, rule: Rule, lang: str) -> str:
    return f"{rule.id}: {_label(engine, rule, lang)} - {rule.source} ({rule.section}; {rule.basis})"


@dataclass(frozen=True)
class MachineEdge:
    track: str
    source: str
    target: str
    rule: Rule
    own: bool  # on the event's own track (else a side effect on another track)


LOOP_SIDES = ("n", "s", "e", "w")  # where successive self-loops on one state are drawn
LOOP_WORD = {
    "nl": "lus",
    "en": "loop",
}  # a self-loop's label, written in its state's box


def machine_edges(engine: Engine, rules: Iterable[Rule], tracks: Sequence[str]) -> list[MachineEdge]:
    """Per rule, an edge on every shown track whose state it sets; a rule that sets no track
    state is a loop on its event's track. "*" is any state."""
    out = []
    for rule in rules:
        own = engine.vocab.event(rule.event).track
        changes = {t: v for t, v in rule.updates.items() if t in {tr.id for tr in engine.vocab.tracks}}
        if not changes:
            changes = {own: None}
        for track, target in sorted(changes.items()):
            if track not in tracks:
                continue
            for src in rule.from_.get(track, ("*",)):
                tgt = src if target is None else target
                out.append(MachineEdge(track, src, str(tgt), rule, track == own))
    return out


def edge_label(engine: Engine, rule: Rule, lang: str, detailed: bool) -> str:
    """ "event [guards]" with the row id: the guards tell parallel rows of one event apart
    (the grounds of a B9, the Dublin condition of a B8). Without `detailed`: the row id and
    its guards only (the machine of all tracks)."""
    guards = f" [{', '.join(rule.guards)}]" if rule.guards else ""
    if not detailed:
        return wrap(f"{rule.id}{guards}", 30)
    return wrap(f"{_label(engine, rule, lang)}{guards}", 28) + f"\n{rule.id}"


def machine_dot(
    engine: Engine,
    rules: Sequence[Rule],
    lang: str,
    tracks: Sequence[str] | None = None,
    title: str = "",
    status: dict[str, str] | None = None,
    name: str = "machine",
    changes: dict[str, str] | None = None,
) -> str:
    """The state machine: one cluster per track, one edge per rule and from-state. `status`
    (rule id -> added/removed/changed) colours a comparison, cropped to the states the changed
    rows touch, each changed row labelled with `changes` (rule id -> what changed, in words);
    else colour = basis."""
    t = T[lang]
    shown = list(tracks or [tr.id for tr in engine.vocab.tracks])
    detailed = len(shown) == 1 or status is not None
    edges = machine_edges(engine, sorted(rules, key=lambda r: r.order), shown)
    if status is not None:  # crop to the changed neighbourhood
        near = {(e.track, n) for e in edges if e.rule.id in status for n in (e.source, e.target)}
        edges = [e for e in edges if (e.track, e.source) in near and (e.track, e.target) in near]
    used = {(e.track, e.source) for e in edges} | {(e.track, e.target) for e in edges}
    # a self-loop's label is written in its state's box (a loop marker and the text), so it is
    # never crossed by the loop; the loop itself is drawn without a label
    in_box: dict[str, list[str]] = {}
    for e in edges:
        if e.source == e.target:
            text = edge_label(engine, e.rule, lang, detailed).replace("\n", " ")
            if changes and e.rule.id in changes:
                text = f"{changes[e.rule.id]}: {text}"
            in_box.setdefault(f"{e.track}.{e.source}", []).append(text)
    g = new_graph(name, title, "LR")
    for tid in shown:
        track = engine.vocab.track(tid)
        with g.subgraph(name="cluster_" + tid) as c:
            c.attr(
                "graph",
                **attrs(
                    label=track.text(lang), style="rounded", color="#555555", fontsize=14, id="track-" + tid
                ),
            )
            for st in track.states:
                if (tid, st.id) not in used and (not detailed or status is not None):
                    continue
                c.node(
                    tid + "." + st.id,
                    **attrs(
                        label="\n".join(
                            [wrap(st.text(lang), 22)]
                            + [f"{LOOP_WORD[lang]}: {wrap(x, 40)}" for x in in_box.get(f"{tid}.{st.id}", [])]
                        ),
                        id=tid + "." + st.id,
                        tooltip=f"{tid}.{st.id}",
                        penwidth=2 if st.id == track.initial else 1,
                    ),
                )
            if (tid, "*") in used:
                c.node(
                    tid + ".*",
                    **attrs(label=t["any"], shape="plaintext", fontcolor="#666666", id=tid + ".any"),
                )
    seen: dict[str, int] = {}
    loops: dict[str, int] = {}  # node -> self-loops drawn so far: spread them round the node
    for e in edges:
        rid = e.rule.id
        ports: dict[str, str] = {}
        if e.source == e.target:
            node = e.track + "." + e.source
            k = loops[node] = loops.get(node, 0) + 1
            side = LOOP_SIDES[(k - 1) % len(LOOP_SIDES)]
            ports = {"tailport": side, "headport": side}
        seen[rid] = seen.get(rid, 0) + 1
        eid = rid if seen[rid] == 1 else f"{rid}~{seen[rid]}"
        mark = (status or {}).get(rid)
        if status is not None:
            colour = STATUS_COLOURS.get(mark or "", GREY)
            width = 2.5 if mark else 1
            style = "dashed" if mark == "removed" else ("solid" if e.own else "dotted")
        else:
            colour = BASIS_COLOURS[e.rule.basis]
            width = 1.2
            style = "solid" if e.own else "dashed"
        label = edge_label(engine, e.rule, lang, detailed)
        if changes and rid in changes:
            label = wrap(changes[rid], 34) + "\n" + label
        if e.source == e.target:
            label = ""  # written in the state's box
        g.edge(
            dot_id(e.track + "." + e.source),
            dot_id(e.track + "." + e.target),
            **attrs(
                id=eid,
                label=label,
                color=colour,
                fontcolor=colour if status is None or mark else "#777777",
                style=style,
                penwidth=width,
                tooltip=_tooltip(engine, e.rule, lang),
                **ports,
            ),
        )
    if status is not None:
        rows = [
            (STATUS_COLOURS["added"], "bold", t["added"]),
            (STATUS_COLOURS["removed"], "dashed", t["removed"]),
            (STATUS_COLOURS["changed"], "bold", t["changed"]),
            (GREY, "solid", t["same"]),
            ("#555555", "dotted", t["side"]),
        ]
    else:
        rows = [(BASIS_COLOURS[b], "solid", t[b]) for b in BASIS_COLOURS]
        rows += [("#555555", "solid", t["own"]), ("#555555", "dashed", t["side"])]
    add_legend(g, rows, t["legend"])
    return g.source
