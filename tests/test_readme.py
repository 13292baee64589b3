"""The README keeps exactly two set-up commands, .ci/run runs the README's test command, and
the main job's command runs (CI itself runs .ci/run on a fresh clone)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from verblijfsroutes.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


def setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_exactly_two_setup_commands() -> None:
    commands = setup_commands()
    assert len(commands) == 2, commands
    assert all("\n" not in c for c in commands), "each set-up command is one line"


def test_ci_runs_the_readme_test_command() -> None:
    test_cmd = setup_commands()[1].split("&&")[-1].strip()
    install = setup_commands()[1].split("&&")[-2].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci, f"{test_cmd!r} not in .ci/run"
    assert install.replace("pip install", "python -m pip install -q") in ci


def test_main_job_runs() -> None:
    main_cmd = setup_commands()[0].split("&&")[-1].strip()
    argv = shlex.split(main_cmd)
    assert argv[0] == "verblijfsroutes"
    assert main(argv[1:]) == 0


def test_readme_counts_match_the_data() -> None:
    from collections import Counter

    from verblijfsroutes.core.ruledata import default_rule_data

    data = default_rule_data()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    owner = {e.id: e.track for e in data.vocab.events}
    rows = Counter(owner[r.event] for r in data.rules)
    events = Counter(owner.values())
    for t in data.vocab.tracks:
        assert f"| {len(t.states)} | {events[t.id]} | {rows[t.id]} |" in readme, t.id
    states = sum(len(t.states) for t in data.vocab.tracks)
    assert f"| **{states}** | **{len(data.vocab.events)}** | **{len(data.rules)}** |" in readme
    basis = Counter(r.basis for r in data.rules)
    expected = (
        f"{basis['law']} law, {basis['policy']} policy, {basis['practice']} practice, "
        f"{basis['assumption']} assumption"
    )
    assert expected in readme


def test_readme_deadline_table_matches_the_data() -> None:
    """Every deadline is in the README's table with its anchor and whether the Atw applies."""
    from verblijfsroutes.core.ruledata import default_rule_data

    data = default_rule_data()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for spec in data.deadlines:
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{spec.id}` ")), None)
        assert row is not None, spec.id
        atw = "yes" if data.terms[spec.terms[-1]].atw else "no"
        assert f"| {atw} |" in row, (spec.id, row)
        for part in spec.anchor.partition(":")[2].split("|"):
            assert part.split("=")[0] in row, (spec.id, part)


def test_the_replay_excerpt_is_the_tools_output(capsys) -> None:  # type: ignore[no-untyped-def]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- replay-excerpt -->", 1)[1].split("<!-- /replay-excerpt -->", 1)[0]
    lines = [x for x in block.strip().strip("`").removeprefix("text").strip("\n").splitlines() if x != "..."]
    assert main(["replay", str(ROOT / "examples" / "route_2.yaml"), "--no-svg", "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    for line in lines:
        assert line in out, line


def test_readme_states_the_size_of_the_bad_input_corpus() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    files = len(list((ROOT / "tests" / "bad_inputs" / "files").iterdir()))
    lines = (ROOT / "tests" / "bad_inputs" / "invocations.yaml").read_text(encoding="utf-8").splitlines()
    invocations = sum(1 for line in lines if line.startswith("- {args"))
    assert f"({files} case files, {invocations}\n  command lines)" in readme


def test_the_refusal_excerpt_is_the_tools_output() -> None:
    from verblijfsroutes.case.case import Case

    first = str(Case().fire("b8_verlenen")).splitlines()[:2]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\n".join(first) in readme


def test_readme_states_the_number_of_scenarios() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    n = len(list((ROOT / "tests" / "scenarios").glob("*.yaml")))
    assert f"The {n} scenarios of `tests/scenarios/`" in readme
