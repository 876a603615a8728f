"""Drug names one edit or so away from a registry drug (FL201's mechanism).

Cheap first: one regex per block finds words that begin like a registry drug, or that end like one
(misspellings keep their first or last letters: "adlirocumab", "Vyotrin"); only those are measured with
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
    def pattern(self) -> re.Pattern | None:
        prefixes = sorted({n[:3] for n in self.names})
        if not prefixes:
            return None
        suffixes = sorted({n[-3:] for n in self.names})
        # The lookahead on first letters lets the regex skip most positions at once. The ending is tested by
        # a lookbehind after the word's last letter (the \b before it fails at once inside a word), so
        # each word is read once: linear.
        first = "".join(sorted({p[0] for p in prefixes} | {p[0].upper() for p in prefixes}))
        return re.compile(r"\b(?=[" + re.escape(first) + r"])(?i:(?:" + "|".join(map(re.escape, prefixes))
                          + r")[a-z]{%d,}\b|[a-z]{%d,}\b(?<=" % (MIN_LENGTH - 4, MIN_LENGTH - 3)
                          + "|".join(map(re.escape, suffixes)) + r"))")

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
