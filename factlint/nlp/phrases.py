"""Phrases found in a doc by their token ids: what spaCy's PhraseMatcher finds, answered in numpy.

A phrase is a tuple of token attribute values (LOWER or ORTH ids) under a key. `PhraseIndex.find` gives
every (start, end, key) where a doc's tokens spell a phrase, overlapping or nested ones too, as spaCy's
PhraseMatcher does, but as three arrays, with a fixed number of numpy passes per doc and no Python object
per token or per match:

- Candidates: the tokens that may start a one-token phrase (a table of the phrases' ids' low bits), and,
  for longer phrases, each token whose id and the next one's may start one (a table over the hash bits of
  the pair, holding the set of the lengths of the phrases that start so), with each such length.
- Each candidate (start, length) gets the hash of its ids in O(1), from the doc's prefix sums of
  id × R**position (mod 2**64, R odd and so invertible): (S[start + length] - S[start]) × R**-start.
- The hashes are looked up in a table of the phrases' hashes (open addressing), and each hit is checked
  id by id, so a collision costs a comparison and is never reported.

PhraseMatcher walks a trie from every token, and makes a Python tuple and a Python call (for its
callbacks, even with none) per match: with a registry of thousands of phrases, on prose where one token
in four starts a match, it took several times as long.
"""
from __future__ import annotations

from typing import Iterable

import numpy

_R = 0x9E3779B97F4A7C15  # odd, so it has an inverse mod 2**64
_R_INVERSE = pow(_R, -1, 1 << 64)
_LENGTH_SALT = 0xC2B2AE3D27D4EB4F  # a phrase's hash adds length × this: phrases of different lengths differ
_LOW_BITS = (1 << 16) - 1  # the table of one-token phrases: their ids' low 16 bits
_PAIR_BITS = 16  # the table of longer phrases' first two ids: 65,536 slots
_PAIR_SHIFT = numpy.uint64(64 - _PAIR_BITS)
_MIX = numpy.uint64(0xD6E8FEB86659FD93)  # odd: spreads an id or a hash over the top bits, which slots take
_NOTHING = numpy.zeros(0, dtype=numpy.intp)


def _pair_slots(first: numpy.ndarray, second: numpy.ndarray) -> numpy.ndarray:
    """Slots of pairs of ids, as intp (numpy indexes by intp about twice as fast as by uint64)."""
    return (((first * _MIX) ^ second) * _MIX >> _PAIR_SHIFT).view(numpy.int64)  # (uint64 arrays wrap around)


def _low_bits(ids: numpy.ndarray) -> numpy.ndarray:
    return ids.view(numpy.int64) & _LOW_BITS


