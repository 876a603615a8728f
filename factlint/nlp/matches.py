"""A chunk's term matches as columns: what the term matcher writes and the facts builder cuts into blocks.

Three lists (starts, ends, keys) rather than a tuple per match: a run of the seed corpus matches about
560,000 terms, each block's are made again in its own offsets anyway, and two thirds of them (the context
terms: cues, phrases, subgroups) are read only in the blocks that hold a number. A block's matches are
found by bisecting `starts`, which the matcher sorts. This module imports nothing, so the facts builder
reads stored matches without spaCy or numpy.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence


class Matches(NamedTuple):
    """Matches in order of (start, end, the key's rank): match i is at [starts[i], ends[i]) under keys[i]."""

    starts: Sequence[int]
    ends: Sequence[int]
    keys: Sequence[str]

    @classmethod
    def of(cls, rows) -> "Matches":
        """From (start, end, key) rows, in order."""
        rows = list(rows)
        return cls([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])

    def rows(self, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, str]]:
        """Matches lo to hi (all by default) as (start, end, key) rows."""
        return list(zip(self.starts[lo:hi], self.ends[lo:hi], self.keys[lo:hi]))


NO_MATCHES = Matches((), (), ())
