"""Sentence boundaries: abbreviations, list lines and blank lines."""
import pytest

from factlint.nlp.sentences import sentence_starts


def sentences(text):
    starts = sentence_starts(text)
    return [text[a:b].strip() for a, b in zip(starts, starts[1:] + [len(text)])]


def test_abbreviations_do_not_end_sentences():
    assert sentences("Smith et al. reported it. Doses, e.g. 5 mg, vary. Dr. Lee agreed.") == [
        "Smith et al. reported it.", "Doses, e.g. 5 mg, vary.", "Dr. Lee agreed."]


def test_short_lines_and_blank_lines_end_sentences():
    text = ("Side effects:\nNausea\nTiredness\n\nsomething after a blank line\n"
            "A very long line of prose that is wrapped by the editor at a width of eighty\n"
            "Characters goes on here. lower case continues")
    assert sentences(text) == [
        "Side effects:", "Nausea", "Tiredness", "something after a blank line",
        "A very long line of prose that is wrapped by the editor at a width of eighty\n"
        "Characters goes on here. lower case continues"]


def test_citation_after_the_period_stays_with_its_sentence():
    assert sentences("It works in 60% of cases.[3] Next one.") == ["It works in 60% of cases.[3]", "Next one."]


def test_a_decade_ends_a_sentence():
    # "1960s." is no initial: "s" follows a digit.
    assert sentence_starts("Rates were lower in the 1960s. Today they are higher.") == [0, 31]


def test_no_sentence_ends_inside_parentheses():
    text = "It was tested in 900 adults (Am J Med. 2007;357:1799-1809). The trial ran."
    assert sentences(text) == ["It was tested in 900 adults (Am J Med. 2007;357:1799-1809).", "The trial ran."]
    # A parenthesis never closed does not swallow the rest of the paragraph.
    long = "A stray ( opens here. " + "word " * 80 + "ends. Next one."
    assert sentences(long)[-1] == "Next one."


def test_footnote_digits_that_end_a_block_belong_to_its_last_sentence():
    """"... by 29%. 1, 2": the digits cite the sentence (and are no sentence of their own); a number that
    starts a real sentence still does."""
    assert sentence_starts("It fell by 39% and by 29%. 1, 2") == [0]
    assert sentence_starts("It fell by 39%. 1\n\nNext block here.") == [0, 19]
    assert sentence_starts("It fell by 39%. 2 more fell later.") == [0, 16]


def test_a_findings_sentence_does_not_depend_on_the_other_blocks(diabetes_linter):
    """A finding's context (and so its fingerprint, which baselines match) is its sentence, whether or not
    another block of the draft holds a number; and an unclosed bracket in one block does not hide the
    sentence ends of the next."""
    prose = "Studies show that the diet works well. It is cheap and easy to follow.\n"
    (alone,) = [d for d in diabetes_linter.lint_text(prose, "a.md").diagnostics if d.code == "FL302"]
    for before in ("About 12% of adults had it.\n\n", "About 12% (of adults in one survey had it.\n\n"):
        (beside,) = [d for d in diabetes_linter.lint_text(before + prose, "a.md").diagnostics if d.code == "FL302"]
        assert beside.fingerprint == alone.fingerprint, before


def test_fingerprint_normalisation_is_unchanged():
    """Baselines hold fingerprints: `normalise` (white space collapsed by str.split) must give what the
    regular expression it replaced gave, on every kind of white space."""
    import random
    import re

    from factlint.fingerprint import fingerprint, normalise

    spaces = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0", "\u1680",
              "\u2000", "\u2009", "\u200b", "\u2028", "\u2029", "\u202f", "\u3000", "\ufeff"]
    words = ["Hives", "ÉCLAIR", "straße", "12%", "", "ΣΑΣ"]
    rng = random.Random(2)
    for _ in range(3000):
        text = "".join(rng.choice(words + spaces) for _ in range(rng.randint(0, 12)))
        assert normalise(text) == re.sub(r"\s+", " ", text).strip().casefold(), repr(text)
    # what version v1 gave before this change (a baseline written then must still match)
    assert fingerprint("FL101", "x", "12%", "Hives  were\nseen in 12%.") == "c229a7249b248cab"


@pytest.mark.parametrize("text, first", [
    ("Most cases go unreported for years. [2] Others are found early.", "Most cases go unreported for years. [2] "),
    ("Most cases go unreported for years. [2, 3] Others are found early.",
     "Most cases go unreported for years. [2, 3] "),
    ("Most cases go unreported for years. [4]", "Most cases go unreported for years. [4]"),
])
def test_a_bracketed_reference_after_the_stop_is_the_sentences(text, first):
    """"... for years. [2] Others": the reference cites the sentence before it, not the one after."""
    starts = sentence_starts(text)
    assert text[:starts[1] if len(starts) > 1 else len(text)] == first
    assert all(s < len(text) for s in starts)
