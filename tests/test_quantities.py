"""The quantity grammar: values, units, ranges, hedges, comparators, and numbers that are not claims."""
import pytest

from factlint.nlp.quantities import parse_quantities


def quantities(tokenize, text):
    words, starts = tokenize(text)
    return parse_quantities(words, starts, text)


def claims(tokenize, text):
    return [q for q in quantities(tokenize, text) if q.is_claim]


@pytest.mark.parametrize("text, low, high, unit", [
    ("roughly 12% of adults", 12, 12, "percent"),
    ("12 percent of adults", 12, 12, "percent"),
    ("12 per cent of adults", 12, 12, "percent"),
    ("between 8 and 10 percent", 8, 10, "percent"),
    ("from 8% to 10% of adults", 8, 10, "percent"),
    ("8-10% of adults", 8, 10, "percent"),
    ("8%—10% of adults", 8, 10, "percent"),  # em dash between two shares
    ("8%–10% of adults", 8, 10, "percent"),
    ("one out of every four adults", 25, 25, "percent"),
    ("$1,300-$1,500 a month", 1300, 1500, "usd"),
    ("8–10% of adults", 8, 10, "percent"),
    ("8 to 10% of adults", 8, 10, "percent"),
    ("twenty-two percent of adults", 22, 22, "percent"),
    ("one in 8 adults", 12.5, 12.5, "percent"),
    ("1 in 4 adults", 25, 25, "percent"),
    ("two out of five adults", 40, 40, "percent"),
    ("a quarter of adults", 25, 25, "percent"),
    ("two-thirds of adults", 200 / 3, 200 / 3, "percent"),
    ("two-thirds were on a statin", 200 / 3, 200 / 3, "percent"),  # the plural says it is a fraction
    ("three quarters stopped early", 75, 75, "percent"),
    ("one-third stopped early", 100 / 3, 100 / 3, "percent"),
    ("$1,250 a year", 1250, 1250, "usd"),
    ("3,500 dollars", 3500, 3500, "usd"),
    ("$2.5 million in costs", 2_500_000, 2_500_000, "usd"),
    ("500 mg twice daily", 500, 500, "mg"),
    ("75 mg/m2 every three weeks", 75, 75, "mg/m2"),
    ("10 mg/kg", 10, 10, "mg/kg"),
    ("2,000 mg per day", 2000, 2000, "mg/day"),
    ("a median of 14.5 months", 14.5, 14.5, "months"),
    ("nine weeks", 9, 9, "weeks"),
    ("a 1.8-fold rise", 1.8, 1.8, "ratio"),
    ("three times as likely", 3, 3, "ratio"),
])
def test_values_and_units(tokenize, text, low, high, unit):
    (q,) = claims(tokenize, text)
    assert q.low == pytest.approx(low)
    assert q.high == pytest.approx(high)
    assert q.unit == unit


def test_hedges_and_comparators(tokenize):
    (q,) = claims(tokenize, "about 40% of patients")
    assert q.hedged and q.comparator is None
    (q,) = claims(tokenize, "more than 40% of patients")
    assert q.comparator == ">" and not q.hedged
    (q,) = claims(tokenize, "no more than 40% of patients")
    assert q.comparator == "<="
    (q,) = claims(tokenize, "at least 40% of patients")
    assert q.comparator == ">="
    (q,) = claims(tokenize, "just under two years")
    assert q.comparator == "~<" and q.unit == "years"
    (q,) = claims(tokenize, "~40% of patients")
    assert q.hedged
    # before a spelled fraction's article: "more than a quarter of" is over 25%
    (q,) = claims(tokenize, "more than a quarter of patients")
    assert (q.text, q.low, q.comparator) == ("quarter", 25, ">")
    (q,) = claims(tokenize, "less than a third of patients")
    assert q.comparator == "<"


