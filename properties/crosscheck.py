"""Cross-check: SPIN's exhaustive verifier on the Promela export against the explorer.

Per era both checkers run on their own: SPIN (`spin -a`, pan compiled with -DSAFETY, full
state storage, no bitstate) on the export of promela.py, the explorer as `check` runs it.
They are compared on
- the combinations of track states reached (the projection that makes the numbers equal:
  SPIN chooses every fact at the start and keeps it, so its concrete situations are the
  explorer's situations with unknown and forgotten facts filled in every possible way; facts
  never change which track states are reached *per path* except through guards both sides
  evaluate, so projected onto the six tracks both give the same set, and its size is
  compared; the unprojected counts are shown beside it),
- the set of reachable states per track (follows from the combinations), and
- the verdict of every exported property.
A difference comes with a shortest witness from the side that has it: SPIN's breadth-first
trail (pan -DBFS) replayed with `spin -t`, or the explorer's counterexample.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.properties.explorer import EraModel
from verblijfsroutes.properties.promela import export

Tracks = tuple[str, ...]
PAN_DEPTH = "-m10000000"


def spin_missing() -> str | None:
    """Why SPIN cannot run here (None: spin and gcc are installed)."""
    for tool in ("spin", "gcc"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: apt-get install spin gcc)"
    return None


@dataclass
class SpinResult:
    """What SPIN's verifier found for one export."""

    stored: int = 0  # pan's "states, stored" (the start state before the facts are chosen included)
    tracks: set[Tracks] = field(default_factory=set)
    failing: set[str] = field(default_factory=set)
    compile_seconds: float = 0.0
    run_seconds: float = 0.0

    @property
    def situations(self) -> int:
        return self.stored - 1


def _run(cmd: list[str], cwd: Path) -> str:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {(done.stderr or done.stdout).strip()[-400:]}")
    return done.stdout


def _build(text: str, cwd: Path, bfs: bool) -> float:
    t0 = time.perf_counter()
    if bfs:  # pan's breadth-first search stores every variable (no `hidden`)
        text = text.replace("hidden byte ", "byte ")
    (cwd / "model.pml").write_text(text, encoding="utf-8")
    _run(["spin", "-o2", "-a", "model.pml"], cwd)  # -o2: keep facts SPIN sees as dead
    flags = ["-DSAFETY", "-DVECTORSZ=1024", "-O1", "-w"] + (["-DBFS"] if bfs else [])
    _run(["gcc", *flags, "-o", "pan", "pan.c"], cwd)
    return time.perf_counter() - t0


def run_spin(engine: Engine, era: int, text: str | None = None) -> SpinResult:
    """Verify the era's export (or `text`, an export edited by hand) exhaustively."""
    day = engine.eras[era].start
    text = text or export(engine.data, engine.choices, day, record=True).text
    tracks = [t for t in engine.vocab.tracks]
    with tempfile.TemporaryDirectory(prefix="verblijfsroutes-spin-") as tmp:
        cwd = Path(tmp)
        result = SpinResult(compile_seconds=_build(text, cwd, bfs=False))
        t0 = time.perf_counter()
        out = _run(["./pan", PAN_DEPTH, "-c0"], cwd)
        result.run_seconds = time.perf_counter() - t0
    m = re.search(r"(\d+) states, stored", out)
    if not m or "max search depth too small" in out:
        raise RuntimeError("pan did not finish the search")
    result.stored = int(m.group(1))
    for line in out.splitlines():
        if line.startswith("TRACKS "):
            k = int(line.split()[1])
            combo = []
            for t in tracks:
                ids = t.state_ids()
                combo.append(ids[k % len(ids)])
                k //= len(ids)
            result.tracks.add(tuple(combo))
        elif line.startswith("FAILS "):
            result.failing.add(line.split()[1])
    errors = re.search(r"errors: (\d+)", out)
    if errors and int(errors.group(1)) and "invalid end state" in out:
        result.failing.add("geen_valkuilen")
    return result


