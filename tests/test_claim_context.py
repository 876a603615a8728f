"""factlint.claims: what is written near each number (clause, sentence, paragraph, headings), negation,
hypotheticals, subgroups and citations, from hand-made pipeline output (no spaCy). Sentences are our own."""
from __future__ import annotations

import re

from factlint.claims import BlockAnalysis, build_claims, build_facts
from factlint.facts import CLAUSE, HEADING, PARAGRAPH, SENTENCE
from factlint.nlp.matches import Matches
from factlint.nlp.quantities import Quantity
from factlint.source import BlockKind, Document, SourceMapBuilder, TextBlock


def block(text: str, kind=BlockKind.PARAGRAPH, level=0) -> TextBlock:
    b = SourceMapBuilder()
    b.copy(0, text)
    built, source_map = b.build()
    return TextBlock(built, source_map, kind, level)


def analysis(text: str, numbers: list[str], terms: dict[str, str], sentences=(0,)) -> BlockAnalysis:
    """A block as the pipeline would leave it: each of `numbers` a percent, each phrase in `terms` matched
    (every occurrence) under its key ("entity:ckd", "cue:prevalence:strong", "subgroup:smokers")."""
    qs = []
    for n in numbers:
        i = text.index(n)
        value = float(n.rstrip("%"))
        qs.append(Quantity(i, i + len(n), n, value, value, "percent", rounding=0.5, phrase_start=i))
    found = sorted((m.start(), m.end(), key) for phrase, key in terms.items()
                   for m in re.finditer(re.escape(phrase), text))
    return BlockAnalysis(text, tuple(sentences), tuple(qs), found)


def test_levels_clause_sentence_paragraph_heading():
    heading = "Kidney disease"
    text = "Among adults, CKD affects 14% of people; dialysis is rare. Transplants help."
    blocks = [block(heading, BlockKind.HEADING, 1), block(text)]
    analyses = [analysis(heading, [], {"Kidney disease": "entity:ckd-heading"}),
                analysis(text, ["14%"], {"CKD": "entity:ckd", "dialysis": "entity:dialysis",
                                         "Transplants": "entity:transplant"}, sentences=(0, 59))]
    (nc,) = build_claims(blocks, analyses)
    assert nc.entities["ckd"].level == CLAUSE
    assert nc.entities["dialysis"].level == SENTENCE  # after the semicolon: another clause
    assert nc.entities["transplant"].level == PARAGRAPH  # another sentence of the paragraph
    assert nc.entities["ckd-heading"].level == HEADING
    assert nc.sentence == (0, 59)


def test_negated_hypothetical_and_cited():
    def one(text: str):
        (nc,) = build_claims([block(text)], [analysis(text, ["30%"], {})])
        return nc.negated, nc.hypothetical, nc.cited

    assert one("It is not true that 30% of adults have CKD.") == (True, False, False)
    assert one("If 30% of adults had CKD, clinics would fill.") == (False, True, False)
    # A condition's own clause is hypothetical; the clause it conditions asserts its number of those people.
    assert one("If a parent has CKD, a child has about a 30% chance of it.") == (False, False, False)
    assert one("To judge whether it works, the trial enrolled 30% of the clinic's adults.") == (False, False, False)
    assert one("If a parent has CKD, a child would have a 30% chance of it.") == (False, True, False)
    assert one("About 30% of adults have CKD [4].") == (False, False, True)
    assert one("About 30% of adults have CKD (Okafor et al., 2021).") == (False, False, True)
    assert one("About 30% of adults have CKD.") == (False, False, False)


def test_subgroup_in_the_numbers_clause():
    text = "In smokers, 30% have CKD."
    (nc,) = build_claims([block(text)], [analysis(text, ["30%"], {"smokers": "subgroup:smokers"})])
    assert [s.phrase for s in nc.subgroups] == ["smokers"]


def test_facts_hold_mentions_by_block():
    text = "Renzafor (renzamab) lowers CKD risk by 30%."
    a = analysis(text, ["30%"], {"Renzafor": "drug:renzamab", "renzamab": "drug:renzamab", "CKD": "entity:ckd"})
    a.raw_terms.append((0, 8, "brand:renzamab"))
    a.raw_terms.sort()
    doc = Document("d.md", text, (block(text),), ())
    facts = build_facts(doc, [a])
    assert [(d.drug, d.start, d.brand) for d in facts.drugs] == [("renzamab", 0, True), ("renzamab", 10, False)]
    assert [(e.entity, e.start) for e in facts.blocks[0].entities] == [("ckd", 27)]
    assert [n.quantity.text for n in facts.numbers] == ["30%"]