@pytest.mark.parametrize("text, comparator", [
    ("in excess of 40% of patients", ">"), ("an excess of 40% of patients", None),
    ("a maximum of 40 mg a day", "<="), ("the maximum of 40 mg a day", None),
    ("not more than 40% of patients", "<="), ("far more than 40% of patients", ">"),
])
def test_a_comparator_phrase_needs_all_its_words(tokenize, text, comparator):
    """A phrase of several words before a number is its comparator only when every one of its words is
    there, not only its last two."""
    (q,) = claims(tokenize, text)
    assert q.comparator == comparator


@pytest.mark.parametrize("text", ["a third dose was given", "the third trial stopped", "one third-line drug"])
def test_ordinals_are_not_fractions(tokenize, text):
    assert not [q for q in claims(tokenize, text) if q.unit == "percent"]


def test_rounding_follows_what_is_written(tokenize):
    assert claims(tokenize, "14 months")[0].rounding == 0.5
    assert claims(tokenize, "14.5 months")[0].rounding == pytest.approx(0.05)
    assert claims(tokenize, "14.25 months")[0].rounding == pytest.approx(0.005)


def test_count_of_people(tokenize):
    (q,) = claims(tokenize, "About 38 million Americans have diabetes.")
    assert q.people and q.unit == "count" and q.low == 38_000_000


@pytest.mark.parametrize("text, role", [
    ("It was approved in 2017.", "year"),
    ("Stage 3 disease", "label"),
    ("See section 7 of the label.", "label"),
    ("Call 1-888-555-0142 today.", "phone"),
    ("Take it at 9 p.m. each night.", "time"),
    ("The RECOVER 2 study", "label"),
    ("people younger than 30 were excluded", "age"),
    ("adults aged 45 should be screened", "age"),
    ("a 10-year risk score", "time-point"),
    ("alive five years after diagnosis", "time-point"),
    ("as reported before [12].", "citation"),
    ("Born on March 3, the patient", "date"),
])
def test_not_claims(tokenize, text, role):
    roles = [q.role for q in quantities(tokenize, text)]
    assert role in roles
    assert "claim" not in roles


def test_a_change_from_one_value_to_another_is_two_values(tokenize):
    """"to 10.1 months from 4.4 months" is not "two years from diagnosis" (a time point)."""
    qs = quantities(tokenize, "The drug raised it to 10.1 months from 4.4 months.")
    assert [(q.text, q.role) for q in qs] == [("10.1 months", "claim"), ("4.4 months", "claim")]
    qs = quantities(tokenize, "Survival two years from diagnosis was 40%.")
    assert [(q.text, q.role) for q in qs] == [("two years", "time-point"), ("40%", "claim")]


def test_confidence_interval_belongs_to_its_estimate(tokenize):
    qs = quantities(tokenize, "HR 0.71; 95% CI, 0.60-0.84")
    assert [(q.text, q.role) for q in qs] == [("0.71", "claim"), ("95%", "ci"), ("0.60-0.84", "ci")]


@pytest.mark.parametrize("text, window", [
    ("Over the next three years, fewer of the treated children needed glasses.", "three years"),
    ("In the past 20 years, asthma deaths fell sharply.", "20 years"),
    ("Within the first 6 months the swelling went down in most patients.", "6 months"),
])
def test_the_time_a_statement_covers_is_not_a_claim(tokenize, text, window):
    """"over the next three years": the window of what follows, not a duration anyone claims."""
    (q,) = [q for q in quantities(tokenize, text) if q.text == window]
    assert q.role == "time-point"
    # A duration that is the claim keeps its role.
    (q,) = quantities(tokenize, "Median survival was three years.")
    assert q.role == "claim"


def test_what_a_price_is_for_is_not_a_claim(tokenize):
    qs = quantities(tokenize, "A refill costs $240 per 90 tablets, and each tablet holds 20 mg.")
    assert [(q.text, q.role) for q in qs] == [("$240", "claim"), ("90", "price-unit"), ("20 mg", "claim")]
    qs = quantities(tokenize, "The pen costs $95 per 2.5mg dose.")
    assert [(q.text, q.role) for q in qs] == [("$95", "claim"), ("2.5mg", "price-unit")]
    # Without a price before "per", a rate stays a claim.
    (q,) = quantities(tokenize, "The usual dose is 2 mg per kg.")
    assert q.role == "claim"


