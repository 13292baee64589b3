"""Errors the model reports to a person: which file, which row, what is wrong, what to do."""

from __future__ import annotations


class DataError(ValueError):
    """A rule-data file is invalid. The message names the file, the row id and the problem."""

    def __init__(self, file: str, row: str | None, problem: str) -> None:
        self.file = file
        self.row = row
        self.problem = problem
        where = f"{file}: row {row}" if row else file
        super().__init__(f"{where}: {problem}")


class UsageError(ValueError):
    """Bad input from the command line or a case file: one line, exit status 2."""