def test_category_bounds_and_requirements_are_thresholds():
    """"3% to 10% counts as moderate" defines a category; "which require 75% improvement" states what a
    measure requires: neither is a statistic about anyone. A share said of people stays one."""
    def threshold(text: str, number: str) -> bool:
        found = [nc for nc in build_claims([block(text)], [analysis(text, [number], {})])]
        return found[0].threshold

    assert threshold("Plaques on more than 10% counts as severe disease.", "10%")
    assert threshold("A loss of 30% is classified as severe.", "30%")
    assert threshold("PASI 75 and PASI 90, which require 75% and 90% improvement.", "90%")
    assert threshold("PASI 75 requires a 75% improvement in the score.", "75%")
    assert threshold("Median survival is the time at which 50% of the patients are still alive.", "50%")
    assert threshold("Obesity is defined as a body fat share over 30% in men.", "30%")
    assert not threshold("About 30% of adults have moderate disease.", "30%")
    assert not threshold("About 30% of adults required a second course.", "30%")


def test_evolve_is_replace():
    """`evolve` (replace by position, for the hot paths) gives what dataclasses.replace gives, whichever
    fields change, for the values it is used on."""
    import dataclasses

    from factlint.facts import Cue, Series, evolve

    q = Quantity(3, 9, "3-5%", 3.0, 5.0, "percent", "range", ">=", True, 0.5, True, "claim", 1, 4, 2, True)
    nc = build_claims([block("About 35% of adults.")], [analysis("About 35% of adults.", ["35%"], {})])[0]
    nc = dataclasses.replace(nc, cues=(Cue("orr", True, CLAUSE, 2),), series=Series(0, 2, ("a",), False))
    for value in (q, nc):
        names = [f.name for f in dataclasses.fields(value)]
        for k, name in enumerate(names):
            changed = {name: "x", names[-1 - k]: "y"} if names[-1 - k] != name else {name: "x"}
            assert evolve(value, **changed) == dataclasses.replace(value, **changed)
            assert evolve(value, **changed) != value


def test_prior_treatment_quick_test_skips_nothing_the_pattern_finds():
    """The history pattern ("an inadequate response to methotrexate") is tried only when a word before
    the name ends like one of its phrases; on texts of every shape it answers as the pattern alone."""
    import random

    from factlint import claims

    pieces = ["an inadequate response to", "Refractory TO", "intolerant of", "(failed to respond to", "who failed",
              "previously received", "after failing", "the", "prior", "a", "patients", "with", "to", "of",
              "pretreated with", "x", ",", "\n", "  ", "\t"]
    rng = random.Random(9)
    hits = 0
    for _ in range(20000):
        before = "".join(rng.choice(pieces) + rng.choice([" ", "", " ", "\n"]) for _ in range(rng.randint(0, 6)))
        text = before + "methotrexate was given"
        start, end = len(before), len(before) + len("methotrexate")
        want = claims._PRIOR_AFTER.match(text, end) is not None or \
            claims._PRIOR_BEFORE.search(text, max(0, start - 40), start) is not None
        assert claims._prior_treatment(text, start, end) == want, repr(before)
        hits += want
    assert hits > 1000


def test_every_cased_pattern_finds_on_the_lowercased_text_what_it_finds_ignoring_case():
    """Patterns of lexicon words run on the block lowercased, without IGNORECASE (about twice as fast);
    each pair must find the same spans as the case-insensitive pattern on the text as written. Texts
    are drawn from the patterns' own words in random case, with digits, signs and white space."""
    import random

    from factlint import claims
    from factlint.nlp import lexicon as lx

    pairs = {name: v for name, v in vars(claims).items() if isinstance(v, claims._Cased)}
    assert {"_DEFINING", "_OTHER_TRIALS", "_PERIOD", "_NEGATION"} <= set(pairs)
    words = [w for name in ("DEFINING_PHRASES", "DEFINITION_WORDS", "CONSEQUENCES", "OTHER_TRIAL_WORDS", "TRIAL_WORDS",
                            "REQUIREMENT_WORDS", "AWARENESS_WORDS", "FOLLOW_UP_WORDS", "PERIOD_WORDS",
                            "STARTING_STEP_WORDS", "EARLIER_VALUE_WORDS", "NEGATIONS", "HYPOTHETICALS")
             for w in getattr(lx, name)] + ["12", "3%", "at least", "an", "trials", "n't", "-", ",", ".", "x"]
    rng = random.Random(4)
    for _ in range(3000):
        text = " ".join("".join(c.upper() if rng.random() < 0.3 else c for c in rng.choice(words))
                        for _ in range(rng.randint(1, 8)))
        low = text.lower()
        for name, pair in pairs.items():
            found = [m.span() for m in pair.lowered.finditer(low)]
            assert [m.span() for m in pair.ignoring_case.finditer(text)] == found, (name, text)


