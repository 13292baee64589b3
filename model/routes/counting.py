"""Routes counted and listed without enumerating them: dynamic programming over simple paths.

A route is a simple path from the start to an outcome in the route graph (listing.route_graph).
What can still follow on such a path depends only on (its last phase, the classifier state,
whether it used a marked step yet, the phases of the last phase's own strongly connected
component it already visited): a phase of an earlier component can never be reached again
(it would lie on a cycle with the last phase, so in the same component). The components of the
route graph have at most ten phases, so these keys are few, and `RouteIndex` counts the routes
per class exactly (every simple path, as a full listing would) and knows, per key and class,
the cheapest completion. With that it lists the routes of a class in the order of the listings
(fewest steps plus the outcome's rank, then sorted order) or in sorted order, visiting only
prefixes that lead to a route of the class: the first N cost N short walks, whatever the total.

`marked` steps serve `diff`: the routes of one date that take a step the other date does not
have are exactly the routes that are not routes of the other date (a route's class depends only
on its phases, classes.classify).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator

import networkx as nx
from verblijfsroutes.routes.classes import INITIAL, OUTCOME, State, step

# Outcome preference when ordering routes: a permit, then the ends the report discusses
# (unlawful stay, leaving), the EU citizen's stay last (§3.2).
OUTCOME_RANK = {
    "b9": 0,
    "asielvergunning": 0,
    "onbepaalde_tijd": 1,
    "asiel_onbepaalde_tijd": 1,
    "onrechtmatig_verblijf": 1,
    "vertrokken": 1,
}


def method_text(lang: str) -> str:
    """How the routes are counted, in `lang` (nl or en)."""
    if lang == "nl":
        return (
            "elk enkelvoudig pad van het begin naar een uitkomst, exact geteld met dynamisch "
            "programmeren over (fase, classificatie, bezochte fasen van haar cyclus)"
        )
    return (
        "every simple path from the start to an outcome, counted exactly by dynamic "
        "programming over (phase, classifier state, phases of its cycle visited)"
    )


Key = tuple[int, State, bool, int]  # phase, classifier state, marked step used, visited in component
Summary = dict[str, tuple[int, int]]  # per class: (routes, cheapest completion)


class RouteIndex:
    """Per class, the number of routes from the start and the cheapest completion of every
    prefix, computed once per key (see the module docstring); phases are numbered in sorted
    order, so comparing tuples of numbers compares the phase names."""

    def __init__(self, g: nx.DiGraph, start: str, marked: set[tuple[str, str]] | None = None) -> None:
        self.names = sorted(g)
        num = {n: i for i, n in enumerate(self.names)}
        comp: dict[str, int] = {}
        bit: dict[str, int] = {}
        for c, members in enumerate(nx.strongly_connected_components(g)):
            for j, n in enumerate(sorted(members)):
                comp[n], bit[n] = c, 1 << j
        self.comp = [comp[n] for n in self.names]
        self.bit = [bit[n] for n in self.names]
        self.succ = [sorted(num[v] for v in g.successors(n)) for n in self.names]
        self.rank = [
            OUTCOME_RANK.get(n[len(OUTCOME) :], 3) if n.startswith(OUTCOME) else -1 for n in self.names
        ]
        self.marked = {(num[u], num[v]) for u, v in marked or () if u in num and v in num}
        self.start = num[start]
        self.root: Key = (self.start, INITIAL, marked is None, self.bit[self.start])
        self._memo: dict[Key, Summary] = {}
        self._steps: dict[tuple[State, int, int], State] = {}

    def _step(self, state: State, u: int, v: int) -> State:
        found = self._steps.get((state, u, v))
        if found is None:
            found = self._steps[(state, u, v)] = step(state, self.names[u], self.names[v])
        return found

    def children(self, key: Key) -> Iterator[tuple[int, Key]]:
        """The next phases of a prefix ending in `key`, each with its own key, in sorted order."""
        u, state, used, seen = key
        for v in self.succ[u]:
            if self.comp[v] == self.comp[u]:
                if seen & self.bit[v]:
                    continue  # already on the path
                nseen = seen | self.bit[v]
            else:
                nseen = self.bit[v]
            yield v, (v, self._step(state, u, v), used or (u, v) in self.marked, nseen)

    def summary(self, key: Key) -> Summary:
        """Per class, the routes that complete a prefix ending in `key` and the cheapest
        completion (steps still to take plus the outcome's rank)."""
        found = self._memo.get(key)
        if found is not None:
            return found
        acc: Summary = {}
        for v, child in self.children(key):
            if self.rank[v] >= 0:  # an outcome: the route ends here
                if child[2]:
                    cls, cost = child[1][0], 1 + self.rank[v]
                    n, best = acc.get(cls, (0, cost))
                    acc[cls] = (n + 1, min(best, cost))
                continue
            for cls, (n, cost) in self.summary(child).items():
                m, best = acc.get(cls, (0, cost + 1))
                acc[cls] = (m + n, min(best, cost + 1))
        self._memo[key] = acc
        return acc

    def counts(self) -> dict[str, int]:
        """Routes per class (classes with none are left out)."""
        return {cls: n for cls, (n, _) in self.summary(self.root).items()}

    def _leads_to(self, v: int, key: Key, cls: str) -> bool:
        if self.rank[v] >= 0:
            return key[2] and key[1][0] == cls
        return cls in self.summary(key)

    def cheapest(self, cls: str) -> Iterator[tuple[str, ...]]:
        """The routes of `cls` by fewest steps plus the outcome's rank, then sorted order:
        best-first, each prefix ordered by its cost so far plus its cheapest completion
        (exact), so a route is yielded as soon as it is the next in this order."""
        if cls not in self.summary(self.root):
            return
        first = self.summary(self.root)[cls][1] + 1
        heap: list[tuple[int, tuple[int, ...], Key]] = [(first, (self.start,), self.root)]
        while heap:
            f, path, key = heapq.heappop(heap)
            if self.rank[path[-1]] >= 0:
                yield tuple(self.names[i] for i in path)
                continue
            for v, child in self.children(key):
                if not self._leads_to(v, child, cls):
                    continue
                rest = 1 + (self.rank[v] if self.rank[v] >= 0 else self.summary(child)[cls][1])
                heapq.heappush(heap, (len(path) + rest, path + (v,), child))

    def in_order(self, cls: str) -> Iterator[tuple[str, ...]]:
        """The routes of `cls` in sorted order (of their phase names), depth first, entering
        only prefixes that lead to a route of the class."""
        if cls not in self.summary(self.root):
            return
        path = [self.start]
        stack = [iter([(v, c) for v, c in self.children(self.root) if self._leads_to(v, c, cls)])]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                path.pop()
                continue
            v, key = nxt
            if self.rank[v] >= 0:
                yield tuple(self.names[i] for i in path) + (self.names[v],)
                continue
            path.append(v)
            stack.append(iter([(w, c) for w, c in self.children(key) if self._leads_to(w, c, cls)]))
