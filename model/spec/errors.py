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


def reject_unknown_fields(raw: dict[str, object], allowed: set[str], file: str, row: str, what: str) -> None:
    """Fail on a field the format does not know (a typo, or an unquoted comma in a label)."""
    unknown = sorted(str(k) for k in raw if k not in allowed)
    if unknown:
        raise DataError(
            file,
            row,
            f"{what}: unknown field(s) {', '.join(unknown)} "
            f"(known: {', '.join(sorted(allowed))}; quote labels that contain a comma)",
        )
