"""The reviewer CLI: table formats and filters, the vocabulary, one-line errors with exit 2,
and a fast start (no networkx, hypothesis or graphviz for `table`)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from verblijfsroutes.cli.main import main


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "verblijfsroutes.cli.main", *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "args",
    [
        ["table", "--format", "xml"],
        ["table", "--as-of", "2019-02-30"],
        ["table", "--as-of", "2019"],
        ["table", "--basis", "beleid"],
        ["table", "--choice", "Q99=x"],
        ["table", "--choice", "Q1=nooit"],
        ["nonsense"],
        [],
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(args: list[str]) -> None:
    proc = run(args)
    assert proc.returncode == 2, proc
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr


def test_table_languages_and_formats(capsys: pytest.CaptureFixture[str]) -> None:
    main(["table", "--format", "json", "--lang", "en"])
    rows = json.loads(capsys.readouterr().out)
    first = next(r for r in rows if r["id"] == "S-AG-01")
    assert first["event_label"] == "report the trafficking"
    main(["table", "--format", "md", "--lang", "nl", "--basis", "assumption"])
    md = capsys.readouterr().out
    assert md.startswith("| id |") and "| assumption |" in md and "| law |" not in md


def test_table_choice_switches_active_rows(capsys: pytest.CaptureFixture[str]) -> None:
    main(["table", "--format", "json", "--choice", "Q8=bedenktijd_loopt_door", "--active-only"])
    ids = {r["id"] for r in json.loads(capsys.readouterr().out)}
    assert "A-AV-03" in ids and "A-AV-02" not in ids


def test_states_lists_the_vocabulary(capsys: pytest.CaptureFixture[str]) -> None:
    main(["states", "--format", "json"])
    vocab = json.loads(capsys.readouterr().out)
    tracks = {t["id"] for t in vocab["tracks"]}
    assert tracks == {"regeling", "strafzaak", "asiel", "rechtsmiddel", "huisvesting", "aanwezigheid"}
    assert all(e["nl"] and e["en"] for e in vocab["events"])


def test_table_does_not_import_heavy_packages() -> None:
    code = (
        "import sys, io, contextlib; from verblijfsroutes.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['table'])\n"
        "print(sorted(m for m in ('networkx', 'hypothesis', 'graphviz', 'transitions') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr


def test_ctrl_c_while_a_command_loads_ends_cleanly(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Ctrl-C while a command's modules are still being imported (heavy imports on a loaded
    machine): one line and status 130, no traceback."""
    import importlib

    from verblijfsroutes.cli import main as cli

    def interrupted(name: str):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib, "import_module", interrupted)
    assert cli.main(["routes"]) == 130
    err = capsys.readouterr().err
    assert "interrupted" in err and "Traceback" not in err


def test_choices_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    """`choices` is Dutch by default (questions, decisions, rationales) and English with --lang en."""
    assert main(["choices"]) == 0
    nl = capsys.readouterr().out
    assert main(["choices", "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "Beslissing: **tot_bezwaarbeslissing**" in nl and "Toelichting:" in nl
    assert "Wanneer eindigt de B8 als een B9 wordt aangevraagd" in nl
    assert "Decision: **tot_bezwaarbeslissing**" in en and "When does the B8 end" in en
    assert "Wanneer eindigt" not in en and "When does the B8 end" not in nl
    assert main(["choices", "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items[0]["question"].startswith("Wanneer eindigt de B8")


def test_choices_lists_the_rows_citing_that_question_only(capsys: pytest.CaptureFixture[str]) -> None:
    """A row whose rationale cites Q10 or Q12 is not listed under Q1 (whole ids, not prefixes)."""
    assert main(["choices", "--format", "json"]) == 0
    items = {it["id"]: it for it in json.loads(capsys.readouterr().out)}
    q1 = set(items["Q1"]["rows_citing"])
    assert q1 == {"R-B8-10", "R-B9-14"}
    assert "R-BT-02" in items["Q10"]["rows_citing"] and "S-SZ-04" in items["Q12"]["rows_citing"]
