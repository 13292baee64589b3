"""Properties of the model: well-formedness and legal safety claims, checked exhaustively
(verblijfsroutes.properties.check, over every reachable situation) and by Hypothesis fuzzing (verblijfsroutes.properties.fuzz).

`PROPERTIES` lists them in spec order: well-formedness first (wellformed.py), then the legal
safety claims (legal.py).
"""

from verblijfsroutes.properties import legal, wellformed  # noqa: F401  (registers the properties)
from verblijfsroutes.properties.spec import REGISTRY, Property

# well-formedness (table, graph) first, then the legal claims in the order legal.py gives
PROPERTIES: tuple[Property, ...] = tuple(sorted(REGISTRY, key=lambda p: p.kind in ("invariant", "step")))


def by_name(name: str) -> Property:
    """The property called `name` (KeyError when there is none)."""
    for p in PROPERTIES:
        if p.name == name:
            return p
    raise KeyError(name)


__all__ = ["PROPERTIES", "Property", "by_name"]
