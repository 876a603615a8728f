"""The lexicon: English as data (factlint/lexicon/*.yaml), loaded strictly; and the drug-class ontology
built from it. Examples are our own."""
from __future__ import annotations

import shutil

import pytest

from factlint.drugclasses import ancestors, class_fits, known_classes, normalise_class
from factlint.lexicon import FOLDER, SCHEMA, LexiconError, load
from factlint.registry.model import Drug, Registry


@pytest.mark.parametrize("name", sorted(SCHEMA))
def test_every_shipped_file_loads_with_exactly_its_keys(name):
    data = load(name)
    assert list(data) == list(SCHEMA[name]) or set(data) == set(SCHEMA[name])
    assert all(value for value in data.values()), "no empty list"


def _broken(tmp_path, name: str, old: str, new: str) -> str:
    folder = tmp_path / "lexicon"
    folder.mkdir(exist_ok=True)
    text = (FOLDER / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / f"{name}.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(folder)


def _line_of(folder: str, name: str, needle: str) -> int:
    lines = (__import__("pathlib").Path(folder) / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_unknown_key_names_file_line_and_the_key_meant(tmp_path):
    folder = _broken(tmp_path, "context", "hypotheticals:", "hypotheticls:")
    with pytest.raises(LexiconError) as e:
        load("context", folder)
    assert str(e.value) == (f"{folder}/context.yaml:{_line_of(folder, 'context', 'hypotheticls:')}: "
                            "unknown key 'hypotheticls' (did you mean 'hypotheticals'?)")


def test_wrong_type_is_an_error(tmp_path):
    folder = _broken(tmp_path, "context", "\nsentence_openers:", '\nsentence_openers: "in"\nold_openers:')
    with pytest.raises(LexiconError, match="context.yaml:[0-9]+: 'sentence_openers' must be a list of strings"):
        load("context", folder)


def test_unquoted_yaml_boolean_is_an_error(tmp_path):
    # YAML 1.1 reads a bare `no` as false: the loader says so instead of matching the word "False"
    folder = _broken(tmp_path, "attribution", '["no", "not",', '[no, "not",')
    with pytest.raises(LexiconError, match="'negations' must be made of strings"):
        load("attribution", folder)


def test_duplicate_and_missing_keys(tmp_path):
    folder = _broken(tmp_path, "drug_statements", "contrast_words:", "use_words: [\"x\"]\ncontrast_words:")
    with pytest.raises(LexiconError, match="duplicate key 'use_words'"):
        load("drug_statements", folder)
    (tmp_path / "m").mkdir()
    folder = str(tmp_path / "m")
    shutil.copy(FOLDER / "citation.yaml", folder)
    (tmp_path / "m" / "citation.yaml").write_text("forms: {}\nextra: []\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"citation.yaml:2: unknown key 'extra'"):
        load("citation", folder)


# ---- the drug-class ontology ---------------------------------------------------------------------------
@pytest.mark.parametrize("written, normal", [
    ("ALK tyrosine kinase inhibitors", "alk inhibitor"), ("EGFR TKI", "egfr inhibitor"),
    ("anti-PD-1 monoclonal antibodies", "pd-1 inhibitor"), ("Statins", "statin"),
    ("LAG-3 blocking antibody", "lag-3 inhibitor"), ("CTLA-4-blocking antibodies", "ctla-4 inhibitor"),
    ("checkpoint inhibitors", "immune checkpoint inhibitor"), ("chemo", "chemotherapy"),
    ("HER2-targeted therapy", "her2 inhibitor"),
])
def test_normalise_class(written, normal):
    assert normalise_class(written) == normal


def test_ancestors_and_fits():
    assert {"pd-1 inhibitor", "immune checkpoint inhibitor", "immunotherapy"} <= ancestors("pd-1 inhibitor")
    assert class_fits("immunotherapy", "PD-1 inhibitor") is True  # a broader class is not wrong
    assert class_fits("EGFR inhibitor", "ALK inhibitor") is False  # another known class
    assert class_fits("kinase modulator", "ALK inhibitor") is None  # not a class factlint knows: silent
    # What a drug is made of is not what it acts on: a target class says nothing of the modality ...
    assert class_fits("monoclonal antibody", "PD-1 inhibitor") is None
    assert class_fits("anti-PD-1 monoclonal antibodies", "PD-1 inhibitor") is True
    # ... but a modality the registry gives can be contradicted, and contradicts a target class
    known = known_classes(Registry())
    assert class_fits("monoclonal antibody", "small interfering RNA", known | {"small interfering rna"}) is False
    assert class_fits("statin", "monoclonal antibody", known | {"statin"}) is False
    # One target, opposite actions; an abbreviation in brackets stands for its target.
    assert class_fits("GLP-1 antagonist", "GLP-1 receptor agonist") is False
    assert class_fits("glucagon-like peptide-1 (GLP-1) agonist", "GLP-1 receptor agonist") is True
    assert class_fits("GLP-1 agonist", "GIP receptor agonist") is None  # another target: not judged here


def test_a_registry_adds_its_classes():
    registry = Registry(drugs={"glutazone": Drug("glutazone", "glutazone", drug_class="GLP-1 receptor agonist")})
    known = known_classes(registry)
    assert "glp-1 receptor agonist" in known
    assert class_fits("GLP-1 receptor agonists", "ALK inhibitor", known) is False
    assert class_fits("GLP-1 receptor agonists", "ALK inhibitor") is None  # without the registry: unknown


def _class_phrases_ignoring_case(text, start, end, registry):
    """What class_phrases finds, by the case-insensitive patterns on the text as written (the reference the
    lowercased search must equal)."""
    from factlint.drugclasses import _CLASS_KEYS, _CLASS_PHRASE, _registry_patterns

    found = list(_CLASS_PHRASE.finditer(text, start, end)) if any(k in text[start:end].lower()
                                                                  for k in _CLASS_KEYS) else []
    patterns = _registry_patterns(registry)
    if patterns is not None:
        found += patterns[0].finditer(text, start, end)
    found.sort(key=lambda m: (m.start(), m.start() - m.end()))
    out = []
    for m in found:
        if not out or m.start() >= out[-1][1]:
            out.append((m.start(), m.end(), m.group(0)))
    return out


def test_class_phrases_searched_lowercased_are_those_found_ignoring_case():
    """An ASCII sentence is searched lowercased, without IGNORECASE; any other is searched as written. The
    phrases come back as written, the character before the sentence still bounds a word (`\\b`), and text
    whose lowercasing is not plain ASCII (a Kelvin sign, a dotted capital I, a long s) or a registry class
    beyond ASCII finds what ignoring case finds."""
    import random

    from factlint.drugclasses import class_phrases

    registry = Registry(drugs={
        "glutazone": Drug("glutazone", "glutazone", drug_class="GLP-1 receptor agonist"),
        "betazol": Drug("betazol", "betazol", drug_class="Beta blocker"),
        "glifloz": Drug("glifloz", "glifloz", drug_class="\u017fulfonylurea")})
    text = "Glutazone is one of the GLP-1 Receptor Agonists, like other ALK TKIs."
    assert [(p.text, text[p.start:p.end]) for p in class_phrases(text, 0, len(text), registry)] == [
        ("GLP-1 Receptor Agonists", "GLP-1 Receptor Agonists"), ("ALK TKIs", "ALK TKIs")]
    glued = "xALK inhibitors"  # from offset 1: "ALK" starts no word
    assert class_phrases(glued, 1, len(glued), registry) == []
    assert [p.text for p in class_phrases(glued, 0, len(glued), registry)] == ["xALK inhibitors"]
    words = ["EGFR", "tyrosine", "kinase", "inhibitor", "Inhibitors", "TKI", "tkis", "anti-PD-1", "monoclonal",
             "Antibody", "(CGRP)", "receptor", "agonist", "Antagonists", "HER2-Targeted", "therapy", "immune",
             "Checkpoint", "chemo", "drugs", "statins", "ACE", "beta", "Blocker", "blockers", "GLP-1", "the", "a",
             "is", ",", "\u212aRAS", "KRAS", "Sulfonylureas", "sulfonylurea", "\u0130mmunotherapy", "\u017ftatins", "caf\u00e9", "x-", "-"]
    rng = random.Random(11)
    compared = found = 0
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        start = rng.randint(0, min(4, len(text)))
        end = rng.randint(start, len(text))
        got = [(p.start, p.end, p.text) for p in class_phrases(text, start, end, registry)]
        assert got == _class_phrases_ignoring_case(text, start, end, registry), (text, start, end)
        compared += 1
        found += bool(got)
    assert compared == 3000 and found > 500


def test_every_vague_source_has_the_words_its_message_uses():
    """FL302's message names the source ("an unnamed review"): each source word needs its wording."""
    from factlint.attribution import NOUN_WHO, SOURCES

    assert set(SOURCES) <= set(NOUN_WHO), sorted(set(SOURCES) - set(NOUN_WHO))


def test_citation_quick_tests_never_skip_a_citation():
    """citation.yaml's `needs`, `at_end` and `ends` only make has_citation faster: on sentences of every shape it
    answers as the alternation of all its forms does."""
    import random
    import re

    from factlint.citations import has_citation
    from factlint.source import BlockKind

    lexicon = load("citation")
    assert set(lexicon["needs"]) | set(lexicon["at_end"]) | set(lexicon["ends"]) <= set(lexicon["forms"])
    every_form = re.compile("|".join(lexicon["forms"].values()))

    class NoMarks:  # a paragraph without links or footnote marks
        marks = ()
        kind = BlockKind.PARAGRAPH

    rnd = random.Random(7)
    pieces = ["walking helps", " ", ", ", ". ", "(", ")", "[3]", "[^2]", " 2, 4, 5", "(Shaw et al., 2013)",
              "2007;357:1799", "doi:10.1056/x", "PMID: 12345678", "https://example.org", "²", "m²", " (3)",
              "25%", "12", ";", "–", ".", "\n", "\t", " " * 45, "3.", "9)", "(Lee 2019)."]
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40)))
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        assert has_citation(text, start, end, NoMarks) == bool(every_form.search(text, start, end)), text


