"""The bad-input corpus (tests/bad_inputs/): every bad case file and every bad command line
ends with exit status 2 and one line on stderr that names the problem, never a traceback, and
leaves every file as it was. Plus what needs a real process: devices, pipes, FIFOs, Ctrl-C
and SIGTERM during long commands, and byte-wise mutations of valid case files."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verblijfsroutes.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "bad_inputs"
EXPECTED: dict[str, str] = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
# read as plain strings (BaseLoader): a bad date in an argument must reach the command as typed
INVOCATIONS: list[dict] = yaml.load(
    (CORPUS / "invocations.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader
)  # type: ignore[type-arg]  # noqa: S506
CLI = [sys.executable, "-m", "verblijfsroutes"]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` with the hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_clean_line(err: str, out: str, says: str) -> None:
    assert "Traceback" not in err + out, err
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}: {err!r}"
    assert says in lines[0], f"{says!r} not in {lines[0]!r}"


def test_the_corpus_is_large_enough() -> None:
    files = [p for p in (CORPUS / "files").iterdir() if p.is_file()]
    assert len(files) == len(EXPECTED), "every file in bad_inputs/files has its entry in expected.yaml"
    assert len(files) + len(INVOCATIONS) >= 150


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_case_file(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / name
    shutil.copy(CORPUS / "files" / name, path)
    before = snapshot(tmp_path)
    code, out, err = run_cli(["replay", str(path)], capsys)
    assert code == 2, (code, err)
    assert_one_clean_line(err, out, EXPECTED[name])
    assert str(path) in err, "the message names the file"
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("name", sorted(EXPECTED)[::7])
def test_bad_case_file_under_the_test_runner(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`verblijfsroutes test` reports a bad file as ERROR with the same message, and goes on."""
    shutil.copy(CORPUS / "files" / name, tmp_path / name)
    shutil.copy(ROOT / "examples" / "route_2.yaml", tmp_path / "zz_good.yaml")
    code, out, err = run_cli(["test", str(tmp_path)], capsys)
    assert code == 2 and "Traceback" not in out + err
    assert f"ERROR {tmp_path / name}" in out and EXPECTED[name] in out
    assert f"PASS  {tmp_path / 'zz_good.yaml'}" in out


def _workspace(tmp: Path) -> dict[str, str]:
    shutil.copy(ROOT / "examples" / "route_2.yaml", tmp / "case.yaml")
    shutil.copy(ROOT / "tests" / "bad_inputs" / "files" / "event-unknown-2.yaml", tmp / "bad.yaml")
    (tmp / "case.json").write_text(
        '{"events": [{"date": "2016-04-04", "event": "bedenktijd_aanbieden"}]}', encoding="utf-8"
    )
    (tmp / "notes.txt").write_text("my notes; must survive\n", encoding="utf-8")
    (tmp / "case.svg").write_text("<svg>mine</svg>\n", encoding="utf-8")
    (tmp / "folder").mkdir()
    (tmp / "folder" / "keep.txt").write_text("keep\n", encoding="utf-8")
    (tmp / "empty").mkdir()
    (tmp / "not-a-manifest.json").write_text("[1, 2", encoding="utf-8")
    for name in ("figure1-nl.svg", "machine-nl.png"):  # files `diagram --all` would write
        (tmp / name).write_text("a user's own file\n", encoding="utf-8")
    return {
        "case": str(tmp / "case.yaml"),
        "case_json": str(tmp / "case.json"),
        "notes": str(tmp / "notes.txt"),
        "svg": str(tmp / "case.svg"),
        "dir": str(tmp / "folder"),
        "empty": str(tmp / "empty"),
        "missing": str(tmp / "no-such-folder" / "x.md"),
        "bad": str(tmp / "bad.yaml"),
        "manifest": str(tmp / "not-a-manifest.json"),
        "tmp": str(tmp),
    }


