"""Questions about a token's text, answered once per distinct token id and kept.

Which tokens of a chunk hold a digit, or may be part of a vague source word: asked of each token, a
question costs a Python call per token; asked of each distinct token id (spaCy's hash of the text, the
same in every vocabulary), it costs one per new word, and the chunk's answer is a set operation and one
pass in C. This module imports no spaCy until a question is asked of a doc.
"""
from __future__ import annotations

import threading
from typing import Callable

IDS = "factlint_ids"
MAX_KNOWN_IDS = 1_000_000  # token ids a question remembers an answer for (a bound on memory over an archive)
_BUCKETS = 1 << 16  # of the table that picks a chunk's tokens by the low bits of their ids
_LOW_BITS = _BUCKETS - 1
_TABLE = None  # tokens_among's table of the wanted ids' low bits (made on first use: numpy loads late)
_TABLE_FREE = threading.Lock()


class TokenQuestion:
    """A yes-or-no question about a token's text (`test`), with the answers given so far."""

    def __init__(self, test: Callable[[str], bool]) -> None:
        self.test = test
        self.yes: set[int] = set()
        self.known: set[int] = set()  # the ids answered, yes or no

    def tokens(self, doc) -> list[int]:
        """The indices of the tokens of `doc` whose text passes the test, in order."""
        return tokens_among(doc, self.present(doc))

    def present(self, doc) -> set[int]:
        """The ids of `doc`'s tokens whose text passes the test (each new id tested once)."""
        _, _, distinct = token_ids(doc)
        yes, known = self.yes, self.known
        new = distinct - known
        if new:
            strings, test = doc.vocab.strings, self.test
            yes.update(i for i in new if test(strings[i]))
            known |= new
        here = distinct & yes
        if len(known) > MAX_KNOWN_IDS:
            yes.clear()
            known.clear()
        return here


def tokens_among(doc, wanted: set[int]) -> list[int]:
    """The indices of the tokens of `doc` whose id is in `wanted` (ids of the doc), in order: a table of
    the wanted ids' low bits picks, in C, the tokens that may be wanted (another id shares an id's low
    bits once in 65,536), and each of those is checked exactly."""
    global _TABLE
    if not wanted:
        return []
    import numpy

    ids, low, _ = token_ids(doc)
    buckets = numpy.fromiter(wanted, dtype=ids.dtype, count=len(wanted)).view(numpy.int64) & _LOW_BITS
    # One table, cleared after each use, instead of a new zeroed one per question and doc: it stays in the
    # core's cache. (A call that finds it in use, in another thread, makes its own.)
    shared = _TABLE_FREE.acquire(blocking=False)
    if shared and _TABLE is None:
        _TABLE = numpy.zeros(_BUCKETS, dtype=bool)
    table = _TABLE if shared else numpy.zeros(_BUCKETS, dtype=bool)
    try:
        table[buckets] = True
        maybe = numpy.flatnonzero(table[low])
    finally:
        table[buckets] = False
        if shared:
            _TABLE_FREE.release()
    return [i for i, x in zip(maybe.tolist(), ids[maybe].tolist()) if x in wanted]


def token_ids(doc) -> tuple:
    """Each token's id (spaCy's hash of its text), its low bits (which `tokens_among` reads for each
    question) and the doc's distinct ids as a set: computed once per doc. The distinct ids come from the
    ids sorted, each kept where it differs from the one before (numpy.unique costs several times that)."""
    found = doc.user_data.get(IDS)
    if found is None:
        import numpy

        ids = token_array(doc)[0]
        ordered = numpy.sort(ids)
        first = numpy.ones(len(ordered), dtype=bool)
        numpy.not_equal(ordered[1:], ordered[:-1], out=first[1:])
        # (the low bits as intp, which numpy indexes by about twice as fast as by uint64)
        found = doc.user_data[IDS] = (ids, ids.view(numpy.int64) & _LOW_BITS, set(ordered[first].tolist()))
    return found


ARRAY = "factlint_token_array"


def token_array(doc):
    """Each token's id, start and length in characters, and its lowercase form's id (spaCy's ORTH, IDX,
    LENGTH and LOWER), as four rows of one array (`[0]` the ids, `[1]` the starts, ...): copied from the
    doc once, for the questions, the offsets (factlint.nlp.pipeline.token_offsets) and the term matcher
    (factlint.nlp.phrases), since each `Doc.to_array` call costs about as much again as the attributes it
    copies. A length is where the next token starts, less the token's start and its trailing space
    (SPACY): a token's own attributes copy in half the time of its word's (ORTH, LENGTH), which spaCy
    reads through the word. Rows, not spaCy's columns: each reader takes one or two attributes, and
    a column of a token-per-row array is read through every row of it (four times the memory)."""
    found = doc.user_data.get(ARRAY)
    if found is None:
        import numpy
        from spacy.attrs import IDX, LOWER, ORTH, SPACY

        found = numpy.ascontiguousarray(doc.to_array([ORTH, IDX, SPACY, LOWER]).T)
        if found.shape[1]:
            starts, lengths = found[1], found[2]
            lengths[:-1] = starts[1:] - starts[:-1] - lengths[:-1]
            lengths[-1] = len(doc[-1])
        doc.user_data[ARRAY] = found
    return found