def test_tens_and_units_in_words_are_one_number_with_or_without_a_hyphen(tokenize):
    qs = quantities(tokenize, "Seventy one percent had hives, thirty-five percent had rashes and ten percent both.")
    assert [(q.text, q.low) for q in qs] == [("Seventy one percent", 71.0), ("thirty-five percent", 35.0),
                                             ("ten percent", 10.0)]


def test_a_day_after_an_abbreviated_month_is_a_date(tokenize):
    qs = quantities(tokenize, "Data came from 4,562 people enrolled from Nov. 2, 2017 to Feb. 3.")
    assert [(q.text, q.role) for q in qs] == [("4,562", "claim"), ("2", "date"), ("2017", "year"), ("3", "date")]


def test_an_age_band_in_months_and_years_is_an_age(tokenize):
    """"children aged 6 months through 8 years": both ends of the band are ages, not durations."""
    qs = quantities(tokenize, "Among children aged 6 months through 8 years, 59% were protected.")
    assert [(q.text, q.role) for q in qs] == [("6 months", "age"), ("8 years", "age"), ("59%", "claim")]
    # A duration that no age word opens stays a claim.
    qs = quantities(tokenize, "Protection lasted 6 months in most children.")
    assert [(q.text, q.role) for q in qs] == [("6 months", "claim")]


def test_a_footnote_glued_to_the_sentence_end_is_not_part_of_the_unit(tokenize):
    """"after 10 years.2": the footnote digit is no number of the text, and "10 years" keeps its unit (it
    was read as a bare "10", and the sentence's other time point was taken for this rate's)."""
    qs = quantities(tokenize, "Fewer than 25 percent are alive after 10 years.2 The rest die.")
    assert [(q.text, q.role) for q in qs] == [("25 percent", "claim"), ("10 years", "time-point"),
                                             ("2", "citation")]
    # A decimal stays one number.
    assert [(q.text, q.role) for q in quantities(tokenize, "It rose by 5.2 points.")] == [("5.2", "claim")]


def test_the_denominator_of_a_rate_is_not_a_count(tokenize):
    """"4.6 per 1,000 person-years": 1,000 is the rate's denominator (never a count of people to judge), and
    the rate before it, with its interval in brackets, is the statistic."""
    qs = quantities(tokenize, "Falls rose by 7.2 (5-9) events per 1,000 person-years in the trial.")
    assert [(q.text, q.role, q.rate) for q in qs] == [("7.2", "claim", True), ("5-9", "claim", False),
                                                     ("1,000", "denominator", False)]
    qs = quantities(tokenize, "The rate was 31 cases per 100,000 adults.")
    assert [(q.text, q.role, q.rate) for q in qs] == [("31", "claim", True), ("100,000", "denominator", False)]
    # Written with a slash after the number: "241/100,000 people"
    qs = quantities(tokenize, "Prevalence is 241/100,000 people.")
    assert [(q.text, q.role, q.rate) for q in qs] == [("241", "claim", True), ("100,000", "denominator", False)]
    # A count that is no denominator stays a count.
    (q,) = quantities(tokenize, "About 100,000 adults were screened.")
    assert q.role == "claim" and q.people and not q.rate


def test_a_labels_number_does_not_open_a_range(tokenize):
    """"Tip 3 – 40% of adults": the tip's number, then a share; "affects 3 – 5%" is still a range."""
    qs = quantities(tokenize, "## Tip 3 – 40% of adults skip breakfast")
    assert [(q.text, q.role) for q in qs] == [("3", "label"), ("40%", "claim")]
    assert [(q.text, q.role) for q in quantities(tokenize, "It affects 3 – 5% of adults.")] == [
        ("3 – 5%", "claim")]


def test_a_year_does_not_open_a_range_to_a_number(tokenize):
    """"from 21,089 in 2010 to 47,600 in 2017": the year, then a count of its own; "2010 to 2017" is still a
    span of years and "8 to 10" a range."""
    qs = quantities(tokenize, "Deaths rose from 21,089 in 2010 to 47,600 in 2017.")
    assert [(q.text, q.form) for q in qs if q.role != "year"] == [("21,089", "number"), ("47,600", "number")]
    assert [q.text for q in quantities(tokenize, "It held from 2010 to 2017.")] == ["2010 to 2017"]
    assert [q.text for q in quantities(tokenize, "It affects 8 to 10 adults.")] == ["8 to 10"]