def spin_witness(
    engine: Engine, era: int, *, only: str | None = None, target: Tracks | None = None
) -> list[str]:
    """SPIN's shortest trail (breadth-first) to a violation of `only` or to the track states
    `target`: the facts chosen, then the rows in order."""
    day = engine.eras[era].start
    goal = None if target is None else dict(zip((t.id for t in engine.vocab.tracks), target, strict=True))
    text = export(
        engine.data, engine.choices, day, only=only or ("witness" if goal else None), target=goal
    ).text
    with tempfile.TemporaryDirectory(prefix="verblijfsroutes-spin-") as tmp:
        cwd = Path(tmp)
        _build(text, cwd, bfs=True)
        out = _run(["./pan", PAN_DEPTH, *_end_states(only)], cwd)
        if "errors: 0" in out and "invalid end state" not in out:
            return []
        replay = _run(["spin", "-o2", "-t", "model.pml"], cwd)
    return [ln.strip() for ln in replay.splitlines() if ln.strip().startswith(("FACTS", "ROW"))]


@dataclass
class ExplorerResult:
    """The explorer's situations of one era projected onto the tracks, with a parent map."""

    situations: int
    tracks: dict[Tracks, Any]  # combination of track states -> the first situation there
    parent: dict[Any, Any]
    seconds: float

    def witness(self, tracks: Tracks) -> list[str]:
        return _path(self.parent, self.tracks[tracks])


def explore_tracks(engine: Engine, era: int, props: Any = ()) -> ExplorerResult:
    """The explorer's breadth-first search (its own resolve, forget and first-match moves,
    with the facts the properties `props` read kept, as the check keeps them), keeping for
    each combination of track states the first situation that reached it."""
    t0 = time.perf_counter()
    model = EraModel(engine, engine.eras[era], props)
    nt = model.nt
    parent: dict[Any, Any] = {}
    queue = []
    for s, ref in model.resolve(model.initial()):
        if s not in parent:
            parent[s] = (None, None, ref)
            queue.append(s)
    n = 0
    while n < len(queue):
        s = queue[n]
        n += 1
        fired: set[str] = set()
        for row, fguards, _, _ in model.node(s[:nt]).moves:
            if row.event in fired or not all(pred(s) for _, _, pred in fguards):
                continue
            fired.add(row.event)
            for s3, ref in model.resolve(model.forget(row.apply(s))):
                if s3 not in parent:
                    parent[s3] = (s, row.rule.id, ref)
                    queue.append(s3)
    first: dict[Tracks, Any] = {}
    for s in queue:
        first.setdefault(s[:nt], s)
    return ExplorerResult(len(queue), first, parent, time.perf_counter() - t0)


def _path(parent: dict[Any, Any], s: Any) -> list[str]:
    out = []
    while s is not None:
        prev, rule, ref = parent[s]
        step = [f"{k}={'1' if v else '0'}" for k, v in ref]
        out.append(
            " ".join(([f"ROW {rule}"] if rule else []) + ([f"FACTS {' '.join(step)}"] if step else []))
        )
        s = prev
    return [x for x in reversed(out) if x]


@dataclass
class EraComparison:
    """Both checkers on one era, and every difference found (with its witness)."""

    era: str
    spin: SpinResult
    explorer: ExplorerResult
    explorer_verdicts: dict[str, str]
    spin_verdicts: dict[str, str]
    explorer_seconds: float
    differences: list[tuple[str, list[str]]]  # (what differs, witness lines)

    @property
    def ok(self) -> bool:
        return not self.differences