@pytest.mark.parametrize("inv", INVOCATIONS, ids=[" ".join(map(str, i["args"]))[:60] for i in INVOCATIONS])
def test_bad_command_line(inv: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[type-arg]
    places = _workspace(tmp_path)
    args = [str(a).format(**places) for a in inv["args"]]
    before = snapshot(tmp_path)
    try:
        code, out, err = run_cli(args, capsys)
    except SystemExit as exc:  # argparse's own errors exit through SystemExit(2)
        code = int(exc.code or 0)
        out, err = capsys.readouterr()
    assert code == int(inv["exit"]), (code, err)
    assert_one_clean_line(err, out, inv["says"])
    assert snapshot(tmp_path) == before, "a failed command changed or wrote a file"


def test_no_command_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each command that writes refuses an existing file, then overwrites it with --force."""
    case = tmp_path / "case.yaml"
    shutil.copy(ROOT / "examples" / "route_2.yaml", case)
    writers = [
        ["table", "-o", "{f}"],
        ["diagram", "machine", "--track", "huisvesting", "-o", "{f}"],
        ["replay", str(case), "--svg", "{f}"],
    ]
    for argv in writers:
        target = tmp_path / "existing.out"
        target.write_text("precious\n", encoding="utf-8")
        args = [a.format(f=target) for a in argv]
        assert main(args) == 2
        assert target.read_text(encoding="utf-8") == "precious\n"
        assert "--force" in capsys.readouterr().err
        assert main([*args, "--force"]) in (0, 1)
        assert target.read_text(encoding="utf-8") != "precious\n"
        capsys.readouterr()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers


def test_no_command_writes_onto_the_model_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Even with --force, no output goes onto the model's own rule data or code (only `flows
    fit` keeps flows-fitted.yaml up to date), and `diagram --all` writes into no model folder."""
    import verblijfsroutes

    data = Path(verblijfsroutes.__file__).resolve().parent / "data"
    rules, flows = data / "rules.yaml", data / "flows.yaml"
    before = {p: p.read_bytes() for p in (rules, flows)}
    attempts = [
        ["table", "-o", str(rules), "--force"],
        ["diagram", "machine", "-o", str(data / "vocabulary.yaml"), "--force"],
        ["export", "promela", "-o", str(data / "x.pml"), "--force"],
        ["flows", "fit", "--out", str(flows), "--force"],
        ["flows", "figure", "--out", str(data / "flows.svg"), "--force"],
        ["diagram", "--all", "--out", str(data), "--force"],
    ]
    for args in attempts:
        assert main(args) == 2, args
        assert "inside the model's own files" in capsys.readouterr().err, args
    assert {p: p.read_bytes() for p in before} == before
    assert not (data / "x.pml").exists() and not (data / "flows.svg").exists()


def test_replay_writes_no_file_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "mine.yaml"
    shutil.copy(ROOT / "examples" / "route_2.yaml", case)
    (tmp_path / "mine.svg").write_text("keep\n", encoding="utf-8")
    before = snapshot(tmp_path)
    assert main(["replay", str(case)]) == 0
    assert snapshot(tmp_path) == before


# -- what needs a real process ------------------------------------------------------------


def _cli(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(CLI + args, capture_output=True, text=True, timeout=60, **kw)  # type: ignore[call-overload]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_read_with_a_cap(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} is not on this system")
    r = _cli(["replay", device])
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.splitlines()) == 1 and ("larger than 1 MB" in r.stderr or "not UTF-8" in r.stderr)


def test_piped_standard_input_is_read_with_a_cap() -> None:
    big = b"# " + b"x" * 3_000_000 + b"\n"
    r = subprocess.run(CLI + ["replay", "-"], input=big, capture_output=True, timeout=60)
    assert r.returncode == 2 and b"larger than 1 MB" in r.stderr and b"Traceback" not in r.stderr
    good = (ROOT / "examples" / "route_2.yaml").read_bytes()
    r = subprocess.run(CLI + ["replay", "-"], input=good, capture_output=True, timeout=60)
    assert r.returncode == 0 and b"standard input" in r.stdout


def test_a_file_over_1_mb_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * 1_100_000 + "\nevents: []\n", encoding="utf-8")
    code, out, err = run_cli(["replay", str(path)], capsys)
    assert code == 2
    assert_one_clean_line(err, out, "larger than 1 MB")


def test_a_fifo_with_an_endless_writer_is_capped(tmp_path: Path) -> None:
    fifo = tmp_path / "case.fifo"
    os.mkfifo(fifo)

    def writer() -> None:
        try:
            with open(fifo, "wb") as fh:
                for _ in range(400):
                    fh.write(b"# " + b"y" * 10_000 + b"\n")
        except BrokenPipeError:
            pass

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    r = _cli(["replay", str(fifo)])
    t.join(timeout=10)
    assert r.returncode == 2 and "larger than 1 MB" in r.stderr and "Traceback" not in r.stderr


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    except FileNotFoundError:
        out = "\n".join(p.name for p in Path("/proc").iterdir() if p.name.isdigit() and _ppid(p) == pid)
    return [int(x) for x in out.split()]


def _ppid(proc: Path) -> int:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