@pytest.mark.parametrize("text, number, value, unit", [
    ("More than a million people visit the ER each year.", "a million", 1_000_000, "count"),
    ("A hundred adults took part.", "A hundred", 100, "count"),
    ("About 1 in every 4 homes has a smoker.", "1 in every 4", 25, "percent"),
])
def test_a_magnitude_after_an_article_and_one_in_every_n(tokenize, text, number, value, unit):
    (q,) = quantities(tokenize, text)
    assert (q.text, q.low, q.unit) == (number, value, unit)


@pytest.mark.parametrize("text, number, low, high", [
    ("Smoking raises the risk 2-5 fold.", "2-5 fold", 2, 5),
    ("It is about 3 fold higher.", "3 fold", 3, 3),
    ("Levels rose 10 to 15 fold.", "10 to 15 fold", 10, 15),
])
def test_n_fold_is_a_multiple(tokenize, text, number, low, high):
    (q,) = quantities(tokenize, text)
    assert (q.text, q.low, q.high, q.unit, q.form) == (number, low, high, "ratio", "multiple")


def test_indian_magnitudes(tokenize):
    assert [(q.text, q.low) for q in quantities(tokenize, "About 24 lakh people, or 2.4 crore in all.")] == [
        ("24 lakh", 2_400_000), ("2.4 crore", 24_000_000)]


def test_people_before_a_thing_noun_count_the_things(tokenize):
    """"four patient subgroups" counts groups; "four patients" counts people."""
    (q,) = quantities(tokenize, "They looked at four patient subgroups.")
    assert not q.people
    (q,) = quantities(tokenize, "They looked at four patients.")
    assert q.people


def test_table_row_time_point_is_not_a_claim(tokenize):
    qs = quantities(tokenize, "3 years | 71%")
    assert [(q.text, q.role) for q in qs] == [("3 years", "time-point"), ("71%", "claim")]


def test_change_keeps_the_new_figure(tokenize):
    qs = quantities(tokenize, "Survival rose from about 9 months to 2 years.")
    assert [(q.role, q.low, q.unit) for q in qs] == [("historical", 9, "months"), ("claim", 2, "years")]


def test_dosing_frequency_is_not_a_multiple(tokenize):
    qs = quantities(tokenize, "Take it twice daily, three times a week.")
    assert not any(q.is_claim and q.unit == "ratio" for q in qs)


@pytest.mark.parametrize("text, expected", [
    ("Dosed at 3mg/kg every 4 weeks.", ("3mg/kg", 3.0, "mg/kg")),
    ("Dosed at 10mg per day.", ("10mg per day", 10.0, "mg/day")),
    ("Dosed at 30mg, then every 8 weeks.", ("30mg", 30.0, "mg")),
])
def test_a_glued_unit_goes_on_in_the_next_tokens(tokenize, text, expected):
    (q,) = [q for q in quantities(tokenize, text) if q.unit and q.unit.startswith("mg")]
    assert (q.text, q.low, q.unit) == expected


@pytest.mark.parametrize("text, expected", [
    ("Haemoglobin rose to 1g/dL above baseline.", ("1g/dL", 1.0, "g/dL")),
    ("Haemoglobin below 7 g/dl needs care.", ("7 g/dl", 7.0, "g/dL")),
])
def test_grams_per_decilitre_are_a_concentration_not_a_mass(tokenize, text, expected):
    """"1g/dL" of haemoglobin is a lab value (1,000 mg/dL), never a dose of 1 gram."""
    (q,) = quantities(tokenize, text)
    assert (q.text, q.low, q.unit) == expected
    from factlint.units import convert
    assert convert(q.low, q.unit, "mg/dL") == 1000.0 * q.low


