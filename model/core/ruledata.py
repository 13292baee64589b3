"""The package's rule data (model/data/*.yaml), validated against the guards the core defines."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from verblijfsroutes.core.guards import all_guard_names
from verblijfsroutes.spec.loader import DATA_DIR, RuleData, read_rule_data


def load_rule_data(directory: Path | str = DATA_DIR) -> RuleData:
    """Read and validate the data files in `directory` (every guard named must exist)."""
    return read_rule_data(directory, all_guard_names)


@lru_cache(maxsize=1)
def default_rule_data() -> RuleData:
    """The package's own rule data, loaded once."""
    return load_rule_data(DATA_DIR)