def _spread(counts: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """For items that each have `counts[i]` copies: each copy's item, and its place among that item's
    copies (0, 1, ...)."""
    ends = numpy.cumsum(counts)
    owner = numpy.repeat(numpy.arange(len(counts)), counts)
    return owner, numpy.arange(len(owner)) - (ends - counts)[owner]


class _Powers:
    """R**i and R**-i mod 2**64 for i < n, grown on demand (shared: they depend on nothing else)."""

    up = numpy.ones(1, dtype=numpy.uint64)
    down = numpy.ones(1, dtype=numpy.uint64)

    @classmethod
    def upto(cls, n: int) -> tuple[numpy.ndarray, numpy.ndarray]:
        if len(cls.up) < n:
            size = max(n, 2 * len(cls.up), 1 << 14)
            cls.up = numpy.cumprod(numpy.full(size, _R, dtype=numpy.uint64)) * numpy.uint64(_R_INVERSE)
            cls.down = numpy.cumprod(numpy.full(size, _R_INVERSE, dtype=numpy.uint64)) * numpy.uint64(_R)
        return cls.up, cls.down


def _span_hashes(ids: numpy.ndarray, starts: numpy.ndarray, lengths: numpy.ndarray) -> numpy.ndarray:
    """The hash of each span of `ids` (at `starts`, `lengths` long): the sum of id × R**i over its ids, plus
    its length × the salt, mod 2**64; from the prefix sums of id × R**position, whatever the position."""
    n = len(ids)
    up, down = _Powers.upto(n + 1)
    prefix = numpy.zeros(n + 1, dtype=numpy.uint64)
    numpy.cumsum(ids * up[:n], out=prefix[1:])
    return ((prefix[starts + lengths] - prefix[starts]) * down[starts]
            + lengths.astype(numpy.uint64) * numpy.uint64(_LENGTH_SALT))


class _HashTable:
    """Distinct uint64 hashes by open addressing (linear probing, at most a quarter full): `find` gives each
    query's index among them, or -1. numpy's binary search took 60 ns a query on unsorted queries."""

    def __init__(self, hashes: numpy.ndarray) -> None:
        bits = max(10, (4 * len(hashes) - 1).bit_length())
        self.shift = numpy.uint64(64 - bits)
        self.mask = (1 << bits) - 1
        stored, index = [0] * (1 << bits), [-1] * (1 << bits)  # (lists: filled one by one, then arrays)
        self.probes = 0  # the farthest any hash sits from its slot
        for i, (h, slot) in enumerate(zip(hashes.tolist(), self._slots(hashes).tolist())):
            steps = 0
            while index[(slot + steps) & self.mask] >= 0:
                steps += 1
            stored[(slot + steps) & self.mask], index[(slot + steps) & self.mask] = h, i
            self.probes = max(self.probes, steps)
        self.hashes = numpy.array(stored, dtype=numpy.uint64)
        self.index = numpy.array(index, dtype=numpy.intp)

    def _slots(self, hashes: numpy.ndarray) -> numpy.ndarray:
        return (hashes * _MIX >> self.shift).view(numpy.int64)

    def find(self, queries: numpy.ndarray) -> numpy.ndarray:
        slots = self._slots(queries)
        index = self.index[slots]
        found = numpy.where(self.hashes[slots] == queries, index, -1)
        if self.probes:
            todo = numpy.flatnonzero((found < 0) & (index >= 0))  # slot taken by another hash: look further
            for step in range(1, self.probes + 1):
                if not len(todo):
                    break
                at = (slots[todo] + step) & self.mask
                index = self.index[at]
                same = self.hashes[at] == queries[todo]
                found[todo[same]] = index[same]
                todo = todo[~same & (index >= 0)]
        return found


class PhraseIndex:
    """Phrases (tuples of token ids) under keys (ints), for finding them in docs' token ids."""

    def __init__(self, phrases: Iterable[tuple[tuple[int, ...], int]]) -> None:
        """`phrases`: (ids, key) pairs; a pair given twice counts once, an empty phrase not at all."""
        items = list({(tuple(ids), key) for ids, key in phrases if ids})
        self.size = len(items)
        self.ids = numpy.array([x for ids, _ in items for x in ids], dtype=numpy.uint64)  # all, end to end
        lengths = numpy.array([len(ids) for ids, _ in items], dtype=numpy.intp)
        offsets = numpy.cumsum(lengths) - lengths  # each phrase's first id in `ids`
        keys = numpy.array([key for _, key in items], dtype=numpy.intp)
        hashes = _span_hashes(self.ids, offsets, lengths)
        # The phrases in order of hash: the distinct hashes, each with its first phrase and how many have it
        # (a phrase under two keys).
        order = numpy.argsort(hashes, kind="stable")
        lengths, self.offsets, self.keys = lengths[order], offsets[order], keys[order]
        distinct, self.first, self.count = numpy.unique(hashes[order], return_index=True, return_counts=True)
        self.table = _HashTable(distinct)
        self.longest = int(lengths.max()) if self.size else 0
        # One-token phrases: a table of their ids' low bits.
        single = lengths == 1
        self.singles = numpy.zeros(_LOW_BITS + 1, dtype=bool)
        self.singles[_low_bits(self.ids[self.offsets[single]])] = True
        # Longer ones: a table of their first two ids' slots, holding the number of the set of lengths of
        # the phrases that start in the slot (0: none); set s's lengths are
        # set_lengths[set_starts[s]:][:set_counts[s]].
        by_slot: dict[int, set[int]] = {}
        longer = numpy.flatnonzero(~single)
        if len(longer):
            starts = self.offsets[longer]
            slots = _pair_slots(self.ids[starts], self.ids[starts + 1])
            for slot, length in zip(slots.tolist(), lengths[longer].tolist()):
                by_slot.setdefault(slot, set()).add(length)
        sets = sorted({tuple(sorted(v)) for v in by_slot.values()})
        number = {s: i + 1 for i, s in enumerate(sets)}
        # In the smallest type that holds the sets' numbers (a registry has tens of them): the table is read
        # at random for every pair of a doc's tokens, and one byte a slot keeps it in a core's cache.
        self.pairs = numpy.zeros(1 << _PAIR_BITS, dtype=numpy.min_scalar_type(len(sets)))
        for slot, v in by_slot.items():
            self.pairs[slot] = number[tuple(sorted(v))]
        self.set_counts = numpy.array([0] + [len(s) for s in sets], dtype=numpy.intp)
        self.set_starts = numpy.cumsum(self.set_counts) - self.set_counts
        self.set_lengths = numpy.array([x for s in sets for x in s], dtype=numpy.intp)

    def find(self, ids: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
        """Where the phrases occur in `ids` (a doc's token ids, uint64): the start and end token of each
        occurrence and its key, in no particular order. A phrase under two keys occurs twice."""
        n = len(ids)
        if not n or not self.size:
            return _NOTHING, _NOTHING, _NOTHING
        ids = numpy.ascontiguousarray(ids, dtype=numpy.uint64)
        # Candidates (start, length): one-token phrases, then longer ones by their first two ids.
        starts = numpy.flatnonzero(self.singles[_low_bits(ids)])
        lengths = numpy.ones(len(starts), dtype=numpy.intp)
        if n > 1 and self.longest > 1:
            sets = self.pairs[_pair_slots(ids[:-1], ids[1:])]
            paired = numpy.flatnonzero(sets)
            if len(paired):
                sets = sets[paired]
                owner, place = _spread(self.set_counts[sets])
                more = self.set_lengths[self.set_starts[sets][owner] + place]
                at = paired[owner]
                fits = at + more <= n
                starts = numpy.concatenate((starts, at[fits]))
                lengths = numpy.concatenate((lengths, more[fits]))
        if not len(starts):
            return _NOTHING, _NOTHING, _NOTHING
        # Each candidate's hash, looked up.
        slot = self.table.find(_span_hashes(ids, starts, lengths))
        hit = numpy.flatnonzero(slot >= 0)
        if not len(hit):
            return _NOTHING, _NOTHING, _NOTHING
        starts, lengths, slot = starts[hit], lengths[hit], slot[hit]
        count = self.count[slot]
        if count.max() == 1:
            entry = self.first[slot]
        else:  # each hit against each phrase of its hash
            owner, place = _spread(count)
            starts, lengths, entry = starts[owner], lengths[owner], self.first[slot][owner] + place
        # Checked id by id: all the hits' ids in one flat comparison, and a verdict per hit.
        first = numpy.cumsum(lengths) - lengths  # each hit's first place in the flat comparison
        place = numpy.arange(int(first[-1] + lengths[-1]))
        same = (ids[numpy.repeat(starts - first, lengths) + place]
                == self.ids[numpy.repeat(self.offsets[entry] - first, lengths) + place])
        ok = numpy.logical_and.reduceat(same, first)
        if not ok.all():
            starts, lengths, entry = starts[ok], lengths[ok], entry[ok]
        return starts, starts + lengths, self.keys[entry]