def test_millions_of_the_people_are_a_count_of_people(tokenize):
    """"6.3 million of the people who have asthma": a count of people, as "6.3 million people" is."""
    (q,) = quantities(tokenize, "Almost 6.3 million of the people who have asthma are children.")
    assert (q.low, q.unit, q.people) == (6_300_000, "count", True)
    (q,) = quantities(tokenize, "About 2 million of the doses were wasted.")
    assert not q.people


def test_a_count_of_people_may_have_three_modifiers(tokenize):
    """"174,650 new prostate cancer cases": a count of people (cases) behind three words; "120 hospital beds
    for patients" counts beds."""
    (q,) = quantities(tokenize, "There were 174,650 new prostate cancer cases that year.")
    assert (q.unit, q.people) == ("count", True)
    (q,) = quantities(tokenize, "The ward has 120 spare hospital beds for patients.")
    assert not q.people


@pytest.mark.parametrize("text, expected", [
    ("Start it when eGFR is 45-90 mL/min/1.73 m² or more.", ("45-90 mL/min/1.73 m²", "mL/min/1.73m2")),
    ("Start it when UACR is ≥30 mg/g.", ("30 mg/g", "mg/g")),
    ("They had an FEV1 of 50-80% of the predicted value.", ("50-80% of the predicted value", "percent-predicted")),
])
def test_lab_units(tokenize, text, expected):
    """An eGFR, an albumin-to-creatinine ratio or an FEV1 % of predicted is a lab value, not an amount of a
    drug, a count or a share of people."""
    (q,) = quantities(tokenize, text)
    assert (q.text.lstrip("≥"), q.unit) == expected


def test_one_as_a_pronoun_is_no_number(tokenize):
    """"17,000 people a year will receive one": "one" stands for a transplant; "one-year" and "one in 8"
    stay numbers."""
    assert [q.text for q in quantities(tokenize, "Only 17,000 people a year will receive one.")] == ["17,000"]
    assert [q.text for q in quantities(tokenize, "One-year survival was 76%.")][-1] == "76%"
    assert len(quantities(tokenize, "One-year survival was 76%.")) == 2
    assert [q.text for q in quantities(tokenize, "It affects one in 8 adults.")] == ["one in 8"]


def test_every_phone_date_and_doi_holds_its_quick_test():
    """The phone, date and DOI patterns run only where their quick tests pass (speed): every match of
    them, on texts of every shape, must hold a digit, a separator and a digit (and a DOI, "10.")."""
    import random

    from factlint.nlp import quantities as qm

    digits = ["1", "23", "555", "0142", "2024", "12", "1056", "888", "555-0142", "1-888-555-0142", "(555) 123-4567",
              "555.123.4567", "2024-1-15", "1/2/2024", "12/31/99", "10.1056/x", "doi: 10.1000/182"]
    between = ["-", "/", ".", " ", "\n", "\t", "(", ")", "+", "doi:", "DOI: ", "10.", "/NEJMoa", "x", "%", ""]
    rng = random.Random(3)
    matched = 0
    for _ in range(20000):
        text = "".join(rng.choice(digits) + rng.choice(between) for _ in range(rng.randint(1, 8)))
        for rx in (qm._PHONE, qm._ISO_DATE, qm._DOI):
            for m in rx.finditer(text):
                matched += 1
                assert qm._SEPARATED_DIGITS.search(m.group(0)), (rx.pattern, m.group(0))
                assert rx is not qm._DOI or "10." in m.group(0)
    assert matched > 1000


