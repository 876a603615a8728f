"""factlint.wordsearch: whole-word searches without the leading \\b find what the leading-\\b pattern finds."""
import random
import re

import pytest

from factlint.wordsearch import WordSearch

PIECES = ["the trial", "the  trial", "trial", "trials", "studies", "study", "meta-analysis", "analysis", "data",
          "metadata", "_data", "2data", "édata", "data2", "The Trial", "STUDIES", " ", " ", ", ", ".", "-", "(",
          ")", "\n", "x", "the", "a"]


def _salads(seed: int, n: int = 3000):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 20))), rng


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
@pytest.mark.parametrize("words", [["the trial", "trial", "studies", "study", "meta-analysis", "analysis", "data"],
                                   ["data", "(n", "trial"]])  # one word starts with no word character
def test_matches_are_those_of_the_leading_boundary_pattern(words, flags):
    search = WordSearch(words, flags)
    found = 0
    for text, rng in _salads(len(words) + flags):
        expected = [m.span() for m in search.pattern.finditer(text)]
        assert [m.span() for m in search.finditer(text)] == expected, repr(text)
        pos = rng.randint(0, len(text))
        end = rng.randint(pos, len(text))
        m = search.pattern.search(text, pos, end)
        got = search.search(text, pos, end)
        assert (got.span() if got else None) == (m.span() if m else None), (repr(text), pos, end)
        assert [x.span() for x in search.finditer(text, pos, end)] == \
            [x.span() for x in search.pattern.finditer(text, pos, end)], (repr(text), pos, end)
        found += len(expected)
    assert found > 1000


def test_the_pattern_is_the_words_whole_longest_first():
    search = WordSearch(["data", "meta-analysis", "the trial"], re.IGNORECASE)
    assert search.pattern.pattern == r"\b(?:data|meta\-analysis|the\s+trial)\b"  # (a trie, no shared prefix)
    assert search.pattern.flags & re.IGNORECASE
    assert [m.group() for m in search.finditer("Metadata: the  Trial, data2 and DATA.")] == ["the  Trial", "DATA"]
