"""Sentence boundaries: abbreviations, list lines and blank lines."""
from factlint.nlp.pipeline import sentence_starts


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
