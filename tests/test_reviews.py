"""Review records: a bad reviews file is refused in one line naming the file, the record and
the fix, never with a traceback; --add appends a record with the row's fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest
from verblijfsroutes.cli.main import main

BAD = {
    "malformed.yaml": (": : :\n", "not valid YAML"),
    "not-a-list.yaml": ("reviews: {row: R-BT-01}\n", "must be a list"),
    "unknown-row.yaml": (
        "reviews:\n  - {row: R-XX-99, verdict: agreed, name: A, date: 2026-01-01, fingerprint: abc}\n",
        "is not a row of rules.yaml",
    ),
    "bad-verdict.yaml": (
        "reviews:\n  - {row: R-BT-01, verdict: maybe, name: A, date: 2026-01-01, fingerprint: abc}\n",
        "is not one of agreed, disputed, comment",
    ),
    "missing-name.yaml": (
        "reviews:\n  - {row: R-BT-01, verdict: agreed, date: 2026-01-01, fingerprint: abc}\n",
        "missing 'name'",
    ),
    "bad-date.yaml": (
        "reviews:\n  - {row: R-BT-01, verdict: agreed, name: A, date: 2026-13-01, fingerprint: abc}\n",
        "date",
    ),
    "unknown-field.yaml": (
        "reviews:\n  - {row: R-BT-01, verdict: agreed, name: A, date: 2026-01-01, fingerprint: abc, score: 3}\n",
        "score",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
@pytest.mark.parametrize("command", ["status", "add", "table"])
def test_a_bad_reviews_file_is_refused_in_one_line(name: str, command: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    text, said = BAD[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    args = {
        "status": ["review", "--file", str(path)],
        "add": ["review", "--add", "R-BT-01", "--verdict", "agreed", "--name", "A", "--file", str(path)],
        "table": ["table", "--format", "html", "--reviews", str(path), "--output", str(tmp_path / "p.html")],
    }[command]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert path.read_text(encoding="utf-8") == text  # left as it was


def test_add_appends_a_record_that_status_counts(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "reviews.yaml"
    path.write_text("# kept\nreviews: []\n", encoding="utf-8")
    assert (
        main(
            [
                "review",
                "--add",
                "R-BT-01",
                "--verdict",
                "disputed",
                "--name",
                "A. Jurist",
                "--comment",
                "lid?",
                "--file",
                str(path),
            ]
        )
        == 0
    )
    assert path.read_text(encoding="utf-8").startswith("# kept\n")  # comments kept
    capsys.readouterr()
    assert main(["review", "--file", str(path), "--json", "--lang", "en"]) == 0
    import json

    out = json.loads(capsys.readouterr().out)
    assert out["counts"]["disputed"] == 1 and out["rows"]["R-BT-01"] == "disputed"
    assert (
        main(["review", "--add", "R-BT-01", "--verdict", "agreed", "--name", "A"]) == 2
    )  # no --file: refused