def test_number_starts_found_by_token_id_are_the_digit_tokens_and_the_number_words(monkeypatch):
    """The quantity finder looks for numbers at the tokens that hold a digit or are a number word, found by
    token id (each distinct word is looked at once, its answer kept). They must be the tokens in which a run
    of digits (any script's: "٣", "５") starts, and those a PhraseMatcher of the number words on LOWER finds
    (each word one token), also after the kept answers are dropped at their memory bound."""
    import bisect
    import random
    import re

    from spacy.matcher import PhraseMatcher

    from factlint.nlp import pipeline, questions
    from factlint.nlp.quantities import NUMBER_WORD_LIST
    from factlint.registry.model import Registry

    nlp = pipeline.build_nlp(Registry())
    finder = nlp.get_pipe(pipeline.QUANTITIES)
    words = PhraseMatcher(nlp.vocab, attr="LOWER")
    words.add("number-word", list(nlp.tokenizer.pipe(NUMBER_WORD_LIST)))
    assert all(len(nlp.make_doc(w)) == 1 for w in NUMBER_WORD_LIST)  # (what the question assumes)
    monkeypatch.setattr(questions, "MAX_KNOWN_IDS", 40)
    pieces = ["3", "3-5%", "10,000", "6.8", "٣٤", "５", "²", "x2", "COVID-19", "years", "one", "(12)", "$1,300-$1,500",
              "1-800-555-0142", "v1.2.3", "patients", "-", "—", ".", "after 10 years.2", "n=34", "\n", "  ",
              "Twenty", "HALF", "twice", "a million", "dozens", "one-third", "Three-quarters", "oneself",
              "ones"]
    rng = random.Random(5)
    seen_word = False
    for _ in range(400):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        doc = nlp.make_doc(text)
        starts = [t.idx for t in doc]
        number_words = {s for _, s, _ in words(doc)}
        seen_word = seen_word or bool(number_words)
        digits = {bisect.bisect_right(starts, m.start()) - 1 for m in re.finditer(r"\d+", text)}
        want = sorted(digits | number_words)
        assert finder._number_starts(doc) == want, text
    assert seen_word


def test_a_token_question_tests_each_distinct_word_once_and_answers_for_every_token():
    """A token question is asked of each distinct token id once over a run of docs (its answers kept), and
    gives every token whose text passes, in order; past its memory bound it starts over, still right."""
    import random

    from factlint.nlp import pipeline, questions
    from factlint.nlp.questions import TokenQuestion
    from factlint.registry.model import Registry

    nlp = pipeline.build_nlp(Registry())
    asked: list[str] = []

    def test(text: str) -> bool:
        asked.append(text)
        return text.startswith("s")

    question = TokenQuestion(test)
    words = ["study", "shows", "some", "data", "x", "S", "trial", "s1", "alpha", "beta", "stem", "gamma"]
    rng = random.Random(2)
    for bound in (questions.MAX_KNOWN_IDS, 5):
        asked.clear()
        for _ in range(60):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 15)))
            doc = nlp.make_doc(text)
            questions.MAX_KNOWN_IDS, saved = bound, questions.MAX_KNOWN_IDS
            try:
                got = question.tokens(doc)
            finally:
                questions.MAX_KNOWN_IDS = saved
            assert got == [t.i for t in doc if t.text.startswith("s")], text
        if bound > len(words):
            assert sorted(asked) == sorted(set(asked))  # each word asked once over the whole run
        else:
            assert len(asked) > len(set(asked))  # answers dropped at the bound are asked again


def test_token_offsets_and_ids_match_what_spacy_says_of_each_token():
    """The token array (each token's id, start and length, the lengths worked out from where the next
    token starts) equals spaCy's own ORTH, IDX and LENGTH, on texts of runs of spaces, line breaks, tabs,
    accents and affixes; and a token is found by id exactly, never by an id sharing its low bits."""
    import random

    from spacy.attrs import IDX, LENGTH, LOWER, ORTH

    from factlint.nlp import pipeline, questions
    from factlint.registry.model import Registry

    nlp = pipeline.build_nlp(Registry())
    pieces = ["a", "  ", "\n", "3-5%", "(12)", "é", "\t", "word.", "$1,300", "👍", "n't", " ", "ALK-positive"]
    rng = random.Random(7)
    texts = ["", " ", "x", "x ", "a  b\n\n c "] + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
                                                   for _ in range(300)]
    for text in texts:
        doc = nlp.make_doc(text)
        assert questions.token_array(doc).tolist() == doc.to_array([ORTH, IDX, LENGTH, LOWER]).T.tolist(), repr(text)
        ids = [t.orth for t in doc]
        assert questions.token_ids(doc)[2] == set(ids)
        for wanted in ({ids[0]} if ids else set(), set(ids[::3]), set()):
            assert questions.tokens_among(doc, wanted) == [i for i, x in enumerate(ids) if x in wanted]
        if ids:  # an id with the low bits of a token's id, and other high bits, is not that token's
            assert questions.tokens_among(doc, {ids[0] ^ (1 << 40)}) == []
        # The shared table of low bits is cleared after each use (a bit left set would cost a Python check
        # per token sharing it, in every later doc), and is free for the next caller.
        assert questions._TABLE is None or not questions._TABLE.any()
        assert not questions._TABLE_FREE.locked()