def test_clause_breaks_found_in_two_scans_are_those_of_the_one_pattern():
    """Clause breaks on lowercased text are found by two scans (the marks, and the words with their leading
    word boundary checked in Python): on random texts (words glued to letters, digits, underscores and
    accented letters, marks, brackets, line breaks), they are exactly the starts the one pattern finds."""
    import random

    from factlint.claims import _CLAUSE_BREAK_LOWER, _CLAUSE_SCANS_SPLIT, _clause_breaks_lowered

    assert _CLAUSE_SCANS_SPLIT  # (the lexicon's clause words allow the split; else the test proves nothing)
    pieces = ["and", "but", "which", "whereas", "vs", "compared", "band", "butter", "_and", "2and", "éand", "and2",
              " ", " ", "  ", ",", ", ", ":", ": ", ";", "(", ")", "[", "]", "—", "–", "|", "\n", "x", "10,000", "a"]
    rng = random.Random(3)
    found = 0
    for _ in range(4000):
        low = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        expected = [m.start() for m in _CLAUSE_BREAK_LOWER.finditer(low)]
        assert _clause_breaks_lowered(low) == expected, repr(low)
        found += len(expected)
    assert found > 10000


def test_a_trial_referred_to_is_read_from_the_names_alone_in_a_block_without_numbers():
    """"The trial enrolled 40% ..." after a block that names a trial: the mentions carried over (the trial and
    the entities its words name, longest match per kind) are, for a block without numbers, filtered from its
    names alone. On random blocks (names overlapping, context terms of every kind) they are those its full
    terms give."""
    import random

    from factlint.claims import _trials_referred_to

    rng = random.Random(11)
    kinds = ["trial:t1", "trial:t2", "entity:e1", "entity:e2", "drug:d1", "brand:b1", "cue:orr:strong",
             "phrase:first-line", "subgroup:smokers"]
    text = "The study named here was long enough to hold the spans we want. " * 2
    checked = 0
    for _ in range(600):
        terms = []
        for _ in range(rng.randint(1, 12)):
            s = rng.randrange(0, 60)
            terms.append((s, s + rng.randint(1, 20), rng.choice(kinds)))
        if not any(k.startswith("trial:") for _, _, k in terms):
            terms.append((4, 9, "trial:t1"))
        names = sorted(t for t in terms if not t[2].startswith(("cue:", "phrase:", "subgroup:")))
        context = sorted(t for t in terms if t[2].startswith(("cue:", "phrase:", "subgroup:")))
        named = BlockAnalysis(text, (0,), (), names, (Matches.of(context), 0, len(context), 0, len(text)))
        later = analysis("The trial had a 40% rate.", ["40%"], {})
        got = _trials_referred_to([block(text), block(later.text)], [named, later])
        spans = [(s, e) for s, e, key in names if key.startswith("trial:")]
        want = [t for t in named.terms if t.kind in ("trial", "entity")
                and any(t.start < e and s < t.end for s, e in spans)]
        assert [(t.key, t.start, t.end) for t in got[1]] == [(t.key, t.start, t.end) for t in want], terms
        checked += len(want)
    assert checked > 600


def test_the_quick_article_test_rules_out_only_what_the_threshold_article_pattern_does_not_match():
    """"at least a 50% drop": the pattern of a comparator, an article and white space ending at the number is
    tried only where the text before the number ends on "a" or "an" and white space. On random texts, wherever
    the pattern matches, the quick test passes."""
    import random

    from factlint.claims import _THRESHOLD_ARTICLE, _ends_on_article

    pieces = ["at least", "AT LEAST", "or more", "no less than", "≥", ">", "a", "A", "an", "AN", "An", "aN",
              "and", "banana", "x", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "12", "-"]
    rng = random.Random(8)
    matched = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", "  "]) for _ in range(rng.randint(0, 8)))
        for end in range(len(text) + 1):
            hit = _THRESHOLD_ARTICLE.search(text, max(0, end - 20), end) is not None
            assert not hit or _ends_on_article(text, end), (text, end)
            matched += hit
    assert matched > 2000


def test_every_unknown_trial_match_holds_a_trial_stem():
    """A sentence is searched for unknown or other trials only where a trial word's stem is written (ignoring
    case): on random texts, every match of those patterns, in either case, holds one."""
    import random

    from factlint import claims

    pieces = ["the", "CLEOPATRA", "Trial", "TRIAL", "study", "Studies", "trials", "six", "other", "12", "phase",
              "3", "called", "named", "known as", "X", "STUDY", "ſtudy", "-", "prior", "similar", "Praluent"]
    rng = random.Random(14)
    hits = 0
    for _ in range(6000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
        for rx, t in ((claims._OTHER_TRIALS.ignoring_case, text), (claims._OTHER_TRIALS.lowered, text.lower()),
                      (claims._TRIAL_NAME, text)):
            for m in rx.finditer(t):
                assert claims._TRIAL_STEM.search(text, m.start(), m.end()) is not None, (rx.pattern[:40], text)
                hits += 1
    assert hits > 2000
