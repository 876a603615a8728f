"""Drug names one edit or so away from a registry drug (FL201's mechanism).

Cheap first: one plain scan per block finds its words; those that begin like a registry drug, or end
like one (misspellings keep their first or last letters: "adlirocumab", "Vyotrin"), are measured with
rapidfuzz, by optimal string alignment (a transposition of two letters is one edit). A candidate must not be a known drug (the registry, or the
offline lexicon of real drug names, so loratadine is never "corrected" to lorlatinib) nor a common English
word, and must be closer to one registry drug than to any other (ties say nothing).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz.distance import OSA

from .registry.model import Registry

MIN_LENGTH = 6  # short words are too often other words
# A word: a run of three or more word characters. Only runs of ASCII letters alone are looked at (a word of
# ASCII letters, not part of a longer word: what r"\b[A-Za-z]{3,}\b" finds, found faster).
_WORD = re.compile(r"\w{3,}")


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

        One plain scan for the text's words (runs of ASCII letters between word boundaries); its distinct
        words are tested once each (drafts repeat their words) and, only when one is a misspelling, its
        places are found by a second scan for those words."""
        if not self.names:
            return []
        # Words already known to be no misspelling are dropped by one set difference (in C).
        clean, bad = self._clean, self._bad
        new = set(_WORD.findall(text)) - clean
        found = new & bad
        for w in new - bad:
            if w.isascii() and w.isalpha() and self._candidate(w) and self.suggestion(w) is not None:
                bad.add(w)
                found.add(w)
            else:
                clean.add(w)
        if len(clean) > 1_000_000:  # a bound on memory over a huge archive
            clean.clear()
        if not found:
            return []
        where = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(found, key=lambda w: (-len(w), w))))
                           + r")\b")
        return [(m.start(), m.end(), self.suggestion(m.group(0))) for m in where.finditer(text)]

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
