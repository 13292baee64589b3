"""Reading a user's file: text parsed as YAML (safe loading only) or JSON, and the checker that
turns every problem into one `UsageError` naming the file, the entry and the fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import reprlib
from typing import Any

import yaml
from verblijfsroutes.spec.dates import parse_day, supported
from verblijfsroutes.spec.errors import UsageError
from verblijfsroutes.spec.strict_yaml import DuplicateKeyError, load_json, load_yaml

_DATE_LIKE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")

_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlist, _REPR.maxdict = 2, 40, 40, 4, 4


def short(value: Any) -> str:
    """A bounded repr (safe for huge or self-referencing YAML values)."""
    return _REPR.repr(value)


def type_name(value: Any) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
        type(None): "empty",
    }
    return names.get(type(value), type(value).__name__)


def suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=3, cutoff=0.6)
    return f"did you mean {', '.join(close)}? " if close else ""


class Check:
    """Raises one UsageError per problem: '<file>: <where>: <problem>; <fix>'."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, where: str, problem: str, fix: str) -> UsageError:
        prefix = f"{self.file}: {where}: " if where else f"{self.file}: "
        return UsageError(f"{prefix}{problem}; {fix}")

    def keys(self, raw: dict[Any, Any], allowed: tuple[str, ...], where: str, what: str) -> None:
        for key in raw:
            if key not in allowed:
                hint = suggest(str(key), list(allowed))
                raise self.fail(
                    where, f"unknown key {short(key)} in {what}", f"{hint}allowed keys: {', '.join(allowed)}"
                )

    def date(self, value: Any, where: str) -> dt.date:
        if isinstance(value, dt.datetime):
            raise self.fail(where, f"date {value.isoformat()} has a time", "write a date YYYY-MM-DD")
        if isinstance(value, dt.date):
            try:
                return supported(value)
            except ValueError as exc:
                problem, _, fix = str(exc).partition(": ")
                raise self.fail(where, problem, fix) from None
        if value is None:
            raise self.fail(where, "missing date", "add 'date: YYYY-MM-DD'")
        if not isinstance(value, str):
            raise self.fail(where, f"date {short(value)} is {type_name(value)}", "write a date YYYY-MM-DD")
        try:
            return parse_day(value)
        except ValueError as exc:
            problem, _, fix = str(exc).partition(": ")
            if problem.startswith("impossible date"):
                problem, fix = str(exc), "write a real calendar date YYYY-MM-DD"
            raise self.fail(where, problem, fix or "write a real calendar date YYYY-MM-DD") from None


def read_case_text(text: str, file: str) -> Any:
    """Parse the text of a case file: JSON for *.json, else YAML (safe loading only)."""
    check = Check(file)
    if file.lower().endswith(".json"):
        try:
            return load_json(text)
        except RecursionError:
            raise check.fail("", "nested too deeply", "write a flat case file (see examples/)") from None
        except ValueError as exc:
            if "given twice" in str(exc):
                raise check.fail("", str(exc), "give each key once") from None
            raise check.fail("", f"not valid JSON ({exc})", "fix the JSON syntax") from None
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or (first[0] if first else "syntax error")
        if isinstance(exc, DuplicateKeyError):
            raise check.fail(where, problem, "give each key once") from None
        if "aliases" in problem:
            raise check.fail(where, problem, "a case file lists its values in full") from None
        raise check.fail(where, f"not valid YAML ({problem})", "fix the YAML syntax") from None
    except (ValueError, OverflowError) as exc:
        # PyYAML turns 2016-02-30 into a date and fails: find the impossible date for the user.
        for n, line in enumerate(text.splitlines(), 1):
            for m in _DATE_LIKE.finditer(line):
                try:
                    dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError as bad:
                    raise check.fail(
                        f"line {n}",
                        f"impossible date {m.group(0)} ({bad})",
                        "write a real calendar date YYYY-MM-DD",
                    ) from None
        raise check.fail("", f"cannot read ({exc})", "fix the value it names") from None
    except RecursionError:
        raise check.fail("", "nested too deeply", "write a flat case file (see examples/)") from None