def compare_era(engine: Engine, era: int, text: str | None = None) -> EraComparison:
    """Run both checkers on `era` (SPIN on `text` when given) and list their differences."""
    from verblijfsroutes.properties.check import run_check

    day = engine.eras[era].start
    exported = export(engine.data, engine.choices, day)
    names = [*exported.invariants, *exported.steps]
    spin = run_spin(engine, era, text)
    t0 = time.perf_counter()
    report = run_check(engine, [era], names)
    explorer = explore_tracks(engine, era, [v.prop for v in report.verdicts])
    seconds = time.perf_counter() - t0
    ex = {v.prop.name: v.verdict for v in report.verdicts}
    sp = {n: "fails" if n in spin.failing else "holds" for n in names}
    diffs: list[tuple[str, list[str]]] = []
    for n in names:
        if ex.get(n) == sp[n]:
            continue
        if sp[n] == "fails":
            diffs.append(
                (
                    f"{n}: SPIN fails, explorer {ex.get(n)}",
                    spin_witness(engine, era, only=n) if text is None else witness_in(text, engine, only=n),
                )
            )
        else:
            v = next(v for v in report.verdicts if v.prop.name == n)
            trace = v.findings[0].trace if v.findings and v.findings[0].trace else ()
            diffs.append((f"{n}: explorer fails, SPIN holds", _trace_lines(trace)))
    if report.exploration.results[0].situations != explorer.situations:
        diffs.append(
            (f"explorer search {explorer.situations} situations, check {report.exploration.situations}", [])
        )
    mine = set(explorer.tracks)
    for t in sorted(spin.tracks - mine)[:3]:
        diffs.append((f"only SPIN reaches {'/'.join(t)}", _spin_to(engine, era, t, text)))
    for t in sorted(mine - spin.tracks)[:3]:
        diffs.append((f"only the explorer reaches {'/'.join(t)}", explorer.witness(t)))
    if len(mine) != len(spin.tracks):
        diffs.append((f"combinations of track states: SPIN {len(spin.tracks)}, explorer {len(mine)}", []))
    return EraComparison(engine.eras[era].label, spin, explorer, ex, sp, seconds, diffs)


def _spin_to(engine: Engine, era: int, target: Tracks, text: str | None) -> list[str]:
    if text is not None:  # an export edited by hand: witness from that text
        return witness_in(text, engine, target=target)
    return spin_witness(engine, era, target=target)


def witness_in(text: str, engine: Engine, target: Tracks | None = None, only: str | None = None) -> list[str]:
    """SPIN's shortest trail in a hand-edited export (as made with `record`): to `target`
    (an assertion added) or to a violation of the property `only` (the others switched off)."""
    probe = re.sub(r"c_code \{ record_tracks\([^;]*\); \};", "skip;", text)
    probe = re.sub(
        r"if :: !\((P_\w+ \|\| .*?)\) -> c_code \{ note_fails\(\"\w+\"\); \} :: else fi", r"assert(\1)", probe
    )
    probe = re.sub(r"hidden byte P_(\w+) = 0;", r"hidden byte P_\1 = 1;", probe)
    if only is not None:
        probe = probe.replace(f"hidden byte P_{only} = 1;", f"hidden byte P_{only} = 0;")
    if target is not None:
        goal = " && ".join(f"{t.id} == {t.id}__{v}" for t, v in zip(engine.vocab.tracks, target, strict=True))
        probe = probe.replace("#define CHECK_STATE \\", f"#define CHECK_STATE \\\n  assert(!({goal})); \\", 1)
    with tempfile.TemporaryDirectory(prefix="verblijfsroutes-spin-") as tmp:
        cwd = Path(tmp)
        _build(probe, cwd, bfs=True)
        _run(["./pan", PAN_DEPTH, *_end_states(only)], cwd)
        replay = _run(["spin", "-o2", "-t", "model.pml"], cwd)
    return [ln.strip() for ln in replay.splitlines() if ln.strip().startswith(("FACTS", "ROW"))]


def _end_states(only: str | None) -> list[str]:
    """pan's -E (ignore traps) unless the witness is for a trap itself."""
    return [] if only == "geen_valkuilen" else ["-E"]


def _trace_lines(trace: Any) -> list[str]:
    out = []
    for step in trace:
        facts = " ".join(f"{k}={'1' if v else '0'}" for k, v in step.refinement)
        line = " ".join(([f"ROW {step.rule}"] if step.rule else []) + ([f"FACTS {facts}"] if facts else []))
        if line:
            out.append(line)
    return out
