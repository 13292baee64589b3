"""Export the rules in force on a day to one Promela model, for SPIN to check on its own.

Written from the rule data (rules.yaml, derived.yaml, vocabulary.yaml, changes.yaml), not from
the explorer: one `byte` per track, one `bit` per fact, the facts chosen nondeterministically
in the first (atomic) step, every combination; then one guarded command per row in file
order, each a `d_step` whose guard is the row's pattern and guards and that no earlier row of
its event is enabled (the table's first-match semantics). After every step (and after the
choice of facts) the invariants are asserted; the step properties are asserted on the steps
of the rows they are about. Each assertion is named by a `hidden bit P_<property>` that is
always 0 and is written first in the assertion, so SPIN's message names the property.

Facts: the explorer leaves a fact unknown until a row needs it and forgets it when nothing
later can read it; here every fact has a value from the start and keeps it. The cross-check
(crosscheck.py) projects both onto the same variables before counting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from verblijfsroutes.properties import PROPERTIES
from verblijfsroutes.properties.promela_expr import NOW, Env, Writer, conj, const, disj, ident, neg
from verblijfsroutes.properties.promela_props import INVARIANTS, STEPS, Dated
from verblijfsroutes.spec.loader import RuleData
from verblijfsroutes.spec.rules import Rule


@dataclass(frozen=True)
class Export:
    """A Promela model and what it contains."""

    text: str
    rows: tuple[str, ...]  # row ids in force, file order
    invariants: tuple[str, ...]
    steps: tuple[str, ...]
    chosen_facts: tuple[str, ...]  # facts chosen at the start (the others start false)


class ExportError(ValueError):
    """The rule data names a guard the export has no Promela translation for."""


def rows_in_force(data: RuleData, choices: Mapping[str, str], day: dt.date) -> list[Rule]:
    """The rows of rules.yaml in force on `day` under `choices`, in file order."""

    def date(cid: str) -> dt.date:
        return data.changes[cid].date.start

    out = []
    for r in data.rules:
        if r.choice and choices.get(r.choice[0]) != r.choice[1]:
            continue
        if r.valid_from and day < date(r.valid_from):
            continue
        if r.valid_until and day >= date(r.valid_until):
            continue
        out.append(r)
    return out


def _comment(text: str) -> str:
    return text.replace("*/", "* /")


def export(
    data: RuleData,
    choices: Mapping[str, str],
    day: dt.date,
    *,
    only: str | None = None,
    target: Mapping[str, str] | None = None,
    record: bool = False,
) -> Export:
    """The Promela model of the rules in force on `day` under the decisions `choices`.

    For the cross-check: `only` asserts that one property alone (the others are switched
    off by setting their name bit), `target` asserts that these track states are never
    reached together (a trail to them is a witness), `record` prints every combination of
    track states the first time SPIN reaches it (C code, outside the state vector)."""
    w = Writer(data, choices)
    vocab = data.vocab
    rows = rows_in_force(data, choices, day)
    fields = [t.id for t in vocab.tracks] + list(w.facts)
    accrued = {k for r in data.rules for k, v in r.effects.items() if v is True}
    chosen = tuple(f for f in w.facts if f not in accrued)

    def since(cid: str) -> bool:
        return day >= data.changes[cid].date.start

    dated = Dated(since, dict(choices))
    applicable = [
        p
        for p in PROPERTIES
        if not (p.choice and choices.get(p.choice[0]) != p.choice[1])
        and not (p.since and not since(p.since))
        and not (p.until and since(p.until))
    ]

    def enabled(rid: str) -> str:
        return f"EN_{ident(rid)}"

    try:
        en = {r.id: conj([w.pattern(r.from_), *(w.guard(g) for g in r.guards)]) for r in rows}
    except KeyError as exc:
        raise ExportError(f"guard {exc.args[0]} has no Promela translation") from None
    by_event: dict[str, list[Rule]] = {}
    for r in rows:
        by_event.setdefault(r.event, []).append(r)

    def event_enabled(event: str, env: Env) -> str:
        return disj(enabled(r.id) for r in by_event.get(event, []))

    fires = {}
    for rs in by_event.values():
        for k, r in enumerate(rs):
            fires[r.id] = conj([enabled(r.id), *(neg(enabled(q.id)) for q in rs[:k])])

    invariants = [p.name for p in applicable if p.kind == "invariant" and p.name in INVARIANTS]
    steps = [p.name for p in applicable if p.kind == "step" and p.name in STEPS]
    checks = {name: INVARIANTS[name](w, event_enabled, dated) for name in invariants}
    nondet = _clashes(by_event, enabled)

    out: list[str] = []
    add = out.append
    add(f"/* verblijfsroutes: the rules in force on {day.isoformat()}, exported from the rule data.")
    add("   Decisions: " + ", ".join(f"{k}={v}" for k, v in sorted(choices.items())))
    add("   Semantics: an event fires the first row (file order) whose pattern and guards hold;")
    add("   facts are chosen once at the start and keep their value unless a row's effects set it. */")
    for t in vocab.tracks:
        for k, s in enumerate(t.state_ids()):
            add(f"#define {const(t.id, s)} {k}")
    for t in vocab.tracks:
        add(f"byte {t.id} = {const(t.id, t.initial)};")
    for f in vocab.facts:
        add(f"bit {f.id} = 0;  /* {_comment(f.en)} */")
    for name in fields:
        add(f"hidden byte pre_{name};")
    names = [*checks, *steps, "geen_nondeterminisme"]
    if target is not None:
        names.append("witness")
        checks["witness"] = neg(conj(w.isin(t, [v]) for t, v in target.items()))
    for name in names:
        add(f"hidden byte P_{name} = {int(only is not None and name != only)};")
    if record:
        add(_RECORD_DECL.replace("SIZE", str(_radix(vocab)[-1])))
    add("")
    for r in rows:
        add(f"#define {enabled(r.id)} {en[r.id]}")
    add("")
    add("#define CHECK_STATE \\")

    def claim(name: str, expr: str) -> str:
        if record:  # note every failing property once and go on (verdicts for all of them)
            return f'if :: !(P_{name} || {expr}) -> c_code {{ note_fails("{name}"); }} :: else fi'
        return f"assert(P_{name} || {expr})"

    lines = [f"  {claim(name, expr)};" for name, expr in checks.items()]
    if record:
        key = " + ".join(f"{m} * now.{t.id}" for t, m in zip(vocab.tracks, _radix(vocab), strict=False))
        lines.append(f"  c_code {{ record_tracks({key}); }};")
    add(" \\\n".join(lines))
    add("")
    add("active proctype verblijf() {")
    add("  atomic {")
    for name in chosen:
        add(f"    if :: {name} = 1 :: {name} = 0 fi;")
    facts = " ".join(f"{f}=%d" for f in w.facts)
    add(f'    printf("FACTS {facts}\\n", {", ".join(w.facts)});')
    add("    CHECK_STATE")
    add("  };")
    add("  do  /* not an end state: a situation where no row fires and no outcome applies is a trap */")
    add(f"  :: d_step {{ {w.outcome()} -> skip }}  /* an outcome (uitkomsten): she may stay here */")
    for r in rows:
        add(f"  /* {r.id} ({r.event}): {_comment(r.source)}; {_comment(r.section)} */")
        body = [f"pre_{n} = {n}" for n in fields]
        body += [f"{k} = {_value(k, v)}" for k, v in r.updates.items()]
        body[:0] = [claim("geen_nondeterminisme", neg(c)) for c in nondet.get(r.id, ())]
        body.append(f'printf("ROW {r.id}\\n")')
        for name in steps:
            prop = next(p for p in applicable if p.name == name)
            if prop.rules is not None and prop.rules(r):
                body.append(claim(name, STEPS[name](w, r, dated)))
        add(f"  :: d_step {{ {fires[r.id]} ->")
        add("       " + "; ".join(body) + ";")
        add("       CHECK_STATE }")
    add("  od")
    add("}")
    return Export(
        "\n".join(out) + "\n",
        tuple(r.id for r in rows),
        tuple(invariants + ["geen_valkuilen", "geen_nondeterminisme"]),
        tuple(steps),
        chosen,
    )


_RECORD_DECL = """c_decl {
  unsigned char seen_tracks[SIZE];
  void record_tracks(int k) { if (!seen_tracks[k]) { seen_tracks[k] = 1; printf("TRACKS %d\\n", k); } }
  const char *failed[64]; int nfailed;
  void note_fails(const char *name) {
    int i; for (i = 0; i < nfailed; i++) { if (strcmp(failed[i], name) == 0) return; }
    if (nfailed < 64) { failed[nfailed++] = name; } printf("FAILS %s\\n", name);
  }
}"""


def _radix(vocab: object) -> list[int]:
    """Place values that number a combination of track states (the last: how many there are)."""
    out = [1]
    for t in vocab.tracks:  # type: ignore[attr-defined]
        out.append(out[-1] * len(t.state_ids()))
    return out


def _value(name: str, v: object) -> str:
    if isinstance(v, bool):
        return "1" if v else "0"
    return const(name, str(v))


def _clashes(by_event: dict[str, list[Rule]], enabled: Callable[[str], str]) -> dict[str, list[str]]:
    """Per row: the conditions under which a later row of its event is enabled too and
    leads to a different situation (asserted false when the row fires: no nondeterminism)."""
    out: dict[str, list[str]] = {}
    for rs in by_event.values():
        for i, a in enumerate(rs):
            for b in rs[i + 1 :]:
                differ = []
                for f in sorted(set(a.updates) | set(b.updates)):
                    va = _value(f, a.updates[f]) if f in a.updates else f
                    vb = _value(f, b.updates[f]) if f in b.updates else f
                    if va != vb:
                        differ.append(f"{va} != {vb}")
                if differ:
                    out.setdefault(a.id, []).append(conj([enabled(b.id), disj(differ)]))
    return out


__all__ = ["NOW", "Export", "ExportError", "export", "rows_in_force"]
