"""FL201 misspelled-drug with sentences of our own: real drugs are never corrected, ties say nothing."""
import pytest

from conftest import lint

REGISTRY = """
sources:
  - id: s
    citation: "Test source 2024"
drugs:
  - id: lorlatinib
    name: lorlatinib
    brands: [Lorbrena, Lorviqua]
    class: ALK inhibitor
    source: s
  - id: metformin
    name: metformin
    brands: [Glucophage]
    class: biguanide
    source: s
  - id: abcotinib
    name: abcotinib
    source: s
  - id: abcutinib
    name: abcutinib
    source: s
  - id: hepvax-alum
    name: hepvax alum
    brands: [Vaxomir-B]
    class: vaccine
    source: s
"""


@pytest.fixture(scope="module")
def linter(tmp_path_factory):
    from factlint.api import Linter

    path = tmp_path_factory.mktemp("reg") / "reg.yaml"
    path.write_text(REGISTRY)
    return Linter.from_registry_paths([path])


@pytest.mark.parametrize("text, drug, word", [
    ("My aunt was switched to loratinib last spring.", "lorlatinib", "loratinib"),
    ("Metphormin is usually taken with meals.", "metformin", "Metphormin"),
    ("She asked about Lorbrenna at her last visit.", "lorlatinib", "Lorbrenna"),
    # The first letters changed (only the ending matches) and two letters swapped (one edit).
    ("My aunt was switched to lrolatinib last spring.", "lorlatinib", "lrolatinib"),
    ("Glucophgae is usually taken with meals.", "metformin", "Glucophgae"),
])
def test_misspellings_are_flagged_with_the_right_drug(linter, text, drug, word):
    assert lint(linter, text) == [("FL201", drug, None)]
    (d,) = linter.lint_text(text, "d.md").diagnostics
    assert text[d.column - 1:d.end_column - 1] == word
    assert "did you mean" in d.message


@pytest.mark.parametrize("text", [
    "Loratadine is an antihistamine for hay fever.",  # a real drug, one letter group away
    "Lorazepam can make you sleepy.",  # a real drug
    "Lorlatinib and metformin are spelled correctly here.",
    "Lorries and metformins aside, nothing here is a drug.",
    "The abcztinib compound is equally close to two registry drugs.",  # a tie
    "Metal fatigue is not a drug.",
    "Two doses of Vaxomir-B were given to each adult.",  # "Vaxomir", a word of the brand, is no misspelling
])
def test_near_misses_are_quiet(linter, text):
    assert [c for c, _, _ in lint(linter, text)] == []


def test_suggestion_uses_the_registry_spelling(linter):
    (d,) = linter.lint_text("Lorviquaa was mentioned in the leaflet.", "d.md").diagnostics
    assert "did you mean Lorviqua (lorlatinib)?" in d.message


def test_misspellings_read_from_tokens_equal_a_scan_of_each_block(linter):
    """The engine reads each chunk's words from spaCy's token ids (`chunk_misspellings`); per block it
    must give exactly what a plain scan of the block's text gives, including the run of word characters
    the tokenizer splits at "n't" ("lorlatinin't" holds "lorlatinin"), words glued by underscores or
    digits, and a misspelling repeated across blocks."""
    import random

    from factlint.engine import _SEPARATOR

    speller = linter.knowledge.speller
    pieces = ["loratinib", "Lorbrenna", "lorlatinin", "Metphormin", "metformin", "Glucophgae", "lorlatinib",
              "don't", "couldn’t", "CAN'T", "n't", "n'tn't", "lorlatininn't", "Lorbrennan’t", "x_loratinib",
              "loratinib_", "loratinib2", "(loratinib)", "loratinib's", "-", "—", "/", "a", "the", "patients",
              "émigré", "3-5%", "Metphormin-treated", "loratinib/Metphormin", ",", ".", "\n", "  "]
    rng = random.Random(14)
    nlp = linter.nlp
    checked = 0
    for _ in range(300):
        blocks = []
        for _ in range(rng.randint(1, 4)):
            words = [rng.choice(pieces) for _ in range(rng.randint(1, 12))]
            text = "".join(w + rng.choice(["", " ", " ", " ", "\n"]) for w in words).strip()
            blocks.append(text or "x")
        offsets, at = [], 0
        for b in blocks:
            offsets.append(at)
            at += len(b) + len(_SEPARATOR)
        doc = nlp(_SEPARATOR.join(blocks))
        found = speller.chunk_misspellings(doc, offsets, [len(b) for b in blocks])
        assert found == [speller.misspellings(b) for b in blocks], blocks
        checked += sum(map(len, found))
    assert checked > 300  # the texts did hold misspellings
