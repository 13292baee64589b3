"""The `verblijfsroutes` command line: one sub-command per module in cli/commands/.

Sub-commands are imported only when used, so `verblijfsroutes table` does not load
networkx, hypothesis or graphviz. Every failure of the user's making ends with one line on
stderr naming the input and the fix, never a traceback; exit status 0 success, 1 a check or
an expectation failed, 2 bad input (arguments, files, dates, paths, a full disk), 130
interrupted (Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from verblijfsroutes import __version__
from verblijfsroutes.spec.errors import DataError, UsageError

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
EXTRAS = {"hypothesis": "fuzz", "pytest": "test"}  # optional package -> the extra that installs it

# name -> (module, one-line help). A command module defines add_arguments(parser) and run(args).
COMMANDS: dict[str, tuple[str, str]] = {
    "table": ("verblijfsroutes.cli.commands.table", "print the transition table (md, csv, json, html)"),
    "states": ("verblijfsroutes.cli.commands.states", "print the vocabulary: tracks, states, events, facts"),
    "choices": ("verblijfsroutes.cli.commands.choices", "print the open questions and the model's decisions"),
    "check": ("verblijfsroutes.cli.commands.check", "check every property over every reachable situation"),
    "routes": (
        "verblijfsroutes.cli.commands.routes",
        "enumerate and classify the routes (report §3, Figure 2)",
    ),
    "diagram": (
        "verblijfsroutes.cli.commands.diagram",
        "draw the machine, Figure 1, Figure 2, a route or a date diff",
    ),
    "flows": (
        "verblijfsroutes.cli.commands.flows",
        "how often each route is taken: exact shares, calibration report, what-if",
    ),
    "diff": ("verblijfsroutes.cli.commands.diff", "rows and routes that change between two dates"),
    "replay": ("verblijfsroutes.cli.commands.replay", "replay a dated case file step by step"),
    "review": (
        "verblijfsroutes.cli.commands.review",
        "the legal reviewers' sign-off per row: status, add a verdict",
    ),
    "test": ("verblijfsroutes.cli.commands.test", "replay case files as tests against their expect blocks"),
    "export": ("verblijfsroutes.cli.commands.export", "export the rules in force to Promela (for SPIN)"),
    "crosscheck": (
        "verblijfsroutes.cli.commands.crosscheck",
        "check the Promela export with SPIN and compare with the explorer",
    ),
}


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see --help)\n")
        raise SystemExit(2)


LATER_DATES: list[dt.date] = []  # dates past the report's horizon this run evaluated


def note_date(day: dt.date) -> dt.date:
    """Remember a date the command evaluates, for the one horizon note after the run."""
    from verblijfsroutes.spec.dates import REPORT_HORIZON

    if day > REPORT_HORIZON:
        LATER_DATES.append(day)
    return day


def as_of_date(text: str) -> dt.date:
    """argparse type for --as-of / --from / --to: a full date YYYY-MM-DD."""
    from verblijfsroutes.spec.dates import parse_day

    try:
        return note_date(parse_day(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _horizon_note() -> None:
    """One line on stderr when the run evaluated a date past the report's horizon."""
    from verblijfsroutes.spec.dates import REPORT_HORIZON

    if LATER_DATES:
        from verblijfsroutes.core.ruledata import default_rule_data

        day = max(LATER_DATES)
        later = [
            f"{c.date.start.isoformat()} {c.en}"
            for c in default_rule_data().changes.values()
            if REPORT_HORIZON < c.date.start <= day
        ]
        known = (
            "; later changes only where a published source states them: " + "; ".join(later)
            if later
            else " (the model holds no later change in force by then)"
        )
        sys.stderr.write(
            f"verblijfsroutes: note: {day.isoformat()} lies after {REPORT_HORIZON.isoformat()}: "
            f"rules as last described in the report{known}\n"
        )
        LATER_DATES.clear()


def add_model_options(p: argparse.ArgumentParser, as_of: bool = True) -> None:
    """Options shared by the commands that evaluate the model."""
    if as_of:
        p.add_argument(
            "--as-of",
            type=as_of_date,
            metavar="DATE",
            help="evaluate the rules in force on DATE (YYYY-MM-DD)",
        )
    p.add_argument(
        "--choice",
        action="append",
        metavar="Qn=OPTION",
        default=[],
        help="switch an open-question decision (see `verblijfsroutes choices`)",
    )
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="label language (default nl)")


