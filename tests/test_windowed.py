"""Windows answered from one scan of a block must be exactly what scanning each window gives."""

import random
import re

import pytest

from factlint.windowed import WindowedMatches, bounded_width

_WORDS = ["no", "not", "none", "nothing", "no longer", "if", "unless", "in case", "won't", "didn’t", "n't",
          "note", "knot", "t", "12", "3%", "-", "(", ")", ",", ".", "x", "ab", "abc", "bc"]


def _windows_agree(rx: re.Pattern, seed: int, texts: int = 400) -> int:
    width = bounded_width(rx)
    assert width is not None, rx.pattern
    rng = random.Random(seed)
    found = 0
    for _ in range(texts):
        text = "".join(rng.choice(_WORDS) + rng.choice(["", " ", " ", "  ", "\n"]) for _ in range(rng.randint(1, 30)))
        index = WindowedMatches(rx, text, width)
        for _ in range(40):
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            want = [(m.span(), m.group(0)) for m in rx.finditer(text, start, end)]
            assert [(m.span(), m.group(0)) for m in index.finditer(start, end)] == want, (rx.pattern, text, start, end)
            found += len(want)
    return found


@pytest.mark.parametrize("pattern", [
    r"\b(?:nothing|none|not|no)\b|n['’]t\b",  # words between boundaries, and a suffix ("didn't")
    r"(?<!\w)(?:no|if|unless)(?!\w)",  # lookarounds of one character
    r"\b(?:no|not)\B",  # a word that must go on: cut short by a window's end, it must not match
    r"(?:ab|abc|bc|b)",  # overlapping alternatives: a window may start inside another window's match
    r"\bn\w{0,3}",  # a match whose length depends on what follows
])
def test_windows_from_one_scan_equal_scanning_each_window(pattern):
    assert _windows_agree(re.compile(pattern), seed=len(pattern)) > 500


def test_every_windowed_context_pattern_of_the_claims_gives_what_its_windows_give():
    from factlint import claims

    windowed = {name: v for name, v in vars(claims).items() if isinstance(v, claims._Cased) and v.width}
    assert {"_NEGATION", "_HYPOTHETICAL"} <= set(windowed)  # the two read in every number's clause or sentence
    for name, cased in windowed.items():
        assert cased.width == bounded_width(cased.lowered)
        _windows_agree(cased.lowered, seed=len(name), texts=100)


@pytest.mark.parametrize("pattern", [
    r"\bno\s+longer\b",  # no longest match: white space of any length
    r"\bnot\s*$",  # `$` at a window's end is not `$` in the block
    r"^not\b",
    r"\bnot(?=\s+\w)",  # a lookahead past the next character
    r"\bnot(?=\w\w)",  # the same, of bounded width
    r"x?",  # an empty match
])
def test_patterns_a_window_could_answer_differently_are_scanned_per_window(pattern):
    assert bounded_width(re.compile(pattern)) is None


def test_a_long_sentence_of_numbers_reads_each_context_word_once(monkeypatch):
    """Numbers in one long clause: without the index, each number rescans the clause before it."""
    from factlint import claims
    from factlint.api import Linter
    from conftest import FIXTURES

    scanned = []
    real = WindowedMatches.__init__

    def counting(self, rx, text, width):
        scanned.append(rx.pattern)
        real(self, rx, text, width)

    monkeypatch.setattr(WindowedMatches, "__init__", counting)
    linter = Linter.from_registry_paths([FIXTURES / "frames" / "registry.yaml"])
    linter.lint_text("In patients who did not respond " + " ".join(["12"] * 300) + " were seen.", "d.md")
    assert claims._NEGATION.lowered.pattern in scanned and len(scanned) == len(set(scanned))
    scanned.clear()
    linter.lint_text("Hives were not seen in 12% of patients.", "d.md")  # one short window: scanned as it is
    assert scanned == []
