"""Questions about a token's text, answered once per distinct token id and kept.

Which tokens of a chunk hold a digit, or may be part of a vague source word: asked of each token, a
question costs a Python call per token; asked of each distinct token id (spaCy's hash of the text, the
same in every vocabulary), it costs one per new word, and the chunk's answer is a set operation and one
pass in C. This module imports no spaCy until a question is asked of a doc.
"""
from __future__ import annotations

from typing import Callable

IDS = "factlint_ids"
MAX_KNOWN_IDS = 1_000_000  # token ids a question remembers an answer for (a bound on memory over an archive)


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
    """The indices of the tokens of `doc` whose id is in `wanted` (ids of the doc), in order: marked on
    the doc's distinct ids, then spread to its tokens, in C."""
    if not wanted:
        return []
    import numpy

    distinct_ids, inverse, _ = token_ids(doc)
    marked = numpy.zeros(len(distinct_ids), dtype=bool)
    marked[numpy.searchsorted(distinct_ids, numpy.fromiter(wanted, dtype=distinct_ids.dtype, count=len(wanted)))] = True
    return numpy.flatnonzero(marked[inverse]).tolist()


def token_ids(doc) -> tuple:
    """The doc's distinct token ids (spaCy's hashes of the texts, sorted), where each token's id is among
    them, and the distinct ids as a set: computed once per doc."""
    found = doc.user_data.get(IDS)
    if found is None:
        import numpy

        distinct, inverse = numpy.unique(token_array(doc)[:, 0], return_inverse=True)
        found = doc.user_data[IDS] = (distinct, inverse, set(distinct.tolist()))
    return found


ARRAY = "factlint_token_array"


def token_array(doc):
    """Each token's id, start and length in characters (spaCy's ORTH, IDX and LENGTH), one row per token:
    copied from the doc once, for the questions and the offsets (factlint.nlp.pipeline.token_offsets),
    since each `Doc.to_array` call costs about as much again as the attributes it copies."""
    found = doc.user_data.get(ARRAY)
    if found is None:
        from spacy.attrs import IDX, LENGTH, ORTH

        found = doc.user_data[ARRAY] = doc.to_array([ORTH, IDX, LENGTH])
    return found
