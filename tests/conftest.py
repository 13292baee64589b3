"""Shared fixtures: the default engine (built once per test session)."""

from __future__ import annotations

import pytest
from verblijfsroutes.core.engine import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()