def build_parser() -> Parser:
    parser = Parser(
        prog="verblijfsroutes",
        description="Source-cited model of the Dutch residence routes for foreign victims of human "
        "trafficking (WODC Cahier 2020-6): transition table, property check, routes, diagrams, "
        "case replay. `verblijfsroutes COMMAND --help` for each command.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for name, (_, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that open pools and files are closed first."""


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    def handler(signum: int, frame: object) -> None:
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fail(name: str, message: str, code: int = EXIT_BAD_INPUT) -> int:
    sys.stderr.write(f"verblijfsroutes{' ' + name if name else ''}: error: {message}\n")
    return code


def _silence_stdout() -> None:
    """After a broken pipe or a full disk: drop what is still buffered for stdout, so that
    Python's exit does not print a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _repeated(parser: argparse.ArgumentParser, args: list[str]) -> str | None:
    """The first option given twice that takes one value (repeatable ones append)."""
    for action in parser._actions:
        if not action.option_strings or isinstance(action, (argparse._AppendAction, argparse._CountAction)):
            continue
        n = sum(1 for a in args if a.split("=", 1)[0] in action.option_strings)
        if n > 1:
            return max(action.option_strings, key=len)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; Ctrl-C at any moment (also while a command's modules load) ends
    with one line and exit status 130, never a traceback."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        _silence_stdout()
        return _fail("", "interrupted; no output file was left half-written", EXIT_INTERRUPTED)


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] in (["--version"], ["-V"]):
        sys.stdout.write(f"verblijfsroutes {__version__}\n")
        return 0
    parser = build_parser()
    # Parse the command name first, then let only that command's module add its options.
    name = next((a for a in args_list if not a.startswith("-")), None)
    if args_list and args_list[0].startswith("-") and args_list[0] not in ("-h", "--help"):
        command = next((a for a in args_list if a in COMMANDS), None)
        if command is not None:
            before = " ".join(args_list[: args_list.index(command)])
            return _fail("", f"options go after the command: write `verblijfsroutes {command} {before} ...`")
    if name not in COMMANDS:
        parser.parse_args(args_list)  # prints help or a one-line error
        return EXIT_BAD_INPUT
    assert name is not None
    try:
        module = importlib.import_module(COMMANDS[name][0])
    except ModuleNotFoundError as exc:
        extra = EXTRAS.get((exc.name or "").split(".")[0])
        fix = (
            f"install it with `pip install 'verblijfsroutes[{extra}]'`"
            if extra
            else "reinstall verblijfsroutes"
        )
        return _fail(name, f"needs the package {exc.name!r}, which is not installed; {fix}")
    sub = Parser(prog=f"verblijfsroutes {name}", description=COMMANDS[name][1])
    module.add_arguments(sub)
    rest = list(args_list)
    rest.remove(name)
    twice = _repeated(sub, rest)
    if twice:
        return _fail(name, f"{twice} is given twice; give it once")
    args = sub.parse_args(rest)
    try:
        with _sigterm_raises():
            code = int(module.run(args) or 0)
            sys.stdout.flush()
            _horizon_note()
            return code
    except (UsageError, DataError) as exc:
        LATER_DATES.clear()
        return _fail(name, str(exc))
    except KeyboardInterrupt:
        _silence_stdout()
        return _fail(name, "interrupted; no output file was left half-written", EXIT_INTERRUPTED)
    except Terminated:
        _silence_stdout()
        return _fail(name, "terminated; no output file was left half-written", EXIT_TERMINATED)
    except BrokenPipeError:
        _silence_stdout()  # the reader stopped reading (e.g. `| head`): not an error
        return 0
    except OSError as exc:
        _silence_stdout()
        where = f"{exc.filename}: " if exc.filename else "output: "
        return _fail(name, f"{where}{exc.strerror or exc}; free space or choose another path")
    except MemoryError:
        return _fail(name, "out of memory; narrow the request (e.g. --limit, --as-of)")


def engine_from(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Build the Engine for the command's --choice options."""
    from verblijfsroutes.core.engine import Engine
    from verblijfsroutes.core.ruledata import default_rule_data
    from verblijfsroutes.spec.choices import resolve_choices

    data = default_rule_data()
    return Engine(data, resolve_choices(args.choice, data.choices))


if __name__ == "__main__":
    raise SystemExit(main())
