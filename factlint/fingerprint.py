"""Fingerprints: a finding's identity that survives edits elsewhere in the file.

A baseline (and SARIF's `partialFingerprints`) must recognise a finding after paragraphs move, lines are
re-wrapped or text is added above it, so line numbers are no part of it. A fingerprint hashes the rule
code, the registry id, the flagged words and the sentence they stand in, each with whitespace collapsed
and case folded: it changes when the claim or its sentence is edited, not when the file around it is.
Identical findings in one file share a fingerprint; baselines count them (see `factlint.baseline`).
"""
from __future__ import annotations

import hashlib

VERSION = "v1"


def normalise(text: str) -> str:
    """Runs of white space as one space, none at the ends, case folded: what version v1's regular expression
    (white-space runs to one space, then strip) gave; str.split splits at the same white space, faster."""
    return " ".join(text.split()).casefold()


def fingerprint(code: str, registry_id: str | None, text: str, context: str) -> str:
    """16 hex digits identifying a finding by what it says, not where it is."""
    key = "\x1f".join((VERSION, code, registry_id or "", normalise(text), normalise(context)))
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def sentence_around(text: str, sentence_starts: tuple[int, ...] | list[int], start: int, end: int) -> str:
    """The sentence(s) of `text` that hold [start, end), from the sentence start offsets."""
    import bisect

    i = max(0, bisect.bisect_right(sentence_starts, start) - 1)
    j = bisect.bisect_left(sentence_starts, max(end, start + 1))
    lo = sentence_starts[i] if sentence_starts else 0
    hi = sentence_starts[j] if j < len(sentence_starts) else len(text)
    # A pathological sentence (thousands of numbers) would make every finding hash all of it: read at most
    # _REACH characters either side (real sentences are shorter, so their fingerprints do not change).
    return text[max(lo, start - _REACH):min(hi, end + _REACH)]


_REACH = 2000
