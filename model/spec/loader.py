"""Load and validate all rule data (model/data/*.yaml) into one `RuleData` object.

YAML is read with safe loading only. Every problem is reported as a `DataError` that names
the file, the row and what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from verblijfsroutes.spec.changes import Change, Term, parse_changes, parse_terms
from verblijfsroutes.spec.choices import Choice, parse_choices
from verblijfsroutes.spec.deadlines import DeadlineSpec, parse_deadlines
from verblijfsroutes.spec.derived import DerivedRule, parse_derived
from verblijfsroutes.spec.errors import DataError
from verblijfsroutes.spec.rules import Rule, parse_rules
from verblijfsroutes.spec.strict_yaml import load_yaml
from verblijfsroutes.spec.vocabulary import Vocabulary, parse_vocabulary

DATA_DIR = Path(__file__).parent.parent / "data"
FILES = (
    "vocabulary.yaml",
    "changes.yaml",
    "choices.yaml",
    "terms.yaml",
    "derived.yaml",
    "rules.yaml",
    "deadlines.yaml",
)


@dataclass(frozen=True)
class RuleData:
    """Everything the model is made of, as validated data."""

    vocab: Vocabulary
    changes: dict[str, Change]
    choices: dict[str, Choice]
    terms: dict[str, Term]
    derived: dict[str, list[DerivedRule]]
    rules: tuple[Rule, ...]
    directory: Path
    deadlines: tuple[DeadlineSpec, ...] = ()


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(str(path), None, f"cannot read: {exc.strerror}") from None
    try:
        return load_yaml(text, fast=True)  # safe loading, no duplicate keys (C parser when available)
    except yaml.YAMLError as exc:  # one line: where and what (PyYAML's text spans several)
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["syntax error"])[0]
        raise DataError(str(path), None, f"not valid YAML: {where}{' '.join(str(problem).split())}") from None


def read_rule_data(directory: Path | str, guard_names: Callable[[Vocabulary], set[str]]) -> RuleData:
    """Read and validate the data files in `directory`; `guard_names` gives the guards a row
    may name (the compiled core's, core/guards.py)."""
    d = Path(directory)
    docs = {name: read_yaml(d / name) for name in FILES}
    vocab = parse_vocabulary(docs["vocabulary.yaml"], str(d / "vocabulary.yaml"))
    changes = parse_changes(docs["changes.yaml"], str(d / "changes.yaml"))
    choices = parse_choices(docs["choices.yaml"], str(d / "choices.yaml"))
    terms = parse_terms(docs["terms.yaml"], str(d / "terms.yaml"))
    names = guard_names(vocab)
    derived = parse_derived(docs["derived.yaml"], str(d / "derived.yaml"), vocab, choices, names)
    rules = parse_rules(docs["rules.yaml"], str(d / "rules.yaml"), vocab, changes, choices, names)
    deadlines = parse_deadlines(
        docs["deadlines.yaml"], str(d / "deadlines.yaml"), vocab, terms, names, changes
    )
    return RuleData(vocab, changes, choices, terms, derived, tuple(rules), d, deadlines)
