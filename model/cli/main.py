"""The `verblijfsroutes` command line: one sub-command per module in model/commands/.

Sub-commands are imported only when used, so `verblijfsroutes table` does not load
networkx, hypothesis or graphviz. Bad arguments give one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from collections.abc import Sequence

from verblijfsroutes.spec.errors import DataError, UsageError

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
    "diff": ("verblijfsroutes.cli.commands.diff", "rows and routes that change between two dates"),
    "replay": ("verblijfsroutes.cli.commands.replay", "replay a dated case file step by step"),
    "test": ("verblijfsroutes.cli.commands.test", "replay case files as tests against their expect blocks"),
}


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see --help)\n")
        raise SystemExit(2)


def as_of_date(text: str) -> dt.date:
    """argparse type for --as-of / --from / --to: a full date YYYY-MM-DD."""
    from verblijfsroutes.spec.dates import parse_day

    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # Parse the command name first, then let only that command's module add its options.
    name = next((a for a in args_list if not a.startswith("-")), None)
    if name in COMMANDS:
        try:
            module = importlib.import_module(COMMANDS[name][0])
        except ModuleNotFoundError as exc:
            sys.stderr.write(f"verblijfsroutes {name}: error: not available in this build ({exc.name})\n")
            return 2
        sub = Parser(prog=f"verblijfsroutes {name}", description=COMMANDS[name][1])
        module.add_arguments(sub)
        rest = list(args_list)
        rest.remove(name)
        args = sub.parse_args(rest)
        try:
            return int(module.run(args) or 0)
        except (UsageError, DataError) as exc:
            sys.stderr.write(f"verblijfsroutes {name}: error: {exc}\n")
            return 2
        except BrokenPipeError:
            return 0
    parser.parse_args(args_list)  # prints help or a one-line error
    return 2


def engine_from(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Build the Engine for the command's --choice options."""
    from verblijfsroutes.core.engine import Engine
    from verblijfsroutes.core.ruledata import default_rule_data
    from verblijfsroutes.spec.choices import resolve_choices

    data = default_rule_data()
    return Engine(data, resolve_choices(args.choice, data.choices))


if __name__ == "__main__":
    raise SystemExit(main())
