"""Track patterns as bit masks: which of a list of patterns some track states match.

A pattern (a row's `from`, a derived rule's `when`, an invariant's `where`) maps tracks to the
states it allows; a track it leaves out allows every state. `pattern_masks` turns a list of
patterns into one bit mask per track and state (bit k: pattern k allows it), so the patterns
a situation matches are one AND per track, in list order (first-match keeps its meaning).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from verblijfsroutes.spec.vocabulary import Vocabulary

Masks = list[dict[str, int]]


def pattern_masks(vocab: Vocabulary, patterns: Sequence[Mapping[str, Iterable[str]]]) -> Masks:
    """Per track (vocabulary order) and state, the patterns that allow it, as a bit mask."""
    allowed = [{t: frozenset(v) for t, v in p.items()} for p in patterns]
    out: Masks = []
    for track in vocab.tracks:
        per_value = {}
        for value in track.state_ids():
            m = 0
            for k, pattern in enumerate(allowed):
                states = pattern.get(track.id)
                if states is None or value in states:
                    m |= 1 << k
            per_value[value] = m
        out.append(per_value)
    return out


def matching_mask(masks: Masks, s: Sequence[Any]) -> int:
    """The patterns that the track states of `s` (its first fields) match, as a bit mask."""
    m = -1
    for i, per_value in enumerate(masks):
        m &= per_value[s[i]]
    return m


def matching(masks: Masks, s: Sequence[Any]) -> list[int]:
    """The indices of the patterns that the track states of `s` match, ascending."""
    m = matching_mask(masks, s)
    out = []
    while m:
        low = m & -m
        out.append(low.bit_length() - 1)
        m ^= low
    return out
