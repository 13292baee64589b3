"""Shared fixtures: the default engine (built once per test session); the mark for tests
that draw with the renderer."""

from __future__ import annotations

import pytest
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.render.run_dot import find_renderer
from verblijfsroutes.spec.errors import UsageError


def _renderer() -> bool:
    try:
        find_renderer()
    except UsageError:
        return False
    return True


needs_renderer = pytest.mark.skipif(not _renderer(), reason="graphviz-pure is not installed")


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()
