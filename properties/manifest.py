"""Expected results of the exhaustive check, recorded in a versioned file (as tlaplus/Examples
keep a manifest of distinct states and verdicts per model).

For the default decisions and for every alternative option of an open question that changes
the rows in force, the manifest holds per era the situations, steps, traps and
nondeterminism the explorer finds, and the verdict of every property. `drift` names every
figure that differs, so a change to the rules or the explorer that moves a count cannot go
unnoticed: `verblijfsroutes check --record FILE` writes the manifest, `--compare FILE` checks
against it (tests/expected/check-manifest.json is the committed one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.core.ruledata import default_rule_data
from verblijfsroutes.properties.check import run_check

FORMAT = "verblijfsroutes-check-manifest"
VERSION = 1


def choice_sets() -> list[dict[str, str]]:
    """The default decisions ({}), then each alternative option that changes the active rows."""
    data = default_rule_data()
    default_rows = {r.id for r in Engine(data).rules}
    out: list[dict[str, str]] = [{}]
    for q in data.choices.values():
        for option in q.options:
            if option != q.default and {r.id for r in Engine(data, {q.id: option}).rules} != default_rows:
                out.append({q.id: option})
    return out


def record(workers: int = 1, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run the check over every era for every choice set and return the manifest."""
    sets = []
    for choices in choice_sets():
        if progress is not None:
            progress(f"choices {choices or 'default'}")
        report = run_check(Engine(choices=choices), workers=workers)
        sets.append(
            {
                "choices": choices,
                "eras": [
                    {
                        "era": r.era.label,
                        "situations": r.situations,
                        "steps": r.steps,
                        "traps": r.trap_count,
                        "nondeterminism": r.nondeterminism_count,
                    }
                    for r in report.exploration.results
                ],
                "verdicts": {v.prop.name: v.verdict for v in report.verdicts},
            }
        )
    return {"format": FORMAT, "version": VERSION, "choice_sets": sets}


def drift(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Every difference between two manifests, one line each (empty: no drift)."""
    if expected.get("format") != FORMAT or expected.get("version") != VERSION:
        return [f"not a {FORMAT} version {VERSION} file"]
    out = []
    key = lambda s: tuple(sorted(s["choices"].items()))  # noqa: E731
    want = {key(s): s for s in expected["choice_sets"]}
    got = {key(s): s for s in actual["choice_sets"]}
    for k in sorted(set(want) | set(got)):
        label = ", ".join(f"{q}={o}" for q, o in k) or "default decisions"
        if k not in got or k not in want:
            out.append(f"{label}: {'no longer checked' if k not in got else 'new choice set'}")
            continue
        w_eras = {e["era"]: e for e in want[k]["eras"]}
        g_eras = {e["era"]: e for e in got[k]["eras"]}
        for era in sorted(set(w_eras) | set(g_eras)):
            if era not in w_eras or era not in g_eras:
                out.append(f"{label}, era {era}: {'gone' if era not in g_eras else 'new'}")
                continue
            for field in ("situations", "steps", "traps", "nondeterminism"):
                if w_eras[era][field] != g_eras[era][field]:
                    out.append(f"{label}, era {era}: {field} {w_eras[era][field]} -> {g_eras[era][field]}")
        wv, gv = want[k]["verdicts"], got[k]["verdicts"]
        for name in sorted(set(wv) | set(gv)):
            if wv.get(name) != gv.get(name):
                out.append(f"{label}: {name} {wv.get(name, 'absent')} -> {gv.get(name, 'absent')}")
    return out
