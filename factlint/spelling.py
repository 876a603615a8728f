"""Drug names one edit or so away from a registry drug (FL201's mechanism).

Cheap first: a draft's distinct words are read from spaCy's token ids (or, for a lone text, by one plain
scan), and each new word is judged once. Words that begin like a registry drug, or end like one
(misspellings keep their first or last letters: "adlirocumab", "Vyotrin"), are measured with rapidfuzz, by
optimal string alignment (a transposition of two letters is one edit). A candidate must not be a known drug
(the registry, or the offline lexicon of real drug names, so loratadine is never "corrected" to lorlatinib)
nor a common English word, and must be closer to one registry drug than to any other (ties say nothing).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

from rapidfuzz.distance import OSA

from .registry.model import Registry

MIN_LENGTH = 6  # short words are too often other words
# A word: a run of three or more word characters. Only runs of ASCII letters alone are looked at (a word of
# ASCII letters, not part of a longer word: what r"\b[A-Za-z]{3,}\b" finds, found faster).
_WORD = re.compile(r"\w{3,}")
_WORD_CHAR = re.compile(r"\w")
# Word endings factlint's tokenizer splits off between two word characters ("could|n't"): the only splits
# inside a run of word characters (factlint.nlp.pipeline._SUFFIX; every other affix begins and ends with
# punctuation).
_SPLIT_OFF_WORD_ENDS = ("n't", "n’t", "N'T", "N’T")


def max_edits(name: str) -> int:
    """Edits allowed for a name of this length: 1 up to 7 letters, 2 from 8."""
    return 1 if len(name) < 8 else 2


@dataclass
class DrugSpeller:
    """The registry's drug names and a regex for words that begin like one of them."""

    registry: Registry

    @cached_property
    def names(self) -> dict[str, str]:
        """lowercase generic or brand -> drug id."""
        out: dict[str, str] = {}
        for d in self.registry.drugs.values():
            for n in (d.name, *d.brands):
                if len(n) >= MIN_LENGTH and " " not in n:
                    out[n.lower()] = d.id
        return out

    @cached_property
    def _verdicts(self) -> dict[str, str | None]:
        return {}  # word -> suggestion: drafts repeat their words

    @cached_property
    def _clean(self) -> set[str]:
        return set()  # words as written that misspell no registry name

    @cached_property
    def _bad(self) -> set[str]:
        return set()  # words as written that do

    @cached_property
    def _shape(self) -> tuple[frozenset, frozenset, frozenset]:
        """First letters (both cases), three-letter beginnings and endings of the registry's names."""
        prefixes = frozenset(n[:3] for n in self.names)
        first = frozenset(p[0] for p in prefixes) | frozenset(p[0].upper() for p in prefixes)
        return first, prefixes, frozenset(n[-3:] for n in self.names)

    def _candidate(self, word: str) -> bool:
        """A word that begins like a registry name (five letters or more) or ends like one."""
        first, prefixes, suffixes = self._shape
        if word[0] not in first:
            return False
        w = word.lower()
        return (len(w) >= MIN_LENGTH - 1 and w[:3] in prefixes) or w[-3:] in suffixes

    def misspellings(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, suggestion) of each word of `text` that misspells exactly one registry name.

        One plain scan for the text's words (runs of word characters); its distinct words are tested once
        each (drafts repeat their words), and only those that misspell a name are looked for again."""
        if not self.names:
            return []
        # Words already known to be no misspelling are dropped by one set difference (in C).
        found = {w for w in set(_WORD.findall(text)) - self._clean if self._misspelt(w)}
        return self._places(text, found, [0])[0] if found else []

    def chunk_misspellings(self, doc, offsets: Sequence[int], lengths: Sequence[int]
                           ) -> list[list[tuple[int, int, str]]]:
        """What `misspellings` gives for each block of a processed chunk (blocks at `offsets`, with
        `lengths`, in block offsets), with the chunk's words read from spaCy's tokens: their distinct ids
        are found in C, and only ids not seen before are cut into words. A word is a run of word
        characters inside one token, except where the tokenizer splits "n't" off a word ("couldn't"):
        the run that crosses that split is read from the text of the two tokens."""
        from .nlp.pipeline import doc_text, token_offsets
        from .nlp.questions import token_ids, tokens_among

        if not self.names or not offsets:
            return [[] for _ in offsets]
        strings = doc.vocab.strings
        found = {w for i in self._misspelling_tokens.present(doc)
                 for w in _WORD.findall(strings[i]) if self._misspelt(w)}
        text = doc_text(doc)
        _, _, distinct = token_ids(doc)
        split_off = distinct.intersection(strings.add(s) for s in _SPLIT_OFF_WORD_ENDS if s in text)
        if split_off:
            starts, token_lengths, _ = token_offsets(doc)
            for i in tokens_among(doc, split_off):
                if i > 0:
                    found.update(w for w in _WORD.findall(text, starts[i - 1], starts[i] + token_lengths[i])
                                 if self._misspelt(w))
        return self._places(text, found, offsets)

    def _places(self, text: str, words: set[str], offsets: Sequence[int]) -> list[list[tuple[int, int, str]]]:
        """Where `words` stand as whole words in `text`, by block (blocks start at `offsets`), in order."""
        out: list[list[tuple[int, int, str]]] = [[] for _ in offsets]
        for word in words:
            at = text.find(word)
            while at >= 0:
                end = at + len(word)
                if (at == 0 or not _WORD_CHAR.match(text, at - 1)) and not _WORD_CHAR.match(text, end):
                    k = bisect.bisect_right(offsets, at) - 1
                    out[k].append((at - offsets[k], end - offsets[k], self.suggestion(word)))
                at = text.find(word, end)
        for in_block in out:
            in_block.sort()
        return out

    def _misspelt(self, w: str) -> bool:
        """Whether the word as written misspells exactly one registry name (remembered either way)."""
        if w in self._bad:
            return True
        if w in self._clean:
            return False
        if w.isascii() and w.isalpha() and self._candidate(w) and self.suggestion(w) is not None:
            self._bad.add(w)
            return True
        if len(self._clean) > 1_000_000:  # a bound on memory over a huge archive
            self._clean.clear()
        self._clean.add(w)
        return False

    @cached_property
    def _misspelling_tokens(self):
        """Which token ids hold a word that misspells a registry name (asked once per distinct word)."""
        from .nlp.questions import TokenQuestion

        return TokenQuestion(lambda token: any(self._misspelt(w) for w in _WORD.findall(token)))

    def suggestion(self, word: str) -> str | None:
        """The one registry drug name `word` is a misspelling of, or None."""
        w = word.lower()
        cache = self._verdicts
        if w not in cache:
            cache[w] = self._suggestion(w)
        return cache[w]

    def _suggestion(self, w: str) -> str | None:
        if w in self.names or (w.endswith("s") and (w[:-1] in self.names or w[:-2] in self.names)):
            return None  # the name itself, or its plural
        best, best_d, tie = None, 99, False
        for name in self.names:
            if abs(len(name) - len(w)) > 2:
                continue
            d = OSA.distance(w, name, score_cutoff=max_edits(name))
            if d > max_edits(name):
                continue
            if d < best_d:
                best, best_d, tie = name, d, False
            elif d == best_d and self.names[name] != self.names[best]:
                tie = True
        if best is None or tie:
            return None
        from .druglex import is_drug_name, is_english_word  # only now: rare, and it costs a few ms

        if is_drug_name(w) or is_english_word(w):
            return None
        return best
