"""Run case files as tests: replay each file and compare it with its `expect:` blocks.

A file passes when every event is accepted unless its own `expect` says `accepted: false`,
and every expectation holds: per event (accepted, row, situation), and for the whole case
(route class, deadlines, final situation). `verblijfsroutes test PATH...` runs a folder.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verblijfsroutes.case.casefile import CaseFile, load_case
from verblijfsroutes.case.replay import replay
from verblijfsroutes.spec.errors import UsageError

SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class ScenarioResult:
    """One case file's verdict: passed, failed (with what failed) or error (bad input)."""

    file: str
    name: str = ""
    failures: list[str] = field(default_factory=list)
    error: str = ""
    route: str = ""

    @property
    def verdict(self) -> str:
        return "error" if self.error else "fail" if self.failures else "pass"


def case_files(paths: Iterable[str | Path]) -> list[Path]:
    """The case files named, folders expanded to their *.yaml, *.yml and *.json (sorted)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix in SUFFIXES and f.is_file())
            if not found:
                raise UsageError(f"{p}: no case files (*.yaml, *.yml, *.json) in this folder")
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise UsageError(f"{p}: no such file or folder; give case files or folders of them")
    return out


def failures(cf: CaseFile, doc: dict[str, Any]) -> Iterator[str]:
    """What in the replay `doc` does not match the case file's expectations."""
    expected_refused = {e.index for e in cf.events if e.expect is not None and e.expect.accepted is False}
    for s in doc["steps"]:
        if not s["accepted"] and s["step"] not in expected_refused:
            why = s["refusal"][0]["requirement"] if s["refusal"] else "refused"
            yield f"event #{s['step']} {s['event']} ({s['date']}) refused: {why}"
    exp = doc["expectations"]
    for c in exp["steps"]:
        if not c["ok"] and not (c["field"] == "accepted" and c["expected"] is True):
            yield f"event #{c['step']}: {c['field']} is {c['actual']!r}, expected {c['expected']!r}"
    for c in exp["situation"]:
        if not c["ok"]:
            yield f"at the end: {c['field']} is {c['actual']!r}, expected {c['expected']!r}"
    if exp["route"] is not None and not exp["route"]["ok"]:
        yield f"route class is {exp['route']['actual']}, expected {exp['route']['expected']}"
    for c in exp["deadlines"]:
        if not c["ok"]:
            yield f"event #{c['step']}: deadline {c['deadline']} is {c['actual']}, expected {c['expected']}"


def run_file(path: Path) -> ScenarioResult:
    """Replay one case file and judge it."""
    try:
        cf = load_case(path)
        doc = replay(cf)
    except UsageError as exc:
        return ScenarioResult(str(path), error=str(exc))
    return ScenarioResult(str(path), cf.name, list(failures(cf, doc)), route=doc["route"]["id"])