def test_tokens_among_from_several_threads_at_once():
    """Threads that pick tokens at the same time (the language server lints on its own threads) each get
    exactly their tokens, whether they hold the shared table or make their own."""
    import sys
    import threading

    from factlint.nlp import pipeline, questions
    from factlint.registry.model import Registry

    nlp = pipeline.build_nlp(Registry())
    docs = [nlp.make_doc(" ".join(f"w{(i * k) % 97}" for i in range(400))) for k in range(1, 9)]
    expected = []
    for doc in docs:
        ids = [t.orth for t in doc]
        wanted = set(ids[::5])
        expected.append((doc, wanted, [i for i, x in enumerate(ids) if x in wanted]))
    failures = []
    start = threading.Barrier(len(expected))

    def pick(doc, wanted, tokens):
        start.wait()
        try:
            for _ in range(200):
                if questions.tokens_among(doc, wanted) != tokens:
                    failures.append("wrong tokens")
                    return
        except Exception as e:  # (a thread's exception would otherwise only be a warning)
            failures.append(repr(e))

    threads = [threading.Thread(target=pick, args=case) for case in expected]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns between any two steps
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []
    assert not questions._TABLE.any()


def test_every_phone_date_and_doi_match_holds_its_quick_piece():
    """A number's phone, date and DOI patterns are tried only where their quick piece is written: on random
    texts of digits and separators, every match of each pattern holds its piece within the match."""
    import random

    from factlint.nlp.quantities import _PATTERN_ROLES, _SEPARATED_DIGITS

    pieces = ["1", "10", "123", "2024", "555", "0142", "-", "/", ".", " ", "(", ")", "+", "doi:", "10.", "x", "\n",
              "2", "31", "12/", "abc", "555-0142", "(800) ", "800 555", "555.0142", "+1 ", "2024-01-", "12/31/",
              "10.1056/", "DOI: "]
    rng = random.Random(9)
    matched = {role: 0 for _, role, _ in _PATTERN_ROLES}
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        for rx, role, quick in _PATTERN_ROLES:
            for m in rx.finditer(text):
                assert quick.search(text, m.start(), m.end()) is not None, (role, text)
                if role != "citation":
                    assert _SEPARATED_DIGITS.search(text, m.start(), m.end()) is not None, (role, text)
                matched[role] += 1
    assert min(matched.values()) > 100, matched


@pytest.mark.parametrize("text, number", [
    ("The median was 14 months (IQR 12 to 18) in the trial.", "12 to 18"),
    ("Survival rose by 20% (p 0.03) overall.", "0.03"),
    ("Survival rose by 20% (P 0.03) overall.", "0.03"),
    ("The hazard ratio was 0.6 (95% CI 0.4 to 0.8).", "0.4 to 0.8"),
])
def test_a_number_after_an_interval_or_p_value_mark_is_part_of_it(tokenize, text, number):
    found = {q.text: q.role for q in quantities(tokenize, text)}
    assert found[number] == "ci"


@pytest.mark.parametrize("text, value, written", [
    ("an estimated 480 000 people fell ill", 480000, "480 000"),
    ("about 170\u00a0000 children died", 170000, "170\u00a0000"),  # no-break space
    ("over 1\u202f200\u202f000 cases", 1200000, "1\u202f200\u202f000"),  # narrow no-break spaces
    ("12 000 adults in 2019", 12000, "12 000"),
])
def test_thousands_set_off_by_spaces_are_one_number(tokenize, text, value, written):
    """"480 000" (the WHO's style): one number, never "480" and a count of "000" people."""
    found = claims(tokenize, text)
    assert [(q.low, q.text) for q in found] == [(value, written)]