@pytest.mark.parametrize(
    ("sig", "code", "word"), [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")]
)
def test_a_signal_during_check_leaves_no_worker_and_no_traceback(sig: int, code: int, word: str) -> None:
    p = subprocess.Popen(
        CLI + ["check", "--all-eras", "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(p.pid)
        time.sleep(0.05)
    assert workers, "the check started no worker processes"
    p.send_signal(sig)
    out, err = p.communicate(timeout=30)
    assert p.returncode == code, err
    assert "Traceback" not in err and word in err
    time.sleep(0.5)
    assert not [w for w in workers if _alive(w)], "a worker outlived its parent"


@pytest.mark.parametrize(
    ("sig", "code", "word"), [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")]
)
def test_a_signal_while_diff_searches_two_eras_leaves_no_worker(sig: int, code: int, word: str) -> None:
    """`diff` searches its two eras in forked workers for a fraction of a second: a signal
    while they run ends it without a traceback and without a worker left (tried again when
    the workers were done before they were seen)."""
    for _ in range(10):
        p = subprocess.Popen(
            CLI + ["diff", "--from", "2013-01-01", "--to", "2020-01-01"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        workers: list[int] = []
        while p.poll() is None and not workers:
            workers = _children(p.pid)
        if not workers:
            p.communicate(timeout=30)
            continue
        p.send_signal(sig)
        _, err = p.communicate(timeout=30)
        if p.returncode == 0:
            continue  # the search ended before the signal came
        assert p.returncode == code, err
        assert "Traceback" not in err and word in err
        time.sleep(0.5)
        assert not [w for w in workers if _alive(w)], "a worker outlived its parent"
        return
    pytest.fail("diff never ran its workers long enough to be signalled")


def test_workers_die_when_the_parent_is_killed() -> None:
    p = subprocess.Popen(
        CLI + ["check", "--all-eras", "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    workers: list[int] = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(p.pid)
        time.sleep(0.05)
    assert workers
    p.kill()
    p.wait(timeout=10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and [w for w in workers if _alive(w)]:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "a worker outlived its killed parent"


@pytest.mark.parametrize("delay", [0.3, 1.2, 1.9, 2.6])
def test_an_interrupted_diagram_run_leaves_only_whole_files(delay: float, tmp_path: Path) -> None:
    """Ctrl-C at some point of `diagram --all`: every file left is complete (equal to the
    committed one) and no temporary file remains."""
    out = tmp_path / "d"
    p = subprocess.Popen(
        CLI + ["diagram", "--all", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode in (0, 130) and "Traceback" not in err
    if out.exists():
        for f in out.iterdir():
            assert not f.name.endswith(".tmp"), f"partial file left: {f.name}"
            if f.suffix in (".svg", ".png"):
                assert f.read_bytes() == (ROOT / "diagrams" / f.name).read_bytes(), f.name
    assert not _children(p.pid)


# -- byte-wise mutations -------------------------------------------------------------------

SEED = (ROOT / "examples" / "route_3.yaml").read_bytes()


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(SEED)), st.integers(0, 3), st.binary(min_size=0, max_size=4)),
        min_size=1,
        max_size=6,
    )
)
def test_mutated_case_files_fail_cleanly(
    edits: list[tuple[int, int, bytes]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    data = bytearray(SEED)
    for at, cut, insert in edits:
        at = min(at, len(data))
        data[at : at + cut] = insert
    folder = tmp_path_factory.mktemp("mutant")
    path = folder / "case.yaml"
    path.write_bytes(bytes(data))
    before = snapshot(folder)
    import contextlib
    import io

    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(["replay", str(path)])
    assert code in (0, 1, 2)
    assert "Traceback" not in err.getvalue() + out.getvalue()
    if code == 2:
        assert len(err.getvalue().splitlines()) == 1
    assert snapshot(folder) == before


def test_stdout_to_a_full_disk_is_one_line() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full is not on this system")
    with open("/dev/full", "w") as full:
        r = subprocess.run(CLI + ["table"], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.splitlines()) == 1 and "No space left on device" in r.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["routes", "--limit", "0", "--json", "--as-of", "2020-01-01"],
        ["diff", "--from", "2014-01-01", "--to", "2020-01-01"],
    ],
)
def test_ctrl_c_during_a_long_listing(args: list[str]) -> None:
    p = subprocess.Popen(CLI + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode in (0, 130) and "Traceback" not in err
    if p.returncode == 130:
        assert err.strip().splitlines()[-1].endswith("no output file was left half-written")