@pytest.mark.parametrize("flags,after", [(0, r"\b"), (0, ""), (2, r"\b"), (2, ""), (0, r"\s*$"),
                                         (2, r"(?!\w)")])
def test_a_words_pattern_factored_as_a_trie_finds_what_the_longest_first_alternation_finds(flags, after):
    """words_pattern factors its alternation as a trie ("re(?:port(?:s)?|view)"); on random word lists
    (prefixes of each other, phrases with spaces, hyphens, mixed case, an empty word) and random texts of
    their pieces, in and out of IGNORECASE and with and without a boundary after, it finds exactly the flat
    alternation's matches, at every offset."""
    import random
    import re

    from factlint.lexicon import flat_words_pattern, words_pattern

    pieces = ["re", "port", "s", "search", "ers", "view", "no", " ", "  ", "\n", "longer", "a", "A", "b", "B",
              "-", "meta", "analysis", "n't", "x", ".", "é", "É", "1", "%"]
    rng = random.Random(len(after) * 10 + flags)
    factored = 0
    for _ in range(400):
        words = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))).strip()
                 for _ in range(rng.randint(1, 9))]
        if rng.random() < 0.05:
            words.append("")
        trie, flat = words_pattern(words), flat_words_pattern(words)
        factored += trie != flat
        rx, ref = re.compile(rf"(?:{trie}){after}", flags), re.compile(rf"(?:{flat}){after}", flags)
        for _ in range(15):
            text = "".join(rng.choice(pieces + words) for _ in range(rng.randint(0, 12)))
            assert [m.span() for m in rx.finditer(text)] == \
                [m.span() for m in ref.finditer(text)], (words, text)
            for start in range(len(text)):
                m, r = rx.match(text, start), ref.match(text, start)
                assert (m and m.span()) == (r and r.span()), (words, text, start)
    assert factored > 200