@pytest.mark.parametrize("text", ["in 2015 000 of them", "ages 3 45 and 60", "between 12  000 and more"])
def test_only_three_digit_groups_after_one_space_join_a_number(tokenize, text):
    """A year is no thousands group's head, a group has three digits, and two spaces part two numbers."""
    assert [q.text for q in quantities(tokenize, text) if " " in q.text] == []


def test_a_part_of_the_people_counted_before_is_a_count_of_people(tokenize):
    """"(0.4 million of them people with HIV)": a count of people, though no people noun follows it."""
    found = claims(tokenize, "1.8 million died (0.4 million of them people with HIV)")
    assert [(q.low, q.unit, q.people) for q in found] == [(1.8e6, None, False), (4e5, "count", True)]


@pytest.mark.parametrize("text, value_mg_per_kg", [
    ("started at 1.6 mcg/kg/day", 0.0016),
    ("started at 1.6 µg/kg/day", 0.0016),
    ("a dose of 2 mcg/kg", 0.002),
    ("given 10 mg/kg/day", 10.0),
])
def test_doses_by_weight_in_micrograms_and_per_day(tokenize, text, value_mg_per_kg):
    """"1.6 mcg/kg/day" is a dose by weight (0.0016 mg/kg), not 1.6 mcg of a drug."""
    from factlint.units import convert

    [q] = claims(tokenize, text)
    assert convert(q.low, q.unit, "mg/kg") == pytest.approx(value_mg_per_kg)


@pytest.mark.parametrize("text, role", [
    ("Dosage: 1 drop 2X per day.", "frequency"),
    ("Use it 3x a week.", "frequency"),
    ("The risk was 2x higher in smokers.", "claim"),
])
def test_a_glued_multiple_before_a_period_word_is_how_often(tokenize, text, role):
    """"2X per day" says how often (as "2 times per day" does); "2x higher" stays a multiple."""
    found = [q for q in quantities(tokenize, text) if q.text.lower().endswith("x")]
    assert [q.role for q in found] == [role]


@pytest.mark.parametrize("text, value", [
    ("About 4 millions Americans have it", 4e6),
    ("some 2.5 billions doses", 2.5e9),
])
def test_a_plural_magnitude_after_digits_is_still_its_magnitude(tokenize, text, value):
    """"4 millions Americans" (a non-native writer's plural) is four million, not four."""
    assert [q.low for q in claims(tokenize, text)] == [value]
    assert claims(tokenize, "Millions of Americans have it") == []


@pytest.mark.parametrize("text, role", [
    ("Zelcor cream 1%, the first of its class, launched today.", "strength"),
    ("Apply a 0.05% tretinoin gel at night.", "strength"),
    ("Latanoprost 0.005% eye drops are used once a day.", "strength"),
    ("The agency approved zelcor injection 100 mg/mL today.", "strength"),
    ("Blood pressure drops 10% on average.", "claim"),
    ("Some 5% of patients used a cream.", "claim"),
])
def test_a_products_strength_is_no_statistic(tokenize, text, role):
    """"cream 1%", "0.05% tretinoin gel": how strong a product is (lexicon formulation_words), not a share of
    anyone; "drops" before a percent is a verb."""
    [q] = quantities(tokenize, text)
    assert q.role == role


@pytest.mark.parametrize("text", [
    "children aged between one month and five years",
    "infants aged from 6 weeks to 2 years",
])
def test_an_age_band_after_between_or_from_is_ages(tokenize, text):
    """"aged between one month and five years": both ends are ages (labels), not statistics."""
    assert {q.role for q in quantities(tokenize, text)} == {"age"}


@pytest.mark.parametrize("text", ["patients with BRCA1/2 mutations", "CDK4/6 inhibitors such as palbociclib"])
def test_the_digit_after_a_genes_slash_names_a_gene(tokenize, text):
    """"BRCA1/2": BRCA1 and BRCA2, no count of 2."""
    assert claims(tokenize, text) == []
